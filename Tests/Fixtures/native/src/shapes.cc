// The shared library's code (libshapes.so).
#include "shapes.h"
#include <cmath>

template <typename T>
T scaled_sum(const T *values, std::size_t n, T factor) {
    T sum{};
    for (std::size_t i = 0; i < n; i++) sum += values[i] * factor + values[i] / (factor + 1);
    return sum;
}
template double scaled_sum<double>(const double *, std::size_t, double);
template long scaled_sum<long>(const long *, std::size_t, long);

namespace geo {
namespace {
inline double cross(const Point &a, const Point &b) { return a.x * b.y - a.y * b.x; }
}

double polygon_area(const std::vector<Point> &points) {
    double area = 0;
    for (std::size_t i = 0; i + 1 < points.size(); i++) area += cross(points[i], points[i + 1]);
    return std::fabs(area) / 2;
}

std::vector<Point> make_polygon(std::size_t n, double scale) {
    std::vector<Point> points;
    points.reserve(n);
    for (std::size_t i = 0; i < n; i++) {
        double t = 6.283185307179586 * double(i) / double(n);
        points.push_back(Point{scale * std::cos(t), scale * std::sin(t)});
    }
    return points;
}
}  // namespace geo
