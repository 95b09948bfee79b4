// A shared library for swprof's native tests: namespaces, templates, a class.
#pragma once
#include <cstddef>
#include <vector>

/// A function template at global scope (DWARF names it "scaled_sum<double>").
template <typename T>
T scaled_sum(const T *values, std::size_t n, T factor);

namespace geo {
struct Point { double x, y; };

template <typename T>
class Accumulator {
public:
    void add(T v) { sum_ += v * v; count_++; }
    T total() const { return sum_; }
private:
    T sum_{};
    std::size_t count_ = 0;
};

double polygon_area(const std::vector<Point> &points);
std::vector<Point> make_polygon(std::size_t n, double scale);
}  // namespace geo
