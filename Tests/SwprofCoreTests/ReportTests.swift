import Foundation
import Testing
@testable import SwprofCore

struct ReportTests {
    func report(_ configure: (inout ReportOptions) throws -> Void = { _ in }) throws -> Report {
        var options = ReportOptions()
        try configure(&options)
        return try Report(profile: SmallProfile.make(), options: options)
    }

    @Test func topText() throws {
        let text = try report().text()
        #expect(
            text == """
                Type: samples
                Showing nodes accounting for 20, 100% of 20 total
                      flat  flat%   sum%        cum   cum%
                        13 65.00% 65.00%         13 65.00%  h
                         7 35.00%   100%         17 85.00%  g (partial-inline)
                         0     0%   100%         15 75.00%  f
                         0     0%   100%         20   100%  main

                """)
    }

    @Test func topRowsCarryValuesAndStrings() throws {
        let top = try report { $0.cumSort = true }.topReport()
        #expect(top.rows.map(\.name) == ["main", "g", "f", "h"])
        let g = try #require(top.rows.first { $0.name == "g" })
        #expect(g.flat == 7 && g.cum == 17 && g.inlineLabel == "(partial-inline)")
        #expect(g.cumPercent == "85.00%" && g.flatText == "7")
        #expect(top.rows.last?.sumPercent == "  100%")
    }

    @Test func nodeCountLimitsRowsAndSaysSo() throws {
        let top = try report { $0.nodeCount = 2 }.topReport()
        #expect(top.rows.count == 2)
        #expect(top.legend.contains("Showing top 2 nodes out of 4"))
    }

    @Test func totalOverrideChangesPercentages() throws {
        let top = try report { $0.total = 40 }.topReport()
        #expect(top.legend.contains("Showing nodes accounting for 20, 50.00% of 40 total"))
        #expect(top.rows.first?.flatPercent == "32.50%")
    }

    @Test func treeAndPeek() throws {
        let tree = try report { $0.format = .tree }.text()
        #expect(
            tree.contains(
                """
                ----------------------------------------------------------+-------------
                                                                15 88.24% |   f (inline)
                                                                 2 11.76% |   main
                         7 35.00%   100%         17 85.00%                | g
                                                                10 58.82% |   h
                """))
        let peek = try report {
            $0.format = .peek
            $0.symbol = try Pattern("^h$")
        }.treeReport()
        #expect(peek.entries.map(\.name) == ["h"])
        #expect(peek.entries[0].callers.map(\.name) == ["g", "main"])
        #expect(throws: ProfileError.self) {
            try report {
                $0.format = .peek
                $0.symbol = try Pattern("nothing")
            }.text()
        }
    }

    @Test func tracesListSamplesWithLabels() throws {
        let text = try report { $0.format = .traces }.text()
        #expect(
            text.hasPrefix(
                """
                Type: samples
                -----------+-------------------------------------------------------
                      kind:  a
                        10   h
                             g (inline)
                             f
                             main
                -----------+-------------------------------------------------------

                """))
        #expect(text.hasSuffix("-----------+-------------------------------------------------------\n"))
    }

    @Test func tagsAreAlignedLikeTabwriter() throws {
        let text = try report { $0.format = .tags }.text()
        #expect(
            text == """
                 kind: Total 13 of 20 (65.00%)
                       10 (50.00%): a
                        3 (15.00%): b


                """)
    }

    @Test func tabWriterAlignsColumnBlocks() {
        // Expected output made with Go's text/tabwriter (padding 1, AlignRight).
        let text = TabWriter().format("a:\t x\n \tlonger:\t y\n \tz\t q\nlast\n\nnext\tcol\n")
        #expect(text == " a: x\n    longer: y\n          z q\nlast\n\n nextcol\n")
    }

    @Test func dotHasLegendNodesAndEdges() throws {
        let dot = try report { $0.format = .dot }.text()
        #expect(dot.hasPrefix("digraph \"unnamed\" {\nnode [style=filled fillcolor=\"#f8f8f8\"]\n"))
        #expect(dot.contains("subgraph cluster_L { \"Type: samples\" [shape=box fontsize=16 label=\"Type: samples\\l"))
        #expect(dot.contains("label=\" 15\\n (inline)\""))
        #expect(dot.contains("N2 [label=\"h\\n13 (65.00%)\" id=\"node2\" fontsize=24 shape=box tooltip=\"h (13)\""))
        #expect(dot.contains("N2_0 [label = \"kind:a\" id=\"N2_0\" fontsize=8 shape=box3d tooltip=\"10\"]"))
        #expect(dot.hasSuffix("}\n"))
    }

    @Test func invalidOptionsThrow() {
        #expect(throws: ProfileError.self) { try report { $0.sampleIndex = 3 } }
        #expect(throws: ProfileError.self) { try Report(profile: Profile(), options: ReportOptions()) }
        #expect(throws: ProfileError.self) { try report { $0.ratio = .infinity } }
        #expect(throws: ProfileError.self) { try report { $0.format = .proto }.text() }
    }

    @Test func meanDividesByTheDivisorValue() throws {
        var p = SmallProfile.make()
        p.sampleTypes = [ValueType(type: "contentions", unit: "count"), ValueType(type: "delay", unit: "nanoseconds")]
        p.samples = p.samples.map { s in
            var s = s
            s.values = [2, s.values[0] * 1000]
            return s
        }
        var o = ReportOptions()
        o.sampleIndex = 1
        o.meanDivisorIndex = 0
        let r = try Report(profile: p, options: o)
        #expect(r.options.sampleType == "mean_delay")
        #expect(r.total == 20000 / 8)
        #expect(r.topReport().rows.first?.flatText == "3.25us")
    }

    @Test func sourceListingReadsFilesFromTheSourcePath() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swprof-list-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("pkg"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = (1...12).map { "line \($0)" }.joined(separator: "\r\n") + "\n"
        try source.write(to: dir.appendingPathComponent("pkg/f.go"), atomically: true, encoding: .utf8)

        var p = Profile()
        p.sampleTypes = [ValueType(type: "cpu", unit: "nanoseconds")]
        p.functions = [
            Function(id: 1, name: "pkg.F", filename: "/build/root/pkg/f.go", startLine: 3),
            Function(id: 2, name: "pkg.G", filename: "pkg/missing.go", startLine: 1),
        ]
        p.locations = [
            Location(id: 1, lines: [Line(function: 0, line: 4)]),
            Location(id: 2, lines: [Line(function: 0, line: 6)]),
            Location(id: 3, lines: [Line(function: 1, line: 2)]),
        ]
        p.samples = [
            Sample(locations: [0, 2], values: [10_000_000]), Sample(locations: [1], values: [30_000_000]),
        ]
        var o = ReportOptions()
        o.format = .list
        o.symbol = try Pattern("pkg\\.")
        o.sourcePath = dir.path
        o.trimPath = "/build/root"
        let listing = try Report(profile: p, options: o).sourceListing()
        #expect(listing.functions.map(\.name) == ["pkg.F", "pkg.G"])
        let f = try #require(listing.functions.first?.files.first)
        #expect(f.file == "pkg/f.go")
        #expect(f.lines.map(\.number) == Array(3...11))
        #expect(f.lines.first { $0.number == 4 }?.flat == 10_000_000)
        #expect(f.lines[0].text == "line 3")
        let text = listing.text
        #expect(text.hasPrefix("Total: 40ms\nROUTINE ======================== pkg.F in pkg/f.go\n"))
        #expect(text.contains("      10ms       10ms      4:line 4\n"))
        #expect(text.contains("         .          .      5:line 5\n"))
        #expect(text.contains(" Error: could not find file pkg/missing.go on path \(dir.path)\n"))
    }

    @Test func topProtoHasOneSamplePerNode() throws {
        let p = try report().topProtoProfile()
        #expect(p.sampleTypes.map(\.type) == ["cum", "flat"])
        #expect(p.samples.count == 4)
        #expect(p.samples[0].values == [13, 13])
        #expect(p.functions.count == 4)
    }

    @Test func callgrindNamesAreCompressed() throws {
        let text = try report { $0.format = .callgrind }.text()
        #expect(text.hasPrefix("positions: instr line\nevents: samples(count)\n"))
        #expect(text.contains("fn=(1) "))
    }
}

struct ReportRobustnessTests {
    /// A profile with dangling indices, extreme values and a zero total.
    static func hostile() -> Profile {
        var p = Profile()
        p.sampleTypes = [ValueType(type: "x", unit: "bytes"), ValueType(type: "y", unit: "nanoseconds")]
        p.mappings = [Mapping(id: 1, file: "")]
        p.functions = [Function(id: 1, name: "f\"<&>\\", filename: "../../x.go", startLine: -5)]
        p.locations = [
            Location(id: 1, mapping: 7, address: .max, lines: [Line(function: 3, line: -1)]),
            Location(id: 2, mapping: 0, lines: [Line(function: 0, line: Int64.max)]),
            Location(id: 3),
        ]
        p.samples = [
            Sample(
                locations: [0, 1, 2, 9, -1], values: [.min, -1], labels: ["k": ["v\"\n"], "pprof::base": ["true"]],
                numLabels: ["bytes": [.min, .max]], numUnits: ["bytes": ["bytes"]]),
            Sample(locations: [1, 1, 1], values: [.max, 0], numLabels: ["n": [1, 2]], numUnits: ["n": ["", "x", "y"]]),
            Sample(locations: [], values: [0]),
        ]
        p.timeNanos = .min
        p.durationNanos = .max
        p.comments = ["#hidden", "shown"]
        return p
    }

    @Test(arguments: [
        ReportOptions.Format.text, .traces, .tree, .peek, .list, .tags, .dot, .comments, .callgrind, .raw,
    ])
    func everyFormatSurvivesHostileInput(format: ReportOptions.Format) throws {
        for mean in [false, true] {
            for callTree in [false, true] {
                var o = ReportOptions()
                o.format = format
                o.sampleIndex = 0
                o.meanDivisorIndex = mean ? 1 : nil
                o.callTree = callTree
                o.nodeCount = 1
                o.symbol = try Pattern(".")
                o.ratio = -3
                o.numLabelUnits = ["bytes": "bytes"]
                let report = try Report(profile: Self.hostile(), options: o)
                _ = try? report.text()
                _ = report.topProtoProfile()
                _ = report.protoProfile()
            }
        }
    }
}

struct ReportSourcePathTests {
    @Test(arguments: [
        // No trim path: drop everything up to a directory named like a search path's last element.
        ("/remote/build/my-project/foo/bar.c", "", "/local/my-project", "foo/bar.c"),
        ("/remote/build/other/foo/bar.c", "", "/a:/local/my-project:/b/build", "other/foo/bar.c"),
        // Configured prefixes, with or without a trailing slash, and pprof's built-in ones.
        ("/build/root/pkg/f.go", "/build/root", "", "pkg/f.go"),
        ("/build/root/pkg/f.go", "/x/:/build/root/", "", "pkg/f.go"),
        ("/proc/self/cwd/./pkg/f.go", "", "", "pkg/f.go"),
        ("/proc/self/cwd/pkg/f.go", "", "", "pkg/f.go"),
        ("runtime/proc.go", "", "/usr/lib/go/src", "runtime/proc.go"),
    ])
    func trimsPathsLikePprof(path: String, trim: String, search: String, expected: String) {
        #expect(SourcePaths.trim(path, trimPath: trim, searchPath: search) == expected)
    }

    @Test func functionsWithoutFilesSaySo() throws {
        var p = Profile()
        p.sampleTypes = [ValueType(type: "samples", unit: "count")]
        p.functions = [Function(id: 1, name: "nofile")]
        p.locations = [Location(id: 1, lines: [Line(function: 0, line: 3)])]
        p.samples = [Sample(locations: [0], values: [4])]
        var o = ReportOptions()
        o.format = .list
        o.symbol = try Pattern("nofile")
        #expect(try Report(profile: p, options: o).text() == "Total: 4\nNo source information for nofile\n")
        o.symbol = try Pattern("other")
        #expect(throws: ProfileError.self) { try Report(profile: p, options: o).text() }
    }
}
