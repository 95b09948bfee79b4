import Foundation
import Testing
@testable import SwprofCore

/// The legacy parsers against what pprof's own parser makes of the same bytes
/// (Tests/Fixtures/golden/raw/parse, made by scripts/gen-raw-golden.sh).
struct LegacyGoldenCase: CustomTestStringConvertible, Sendable {
    let name: String
    let input: String
    var testDescription: String { name }

    static let goldenDirectory = Fixtures.root.appendingPathComponent("golden/raw/parse")

    static func all() -> [LegacyGoldenCase] {
        let manifest = goldenDirectory.appendingPathComponent("inputs.tsv")
        guard let text = try? String(contentsOf: manifest, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "\t").map(String.init)
            return parts.count == 2 ? LegacyGoldenCase(name: parts[0], input: parts[1]) : nil
        }
    }
}

/// `-raw` text (pprof's `Profile.String()`) and the frame patterns, in the layout
/// of scripts/gen-raw-golden.sh's parse/ and prune/ outputs.
func legacyDump(_ p: Profile) -> String {
    p.rawText + "DropFrames: \(p.dropFrames)\nKeepFrames: \(p.keepFrames)\n"
}

@Test func legacyGoldenManifestIsComplete() {
    let cases = LegacyGoldenCase.all()
    #expect(cases.count >= 60)
    #expect(cases.contains { $0.input == "legacy/cppbench.cpu" })
    #expect(cases.contains { $0.input == "goroutine.debug1.txt" })
}

@Test(arguments: LegacyGoldenCase.all())
func legacyParseMatchesPprof(_ c: LegacyGoldenCase) throws {
    let bytes = [UInt8](try Fixtures.data(c.input))
    let expected = try String(
        contentsOf: LegacyGoldenCase.goldenDirectory.appendingPathComponent(c.name + ".txt"), encoding: .utf8)
    let actual: String
    do {
        actual = legacyDump(try parseLegacyProfile(bytes, extendedFormats: false))
    } catch let e as ProfileError {
        // pprof prints "parsing profile: " before a parser's own message.
        let message = e.message.hasPrefix("malformed profile: ") ? e.message : "parsing profile: " + e.message
        actual = "error: " + message + "\n"
    }
    #expect(actual == expected)
}

@Test func legacyUnrecognizedInputsThrowUnrecognized() {
    for input in [[], Array("hello".utf8), [UInt8](repeating: 0, count: 7)] as [[UInt8]] {
        #expect(throws: ProfileError(.unrecognized, "unrecognized profile format")) {
            try parseLegacyProfile(input)
        }
    }
}

@Test func legacyCPUWordFormatsAgree() throws {
    // The same samples in four encodings give the same profile.
    let profiles = try ["cpu.32le", "cpu.32be", "cpu.64be"].map {
        try parseLegacyProfile([UInt8](try Fixtures.data("legacy-extra/" + $0)))
    }
    #expect(profiles[0] == profiles[1])
    #expect(profiles[0] == profiles[2])
    let original = try parseLegacyProfile([UInt8](try Fixtures.data("legacy/gobench.cpu")))
    #expect(profiles[0].samples.map(\.values) == original.samples.map(\.values))
    #expect(profiles[0].locations.map(\.address) == original.locations.map(\.address))
    #expect(profiles[0].mappings.first?.file == "/home/user/gobench")
}

@Test func legacyCPUProfileModel() throws {
    let p = try parseLegacyProfile([UInt8](try Fixtures.data("legacy/cppbench.cpu")))
    #expect(p.sampleTypes == [ValueType(type: "samples", unit: "count"), ValueType(type: "cpu", unit: "nanoseconds")])
    #expect(p.periodType == ValueType(type: "cpu", unit: "nanoseconds"))
    #expect(p.period == 10_000_000)
    // Every value is the count times the period.
    for s in p.samples { #expect(s.values[1] == s.values[0] * p.period) }
    #expect(p.dropFrames == LegacyFrameInfo.cpuProfilerFrames)
    // Leaf addresses are kept, callers moved back onto the call.
    #expect(p.locations[p.samples[0].locations[0]].address == 0x42ef04)
}

@Test func legacyHeapUnsampling() {
    // Poisson unsampling: a 48-byte average allocation at rate 524288.
    let (count, size) = HeapProfileParser.scale(count: 1, size: 48, rate: 524_288)
    #expect(count == 10923)
    #expect(size == 524_312)
    #expect(HeapProfileParser.scale(count: 5, size: 0, rate: 10) == (0, 0))
    #expect(HeapProfileParser.scale(count: 5, size: 50, rate: 1) == (5, 50))
}

@Test func legacyErrorsNameTheProblem() throws {
    #expect(throws: ProfileError(.malformed, "inuse count was 0 but inuse bytes was 100")) {
        try parseLegacyProfile([UInt8](try Fixtures.data("legacy-extra/heap.zero-count")))
    }
    #expect(throws: ProfileError(.malformed, "bufio.Scanner: token too long")) {
        try parseLegacyProfile([UInt8](try Fixtures.data("legacy-extra/heap.long-line")))
    }
}

@Test func legacyGoroutineCommentsAreCollected() throws {
    let bytes = [UInt8](try Fixtures.data("goroutine.debug1.txt"))
    let r = try CountProfileParser.parseWithComments(bytes)
    #expect(r.stackComments.count == r.builder.samples.count)
    #expect(r.stackComments.first?.first.map { GoText.string($0) }?.contains("main.leakGoroutine.func1") == true)
}

/// Run by scripts/legacy-differential.sh: compares every `caseNNNN` in
/// $LEGACY_DIFF_DIR with pprof's result in `caseNNNN.expected`. Without the
/// variable there is nothing to compare and the test does nothing.
@Test func legacyDifferential() throws {
    guard let dir = ProcessInfo.processInfo.environment["LEGACY_DIFF_DIR"] else { return }
    let url = URL(fileURLWithPath: dir)
    let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".expected") }.sorted()
    var mismatches = 0
    for name in names {
        let input = String(name.dropLast(".expected".count))
        let bytes = [UInt8](try Data(contentsOf: url.appendingPathComponent(input)))
        // Names from broken inputs may not be UTF-8; the model keeps them as
        // Swift strings (invalid bytes become U+FFFD), so compare that way.
        let expected = String(decoding: try Data(contentsOf: url.appendingPathComponent(name)), as: UTF8.self)
        let actual: String
        do {
            actual = legacyDump(try parseLegacyProfile(bytes, extendedFormats: false))
        } catch let e as ProfileError {
            let message = e.message.hasPrefix("malformed profile: ") ? e.message : "parsing profile: " + e.message
            actual = "error: " + message + "\n"
        }
        if actual != expected {
            mismatches += 1
            try? actual.write(to: url.appendingPathComponent(input + ".actual"), atomically: true, encoding: .utf8)
            if mismatches <= 10 { Issue.record("\(input) differs from pprof (see \(input).actual)") }
        }
    }
    print("legacyDifferential: \(names.count) cases, \(mismatches) mismatches")
    #expect(mismatches == 0)
}
