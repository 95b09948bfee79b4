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
    ],
    // Test fixtures live in Tests/Fixtures (profiles, and pprof's expected outputs
    // under golden/); tests find them relative to their own source file.
    targets: [
        // System libraries (Debian: zlib1g-dev, libgraphviz-dev).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CGraphviz", pkgConfig: "libgvc", providers: [.apt(["libgraphviz-dev"])]),

        /// Profile model, decoding/encoding, legacy parsers, filters, graph, text reports.
        .target(name: "SwprofCore", dependencies: ["CZlib"], swiftSettings: swiftSettings),
        /// DOT → SVG through libgvc, flame graph SVG, HTML.
        .target(name: "SwprofRender", dependencies: ["SwprofCore", "CGraphviz"], swiftSettings: swiftSettings),
        /// Flags, sources, dispatch: everything the executable does, testable in process.
        .target(name: "SwprofCLI", dependencies: ["SwprofCore", "SwprofRender"], swiftSettings: swiftSettings),
        .executableTarget(name: "swprof", dependencies: ["SwprofCLI"], swiftSettings: swiftSettings),

        .testTarget(
            name: "SwprofCoreTests", dependencies: ["SwprofCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SwprofCLITests", dependencies: ["SwprofCLI", "SwprofCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SwprofRenderTests", dependencies: ["SwprofRender", "SwprofCore"], swiftSettings: swiftSettings),
    ]
)
