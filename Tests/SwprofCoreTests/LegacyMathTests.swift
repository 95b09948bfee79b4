import Foundation
import Testing
@testable import SwprofCore

/// `GoMath.exp` against Go's `math.Exp` on amd64, both of its code paths
/// (Tests/Fixtures/golden/raw/exp.txt, made by scripts/gen-raw-golden.sh).
@Test func legacyExpMatchesGoBitForBit() throws {
    let text = try String(contentsOf: Fixtures.root.appendingPathComponent("golden/raw/exp.txt"), encoding: .utf8)
    var checked = 0
    for line in text.split(separator: "\n") {
        let f = line.split(separator: " ").compactMap { UInt64($0, radix: 16) }
        guard f.count == 3 else {
            Issue.record("bad line \(line)")
            continue
        }
        let x = Double(bitPattern: f[0])
        #expect(GoMath.exp(x, fused: true).bitPattern == f[1], "fused exp(\(x))")
        #expect(GoMath.exp(x, fused: false).bitPattern == f[2], "unfused exp(\(x))")
        checked += 1
    }
    #expect(checked > 9000)
}

@Test func legacyGoConversions() {
    // Go's float64 → int64 conversion on amd64 and int64 division.
    #expect(GoText.int64(.infinity) == Int64.min)
    #expect(GoText.int64(.nan) == Int64.min)
    #expect(GoText.int64(-2.9) == -2)
    #expect(GoText.divide(Int64.min, -1) == Int64.min)
    // strconv: base 0 prefixes, octal, underscores, ranges.
    func parse(_ s: String, _ base: Int) -> Int64? {
        if case .success(let v) = GoText.parseInt(Array(s.utf8)[...], base: base) { return v }
        return nil
    }
    #expect(parse("010", 0) == 8)
    #expect(parse("0x1F", 0) == 31)
    #expect(parse("1_000", 0) == 1000)
    #expect(parse("1__0", 0) == nil)
    #expect(parse("1_000", 10) == nil)
    #expect(parse("09", 0) == nil)
    #expect(parse("-9223372036854775808", 10) == Int64.min)
    #expect(parse("9223372036854775808", 10) == nil)
    #expect(parse("+5", 10) == 5)
    #expect(parse("", 10) == nil)
}

@Test func legacyRegexSemantics() {
    // Leftmost-first, with the splits backtracking gives.
    let r = GoRegex(#"(\d+) *(\d+) @([ x0-9a-f]*)"#)
    #expect(r.submatches("123 @ 0x1") == ["123 @ 0x1", "12", "3", " 0x1"])
    #expect(r.submatches("ab 12  34 @ 0x2 zz") == ["12  34 @ 0x2 ", "12", "34", " 0x2 "])
    let alt = GoRegex("a(b|bc)(c?)")
    #expect(alt.submatches("abc") == ["abc", "b", "c"])
    let anchored = GoRegex(#"^\s*(?:0x)?([[:xdigit:]]+)[\s-]?\s*(?:0x)?([[:xdigit:]]+)"#)
    #expect(anchored.submatches("12345 hello") == ["12345", "1234", "5"])
    #expect(GoRegex(#"\A(\S+) x\z"#).matches("ab x\n") == false)
    // A long line that fails the map pattern still takes linear time.
    let long = [UInt8](repeating: UInt8(ascii: "a"), count: 60_000)
    #expect(MemoryMapParser.procMaps.matches(long) == false)
}

@Test func legacyRegexEnginesAgree() {
    // The backtracker and the Pike VM (used for very long lines) give the same
    // leftmost-first matches.
    let patterns: [GoRegex] = [
        HeapProfileParser.header, HeapProfileParser.sampleLine, ContentionProfileParser.sampleLine,
        CountProfileParser.header, CountProfileParser.sampleLine, ThreadProfileParser.threadHeader,
        MemoryMapParser.procMaps, MemoryMapParser.briefMaps, MemoryMapParser.logPrefix, MemoryMapParser.libraryName,
        JavaProfileParser.attribute, JavaProfileParser.sampleLine, JavaProfileParser.symbolLine,
        JavaProfileParser.functionFileLine, JavaProfileParser.functionPath, GoRegex("a(b|bc)(c?)|x*?y"),
    ]
    let pieces = [
        "0x", "12", "a", "f", " ", "  ", ":", "@", "[", "]", "-", "(", ")", "/", "=", "heap profile:", "x",
        "r-xp", "(@", "profile: total ", "--- Thread ", " (name: ", ") stack: ---", "so", ".", "_", "\t", "y", "c",
    ]
    var rng = LegacySplitMix(seed: 7)
    var checked = 0
    for _ in 0..<1500 {
        var s = ""
        for _ in 0..<rng.next(upTo: 14) { s += pieces[rng.next(upTo: pieces.count)] }
        let bytes = Array(s.utf8)[...]
        for p in patterns {
            #expect(p.search(bytes) == p.search(bytes, forcePikeVM: true), "\(s)")
            checked += 1
        }
    }
    #expect(checked == 1500 * patterns.count)
    // A line far too long for the backtracker's table still parses.
    let long = Array(("   12 3 @ " + String(repeating: "0x1 ", count: 130_000)).utf8)[...]
    #expect(JavaProfileParser.sampleLine.firstMatch(in: long)?[2].map { Array($0) } == Array("3".utf8))
}

/// A small deterministic random generator for tests.
struct LegacySplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(upTo bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int(z % UInt64(bound))
    }
}
