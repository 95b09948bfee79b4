import Foundation
import SwprofCLI
import Testing

@testable import SwprofCore

/// Damaged profiles made in code, run through `Swprof.run` as files: each is refused
/// with pprof's lines on stderr naming the file, exit status 2, within a second.
@Suite struct GeneratedBadInputTests {
    /// A small valid profile.proto (one sample type, one sample, one location and function).
    static func valid(_ extra: (inout ProtoWriter) -> Void = { _ in }) -> [UInt8] {
        var w = ProtoWriter()
        w.message(1) { w in w.int64(1, 1); w.int64(2, 2) }
        w.message(2) { w in w.uint64(1, 1); w.int64(2, 5) }
        w.message(4) { w in w.uint64(1, 1); w.message(4) { w in w.uint64(1, 1); w.int64(2, 3) } }
        w.message(5) { w in w.uint64(1, 1); w.int64(2, 3) }
        extra(&w)
        for s in ["", "samples", "count", "main.main"] { w.string(6, s) }
        return w.bytes
    }

    static let cases: [(name: String, bytes: [UInt8])] = {
        var cases: [(String, [UInt8])] = []
        let good = valid()
        // Cut at many points (gzipped and not).
        for cut in stride(from: 1, to: good.count, by: max(1, good.count / 12)) {
            cases.append(("cut\(cut).pb", Array(good.prefix(cut))))
        }
        let gz = Gzip.compress(good)
        for cut in [2, 10, gz.count / 2, gz.count - 4, gz.count - 1] {
            cases.append(("cut\(cut).pb.gz", Array(gz.prefix(cut))))
        }
        cases.append(("overlong-varint.pb", valid { w in w.tag(9, 0); w.bytes += Array(repeating: 0xff, count: 11) + [1] }))
        cases.append(("huge-length.pb", valid { w in w.tag(2, 2); w.varint(UInt64.max) }))
        cases.append(("wrong-wire-type.pb", valid { w in w.uint64(4, 7) }))
        cases.append(("string-index.pb", valid { w in w.message(5) { w in w.uint64(1, 2); w.int64(2, 1000) } }))
        cases.append(("negative-string-index.pb", valid { w in w.int64(13, -5) }))
        cases.append(("missing-location.pb", valid { w in w.message(2) { w in w.uint64(1, 42); w.int64(2, 1) } }))
        cases.append((
            "missing-function.pb",
            valid { w in w.message(4) { w in w.uint64(1, 9); w.message(4) { w in w.uint64(1, 77) } } }
        ))
        cases.append(("garbage-legacy.txt", Array("--- heap profile: garbage\n@ 0xzz 0x\n\u{1}\u{2}binary".utf8)))
        cases.append(("garbage-cpu.txt", Array("--- threadz 1 ---\n--- Thread 7f (name: x) (depth: -5) ---\n  0xnope\n".utf8)))
        cases.append(("gzip-of-gzip-of-gzip.pb.gz", Gzip.compress(Gzip.compress(gz))))
        return cases
    }()

    @Test func everyDamagedProfileIsOneLineExitOne() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("swprof-gen-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, bytes) in Self.cases {
            try Data(bytes).write(to: directory.appendingPathComponent(name))
            let start = ContinuousClock.now
            BadInputTests.expectOneLineError(["-top", name], workingDirectory: directory.path, naming: name)
            let elapsed = ContinuousClock.now - start
            #expect(elapsed < .seconds(1), "\(name) took \(elapsed)")
        }
    }

    /// A gzip bomb (1 GiB of zeros in about 1 MB) is refused at the inflate limit with
    /// a sentence naming the flag; `-max_inflate_mb` moves the limit.
    @Test func decompressionBombIsRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("swprof-bomb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // 64 MiB of zeros is enough to cross a 16 MiB limit without a slow test.
        let bomb = Gzip.compress([UInt8](repeating: 0, count: 64 << 20), level: 9)
        try Data(bomb).write(to: directory.appendingPathComponent("bomb.pb.gz"))
        let (io, captured) = CommandIO.capturing(workingDirectory: directory.path, environment: ["TZ": "UTC"])
        let status = Swprof.run(arguments: ["-top", "-max_inflate_mb=16", "bomb.pb.gz"], io: io)
        #expect(status == 2)
        #expect(captured.stderrText.contains("bomb.pb.gz"))
        #expect(captured.stderrText.contains("exceeds the limit of 16777216 bytes"), "\(captured.stderrText)")
        #expect(captured.stderrText.contains("-max_inflate_mb"))
        #expect(captured.stderrText.split(separator: "\n").count == 2)

        // With a limit above its size, the same file is inflated and then refused as no profile.
        let (io2, captured2) = CommandIO.capturing(workingDirectory: directory.path, environment: ["TZ": "UTC"])
        #expect(Swprof.run(arguments: ["-top", "-max_inflate_mb=100", "bomb.pb.gz"], io: io2) == 2)
        #expect(!captured2.stderrText.contains("exceeds the limit"), "\(captured2.stderrText)")
    }

    @Test func maxInflateFlagMustBePositive() {
        let (io, captured) = CommandIO.capturing(workingDirectory: "/", environment: [:])
        #expect(Swprof.run(arguments: ["-top", "-max_inflate_mb=0", "x.pb.gz"], io: io) == 2)
        #expect(captured.stderrText.contains("-max_inflate_mb"))
    }
}
