import Foundation
import Testing

@testable import SwprofCore

/// Mangled names from programs of our own (Tests/Fixtures/demangle/src: C++
/// from g++, Rust legacy and v0 from rustc, plus names that are not mangled),
/// named in each demangling mode as pprof's symbolizer names them
/// (table.tsv, written by scripts/gen-demangle-fixtures.sh with the demangle
/// package Go's pprof vendors).
@Suite struct DemangleTableTests {
    struct Row: CustomStringConvertible, Sendable {
        var mangled: String
        var byMode: [String]
        var description: String { mangled }
    }

    static let modes = ["", "templates", "full"]

    static let rows: [Row] = {
        let url = Fixtures.root.appendingPathComponent("demangle/table.tsv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4 else { return nil }
            return Row(mangled: fields[0], byMode: Array(fields[1...]))
        }
    }()

    @Test func tableCoversEveryKind() {
        #expect(Self.rows.count >= 250)
        #expect(Self.rows.contains { $0.mangled.hasPrefix("_R") })
        #expect(Self.rows.contains { $0.mangled.hasPrefix("_ZN") && $0.mangled.contains("17h") })
        #expect(Self.rows.contains { $0.mangled.contains("Ul") })  // lambdas
        #expect(Self.rows.contains { $0.mangled.contains(".constprop") || $0.mangled.contains(".isra") })
    }

    @Test(arguments: rows)
    func namedAsPprofNamesIt(_ row: Row) {
        for (mode, expected) in zip(Self.modes, row.byMode) {
            let options = NameSimplifier.options(mode)!
            // The table holds what the demangler gives; pprof's heuristics for
            // names it cannot demangle are checked by the report tests.
            var got = Demangler.demangle(row.mangled, options) ?? row.mangled
            if got == row.mangled, row.mangled.hasPrefix("_") {
                got = Demangler.demangle(String(row.mangled.dropFirst()), options) ?? row.mangled
            }
            #expect(got == expected, "mode \(mode.isEmpty ? "default" : mode): \(row.mangled)")
        }
    }

    /// Every table name cut, spliced and with bytes replaced: the demangler
    /// answers (a name or nil) without trapping, and its output stays bounded.
    @Test func mutatedNamesNeverTrap() {
        var random = SplitMix(seed: 16)
        let alphabet = Array("_ZRNSIEKTLBCDFGMOPQUVWXYabcdefghijklmnopqrstuvwxyz0123456789.$".utf8)
        let modes = Self.modes.map { NameSimplifier.options($0)! }
        var answered = 0
        for row in Self.rows {
            for _ in 0..<8 {
                var bytes = Array(row.mangled.utf8)
                switch random.next() % 3 {
                case 0: bytes = Array(bytes.prefix(Int(random.next() % UInt64(bytes.count + 1))))
                case 1:
                    let at = Int(random.next() % UInt64(bytes.count))
                    bytes.insert(contentsOf: bytes[at...].prefix(12), at: at)
                default:
                    for _ in 0..<3 { bytes[Int(random.next() % UInt64(bytes.count))] = alphabet[Int(random.next() % UInt64(alphabet.count))] }
                }
                let name = String(decoding: bytes, as: UTF8.self)
                for options in modes {
                    if let out = Demangler.demangle(name, options) {
                        answered += 1
                        #expect(out.utf8.count < 1 << 17)
                    }
                }
            }
        }
        #expect(answered > 0)
    }

    /// The name the web UI's Disassemble links match symbols by.
    @Test func reportNameIsTheDefaultMode() {
        #expect(NameSimplifier.reportName("_ZNK3geo6Square4areaEv") == "geo::Square::area")
        #expect(NameSimplifier.reportName("main.main") == "main.main")
        #expect(NameSimplifier.reportName("_RNvCs4T4zK9Otvt5_5names4main") == "names::main")
    }

    @Test func hostileNamesFailQuietly() {
        let options = NameSimplifier.options("full")!
        let deep = "_Z1f" + String(repeating: "P", count: 100_000) + "i"
        #expect(Demangler.demangle(deep, options) == nil)
        let backrefs = "_RNvC" + String(repeating: "B_", count: 50_000)
        #expect(Demangler.demangle(backrefs, options) == nil)
        #expect(Demangler.demangle("_Z", options) == nil)
        #expect(Demangler.demangle("_ZN", options) == nil)
        #expect(Demangler.demangle("_R", options) == nil)
    }
}
