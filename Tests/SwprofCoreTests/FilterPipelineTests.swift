import Testing
@testable import SwprofCore

/// `ReportPreparation` and `ReportConfig`: what pprof's driver does between
/// loading a profile and rendering a report.
@Suite struct FilterPipelineTests {
    func profile() -> Profile {
        var b = FilterTestProfile(mappingFile: "/usr/local/bin/server")
        b.sample("main;foo;bar", 10, labels: ["k": ["x"]], numLabels: ["bytes": [2048]], numUnits: ["bytes": ["bytes"]])
        b.sample("main;foo;baz", 20, labels: ["k": ["y"]], numLabels: ["bytes": [64]], numUnits: ["bytes": ["bytes"]])
        b.sample("main;qux", 30)
        return b.profile
    }

    func command(_ name: String) throws -> ReportCommand { try #require(ReportCommand.named(name)) }

    @Test func nodeCountDefaultsPerCommand() throws {
        let c = ReportConfig()
        #expect(c.overridden(for: try command("top")).nodeCount == 0)
        #expect(c.overridden(for: try command("text")).nodeCount == 0)
        #expect(c.overridden(for: try command("dot")).nodeCount == 80)
        #expect(c.overridden(for: try command("tree")).nodeCount == 80)
        var explicit = c
        explicit.nodeCount = 5
        #expect(explicit.overridden(for: try command("dot")).nodeCount == 5)
    }

    @Test func untrimmedCommands() throws {
        var c = ReportConfig()
        c.nodeCount = 7
        for name in ["peek", "list", "raw", "proto", "callgrind"] {
            let o = c.overridden(for: try command(name))
            #expect(o.nodeCount == 0 && o.nodeFraction == 0 && o.edgeFraction == 0, "\(name)")
        }
        #expect(c.overridden(for: try command("list")).granularity == .lines)
        #expect(c.overridden(for: try command("proto")).granularity == .addresses)
        var trimOff = ReportConfig()
        trimOff.trim = false
        let top = trimOff.overridden(for: try command("top"))
        #expect(top.nodeCount == 0 && top.nodeFraction == 0 && top.edgeFraction == 0)
    }

    @Test func reportOptionsNameTheSampleTypeAndTitle() throws {
        var c = ReportConfig()
        c.sampleIndex = "0"
        c.mean = true
        c.divideBy = 4
        c.sort = .cum
        c.focus = "main"
        let o = try c.reportOptions(for: profile(), numLabelUnits: [:])
        #expect(o.sampleIndex == 0 && o.meanDivisorIndex == 0)
        #expect(o.sampleType == "mean_samples" && o.sampleUnit == "count")
        #expect(o.ratio == 0.25 && o.cumSort)
        #expect(o.title == "server")
        #expect(o.activeFilters == ["focus=main"])
        let d = try ReportConfig().reportOptions(for: profile(), numLabelUnits: [:])
        #expect(d.sampleType == "cpu" && d.sampleIndex == 1 && d.meanDivisorIndex == nil)
    }

    @Test func reportOptionsErrors() {
        var zero = ReportConfig()
        zero.divideBy = 0
        #expect(throws: ProfileError(.invalidOption, "zero divisor specified")) {
            try zero.reportOptions(for: profile(), numLabelUnits: [:])
        }
        #expect(throws: ProfileError(.invalidOption, "profile has no samples")) {
            try ReportConfig().reportOptions(for: Profile(), numLabelUnits: [:])
        }
    }

    @Test func totalIsTakenBeforeFocusUnlessRelative() throws {
        var c = ReportConfig()
        c.focus = "foo"
        let p = try ReportPreparation.prepare(profile(), command: try command("top"), argument: nil, config: c)
        #expect(p.profile.samples.count == 2)
        #expect(p.options.total == 60)
        c.relativePercentages = true
        let r = try ReportPreparation.prepare(profile(), command: try command("top"), argument: nil, config: c)
        #expect(r.options.total == 30)
    }

    @Test func warningsForFiltersThatMatchNothing() throws {
        var c = ReportConfig()
        c.focus = "nothing"
        c.ignore = "nothing"
        c.hide = "nothing"
        c.show = "nothing"
        c.tagShow = "nothing"
        let p = try ReportPreparation.prepare(profile(), command: try command("top"), argument: nil, config: c)
        #expect(p.warnings == [
            "Focus expression matched no samples", "Ignore expression matched no samples",
            "Hide expression matched no samples", "Show expression matched no samples",
            "TagShow expression matched no samples",
        ])
    }

    @Test func tagFilterRangesAreAnnounced() throws {
        var c = ReportConfig()
        c.tagFocus = "bytes=1kb:"
        let p = try ReportPreparation.prepare(profile(), command: try command("top"), argument: nil, config: c)
        #expect(p.warnings == ["tagfocus:Interpreted '1kb:' as range, not regexp"])
        #expect(p.profile.stacks == ["main;foo;bar 10"])
        #expect(p.options.numLabelUnits == ["bytes": "bytes"])
    }

    @Test func badRegexpsNameTheOption() throws {
        var c = ReportConfig()
        c.focus = "a("
        #expect {
            try ReportPreparation.prepare(profile(), command: try command("top"), argument: nil, config: c)
        } throws: { error in
            (error as? ProfileError)?.message.hasPrefix("parsing focus regexp: ") == true
        }
        #expect {
            try ReportPreparation.prepare(profile(), command: try command("peek"), argument: "b(", config: ReportConfig())
        } throws: { error in
            (error as? ProfileError)?.message.hasPrefix("parsing argument regexp b(: ") == true
        }
    }

    @Test func peekAndListGetTheirSymbol() throws {
        let p = try ReportPreparation.prepare(profile(), command: try command("peek"), argument: "foo", config: ReportConfig())
        #expect(p.options.format == .peek)
        #expect(p.options.symbol?.source == "foo")
    }

    @Test func granularityAppliedLast() throws {
        var c = ReportConfig()
        c.granularity = .files
        c.focus = "foo"  // matched by name before names are dropped
        let p = try ReportPreparation.prepare(profile(), command: try command("top"), argument: nil, config: c)
        #expect(p.profile.samples.count == 2)
        #expect(p.profile.functions.allSatisfy { $0.name.isEmpty })
    }

    @Test func pruneFromDropsFramesBelowTheMatch() throws {
        var c = ReportConfig()
        c.pruneFrom = "^foo$"
        let p = try ReportPreparation.prepare(profile(), command: try command("top"), argument: nil, config: c)
        #expect(p.profile.stacks == ["main;foo 10", "main;foo 20", "main;qux 30"])
    }

    @Test func unsupportedCommandsAreRefused() throws {
        #expect(throws: ProfileError.self) {
            try ReportPreparation.prepare(profile(), command: try command("weblist"), argument: "x", config: ReportConfig())
        }
    }

    @Test func configVariablesByName() throws {
        var c = ReportConfig()
        try c.set(try #require(ReportConfig.variable(named: "nodecount")), to: "12")
        try c.set(try #require(ReportConfig.variable(named: "trim")), to: "no")
        try c.set(try #require(ReportConfig.variable(named: "granularity")), to: "lines")
        #expect(ReportConfig.variable(named: "cum")?.name == "sort")
        #expect(c.nodeCount == 12 && !c.trim && c.granularity == .lines)
        #expect(throws: ProfileError.self) { try c.set(ReportConfig.variable(named: "trim")!, to: "maybe") }
        #expect(throws: ProfileError.self) { try c.set(ReportConfig.variable(named: "granularity")!, to: "bytes") }
        #expect(c.value(of: ReportConfig.variable(named: "nodefraction")!) == "0.005")
        #expect(c.value(of: ReportConfig.variable(named: "divide_by")!) == "1")
    }
}
