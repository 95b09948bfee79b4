import Foundation
import Testing

@testable import SwprofCore

/// User patterns against Go's regexp: `Tests/Fixtures/patterns/go-patterns.json`
/// (written by scripts/gen-pattern-table.sh with Go) lists patterns, whether Go
/// compiles each (and its exact error text), and its matches on sample strings.
struct GoPatternTableTests {
    struct Table: Decodable {
        struct Row: Decodable {
            var pattern: String
            var error: String?
            var matches: [Bool]?
        }
        var go: String
        var samples: [String]
        var patterns: [Row]
    }

    static let table: Table = {
        let url = Fixtures.root.appendingPathComponent("patterns/go-patterns.json")
        do {
            return try JSONDecoder().decode(Table.self, from: Data(contentsOf: url))
        } catch {
            fatalError("cannot read \(url.path): \(error)")
        }
    }()

    @Test func tableIsLargeAndCoversBothOutcomes() {
        let rows = Self.table.patterns
        #expect(rows.count > 150)
        #expect(rows.filter { $0.error != nil }.count > 50)
        #expect(rows.filter { $0.error == nil }.count > 80)
    }

    @Test func acceptanceAndErrorTextsEqualGo() {
        for row in Self.table.patterns {
            do {
                _ = try Pattern(row.pattern)
                #expect(row.error == nil, "swprof accepts \(String(reflecting: row.pattern)); Go: \(row.error ?? "")")
            } catch let error as ProfileError {
                #expect(error.message == row.error, "\(String(reflecting: row.pattern))")
            } catch {
                Issue.record("\(row.pattern): unexpected \(error)")
            }
        }
    }

    @Test func matchesEqualGo() throws {
        let samples = Self.table.samples
        for row in Self.table.patterns {
            guard let expected = row.matches, let pattern = try? Pattern(row.pattern) else { continue }
            for (sample, match) in zip(samples, expected) {
                #expect(pattern.matches(sample) == match, "\(String(reflecting: row.pattern)) on \(String(reflecting: sample))")
            }
        }
    }

    @Test func flagErrorsHavePprofsWording() {
        #expect(throws: ProfileError(.invalidOption, "parsing focus regexp: error parsing regexp: missing closing ): `a(`")) {
            try Pattern(option: "focus", "a(")
        }
        #expect(throws: ProfileError(.invalidOption, "parsing hide regexp: error parsing regexp: invalid escape sequence: `\\C`")) {
            try Pattern(option: "hide", "x\\C")
        }
    }

    @Test func quoteMetaMatchesExactlyTheText() throws {
        for text in ["regexp.(*Regexp).Match", "a+b?c|d[e]{f}^$\\", "日本.語", ""] {
            let pattern = try Pattern("^" + Pattern.quoteMeta(text) + "$")
            #expect(pattern.matches(text))
            #expect(!pattern.matches(text + "x"))
        }
    }
}
