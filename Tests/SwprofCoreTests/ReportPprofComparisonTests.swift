import Foundation
import Testing
@testable import SwprofCore

/// Compares swprof's reports with `go tool pprof`'s, byte for byte, over the
/// fixture profiles and a matrix of options. Runs where `go` is installed;
/// mismatches are written to $TMPDIR/swprof-report-compare for inspection.
///
/// Opt-in (`SWPROF_COMPARE_PPROF=1 swift test --filter ReportPprofComparison`):
/// it runs pprof live, where a few outputs (call-tree node order) are random.
/// The committed golden outputs (Tests/Fixtures/golden) are what CI checks.
struct ReportPprofComparisonTests {
    struct Case: CustomStringConvertible, Sendable {
        var fixture: String
        var args: [String]
        var format: ReportOptions.Format
        var settings = ReportTestSupport.Settings()
        var configure: @Sendable (inout ReportOptions) throws -> Void = { _ in }
        var description: String { "\(fixture) \(args.joined(separator: " "))" }
    }

    static let goProfiles = [
        "cpu.pb.gz", "heap.1.pb.gz", "heap.3.pb.gz", "allocs.pb.gz", "block.pb.gz", "mutex.pb.gz",
        "goroutine.1.pb.gz", "threadcreate.pb.gz", "regexp.cpu.pb.gz", "regexp.mem.pb.gz",
        "extra/compile.cpu.pb.gz", "extra/heap.1.pb", "extra/labels.cpu.pb.gz", "extra/labels.goroutine.pb.gz",
    ]

    static var cases: [Case] {
        var all: [Case] = []
        let sourcePath = "/usr/lib/go-1.19/src:" + Fixtures.root.appendingPathComponent("source").path
        for fixture in goProfiles {
            all.append(Case(fixture: fixture, args: ["-top"], format: .text))
            all.append(Case(fixture: fixture, args: ["-top", "-cum"], format: .text) { $0.cumSort = true })
            all.append(Case(fixture: fixture, args: ["-top", "-nodecount=7"], format: .text) { $0.nodeCount = 7 })
            all.append(Case(fixture: fixture, args: ["-traces"], format: .traces))
            all.append(Case(fixture: fixture, args: ["-tree"], format: .tree))
            all.append(Case(fixture: fixture, args: ["-tree", "-nodecount=5"], format: .tree) { $0.nodeCount = 5 })
            all.append(Case(fixture: fixture, args: ["-tags"], format: .tags))
            all.append(Case(fixture: fixture, args: ["-dot"], format: .dot))
            all.append(Case(fixture: fixture, args: ["-dot", "-nodecount=12"], format: .dot) { $0.nodeCount = 12 })
            all.append(
                Case(fixture: fixture, args: ["-dot", "-call_tree"], format: .dot) { $0.callTree = true })
            all.append(Case(fixture: fixture, args: ["-callgrind"], format: .callgrind))
            all.append(
                Case(fixture: fixture, args: ["-peek=runtime\\.(main|mallocgc|gopark)$|main\\."], format: .peek) {
                    $0.symbol = try Pattern("runtime\\.(main|mallocgc|gopark)$|main\\.")
                })
            all.append(
                Case(
                    fixture: fixture, args: ["-list=main\\.|runtime\\.mallocgc$", "-source_path=\(sourcePath)"],
                    format: .list
                ) {
                    $0.symbol = try Pattern("main\\.|runtime\\.mallocgc$")
                    $0.sourcePath = sourcePath
                })
            for g in ["lines", "files", "addresses", "filefunctions"] {
                var c = Case(fixture: fixture, args: ["-top", "-\(g)"], format: .text)
                c.settings.granularity = g
                all.append(c)
            }
            var noInline = Case(fixture: fixture, args: ["-top", "-noinlines"], format: .text)
            noInline.settings.noInlines = true
            all.append(noInline)
            var linesTree = Case(fixture: fixture, args: ["-tree", "-lines", "-nodecount=20"], format: .tree) {
                $0.nodeCount = 20
            }
            linesTree.settings.granularity = "lines"
            all.append(linesTree)
            var linesTraces = Case(fixture: fixture, args: ["-traces", "-lines"], format: .traces)
            linesTraces.settings.granularity = "lines"
            all.append(linesTraces)
            all.append(
                Case(fixture: fixture, args: ["-top", "-compact_labels", "-nodecount=3"], format: .text) {
                    $0.compactLabels = true
                    $0.nodeCount = 3
                })
            all.append(
                Case(fixture: fixture, args: ["-top", "-nodefraction=0.05", "-edgefraction=0.02"], format: .text) {
                    $0.nodeFraction = 0.05
                    $0.edgeFraction = 0.02
                })
            all.append(
                Case(fixture: fixture, args: ["-top", "-divide_by=3"], format: .text) { $0.ratio = 1.0 / 3 })
        }
        for unit in ["ms", "s", "ns", "auto"] {
            all.append(Case(fixture: "cpu.pb.gz", args: ["-top", "-unit=\(unit)"], format: .text) { $0.outputUnit = unit })
            all.append(Case(fixture: "cpu.pb.gz", args: ["-tags", "-unit=\(unit)"], format: .tags) { $0.outputUnit = unit })
        }
        for unit in ["kb", "mb", "bytes"] {
            all.append(
                Case(fixture: "heap.3.pb.gz", args: ["-top", "-unit=\(unit)"], format: .text) { $0.outputUnit = unit })
            all.append(
                Case(fixture: "heap.3.pb.gz", args: ["-dot", "-unit=\(unit)"], format: .dot) { $0.outputUnit = unit })
        }
        for index in ["alloc_space", "alloc_objects", "inuse_objects"] {
            for args in [["-top"], ["-dot"], ["-traces"]] {
                var c = Case(
                    fixture: "heap.3.pb.gz", args: args + ["-sample_index=\(index)"],
                    format: args == ["-top"] ? .text : (args == ["-dot"] ? .dot : .traces))
                c.settings.sampleIndex = index
                all.append(c)
            }
        }
        for fixture in ["block.pb.gz", "mutex.pb.gz"] {
            for index in ["contentions", "delay"] {
                var c = Case(fixture: fixture, args: ["-top", "-sample_index=\(index)"], format: .text)
                c.settings.sampleIndex = index
                all.append(c)
            }
            var mean = Case(fixture: fixture, args: ["-top", "-mean"], format: .text)
            mean.settings.mean = true
            all.append(mean)
            var meanTree = Case(fixture: fixture, args: ["-tree", "-mean"], format: .tree)
            meanTree.settings.mean = true
            all.append(meanTree)
        }
        for fixture in [
            "legacy/cppbench.cpu", "legacy/cppbench.heap", "legacy/cppbench.growth", "legacy/cppbench.contention",
            "legacy/cppbench.thread", "legacy/go.crc32.cpu", "legacy/go.godoc.thread", "legacy/gobench.cpu",
            "legacy/gobench.heap", "legacy/java.cpu", "legacy/java.heap", "legacy/java.contention", "heap.debug1.txt",
        ] {
            all.append(Case(fixture: fixture, args: ["-top"], format: .text))
            all.append(Case(fixture: fixture, args: ["-traces"], format: .traces))
            all.append(Case(fixture: fixture, args: ["-tree"], format: .tree))
            all.append(Case(fixture: fixture, args: ["-dot"], format: .dot))
            all.append(Case(fixture: fixture, args: ["-tags"], format: .tags))
            all.append(Case(fixture: fixture, args: ["-callgrind"], format: .callgrind))
            all.append(Case(fixture: fixture, args: ["-top", "-cum"], format: .text) { $0.cumSort = true })
            var addresses = Case(fixture: fixture, args: ["-top", "-addresses"], format: .text)
            addresses.settings.granularity = "addresses"
            all.append(addresses)
            var files = Case(fixture: fixture, args: ["-dot", "-files"], format: .dot)
            files.settings.granularity = "files"
            all.append(files)
            // (No -call_tree here: with unsymbolized frames pprof picks among equal nodes at random.)
        }
        for (fixture, base) in [("heap.3.pb.gz", "heap.1.pb.gz"), ("goroutine.3.pb.gz", "goroutine.1.pb.gz")] {
            for diff in [false, true] {
                let flag = diff ? "-diff_base" : "-base"
                let basePath = Fixtures.profile(base).path
                for (args, format) in [
                    (["-top"], ReportOptions.Format.text), (["-traces"], .traces), (["-tree"], .tree),
                    (["-dot"], .dot), (["-tags"], .tags), (["-top", "-cum"], .text),
                ] {
                    var c = Case(fixture: fixture, args: args + ["\(flag)=\(basePath)"], format: format) {
                        if args == ["-top", "-cum"] { $0.cumSort = true }
                    }
                    c.settings.base = base
                    c.settings.diffBase = diff
                    all.append(c)
                }
                var negative = Case(
                    fixture: fixture, args: ["-top", "-drop_negative", "\(flag)=\(basePath)"], format: .text
                ) { $0.dropNegative = true }
                negative.settings.base = base
                negative.settings.diffBase = diff
                all.append(negative)
            }
        }
        for fixture in ["cpu.pb.gz", "heap.3.pb.gz"] {
            all.append(Case(fixture: fixture, args: ["-tree", "-call_tree"], format: .tree) { $0.callTree = true })
            all.append(Case(fixture: fixture, args: ["-tree", "-cum", "-nodecount=9"], format: .tree) {
                $0.cumSort = true
                $0.nodeCount = 9
            })
            all.append(Case(fixture: fixture, args: ["-dot", "-edgefraction=0.05"], format: .dot) { $0.edgeFraction = 0.05 })
            all.append(Case(fixture: fixture, args: ["-dot", "-compact_labels"], format: .dot) { $0.compactLabels = true })
            var linesDot = Case(fixture: fixture, args: ["-dot", "-lines", "-nodecount=30"], format: .dot) {
                $0.nodeCount = 30
            }
            linesDot.settings.granularity = "lines"
            all.append(linesDot)
            var addressesNoInline = Case(fixture: fixture, args: ["-top", "-addresses", "-noinlines"], format: .text)
            addressesNoInline.settings.granularity = "addresses"
            addressesNoInline.settings.noInlines = true
            all.append(addressesNoInline)
            var filesDot = Case(fixture: fixture, args: ["-dot", "-files"], format: .dot)
            filesDot.settings.granularity = "files"
            all.append(filesDot)
            all.append(
                Case(
                    fixture: fixture,
                    args: ["-list=.", "-source_path=/usr/lib/go-1.19/src", "-trim_path=/nonexistent"], format: .list
                ) {
                    $0.symbol = try Pattern(".")
                    $0.sourcePath = "/usr/lib/go-1.19/src"
                    $0.trimPath = "/nonexistent"
                })
            all.append(
                Case(fixture: fixture, args: ["-list=runtime\\.main$"], format: .list) {
                    $0.symbol = try Pattern("runtime\\.main$")
                })
        }
        return all
    }

    static func withoutContextNumbers(_ text: String) -> String {
        let suffix = try! NSRegularExpression(pattern: " \\[[0-9]+/[0-9]+\\]$", options: .anchorsMatchLines)
        return suffix.stringByReplacingMatches(
            in: text, range: NSRange(location: 0, length: (text as NSString).length), withTemplate: "")
    }

    /// DOT text with node numbers removed and lines sorted.
    static func canonicalDot(_ dot: String) -> String {
        let ids = try! NSRegularExpression(pattern: "N[0-9]+(_[0-9]+)?|node[0-9]+")
        return dot.split(separator: "\n").map { line in
            let s = String(line)
            return ids.stringByReplacingMatches(
                in: s, range: NSRange(location: 0, length: (s as NSString).length), withTemplate: "N")
        }.sorted().joined(separator: "\n")
    }

    @Test(.enabled(if: ReportTestSupport.goAvailable
        && ProcessInfo.processInfo.environment["SWPROF_COMPARE_PPROF"] != nil))
    func matchesPprof() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swprof-report-compare")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        setenv("TZ", "UTC", 1)
        tzset()
        var failures: [String] = []
        var count = 0
        for c in Self.cases {
            count += 1
            var raw = try ReportTestSupport.load(c.fixture)
            if let base = c.settings.base {
                raw = try ReportTestSupport.subtracting(
                    try ReportTestSupport.load(base), from: raw, diff: c.settings.diffBase)
            }
            var (profile, options) = try ReportTestSupport.prepare(raw, format: c.format, settings: c.settings)
            try c.configure(&options)
            if c.settings.mean || c.args.contains("-mean") {
                options.meanDivisorIndex = 0
            }
            var actual: String
            let pprof = try ReportTestSupport.pprof(c.args + [Fixtures.profile(c.fixture).path])
            var expected = pprof.out
            #expect(c.format == .tags || !(pprof.out + pprof.err).isEmpty, "pprof printed nothing for \(c)")
            if ProcessInfo.processInfo.environment["SWPROF_KEEP_ALL"] != nil {
                try pprof.out.write(
                    to: dir.appendingPathComponent("all-\(count).expected"), atomically: true, encoding: .utf8)
            }
            do {
                actual = try Report(profile: profile, options: options).text()
            } catch {
                actual = "error: \(error)\n"
                if expected.isEmpty { expected = "error: " + pprof.err }
            }
            if options.callTree && c.format == .callgrind {
                // Context numbers of call-tree nodes depend on pprof's random node order.
                actual = Self.withoutContextNumbers(actual)
                expected = Self.withoutContextNumbers(expected)
            }
            if options.callTree && c.format == .dot {
                // pprof orders nodes with equal infos at random in call trees.
                actual = Self.canonicalDot(actual)
                expected = Self.canonicalDot(expected)
            }
            if actual != expected {
                let name = "\(failures.count)"
                try expected.write(to: dir.appendingPathComponent(name + ".expected"), atomically: true, encoding: .utf8)
                try actual.write(to: dir.appendingPathComponent(name + ".actual"), atomically: true, encoding: .utf8)
                failures.append("\(name): \(c)")
            }
        }
        try failures.joined(separator: "\n").write(
            to: dir.appendingPathComponent("failures.txt"), atomically: true, encoding: .utf8)
        #expect(failures.isEmpty, "\(failures.count) of \(count) reports differ from pprof: \(failures.prefix(20))")
    }
}
