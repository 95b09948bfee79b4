import Foundation
import Testing

@testable import SwprofCore

/// Helpers shared by the decode, encode, merge and raw-text tests.
enum ProtoFixtures {
    /// The profile.proto fixtures (gzipped), by base name.
    static let protoNames = [
        "allocs", "block", "cpu", "goroutine.1", "goroutine.2", "goroutine.3", "heap.1", "heap.2", "heap.3",
        "mutex", "regexp.cpu", "regexp.mem", "threadcreate",
    ]

    static func parse(_ name: String) throws -> Profile {
        try ProfileParser.parse(Fixtures.data("\(name).pb.gz"), source: "\(name).pb.gz")
    }

    /// Expected outputs made by `go tool pprof` (Tests/Fixtures/raw/regenerate.sh).
    static func expected(_ file: String) throws -> Data {
        try Data(contentsOf: Fixtures.root.appendingPathComponent("raw").appendingPathComponent(file))
    }

    static func expectedText(_ file: String) throws -> String {
        String(decoding: try expected(file), as: UTF8.self)
    }

    /// What pprof prints with -raw: a single profile as it was read, several merged.
    static func asPprofPrints(_ profiles: [Profile]) throws -> Profile {
        profiles.count == 1 ? profiles[0] : try Profile.merge(profiles)
    }

    /// Where two byte arrays first differ (nil when equal), for short failure messages.
    static func firstMismatch(_ a: [UInt8], _ b: [UInt8]) -> String? {
        if a == b { return nil }
        let i = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        return "sizes \(a.count) and \(b.count), first difference at byte \(i)"
    }

    /// The Go the fixtures were made with (Go 1.27.3), when `$GO` names it; the tests
    /// that compare with its pprof are skipped otherwise.
    static let goTool: String? = ProcessInfo.processInfo.environment["GO"]
        .flatMap { FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil }

    /// Runs `go tool pprof ARGS` with TZ=UTC and returns its standard output.
    static func pprof(_ args: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: goTool ?? "/usr/bin/go")
        process.arguments = ["tool", "pprof"] + args
        var env = ProcessInfo.processInfo.environment
        env["TZ"] = "UTC"
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// First differing line of two texts, for readable failures.
    static func firstDifference(_ a: String, _ b: String) -> String {
        let la = a.split(separator: "\n", omittingEmptySubsequences: false)
        let lb = b.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(la.count, lb.count) {
            let x = i < la.count ? String(la[i]) : "<end>"
            let y = i < lb.count ? String(lb[i]) : "<end>"
            if x != y { return "line \(i + 1):\n  got:  \(x)\n  want: \(y)" }
        }
        return "identical"
    }
}

#if canImport(Glibc)
    import Glibc
#endif

extension ProtoFixtures {
    /// Makes local time UTC, as the expected outputs were made with TZ=UTC.
    static let utc: Void = {
        setenv("TZ", "UTC", 1)
        tzset()
    }()
}
