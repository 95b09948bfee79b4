import Testing
@testable import SwprofCore

@Suite struct FilterSamplesByNameTests {
    func base() -> Profile {
        var b = FilterTestProfile()
        b.sample("main;foo;bar", 10)
        b.sample("main;foo;baz", 20)
        b.sample("main;qux", 30)
        b.sample("main;bar+foo", 40)  // bar inlined into foo
        b.sample("", 50)  // no locations
        return b.profile
    }

    @Test func noFiltersKeepEverySample() {
        var p = base()
        let m = p.filterSamplesByName(focus: nil, ignore: nil, hide: nil, show: nil)
        // pprof 1.27: no filter, nothing dropped, not even samples without locations.
        #expect(p.stacks == ["main;foo;bar 10", "main;foo;baz 20", "main;qux 30", "main;bar+foo 40", " 50"])
        #expect(m == NameFilterMatches(focus: true))
    }

    @Test func focusKeepsSamplesThroughAMatchingFrameIncludingInlined() throws {
        var p = base()
        let m = p.filterSamplesByName(focus: try Pattern("^foo$"), ignore: nil, hide: nil, show: nil)
        #expect(p.stacks == ["main;foo;bar 10", "main;foo;baz 20", "main;bar+foo 40"])
        #expect(m.focus)
    }

    @Test func ignoreWinsOverFocus() throws {
        var p = base()
        let m = p.filterSamplesByName(focus: try Pattern("foo"), ignore: try Pattern("baz|bar"), hide: nil, show: nil)
        #expect(p.stacks == [])
        #expect(m.focus && m.ignore)
        var q = base()
        q.filterSamplesByName(focus: nil, ignore: try Pattern("qux"), hide: nil, show: nil)
        #expect(q.stacks == ["main;foo;bar 10", "main;foo;baz 20", "main;bar+foo 40"])
    }

    @Test func focusMatchesFileNamesAndMappingFiles() throws {
        var p = base()
        p.filterSamplesByName(focus: try Pattern("app/qux\\.go"), ignore: nil, hide: nil, show: nil)
        #expect(p.stacks == ["main;qux 30"])
        var q = base()
        let m = q.filterSamplesByName(focus: try Pattern("^/bin/app$"), ignore: nil, hide: nil, show: nil)
        #expect(m.focus)
        #expect(q.stacks.count == 4)
    }

    @Test func focusThatMatchesNothingReportsNoMatch() throws {
        var p = base()
        let m = p.filterSamplesByName(focus: try Pattern("nothing"), ignore: nil, hide: nil, show: nil)
        #expect(!m.focus)
        #expect(p.samples.isEmpty)
    }

    @Test func hideRemovesLinesAndEmptyLocations() throws {
        var p = base()
        let m = p.filterSamplesByName(focus: nil, ignore: nil, hide: try Pattern("^foo$"), show: nil)
        #expect(m.hide)
        // The inlined location keeps its other line; foo's own location disappears.
        #expect(p.stacks == ["main;bar 10", "main;baz 20", "main;qux 30", "main;bar 40"])
    }

    @Test func hidingEveryFrameDropsTheSample() throws {
        var b = FilterTestProfile()
        b.sample("foo", 5)
        b.sample("main;foo", 7)
        var p = b.profile
        p.filterSamplesByName(focus: nil, ignore: nil, hide: try Pattern("foo"), show: nil)
        #expect(p.stacks == ["main 7"])
    }

    @Test func showKeepsOnlyMatchingLines() throws {
        var p = base()
        let m = p.filterSamplesByName(focus: nil, ignore: nil, hide: nil, show: try Pattern("^(foo|main)$"))
        #expect(m.show)
        #expect(p.stacks == ["main;foo 10", "main;foo 20", "main 30", "main;foo 40"])
    }

    @Test func showMatchingTheMappingKeepsAllLines() throws {
        var p = base()
        p.filterSamplesByName(focus: nil, ignore: nil, hide: nil, show: try Pattern("/bin/app"))
        #expect(p.stacks.count == 4)
        #expect(p.stacks[3] == "main;bar+foo 40")
    }

    @Test func focusIsDecidedBeforeHideEditsLines() throws {
        var p = base()
        let m = p.filterSamplesByName(focus: try Pattern("^bar$"), ignore: nil, hide: try Pattern("^bar$"), show: nil)
        #expect(m.focus && m.hide)
        #expect(p.stacks == ["main;foo 10", "main;foo 40"])
    }
}

@Suite struct ShowFromTests {
    // pprof's example: root-first [A, B, C, B].
    func profile() -> Profile {
        var b = FilterTestProfile()
        b.sample("A;B;C;B", 1)
        return b.profile
    }

    @Test func nilChangesNothing() {
        var p = profile()
        let matched = p.showFrom(nil)
        #expect(!matched)
        #expect(p.stacks == ["A;B;C;B 1"])
    }

    @Test func keepsFramesFromTheOutermostMatch() throws {
        for (re, expected) in [("A", ["A;B;C;B 1"]), ("B", ["B;C;B 1"]), ("C", ["C;B 1"]), ("D", [])] {
            var p = profile()
            let matched = p.showFrom(try Pattern("^\(re)$"))
            #expect(matched == !expected.isEmpty)
            #expect(p.stacks == expected)
        }
    }

    @Test func trimsInlinedCallersInsideTheMatchingLocation() throws {
        var b = FilterTestProfile()
        b.sample("main;c+b+a", 3)  // one location: c inlined into b inlined into a
        var p = b.profile
        p.showFrom(try Pattern("^b$"))
        #expect(p.stacks == ["c+b 3"])
    }
}

@Suite struct TagFilterTests {
    @Test func parsesNumericRanges() throws {
        #expect(try NumericTagRange(parsing: "32kb") == NumericTagRange(lower: 32, upper: 32, unit: "kB"))
        #expect(try NumericTagRange(parsing: "32kb:") == NumericTagRange(lower: 32, upper: nil, unit: "kB"))
        #expect(try NumericTagRange(parsing: ":64kb") == NumericTagRange(lower: nil, upper: 64, unit: "kB"))
        #expect(try NumericTagRange(parsing: "12kb:64mb") == NumericTagRange(lower: 12, upper: 65536, unit: "kB"))
        #expect(try NumericTagRange(parsing: "100") == NumericTagRange(lower: 100, upper: 100, unit: ""))
        #expect(try NumericTagRange(parsing: "-5:5") == NumericTagRange(lower: -5, upper: 5, unit: ""))
        #expect(try NumericTagRange(parsing: "10ms:1s") == NumericTagRange(lower: 10, upper: 1000, unit: "ms"))
    }

    @Test func textThatIsNotARangeIsARegexp() throws {
        #expect(try NumericTagRange(parsing: "foo") == nil)
        #expect(try NumericTagRange(parsing: "foo32") == nil)
        #expect(try NumericTagRange(parsing: "1:2mb") == nil)  // units differ: plain vs bytes
        #expect(try NumericTagRange(parsing: "1kb:2ms") == nil)
        #expect(try NumericTagRange(parsing: "1kb::") == nil)
        #expect(try NumericTagRange(parsing: "1-2") == nil)
    }

    @Test func hugeNumbersAreAnErrorNotACrash() {
        #expect(throws: ProfileError.self) { try NumericTagRange(parsing: "99999999999999999999kb") }
    }

    @Test func rangesCompareInTheFilterUnit() throws {
        let r = try #require(try NumericTagRange(parsing: "32kb:"))
        #expect(r.contains(32768, unit: "bytes"))
        #expect(!r.contains(32767, unit: "bytes"))
        #expect(r.contains(1, unit: "megabytes"))
        #expect(!r.contains(40000, unit: "nanoseconds"))
        // A plain number does not match values that have a known unit.
        let plain = try #require(try NumericTagRange(parsing: "1024"))
        #expect(!plain.contains(1024, unit: "bytes"))
        #expect(plain.contains(1024, unit: ""))
        #expect(plain.contains(1024, unit: "requests"))
    }

    func sample(labels: [String: [String]] = [:], numbers: [String: [Int64]] = [:]) -> Sample {
        Sample(locations: [0], values: [1], labels: labels, numLabels: numbers)
    }

    @Test func numericFilterWithAndWithoutKey() throws {
        let units = ["bytes": "bytes", "count": "count"]
        let any = try #require(try TagFilter.compile(option: "tagfocus", value: "1kb:2kb", numLabelUnits: units))
        #expect(any.isRange && any.key == nil)
        #expect(any.matches(sample(numbers: ["bytes": [100, 1500]])))
        #expect(!any.matches(sample(numbers: ["bytes": [100]])))
        let keyed = try #require(try TagFilter.compile(option: "tagfocus", value: "count=1kb:", numLabelUnits: units))
        #expect(keyed.key == "count")
        #expect(!keyed.matches(sample(numbers: ["bytes": [4096]])))
    }

    @Test func regexpFilterWithoutKeyMatchesKeyColonValueAndNeedsEveryPattern() throws {
        let f = try #require(try TagFilter.compile(option: "tagfocus", value: "state:run,^kind:", numLabelUnits: [:]))
        #expect(!f.isRange)
        #expect(f.matches(sample(labels: ["state": ["running"], "kind": ["x"]])))
        #expect(!f.matches(sample(labels: ["state": ["running"]])))
        let value = try #require(try TagFilter.compile(option: "tagfocus", value: "^running$", numLabelUnits: [:]))
        #expect(!value.matches(sample(labels: ["state": ["running"]])))  // "state:running" is what is matched
    }

    @Test func regexpFilterWithKeyMatchesValuesOfThatKeyWithAnyPattern() throws {
        let f = try #require(try TagFilter.compile(option: "tagfocus", value: "state=^idle$,^run", numLabelUnits: [:]))
        #expect(f.key == "state")
        #expect(f.matches(sample(labels: ["state": ["running"]])))
        #expect(f.matches(sample(labels: ["state": ["x", "idle"]])))
        #expect(!f.matches(sample(labels: ["other": ["running"]])))
    }

    @Test func emptyValueIsNoFilterAndBadRegexpNamesTheOption() throws {
        #expect(try TagFilter.compile(option: "tagfocus", value: "", numLabelUnits: [:]) == nil)
        #expect(throws: ProfileError.self) { try TagFilter.compile(option: "tagignore", value: "a(", numLabelUnits: [:]) }
        do {
            _ = try TagFilter.compile(option: "tagignore", value: "a(", numLabelUnits: [:])
        } catch let error as ProfileError {
            #expect(error.message.hasPrefix("parsing tagignore regexp: "))
        }
    }

    @Test func filterSamplesByTagKeepsFocusedAndNotIgnored() throws {
        var b = FilterTestProfile()
        b.sample("main;a", 1, labels: ["k": ["x"]])
        b.sample("main;b", 2, labels: ["k": ["y"]])
        b.sample("main;c", 3)
        var p = b.profile
        let focus = try TagFilter.compile(option: "tagfocus", value: "k=.", numLabelUnits: [:])
        let ignore = try TagFilter.compile(option: "tagignore", value: "k=y", numLabelUnits: [:])
        let m = p.filterSamplesByTag(focus: focus, ignore: ignore)
        #expect(m.focus && m.ignore)
        #expect(p.stacks == ["main;a 1"])
    }

    @Test func filterTagsByNameRemovesKeys() throws {
        var b = FilterTestProfile()
        b.sample("main", 1, labels: ["keep": ["1"], "drop": ["2"]], numLabels: ["bytes": [8]], numUnits: ["bytes": ["bytes"]])
        var p = b.profile
        let m = p.filterTagsByName(show: try Pattern("keep|bytes"), hide: try Pattern("bytes"))
        #expect(m.show && m.hide)
        #expect(p.samples[0].labels == ["keep": ["1"]])
        #expect(p.samples[0].numLabels.isEmpty && p.samples[0].numUnits.isEmpty)
    }
}
