import Foundation
import SwprofCLI
import Testing

@testable import SwprofCore

/// Decompression bombs, run through `Swprof.run` as files: refused at the inflate limit.
/// (Damaged profiles and pprof's exact words about them: BadInputGoldenTests.)
@Suite struct DecompressionBombTests {
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
