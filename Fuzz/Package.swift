// swift-tools-version:6.0
// A libFuzzer harness for swprof's decoders, reports and flame graph, kept apart from the main package so
// `swift build` and `swift test` there never see it. Build and run: scripts/fuzz.sh.
import PackageDescription

let package = Package(
    name: "swprof-fuzz",
    dependencies: [.package(name: "swprof", path: "..")],
    targets: [
        .executableTarget(
            name: "ProfileFuzzer",
            dependencies: [
                .product(name: "SwprofCore", package: "swprof"), .product(name: "SwprofRender", package: "swprof"),
            ]),
    ]
)
