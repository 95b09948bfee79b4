import Testing
import SwprofCore
@testable import SwprofCLI

/// pprof's flags translated into an invocation.
@Suite struct FlagTests {
    func parse(_ args: [String], executable: String? = nil) throws(CommandLineError) -> Invocation {
        try CommandLineParser.parse(args) { $0 == executable }
    }

    func error(_ args: [String]) -> CommandLineError? {
        do {
            _ = try parse(args)
            return nil
        } catch {
            return error
        }
    }

    func message(_ args: [String]) -> String? {
        switch error(args) {
        case .usage(let m)?, .invalid(let m)?: return m
        case .help?: return "help"
        case nil: return nil
        }
    }

    @Test func outputFormatsAndTheirArguments() throws {
        for name in ["top", "text", "traces", "tree", "tags", "raw", "dot", "svg", "proto", "comments", "callgrind"] {
            let inv = try parse(["-\(name)", "p.pb.gz"])
            #expect(inv.command?.name == name)
            #expect(inv.commandArgument == nil)
        }
        let peek = try parse(["-peek=main\\.", "p"])
        #expect(peek.command?.name == "peek" && peek.commandArgument == "main\\.")
        let list = try parse(["--list", "foo", "p"])
        #expect(list.command?.format == .list && list.commandArgument == "foo")
        #expect(try parse(["p"]).command == nil)
        // An empty argument leaves the format unset, as in pprof.
        #expect(try parse(["-peek=", "p"]).command == nil)
    }

    @Test func atMostOneFormat() {
        #expect(message(["-top", "-text", "p"]) == "must set at most one output format")
        #expect(message(["-top", "-peek=x", "p"]) == "must set at most one output format")
        #expect(message(["-top=false", "-text", "p"]) == nil)
    }

    @Test func configVariables() throws {
        let inv = try parse([
            "-output=out.txt", "-nodecount=10", "-nodefraction", "0.1", "-edgefraction=0.2", "-cum",
            "-lines", "-noinlines", "-sample_index=alloc_space", "-mean", "-unit=ms", "-focus=a", "-ignore=b",
            "-hide=c", "-show=d", "-show_from=e", "-prune_from=f", "-tagfocus=bytes=32kb:", "-tagignore=g",
            "-tagshow=h", "-taghide=i", "-relative_percentages", "-compact_labels", "-call_tree", "-trim=false",
            "-divide_by=2", "-drop_negative", "-source_path=/src", "-trim_path=/build", "-tagroot=r", "-tagleaf=l",
            "p",
        ])
        let c = inv.config
        #expect(c.output == "out.txt" && c.nodeCount == 10 && c.nodeFraction == 0.1 && c.edgeFraction == 0.2)
        #expect(c.sort == .cum && c.granularity == .lines && c.noInlines)
        #expect(c.sampleIndex == "alloc_space" && c.mean && c.unit == "ms")
        #expect(c.focus == "a" && c.ignore == "b" && c.hide == "c" && c.show == "d" && c.showFrom == "e" && c.pruneFrom == "f")
        #expect(c.tagFocus == "bytes=32kb:" && c.tagIgnore == "g" && c.tagShow == "h" && c.tagHide == "i")
        #expect(c.relativePercentages && c.compactLabels && c.callTree && !c.trim && c.divideBy == 2 && c.dropNegative)
        #expect(c.sourcePath == "/src" && c.trimPath == "/build" && c.tagRoot == "r" && c.tagLeaf == "l")
        #expect(c.activeFilters == [
            "focus=a", "ignore=b", "hide=c", "show=d", "show_from=e", "tagfocus=bytes=32kb:", "tagignore=g",
            "tagshow=h", "taghide=i",
        ])
    }

    @Test func defaultsAreNotChangedWithoutFlags() throws {
        #expect(try parse(["p"]).config == ReportConfig())
        let c = ReportConfig()
        #expect(c.nodeCount == -1 && c.nodeFraction == 0.005 && c.edgeFraction == 0.001 && c.trim)
        #expect(c.unit == "minimum" && c.sort == .flat && c.granularity == .functions && c.divideBy == 1)
    }

    @Test func choiceGroupsConflict() {
        #expect(message(["-cum", "-flat", "p"]) == "conflicting options set: [cum flat]")
        #expect(message(["-files", "-lines", "p"]) == "conflicting options set: [files lines]")
        #expect(message(["-cum=false", "-flat", "p"]) == nil)
    }

    @Test func granularityFlags() throws {
        for g in Granularity.allCases {
            #expect(try parse(["-\(g.rawValue)", "p"]).config.granularity == g)
        }
    }

    @Test func sampleIndexShorthands() throws {
        let cases: [(String, String)] = [
            ("inuse_space", "inuse_space"), ("inuse_objects", "inuse_objects"), ("alloc_space", "alloc_space"),
            ("alloc_objects", "alloc_objects"), ("total_delay", "delay"), ("contentions", "contentions"),
            ("mean_delay", "delay"),
        ]
        for (flag, index) in cases {
            let inv = try parse(["-\(flag)", "p"])
            #expect(inv.config.sampleIndex == index)
            #expect(inv.config.mean == (flag == "mean_delay"))
            #expect(inv.notices.isEmpty)
        }
        let both = try parse(["-sample_index=1", "-alloc_space", "p"])
        #expect(both.config.sampleIndex == "1")
        #expect(both.notices == ["Multiple value selections, ignoring -alloc_space"])
        let two = try parse(["-alloc_space", "-total_delay", "p"])
        #expect(two.config.sampleIndex == "delay")
        #expect(two.notices == ["Multiple value selections, ignoring -alloc_space"])
    }

    @Test func basesAndDiffBases() throws {
        // As in go tool pprof 1.19, a repeated -base keeps the last value.
        let b = try parse(["-base", "a", "-base=b", "-normalize", "p"])
        #expect(b.bases == ["b"] && !b.diffBase && b.normalize)
        #expect(try parse(["-base=a", "-base=", "p"]).bases.isEmpty)
        let d = try parse(["-diff_base=a", "p"])
        #expect(d.bases == ["a"] && d.diffBase)
        #expect(message(["-base=a", "-diff_base=b", "p"]) == "-base and -diff_base flags cannot both be specified")
        #expect(message(["-normalize", "p"]) == "must have base profile to normalize by")
        #expect(try parse(["-base=", "p"]).bases.isEmpty)
    }

    @Test func httpFlags() throws {
        let h = try parse(["-http=:8080", "-no_browser", "p"])
        #expect(h.httpHostPort == ":8080" && h.noBrowser && h.command == nil)
        #expect(try parse(["--http", "localhost:0", "p"]).httpHostPort == "localhost:0")
        #expect(message(["-http=:1", "-top", "p"]) == "-http is not compatible with an output format on the command line")
        #expect(message(["-no_browser", "p"]) == "-no_browser only makes sense with -http")
    }

    @Test func acceptedSourceFlags() throws {
        let inv = try parse(["-symbolize=none", "-seconds=5", "-timeout=3", "-add_comment=hi", "-tools=/x", "p"])
        #expect(inv.symbolize == "none" && inv.seconds == 5 && inv.timeout == 3 && inv.comment == "hi")
    }

    @Test func executableOrBuildIDBeforeSources() throws {
        let e = try parse(["-top", "./app", "p1", "p2"], executable: "./app")
        #expect(e.executable == "./app" && e.sources == ["p1", "p2"])
        let only = try parse(["-top", "./app"], executable: "./app")
        #expect(only.executable == nil && only.sources == ["./app"])
        let id = try parse(["-top", "abc123", "p"])
        #expect(id.buildID == "abc123" && id.sources == ["p"])
        let notHex = try parse(["-top", "a.pb", "p"])
        #expect(notHex.buildID.isEmpty && notHex.sources == ["a.pb", "p"])
    }

    @Test func usageErrors() {
        #expect(message(["-top"]) == "no profile source specified")
        #expect(message(["-bogus", "p"]) == "flag provided but not defined: -bogus")
        #expect(message(["-nodecount=x", "p"]) == "invalid value \"x\" for flag -nodecount: parse error")
        #expect(message(["-trim=maybe", "p"]) == "invalid boolean value \"maybe\" for -trim: parse error")
        #expect(message(["-output"]) == "flag needs an argument: -output")
        #expect(message(["-help"]) == "help")
        if case .usage? = error(["-bogus", "p"]) {} else { Issue.record("an unknown flag is a usage error") }
    }
}
