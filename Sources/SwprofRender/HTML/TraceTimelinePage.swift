import SwprofCore

/// Links between the trace's pages that carry a time window.
public enum TraceLinks {
    /// `/trace/timeline` for `window` (offsets from `traceStart`), optionally
    /// focused on a goroutine, at a width, from a proc lane.
    public static func timeline(_ window: TraceTimelineWindow, traceStart: Int64, focus: Int64? = nil,
                                width: Int? = nil, lane: Int? = nil) -> String {
        var url = "/trace/timeline?start=\(window.start - traceStart)&end=\(window.end - traceStart)"
        if let focus { url += "&g=\(focus)" }
        if let width, width != TraceTimelinePage.defaultWidth { url += "&w=\(width)" }
        if let lane, lane > 0 { url += "&lane=\(lane)" }
        return url
    }

    /// The timeline around `start`...`end` (absolute), with a margin of a tenth each side.
    public static func timeline(around start: Int64, _ end: Int64, traceStart: Int64, traceEnd: Int64,
                                focus: Int64? = nil) -> String {
        let margin = max(1, (end - start) / 10)
        let window = TraceTimelineWindow.clamped(
            from: start - margin - traceStart, to: end + margin - traceStart, traceStart: traceStart, traceEnd: traceEnd)
        return timeline(window, traceStart: traceStart, focus: focus)
    }

}

/// `/trace/timeline`: the trace's timeline as server-rendered SVG, a lane per
/// proc plus GC and stop-the-world lanes, for a time window given in the URL.
/// Slices a few pixels wide are drawn with a tooltip (goroutine, start
/// function, the stack it resumed at, why it stopped) and link to that
/// goroutine's timeline; narrower ones are summed per pixel column into a
/// density shade, so the page stays small however many events the window holds.
public enum TraceTimelinePage {
    public static let defaultWidth = 1200
    public static let widths = 300...4000
    /// Proc lanes per page, and marks (slices drawn on their own) per page.
    public static let lanesPerPage = 32
    public static let maxMarks = 1000
    /// Frames of the resume stack shown in a tooltip.
    static let tooltipFrames = 5

    static let labelWidth = 64.0
    static let laneHeight = 18.0
    static let laneGap = 4.0
    static let rulerHeight = 26.0

    public struct Input {
        public var name: String
        public var timeline: TraceTimeline
        public var window: TraceTimelineWindow
        public var width: Int
        public var focus: Int64?
        public var firstLane: Int
        /// Goroutine start functions by ID.
        public var names: [Int64: String]
        /// Where the page's links lead.
        public var links = PageLinks.server()

        public init(name: String, timeline: TraceTimeline, window: TraceTimelineWindow, width: Int, focus: Int64?,
                    firstLane: Int, names: [Int64: String]) {
            self.name = name
            self.timeline = timeline
            self.window = window
            self.width = width
            self.focus = focus
            self.firstLane = firstLane
            self.names = names
        }
    }

    public static func page(_ input: Input) -> String {
        let t = input.timeline
        let layout = TraceTimelineLayout(t, window: input.window, width: input.width, focus: input.focus,
                                         firstLane: input.firstLane, maxLanes: lanesPerPage, maxMarks: maxMarks)
        let w = input.window
        func link(_ window: TraceTimelineWindow, lane: Int? = nil) -> String {
            TraceLinks.timeline(window, traceStart: t.start, focus: input.focus, width: input.width,
                                                lane: lane ?? layout.firstLane)
        }
        func offset(_ time: Int64) -> String { Escape.html(TraceSummary.durationText(time - t.start)) }
        var b = "<p><a \(input.links.attribute("/trace"))>← \(Escape.html(input.name))</a></p>\n<h1>Timeline</h1>\n"
        b += "<p class=\"trace-nav\">\(offset(w.start)) – \(offset(w.end)) "
        b += "(\(Escape.html(TraceSummary.durationText(w.span))) of \(Escape.html(TraceSummary.durationText(t.end - t.start))))"
        let whole = TraceTimelineWindow(start: t.start, end: t.end)
        let moves: [(String, TraceTimelineWindow)] = [
            ("Zoom in", w.zoomedIn(traceStart: t.start, traceEnd: t.end)),
            ("Zoom out", w.zoomedOut(traceStart: t.start, traceEnd: t.end)),
            ("← Earlier", w.panned(-1, traceStart: t.start, traceEnd: t.end)),
            ("Later →", w.panned(1, traceStart: t.start, traceEnd: t.end)),
            ("Whole trace", whole),
        ]
        for (title, target) in moves {
            b += target == w ? " · <span class=\"off\">\(title)</span>" : " · <a \(input.links.attribute(link(target)))>\(title)</a>"
        }
        b += "</p>\n<p class=\"trace-nav\">Width:"
        for (title, pixels) in [("600 px", 600), ("1200 px", 1200), ("2400 px", 2400)] {
            let href = TraceLinks.timeline(w, traceStart: t.start, focus: input.focus, width: pixels,
                                                           lane: layout.firstLane)
            b += pixels == input.width ? " <b>\(title)</b>" : " <a \(input.links.attribute(href))>\(title)</a>"
        }
        b += "</p>\n"
        if let focus = input.focus {
            let name = input.names[focus].map { " " + ($0.isEmpty ? "(no start function seen)" : $0) } ?? ""
            b += "<p>Goroutine <span class=\"fg-key\">G\(focus)\(Escape.html(name))</span> is highlighted. "
            b += "<a \(input.links.attribute(TraceLinks.timeline(w, traceStart: t.start, width: input.width, lane: layout.firstLane)))>Clear</a></p>\n"
        }
        if layout.procLanes > lanesPerPage {
            var pages: [String] = []
            for first in stride(from: 0, to: layout.procLanes, by: lanesPerPage) {
                let title = "procs \(first)–\(min(layout.procLanes, first + lanesPerPage) - 1)"
                pages.append(first == layout.firstLane ? "<b>\(title)</b>" : "<a \(input.links.attribute(link(w, lane: first)))>\(title)</a>")
            }
            b += "<p>\(layout.procLanes) proc lanes, \(lanesPerPage) a page: \(pages.joined(separator: " · "))</p>\n"
        }
        b += "<div class=\"scroll timeline\">" + svg(layout, input) + "</div>\n"
        b += "<p class=\"legend\">Each slice is a goroutine running on a proc; hover for the goroutine, its start "
        b += "function, where it resumed and why it stopped; click to follow that goroutine. Shaded columns merge "
        b += "slices narrower than a pixel or two (darker: busier). Click the ruler to zoom into a tenth.</p>\n"
        return TracePages.document(links: input.links, title: "swprof: timeline of \(input.name)", body: b, style: style)
    }

    static let style = """
        .timeline svg{font:11px sans-serif;display:block}.timeline .lane-bg{fill:#f4f4f4}
        .timeline .d1{fill:#c6dbef}.timeline .d2{fill:#9ecae1}.timeline .d3{fill:#6baed6}.timeline .d4{fill:#3182bd}
        .timeline .g1{fill:#fdd0a2}.timeline .g2{fill:#fdae6b}.timeline .g3{fill:#fd8d3c}.timeline .g4{fill:#e6550d}
        .timeline .s1{fill:#fcbba1}.timeline .s2{fill:#fc9272}.timeline .s3{fill:#ef3b2c}.timeline .s4{fill:#a50f15}
        .timeline .c0{fill:#8dd3c7}.timeline .c1{fill:#fdb462}.timeline .c2{fill:#bebada}.timeline .c3{fill:#fb8072}
        .timeline .c4{fill:#80b1d3}.timeline .c5{fill:#b3de69}.timeline .c6{fill:#fccde5}.timeline .c7{fill:#ffed6f}
        .timeline .fg,.timeline .fo{fill:#d62728}.timeline .dim{opacity:.35}.timeline .gc{fill:#ff7f0e}.timeline .stw{fill:#d62728}
        .timeline .zone{fill:transparent}.timeline .zone:hover{fill:rgba(0,0,0,.08)}.timeline .tick{stroke:#999}
        .timeline .grid{stroke:#e0e0e0}.timeline text.in{fill:#111;pointer-events:none}
        .fg-key{color:#d62728;font-weight:bold}.trace-nav .off{color:#888}.trace-nav a,.trace-nav span{white-space:nowrap}
        @media (prefers-color-scheme: dark){.timeline .lane-bg{fill:#2a2a2a}.timeline text{fill:#ddd}
        .timeline text.in{fill:#111}.timeline .grid{stroke:#444}}
        """

    static func svg(_ layout: TraceTimelineLayout, _ input: TraceTimelinePage.Input) -> String {
        let t = input.timeline
        let w = layout.window
        let width = Double(layout.width)
        let totalWidth = labelWidth + width + 8
        let height = rulerHeight + Double(layout.lanes.count) * (laneHeight + laneGap) + 4
        var budget = markBytes
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(totalWidth))\" height=\"\(Int(height))\" "
        s += "viewBox=\"0 0 \(Int(totalWidth)) \(Int(height))\" role=\"img\" aria-label=\"Timeline\">\n"
        // The ruler: ten zones to zoom into, and ticks labelled from the trace's start.
        for part in 0..<10 {
            let target = w.part(part, of: 10, traceStart: t.start, traceEnd: t.end)
            let href = TraceLinks.timeline(target, traceStart: t.start, focus: input.focus,
                                                           width: input.width, lane: layout.firstLane)
            s += "<a \(input.links.attribute(href))><rect class=\"zone\" x=\(q(labelWidth + width * Double(part) / 10)) y=\"0\" "
            s += "width=\(q(width / 10)) height=\(q(rulerHeight))><title>Zoom into "
            s += "\(Escape.html(TraceSummary.durationText(target.start - t.start)))–"
            s += "\(Escape.html(TraceSummary.durationText(target.end - t.start)))</title></rect></a>\n"
        }
        for tick in w.ticks(width: layout.width, origin: t.start) {
            let x = labelWidth + tick.x
            s += "<line class=\"grid\" x1=\(q(x)) y1=\(q(rulerHeight - 6)) x2=\(q(x)) y2=\(q(height))/>"
            s += "<text x=\(q(x + 2)) y=\"14\">\(Escape.html(TraceSummary.durationText(tick.offset)))</text>\n"
        }
        for (index, lane) in layout.lanes.enumerated() {
            let y = rulerHeight + Double(index) * (laneHeight + laneGap)
            let name = TraceTimeline.name(lane.kind)
            let share = w.span > 0 ? Double(lane.busy) / Double(w.span) * 100 : 0
            s += "<g><title>\(name): \(lane.count) \(lane.kind.isProc ? "slices" : "spans") in the window, "
            s += "busy \(formatPercent(share))</title>"
            s += "<text x=\"4\" y=\(q(y + 13))>\(name)</text>"
            s += "<rect class=\"lane-bg\" x=\(q(labelWidth)) y=\(q(y)) width=\(q(width)) height=\(q(laneHeight))/></g>\n"
            for level in 1...TraceTimelineLayout.levels {
                let runs = lane.density.filter { $0.level == level }
                if runs.isEmpty { continue }
                let shade = lane.kind.isProc ? "d" : (lane.kind == .gc ? "g" : "s")
                s += "<path class=\"\(input.focus == nil ? "" : "dim ")\(shade)\(level)\" d=\""
                for r in runs { s += "M\(Int(labelWidth) + r.x) \(Int(y))h\(r.width)v\(Int(laneHeight))h-\(r.width)z" }
                s += "\"/>\n"
            }
            if !lane.focus.isEmpty {
                s += "<path class=\"fo\" d=\""
                for r in lane.focus { s += "M\(Int(labelWidth) + r.x) \(Int(y))h\(r.width)v\(Int(laneHeight))h-\(r.width)z" }
                s += "\"/>\n"
            }
            for mark in lane.marks {
                // Past the budget, tooltips leave out the stacks.
                let drawn = self.mark(mark, y: y, lane: lane.kind, input, stacks: budget > 0)
                budget -= drawn.utf8.count
                s += drawn
            }
        }
        s += "</svg>"
        return s
    }

    /// Bytes of marks drawn with their stacks; the ones after get short tooltips.
    static let markBytes = 700_000

    static func mark(_ mark: TraceTimelineLayout.Mark, y: Double, lane: TraceTimeline.LaneKind, _ input: Input,
                     stacks: Bool = true) -> String {
        let t = input.timeline
        let iv = mark.interval
        let x = labelWidth + mark.x
        let rect = "x=\(q(x)) y=\(q(y)) width=\(q(max(1, mark.width))) height=\(q(laneHeight))"
        let span = "\(TraceSummary.durationText(iv.end - iv.start)) (\(TraceSummary.durationText(iv.start - t.start)) – "
            + "\(TraceSummary.durationText(iv.end - t.start)))"
        let label = iv.label >= 0 && Int(iv.label) < t.labels.count ? String(t.labels[Int(iv.label)].prefix(200)) : ""
        guard iv.goroutine >= 0 else {
            let cls = lane == .gc ? "gc" : "stw"
            return "<rect class=\"\(cls)\" \(rect)><title>\(Escape.html(label + "\n" + span))</title></rect>\n"
        }
        let g = iv.goroutine
        let function = input.names[g].map { $0.isEmpty ? "(no start function seen)" : String($0.prefix(160)) } ?? ""
        var title = "G\(g) \(function)\n\(span)"
        if stacks, iv.startStack >= 0, Int(iv.startStack) < t.stacks.count {
            let frames = t.stacks[Int(iv.startStack)]
            title += "\nresumed at:"
            for f in frames.prefix(tooltipFrames) { title += "\n  " + frameText(f) }
            if frames.count > tooltipFrames { title += "\n  … \(frames.count - tooltipFrames) more" }
        }
        if !label.isEmpty {
            title += "\n" + label
            if stacks, iv.endStack >= 0, Int(iv.endStack) < t.stacks.count, let top = t.stacks[Int(iv.endStack)].first {
                title += " at " + frameText(top)
            }
        }
        let cls = input.focus == g ? "fg" : (input.focus == nil ? "c\(Int(g.magnitude % 8))" : "dim c\(Int(g.magnitude % 8))")
        // Following the goroutine: this window, its slices highlighted.
        let href = TraceLinks.timeline(
            input.window, traceStart: t.start, focus: g, width: input.width, lane: input.firstLane)
        var out = "<a \(input.links.attribute(href))><rect class=\"\(cls)\" \(rect)><title>\(Escape.html(title))</title></rect>"
        if mark.width > 40 {
            let text = fit("G\(g) \(function)", pixels: mark.width - 6)
            out += "<text class=\"in\" x=\(q(x + 3)) y=\(q(y + 13))>\(Escape.html(text))</text>"
        }
        return out + "</a>\n"
    }

    /// `function (file:line)` with the file's last path element.
    static func frameText(_ f: ExecutionTraceFrame) -> String {
        let file = f.file.split(separator: "/").last.map(String.init) ?? f.file
        return "\(String(f.function.prefix(160))) (\(String(file.prefix(80))):\(f.line))"
    }

    /// Text cut to about `pixels` at 11 px sans-serif (6 px a character).
    static func fit(_ text: String, pixels: Double) -> String {
        let n = max(0, Int(pixels / 6.2))
        if text.count <= n { return text }
        return n <= 1 ? "" : String(text.prefix(n - 1)) + "…"
    }

    static func q(_ v: Double) -> String {
        let rounded = (v * 10).rounded() / 10
        return rounded == rounded.rounded() ? "\"\(Int(rounded))\"" : "\"\(rounded)\""
    }

    static func formatPercent(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return "\(r)%"
    }
}

extension TraceTimeline.LaneKind {
    var isProc: Bool {
        if case .proc = self { return true }
        return false
    }
}
