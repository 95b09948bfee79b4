// A C++ program for swprof's native tests: templates, namespaces, inlining,
// and calls into a shared library (libshapes.so).
#include "shapes.h"
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

namespace app {
namespace stats {
template <typename T>
T sum_squares(const std::vector<T> &values) {
    geo::Accumulator<T> acc;
    for (const T &v : values) acc.add(v);
    return acc.total();
}
}  // namespace stats

struct Registry {
    std::map<std::string, int> counts;
    void record(const std::string &key) { counts[key]++; }
};

static double run_shapes(int rounds) {
    double total = 0;
    for (int r = 0; r < rounds; r++) {
        auto polygon = geo::make_polygon(2000 + r % 7, 1.5);
        total += geo::polygon_area(polygon);
    }
    return total;
}

static long run_templates(int rounds) {
    std::vector<long> longs(5000);
    std::vector<double> doubles(5000);
    long total = 0;
    for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < 5000; i++) { longs[i] = i + r; doubles[i] = i * 0.5 + r; }
        total += stats::sum_squares(longs);
        total += (long)stats::sum_squares(doubles);
        total += scaled_sum(longs.data(), longs.size(), 3L);
        total += (long)scaled_sum(doubles.data(), doubles.size(), 0.5);
    }
    return total;
}

static void run_registry(Registry &registry, int rounds) {
    for (int r = 0; r < rounds; r++) registry.record("key" + std::to_string(r % 997));
}
}  // namespace app

int main(int argc, char **argv) {
    int rounds = argc > 1 ? std::atoi(argv[1]) : 3000;
    app::Registry registry;
    double shapes = app::run_shapes(rounds);
    long templated = app::run_templates(rounds);
    app::run_registry(registry, rounds * 100);
    std::printf("%.3f %ld %zu\n", shapes, templated, registry.counts.size());
    return 0;
}
