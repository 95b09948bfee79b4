// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "swprof",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "swprof", targets: ["swprof"]),
        .library(name: "SwprofCore", targets: ["SwprofCore"]),
        /// For the fuzzer (Fuzz/), which draws flame graphs too.
        .library(name: "SwprofRender", targets: ["SwprofRender"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.14.0"),
    ],
    // Test fixtures live in Tests/Fixtures (profiles, and pprof's expected outputs
    // under golden/); tests find them relative to their own source file.
    targets: [
        // System libraries (Debian: zlib1g-dev, libgraphviz-dev).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CGraphviz", pkgConfig: "libgvc", providers: [.apt(["libgraphviz-dev"])]),
        /// Google's RE2 (Debian: libre2-dev) behind a few C functions: user patterns, Go's syntax, linear time.
        .target(name: "CRE2", linkerSettings: [.linkedLibrary("re2")]),

        /// Profile model, decoding/encoding, legacy parsers, filters, graph, text reports.
        .target(name: "SwprofCore", dependencies: ["CZlib", "CRE2"], swiftSettings: swiftSettings),
        /// The web UI's templates, CSS and script (web/), embedded in the binary so
        /// an installed swprof serves its UI from any directory.
        .target(
            name: "SwprofWebAssets", path: "web", exclude: ["screenshots.sh"], sources: ["WebAssets.swift"],
            resources: [
                .embedInCode("static/style.css"), .embedInCode("static/swprof.js"),
                .embedInCode("templates/page.mustache"), .embedInCode("templates/flamegraph.mustache"),
                .embedInCode("templates/top.mustache"), .embedInCode("templates/graph.mustache"),
                .embedInCode("templates/peek.mustache"), .embedInCode("templates/source.mustache"),
                .embedInCode("templates/trend.mustache"), .embedInCode("templates/goroutines.mustache"),
            ],
            swiftSettings: swiftSettings),
        /// The sample profile served when `swprof -http` is given no profile (Resources/).
        .target(
            name: "SwprofSample", path: "Resources", sources: ["SampleProfile.swift"],
            resources: [.embedInCode("sample.heap.pb.gz")], swiftSettings: swiftSettings),
        /// DOT → SVG through libgvc, flame graph SVG, HTML.
        .target(
            name: "SwprofRender",
            dependencies: [
                "SwprofCore", "CGraphviz", "SwprofWebAssets", .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings),
        /// The web UI's pages (a view and its query in, HTML out), the static
        /// site (`-html`) and the standalone flame graph (`-flamegraph`): no HTTP.
        .target(
            name: "SwprofViews", dependencies: ["SwprofCore", "SwprofRender", "SwprofWebAssets"],
            swiftSettings: swiftSettings),
        /// The web UI's HTTP server (Hummingbird 2): routes, caching, guards.
        .target(
            name: "SwprofServer",
            dependencies: [
                "SwprofCore", "SwprofRender", "SwprofViews", "SwprofSample", "SwprofWebAssets",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        /// Flags, sources, dispatch: everything the executable does, testable in process.
        .target(
            name: "SwprofCLI", dependencies: ["SwprofCore", "SwprofRender", "SwprofViews", "SwprofServer"],
            swiftSettings: swiftSettings),
        .executableTarget(name: "swprof", dependencies: ["SwprofCLI"], swiftSettings: swiftSettings),
        /// Writes large synthetic profiles for scripts/bench.sh (not a test).
        .executableTarget(name: "swprof-bench", dependencies: ["SwprofCore"], swiftSettings: swiftSettings),

        .testTarget(
            name: "SwprofCoreTests", dependencies: ["SwprofCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SwprofCLITests", dependencies: ["SwprofCLI", "SwprofCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SwprofRenderTests", dependencies: ["SwprofRender", "SwprofCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SwprofServerTests",
            dependencies: [
                "SwprofServer", "SwprofViews", "SwprofRender", "SwprofCore", .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            exclude: ["Expected"],
            swiftSettings: swiftSettings),
    ]
)
