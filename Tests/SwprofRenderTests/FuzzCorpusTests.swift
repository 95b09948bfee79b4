import Foundation
import Testing

@testable import SwprofCore

/// The libFuzzer corpus (Fuzz/corpus, made by scripts/fuzz.sh) and the inputs
/// that once crashed or hung swprof (Fuzz/regressions) as a regression suite:
/// each goes through the fuzzer's own checks (Tests/Shared/FuzzChecks.swift:
/// decoding, re-encoding, every text report, the flame graph; recipes build
/// profiles with extreme values, deep stacks and many sample types).
@Suite struct FuzzCorpusTests {
    static let fuzzDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz")

    static func inputs(_ folder: String) -> [URL] {
        let directory = fuzzDirectory.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().map { directory.appendingPathComponent($0) }
    }

    @Test func corpusIsPresent() {
        #expect(Self.inputs("corpus").count > 50, "Fuzz/corpus is missing or nearly empty")
        let recipes = Self.inputs("corpus").filter { url in
            ((try? Data(contentsOf: url)) ?? Data()).starts(with: ProfileRecipe.magic)
        }
        #expect(recipes.count > 20, "the corpus holds few structured inputs (profile recipes)")
    }

    /// Recipes, regressions and every eighth file go through all of the
    /// fuzzer's checks; the other files through decoding and re-encoding (a
    /// debug build takes minutes for every report of every file).
    @Test func everyInputPassesTheFuzzersChecks() throws {
        let regressions = Set(Self.inputs("regressions"))
        for (index, url) in (Self.inputs("corpus") + regressions.sorted { $0.path < $1.path }).enumerated() {
            let bytes = [UInt8](try Data(contentsOf: url))
            let full = bytes.starts(with: ProfileRecipe.magic) || regressions.contains(url) || index % 8 == 0
            if let problem = full ? fuzzCheck(bytes) : decodeAndCheck(bytes).1 {
                Issue.record("\(url.lastPathComponent): \(problem)")
            }
        }
    }

    /// Errors for the corpus's files name the file, as for any input.
    @Test func refusalsNameTheFile() throws {
        for url in Self.inputs("corpus") + Self.inputs("regressions") {
            let bytes = [UInt8](try Data(contentsOf: url))
            do {
                _ = try ProfileParser.parse(bytes: bytes, source: url.lastPathComponent, maxInflatedBytes: 16 << 20)
            } catch let error as ProfileError {
                #expect(error.description.hasPrefix(url.lastPathComponent + ": ") || error.source == url.lastPathComponent,
                        "\(url.lastPathComponent): \(error)")
            }
        }
    }
}
