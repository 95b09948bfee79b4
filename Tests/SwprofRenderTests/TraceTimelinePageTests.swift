import Foundation
import Testing

@testable import SwprofCore
@testable import SwprofRender

/// The timeline page stays under 2 MB however many slices the window holds,
/// and escapes what the trace names.
@Suite struct TraceTimelinePageTests {
    /// 64 procs, each with 40k slices of every width from 10 ns to 5 ms,
    /// with long hostile stacks.
    static func bigTimeline() -> TraceTimeline {
        let hostile = String(repeating: "<script>alert(\"x\")</script>&", count: 20)
        let frames = (0..<32).map { i in
            ExecutionTraceFrame(pc: UInt64(i), function: "pkg.\(hostile).f\(i)", file: "/src/\(hostile)/f.go", line: UInt64(i))
        }
        var rng = SplitMix(seed: 42)
        var lanes: [TraceTimeline.Lane] = []
        for p in 0..<64 {
            var lane = TraceTimeline.Lane(kind: .proc(Int64(p)))
            var t: Int64 = 0
            for i in 0..<40_000 {
                let length = Int64(rng.next() % (i % 50 == 0 ? 5_000_000 : 2_000)) + 10
                lane.append(.init(start: t, end: t + length, goroutine: Int64(rng.next() % 5000), startStack: 0,
                                  endStack: 0, label: 0))
                t += length + Int64(rng.next() % 500)
            }
            lanes.append(lane)
        }
        return TraceTimeline(procLanes: lanes, stacks: [frames], labels: ["blocked: " + hostile], start: 0,
                             end: lanes.map { $0.intervals.last!.end }.max()!)
    }

    @Test func pageIsSmallAtEveryZoomAndEscapesNames() {
        let timeline = Self.bigTimeline()
        var names: [Int64: String] = [:]
        for g in 0..<5000 { names[Int64(g)] = "main.<b>worker</b>" }
        var window = TraceTimelineWindow(start: timeline.start, end: timeline.end)
        var sizes: [Int] = []
        for _ in 0..<10 {
            for width in [600, 4000] {
                for lane in [0, 32] {
                    let input = TraceTimelinePage.Input(name: "big<trace>", timeline: timeline, window: window, width: width,
                                                        focus: 7, firstLane: lane, names: names)
                    let html = TraceTimelinePage.page(input)
                    sizes.append(html.utf8.count)
                    #expect(html.utf8.count < 2_000_000, "\(window) at \(width) px: \(html.utf8.count) bytes")
                    #expect(!html.contains("<script>") && !html.contains("<b>worker"))
                }
            }
            window = window.zoomedIn(traceStart: timeline.start, traceEnd: timeline.end)
        }
        #expect(sizes.max()! > 100_000, "the pages draw something: \(sizes.max()!)")
    }
}
