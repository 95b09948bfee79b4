import Foundation
import Testing

@testable import SwprofCore

/// The trace views' numbers (user tasks, regions, MMU) against what Go 1.27's
/// `go tool trace` shows for the same traces (Tests/Fixtures/traces/ui, from
/// scripts/gen-trace-ui-golden.sh), and the timeline's invariants.
@Suite struct TraceViewsTests {
    static let traces = Fixtures.root.appendingPathComponent("traces")
    static let names = ["annotated-go127", "annotated-go119", "blocking-go127", "blocking-go119", "ticker-go127", "ticker-go119"]

    static func read(_ name: String) throws -> (TraceViews, TraceReadOutcome, ExecutionTraceProfiles) {
        let bytes = [UInt8](try Data(contentsOf: traces.appendingPathComponent(name + ".trace")))
        let (views, outcome) = try TraceViews.read(bytes)
        let all = try ExecutionTraceProfiles.read(bytes, source: name, summarize: true)
        return (views, outcome, all)
    }

    static func expected(_ name: String, _ suffix: String) throws -> String {
        try String(contentsOf: traces.appendingPathComponent("ui/\(name).\(suffix)"), encoding: .utf8)
    }

    static func histogramText(_ h: TraceTimeHistogram) -> String {
        h.nonEmpty.map { TraceSummary.durationText(TraceTimeHistogram.bucketMin($0.bucket)) + "=\($0.count)" }
            .joined(separator: " ")
    }

    @Test(arguments: names)
    func taskTypesCountsAndHistogramsAreGos(_ name: String) throws {
        let (views, outcome, _) = try Self.read(name)
        let rows = views.annotations.taskGroups().map { "\($0.name)\t\($0.count)\t\(Self.histogramText($0.histogram))" }
        let expected = try Self.expected(name, "usertasks.tsv").split(separator: "\n").map(String.init)
        #expect(rows == expected, "\(name): tasks differ from go tool trace's /usertasks")
        _ = outcome
    }

    @Test(arguments: names)
    func regionGroupsCountsAndHistogramsAreGos(_ name: String) throws {
        let (views, outcome, _) = try Self.read(name)
        let rows = views.annotations.regionGroups(traceStart: outcome.startTime, traceEnd: outcome.endTime).map { g in
            let f = g.frame
            let frame = "\(f?.function ?? "") @ 0x\(String(f?.pc ?? 0, radix: 16))\t\(f?.file ?? ""):\(f?.line ?? 0)"
            return "\"\(g.name)\"\t\(frame)\t\(g.count)\t\(Self.histogramText(g.histogram))"
        }
        let expected = try Self.expected(name, "userregions.tsv").split(separator: "\n").map(String.init)
        #expect(rows == expected, "\(name): regions differ from go tool trace's /userregions")
    }

    struct GoPlot: Decodable {
        var xMin: Int64
        var xMax: Int64
        var curve: [[Double]]
    }

    @Test(arguments: names)
    func mmuPlotIsGos(_ name: String) throws {
        let (views, _, _) = try Self.read(name)
        for (suffix, utilization) in [("mmu.json", views.utilization), ("mmu-perproc.json", views.perProcUtilization)] {
            let text = try Self.expected(name, suffix)
            let plot = TraceMMUCurve(utilization.series).plot()
            if text.hasPrefix("null") {
                // Go's handler fails on a trace without a GOMAXPROCS event; swprof has no curve.
                #expect(plot.isEmpty, "\(name) \(suffix)")
                continue
            }
            let go = try JSONDecoder().decode(GoPlot.self, from: Data(text.utf8))
            try #require(plot.count == go.curve.count, "\(name) \(suffix)")
            #expect(plot.first!.window == go.xMin || abs(plot.first!.window - go.xMin) <= 1)
            for (mine, theirs) in zip(plot, go.curve) {
                #expect(abs(Double(mine.window) - theirs[0]) <= 1, "\(name) \(suffix): window \(mine.window) vs \(theirs[0])")
                #expect(abs(mine.minimum.util - theirs[1]) < 1e-9,
                        "\(name) \(suffix): MMU(\(mine.window)) = \(mine.minimum.util), Go \(theirs[1])")
            }
        }
    }

    /// The MMU of a hand-made utilization function, worked out by hand.
    @Test func mmuOfAKnownFunction() {
        // 1 until 100, 0.5 until 200, 0 until 250, 1 until 1000, then the end (0).
        let points: [TraceMutatorUtilization.Point] = [
            .init(time: 0, util: 1), .init(time: 100, util: 0.5), .init(time: 200, util: 0),
            .init(time: 250, util: 1), .init(time: 1000, util: 0),
        ]
        let curve = TraceMMUCurve([points])
        #expect(curve.mmu(50).util == 0)
        #expect(curve.mmu(50).start >= 200 && curve.mmu(50).start <= 200)
        // 100 wide: worst is [150, 250]: 50*0.5 + 50*0 = 25 → 0.25.
        #expect(abs(curve.mmu(100).util - 0.25) < 1e-12)
        #expect(curve.mmu(100).start == 150)
        // 1000 wide: the whole function: (100 + 50 + 0 + 750) / 1000.
        #expect(abs(curve.mmu(1000).util - 0.9) < 1e-12)
        #expect(abs(curve.mmu(5000).util - 0.9) < 1e-12)
        #expect(curve.mmu(0).util == 0)
        #expect(curve.mmu(1).util == 0)  // as Go computes it (see TraceMMUCurve.mmu)
        #expect(curve.mmu(2).util == 0)
    }

    @Test func timeHistogramBucketsAreFivePerDecade() {
        #expect(TraceTimeHistogram.bucket(0) == 0)
        #expect(TraceTimeHistogram.bucket(1_100_000) == 30)
        #expect(TraceTimeHistogram.bucket(150_000) == 25 && TraceTimeHistogram.bucket(160_000) == 26)
        #expect(TraceSummary.durationText(TraceTimeHistogram.bucketMin(26)) == "158.489µs")
        var h = TraceTimeHistogram()
        for d: Int64 in [150_000, 160_000, 2_000_000] { h.add(d) }
        #expect(h.count == 3 && h.nonEmpty.map(\.count) == [1, 1, 1])
    }

    /// Slices on a proc never overlap, and a goroutine's slices add up to its
    /// execution time in the goroutine summary (for goroutines created in the trace).
    @Test(arguments: names)
    func timelineSlicesMatchTheGoroutineSummary(_ name: String) throws {
        let (views, outcome, all) = try Self.read(name)
        let timeline = views.timeline
        #expect(timeline.start == outcome.startTime)
        var exec: [Int64: Int64] = [:]
        var procLanes = 0
        for lane in timeline.lanes {
            guard case .proc = lane.kind else { continue }
            procLanes += 1
            for (a, b) in zip(lane.intervals, lane.intervals.dropFirst()) {
                #expect(a.end <= b.start, "\(name) \(TraceTimeline.name(lane.kind)): overlapping slices")
            }
            for iv in lane.intervals {
                #expect(iv.start <= iv.end)
                exec[iv.goroutine, default: 0] += iv.end - iv.start
            }
        }
        #expect(procLanes > 0)
        let summary = try #require(all.summary)
        var checked = 0
        for g in summary.goroutines.values where g.creationTime > outcome.startTime && g.execTime > 0 {
            #expect(exec[g.id] == g.execTime, "\(name): G\(g.id) slices \(exec[g.id] ?? 0) vs exec \(g.execTime)")
            checked += 1
        }
        #expect(checked > 0)
        // Stacks in the tooltips: most slices know where they resumed.
        let slices = timeline.lanes.flatMap(\.intervals).filter { $0.goroutine >= 0 }
        #expect(slices.filter { $0.startStack >= 0 }.count * 2 > slices.count)
    }

    @Test func timelineHasGCAndSTWSpans() throws {
        let (views, _, all) = try Self.read("annotated-go127")
        let gc = try #require(views.timeline.lanes.first { $0.kind == .gc })
        let stw = try #require(views.timeline.lanes.first { $0.kind == .stw })
        #expect(gc.intervals.count == all.summary!.gcCount)
        #expect(!stw.intervals.isEmpty)
        #expect(stw.intervals.allSatisfy { views.timeline.labels[Int($0.label)].hasPrefix("stop-the-world (") })
    }

    /// However many slices fall in the window, a lane has at most `width`
    /// density runs and the layout a bounded number of marks; the density
    /// accounts for the time the slices cover.
    @Test func layoutIsBoundedPerPixel() {
        var lane = TraceTimeline.Lane(kind: .proc(0))
        // 200k slices of 30 ns every 50 ns, then one wide slice.
        for i in 0..<200_000 {
            lane.append(.init(start: Int64(i) * 50, end: Int64(i) * 50 + 30, goroutine: Int64(i % 7)))
        }
        lane.append(.init(start: 10_000_000, end: 20_000_000, goroutine: 99))
        lane.seal()
        let window = TraceTimelineWindow(start: 0, end: 20_000_000)
        let laid = TraceTimelineLayout.lay(lane, window: window, width: 1000, minWide: 2, focus: nil)
        #expect(laid.count == 200_001)
        #expect(laid.marks.count == 1 && laid.marks[0].interval.goroutine == 99)
        #expect(laid.density.count <= 1000)
        #expect(laid.density.reduce(0) { $0 + $1.width } == 500)  // the first 10 ms: 500 columns
        #expect(laid.density.allSatisfy { $0.level == 3 })  // 60% busy → level 3 of 4
        #expect(laid.busy == 200_000 * 30 + 10_000_000)
        // Focused on goroutine 3: its narrow slices are marked per column.
        let focused = TraceTimelineLayout.lay(lane, window: window, width: 1000, minWide: 2, focus: 3)
        #expect(!focused.focus.isEmpty && focused.focus.count <= 1000)
        // Many lanes at a great width: density is summed over bins of several pixels.
        let many = TraceTimeline(procLanes: Array(repeating: lane, count: 40), stacks: [], labels: [], start: 0, end: 20_000_000)
        let wide = TraceTimelineLayout(many, window: window, width: 4000, maxLanes: 40)
        let runs = wide.lanes.reduce(0) { $0 + $1.density.count }
        #expect(runs <= TraceTimelineLayout.maxColumns)
        #expect(wide.lanes[0].density.reduce(0) { $0 + $1.width } == 2000)  // still the first half of 4000 px
        // A window inside one slice.
        let inside = TraceTimelineLayout.lay(lane, window: .init(start: 12_000_000, end: 13_000_000), width: 1000, minWide: 2, focus: nil)
        #expect(inside.marks.count == 1 && inside.marks[0].x == 0 && inside.marks[0].width == 1000)
    }

    @Test func windowMovesStayInsideTheTrace() {
        let (s, e): (Int64, Int64) = (1_000, 1_000_001_000)
        let all = TraceTimelineWindow.clamped(from: nil, to: nil, traceStart: s, traceEnd: e)
        #expect(all == .init(start: s, end: e))
        #expect(all.zoomedOut(traceStart: s, traceEnd: e) == all)
        let zin = all.zoomedIn(traceStart: s, traceEnd: e)
        #expect(zin.start == s + 250_000_000 && zin.end == s + 750_000_000)
        #expect(zin.panned(-1, traceStart: s, traceEnd: e).start == s)
        #expect(zin.panned(-4, traceStart: s, traceEnd: e).span == zin.span)
        #expect(zin.panned(5, traceStart: s, traceEnd: e).end == e)
        let tiny = TraceTimelineWindow.clamped(from: 500, to: 500, traceStart: s, traceEnd: e)
        #expect(tiny.span == TraceTimelineWindow.minimumSpan)
        let reversed = TraceTimelineWindow.clamped(from: 900, to: -5, traceStart: s, traceEnd: e)
        #expect(reversed.start == s && reversed.span == TraceTimelineWindow.minimumSpan)
        let backwards = TraceTimelineWindow.clamped(from: 9_000, to: 2_000, traceStart: s, traceEnd: e)
        #expect(backwards.start == s + 2_000 && backwards.end == s + 9_000)
        #expect(all.part(9, of: 10, traceStart: s, traceEnd: e).end == e)
        let ticks = all.ticks(width: 1200, origin: s)
        #expect(ticks.count >= 5 && ticks.count <= 12 && ticks.first!.offset == 0)
    }
}
