// Exercises C++ manglings for the demangler tests: namespaces, classes,
// templates, operators, lambdas, std containers, ctors/dtors, clones.
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace geo {
namespace detail {
template <typename T, int N>
struct Grid {
    T cells[N];
    Grid() { for (int i = 0; i < N; i++) cells[i] = T(i); }
    ~Grid() { std::printf("bye %d\n", N); }
    T sum() const { T s{}; for (int i = 0; i < N; i++) s += cells[i]; return s; }
    T &operator[](int i) { return cells[i]; }
    Grid &operator+=(const Grid &o) { for (int i = 0; i < N; i++) cells[i] += o.cells[i]; return *this; }
    bool operator==(const Grid &o) const { return sum() == o.sum(); }
    template <typename F> void each(F f) { for (int i = 0; i < N; i++) f(cells[i]); }
};
}  // namespace detail

class Shape {
public:
    virtual ~Shape() {}
    virtual double area() const = 0;
    virtual std::string name() const { return "shape"; }
};

class Square : public Shape {
    double side;
public:
    explicit Square(double s) : side(s) {}
    double area() const override { return side * side; }
    std::string name() const override { return "square"; }
    operator double() const { return side; }
};

struct Point { int x, y; };
Point operator+(Point a, Point b) { return {a.x + b.x, a.y + b.y}; }
bool operator<(const Point &a, const Point &b) { return a.x < b.x || (a.x == b.x && a.y < b.y); }
}  // namespace geo

namespace {
int hidden_counter(volatile int *p, const char *const *names, unsigned long n) {
    int c = 0;
    for (unsigned long i = 0; i < n; i++) c += names[i][0] + *p;
    return c;
}
}

template <typename K, typename V>
V lookup(const std::map<K, V> &m, const K &k, V fallback) {
    auto it = m.find(k);
    return it == m.end() ? fallback : it->second;
}

template <typename... Args>
int count_args(Args &&...args) { return sizeof...(args); }

int apply(int (*fn)(int, int), int a, int b) { return fn(a, b); }
int add(int a, int b) { return a + b; }
long long sum_refs(const std::vector<std::string> &v, std::string &&extra, std::unique_ptr<int> p) {
    long long n = extra.size() + *p;
    for (const auto &s : v) n += s.size();
    return n;
}
void member_ptr(int geo::Point::*field, geo::Point &p) { p.*field += 1; }
double arr(double (&a)[4], char **argv) { return a[0] + a[3] + argv[0][0]; }
__attribute__((noinline)) static int clone_me(int mode, int x) {
    if (mode == 7) return x * 3;
    return x + mode;
}
unsigned char bytes(unsigned short a, signed char b, wchar_t c, bool d, float e, long double f) {
    return a + b + c + d + e + f;
}

int main(int argc, char **argv) {
    geo::detail::Grid<int, 4> g;
    geo::detail::Grid<double, 3> h;
    g += g;
    int total = 0;
    g.each([&total](int v) { total += v; });
    h.each([](double v) { std::printf("%f\n", v); });
    std::map<std::string, int> m{{"a", 1}, {"b", 2}};
    std::map<int, std::vector<long>> mv;
    mv[3].push_back(4);
    total += lookup(m, std::string(argc > 1 ? argv[1] : "a"), 0);
    total += lookup(mv, 3, std::vector<long>{}).size();
    total += count_args(1, 2.0, "three", g);
    total += apply(add, 1, 2);
    std::unique_ptr<geo::Shape> s(new geo::Square(2));
    total += int(s->area()) + s->name().size();
    std::vector<std::string> v{"x", "yy"};
    total += sum_refs(v, std::string("zzz"), std::make_unique<int>(5));
    geo::Point p{1, 2};
    member_ptr(&geo::Point::y, p);
    p = p + geo::Point{3, 4};
    volatile int z = 1;
    const char *names[] = {"a", "b"};
    total += hidden_counter(&z, names, 2);
    double a4[4] = {1, 2, 3, 4};
    total += int(arr(a4, argv));
    total += clone_me(7, argc) + clone_me(7, total);
    total += bytes(1, 2, 3, true, 4.0f, 5.0L);
    std::function<int(int)> f = [&](int x) { return x + total + (p < geo::Point{0, 0}); };
    total += f(1) + (g == g) + g[1] + int(double(geo::Square(3)));
    std::printf("%d %d\n", total, p.x);
    return 0;
}
