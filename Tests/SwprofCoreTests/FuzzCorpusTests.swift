import Foundation
import Testing

@testable import SwprofCore

/// The libFuzzer corpus (Fuzz/corpus, made by scripts/fuzz.sh) and the inputs that
/// once crashed or hung a decoder (Fuzz/regressions) as a regression suite: each
/// input parses or is refused with a `ProfileError`; what parses re-encodes to
/// bytes that parse again.
@Suite struct FuzzCorpusTests {
    static let fuzzDirectory = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    static func inputs(_ folder: String) -> [URL] {
        let directory = fuzzDirectory.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().map { directory.appendingPathComponent($0) }
    }

    @Test func corpusIsPresent() {
        #expect(Self.inputs("corpus").count > 50, "Fuzz/corpus is missing or nearly empty")
    }

    @Test func everyCorpusInputParsesOrIsRefused() throws {
        for url in Self.inputs("corpus") + Self.inputs("regressions") {
            let bytes = [UInt8](try Data(contentsOf: url))
            do {
                let profile = try ProfileParser.parse(bytes: bytes, source: url.lastPathComponent, maxInflatedBytes: 16 << 20)
                let again = try ProfileParser.parse(bytes: ProfileEncoder.encodeBytes(profile), source: "re-encoded")
                #expect(again.samples.count == profile.samples.count, "\(url.lastPathComponent)")
            } catch let error as ProfileError {
                #expect(error.description.hasPrefix(url.lastPathComponent + ": ") || error.source == url.lastPathComponent,
                        "\(url.lastPathComponent): \(error)")
            }
        }
    }
}
