import Foundation
import Testing

@testable import SwprofCore

/// Checks any profiles against the installed `go tool pprof`, for profiles that are not
/// fixtures: `SWPROF_COMPARE_PROFILES=a.pb.gz:b.pb swift test --filter ProtoPprofComparison`.
/// For each file, `-raw` must print the same text and `-proto` write the same
/// (uncompressed) bytes as swprof's decoder, merge and encoder.
@Suite struct ProtoPprofComparisonTests {
    static let paths: [String] =
        (ProcessInfo.processInfo.environment["SWPROF_COMPARE_PROFILES"] ?? "")
        .split(separator: ":").map(String.init)

    @Test(.enabled(if: !paths.isEmpty && ProtoFixtures.goTool != nil), arguments: paths)
    func sameAsPprof(path: String) throws {
        ProtoFixtures.utc
        let p = try ProfileParser.parse(Data(contentsOf: URL(fileURLWithPath: path)), source: path)
        let ours = try ProtoFixtures.asPprofPrints([p]).rawText
        let want = try ProtoFixtures.pprof(["-raw", path])
        #expect(ours == want, "\(path): \(ProtoFixtures.firstDifference(ours, want))")

        var merged = try Profile.merge([p])
        merged.samples.removeAll { $0.locations.isEmpty }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swprof-compare-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("pprof.pb.gz")
        _ = try ProtoFixtures.pprof(["-proto", "-output", out.path, path])
        let theirs = try Gzip.decompress([UInt8](Data(contentsOf: out)))
        #expect(ProtoFixtures.firstMismatch(ProfileEncoder.encodeBytes(merged), theirs) == nil, "\(path): -proto")
    }
}
