/// A time window of the timeline (absolute nanoseconds) and the moves its
/// page links to: zoom in and out about the middle, pan by half a window.
public struct TraceTimelineWindow: Sendable, Equatable {
    public var start: Int64
    public var end: Int64

    /// The narrowest window the links zoom to.
    public static let minimumSpan: Int64 = 1_000

    public init(start: Int64, end: Int64) {
        self.start = start
        self.end = end
    }

    public var span: Int64 { end - start }

    /// The window `from`...`to`, given as offsets from the trace's start (nil:
    /// the trace's start or end), kept inside the trace and at least
    /// `minimumSpan` wide (as far as the trace allows).
    public static func clamped(from: Int64?, to: Int64?, traceStart: Int64, traceEnd: Int64) -> Self {
        let length = max(0, traceEnd - traceStart)
        var a = min(max(from ?? 0, 0), length)
        var b = min(max(to ?? length, 0), length)
        if b < a { swap(&a, &b) }
        if b - a < minimumSpan {
            let grow = minimumSpan - (b - a)
            a = max(0, a - grow / 2)
            b = min(length, a + minimumSpan)
            a = max(0, b - minimumSpan)
        }
        return Self(start: traceStart + a, end: traceStart + b)
    }

    /// This window moved and resized within the trace (`clamped` again).
    func moved(start: Int64, end: Int64, traceStart: Int64, traceEnd: Int64) -> Self {
        let span = end - start
        var s = start, e = end
        if s < traceStart { s = traceStart; e = min(traceEnd, s + span) }
        if e > traceEnd { e = traceEnd; s = max(traceStart, e - span) }
        return Self.clamped(from: s - traceStart, to: e - traceStart, traceStart: traceStart, traceEnd: traceEnd)
    }

    public func zoomedIn(traceStart: Int64, traceEnd: Int64) -> Self {
        let quarter = span / 4
        return moved(start: start + quarter, end: end - quarter, traceStart: traceStart, traceEnd: traceEnd)
    }

    public func zoomedOut(traceStart: Int64, traceEnd: Int64) -> Self {
        let half = span / 2
        return moved(start: start - half, end: end + half, traceStart: traceStart, traceEnd: traceEnd)
    }

    /// Half a window earlier (negative `halves`) or later.
    public func panned(_ halves: Int64, traceStart: Int64, traceEnd: Int64) -> Self {
        let step = span / 2 * halves
        return moved(start: start + step, end: end + step, traceStart: traceStart, traceEnd: traceEnd)
    }

    /// The `part`-th of `parts` equal parts of this window.
    public func part(_ part: Int, of parts: Int, traceStart: Int64, traceEnd: Int64) -> Self {
        let width = span / Int64(parts)
        let s = start + width * Int64(part)
        return moved(start: s, end: part == parts - 1 ? end : s + width, traceStart: traceStart, traceEnd: traceEnd)
    }

    /// Tick marks about every `spacing` pixels over `width` pixels: round
    /// offsets from `origin` (1, 2 or 5 times a power of ten nanoseconds).
    public func ticks(width: Int, origin: Int64, spacing: Int = 120) -> [(x: Double, offset: Int64)] {
        guard span > 0, width > 0 else { return [] }
        let target = max(1, Double(span) * Double(spacing) / Double(width))
        var step: Int64 = 1
        search: while true {
            for m: Int64 in [1, 2, 5] where Double(step * m) >= target {
                step *= m
                break search
            }
            if step > Int64.max / 100 { break }
            step *= 10
        }
        var offset = ((start - origin) + step - 1) / step * step
        var ticks: [(Double, Int64)] = []
        while origin + offset <= end, ticks.count < 1000 {
            ticks.append((Double(origin + offset - start) / Double(span) * Double(width), offset))
            offset += step
        }
        return ticks
    }
}

/// The timeline of a window drawn per pixel column: slices at least a few
/// pixels wide are kept as marks of their own; narrower ones are summed per
/// column into a density (the share of the column's time something ran),
/// drawn as runs of columns of equal level. However many intervals fall in
/// the window, a lane has at most `width` runs, and the whole layout at most
/// about `maxMarks` marks.
public struct TraceTimelineLayout: Sendable {
    /// A slice or span wide enough to draw on its own, in pixels.
    public struct Mark: Sendable {
        public var x: Double
        public var width: Double
        public var interval: TraceTimeline.Interval
    }

    /// Adjacent columns of the same density level (1...4), in pixels.
    public struct Run: Sendable, Equatable {
        public var x: Int
        public var width: Int
        public var level: Int
    }

    public struct Lane: Sendable {
        public var kind: TraceTimeline.LaneKind
        public var marks: [Mark] = []
        public var density: [Run] = []
        /// Columns where the focused goroutine ran in slices too narrow to mark (level 1).
        public var focus: [Run] = []
        /// Intervals in the window, and the time they cover in it.
        public var count = 0
        public var busy: Int64 = 0
    }

    public var window: TraceTimelineWindow
    public var width: Int
    public var lanes: [Lane]
    /// Proc lanes in the trace, and the first one shown.
    public var procLanes: Int
    public var firstLane: Int

    public static let levels = 4
    /// Density columns a layout holds at most (lanes × columns); wider pictures
    /// sum the density over bins of several pixels.
    public static let maxColumns = 40_000

    /// Lays out `window` over `width` pixels: proc lanes `firstLane`
    /// ..< `firstLane + maxLanes`, then GC and STW. `focus` names a goroutine
    /// whose slices are drawn however narrow.
    public init(_ timeline: TraceTimeline, window: TraceTimelineWindow, width: Int, focus: Int64? = nil,
                firstLane: Int = 0, maxLanes: Int = 32, maxMarks: Int = 1500) {
        self.window = window
        self.width = max(1, width)
        let procs = timeline.lanes.filter { if case .proc = $0.kind { return true } else { return false } }
        let others = timeline.lanes.filter { if case .proc = $0.kind { return false } else { return true } }
        self.procLanes = procs.count
        self.firstLane = min(max(0, firstLane), max(0, procs.count - 1))
        let shown = Array(procs.dropFirst(self.firstLane).prefix(max(1, maxLanes))) + others
        let minWide = max(2.0, Double(shown.count * self.width) / Double(max(1, maxMarks)))
        let columns = self.width
        let bin = max(1, (shown.count * columns + Self.maxColumns - 1) / Self.maxColumns)
        lanes = shown.map { Self.lay($0, window: window, width: columns, minWide: minWide, focus: focus, bin: bin) }
    }

    /// One lane: marks for wide intervals, the rest summed per column of
    /// `bin` pixels.
    static func lay(_ lane: TraceTimeline.Lane, window: TraceTimelineWindow, width: Int, minWide: Double,
                    focus: Int64?, bin: Int = 1) -> Lane {
        var out = Lane(kind: lane.kind)
        guard window.span > 0 else { return out }
        let pxPerNs = Double(width) / Double(window.span)
        let maxMarks = Int(Double(width) / minWide) + 1
        let binCount = (width + bin - 1) / bin
        let binPx = Double(bin)
        var columns = [Double](repeating: 0, count: binCount)
        var focusColumns: [Bool] = []
        var i = lane.firstEnding(after: window.start)
        let intervals = lane.intervals
        while i < intervals.count {
            let iv = intervals[i]
            i += 1
            if iv.start >= window.end { break }
            let s = max(iv.start, window.start), e = min(iv.end, window.end)
            guard e >= s, iv.end > window.start || iv.start == window.start else { continue }
            out.count += 1
            out.busy += e - s
            let x0 = Double(s - window.start) * pxPerNs, x1 = Double(e - window.start) * pxPerNs
            if x1 - x0 >= minWide && out.marks.count < maxMarks {
                out.marks.append(Mark(x: x0, width: x1 - x0, interval: iv))
                continue
            }
            let b0 = x0 / binPx, b1 = x1 / binPx
            if let focus, iv.goroutine == focus {
                if focusColumns.isEmpty { focusColumns = [Bool](repeating: false, count: binCount) }
                for c in min(binCount - 1, Int(b0))...min(binCount - 1, Int(b1)) { focusColumns[c] = true }
                continue
            }
            // Spread the slice over the columns it touches (a point still counts a little).
            let first = min(binCount - 1, Int(b0)), last = min(binCount - 1, Int(b1))
            for c in first...last {
                let overlap = min(b1, Double(c + 1)) - max(b0, Double(c))
                columns[c] += overlap > 0 ? overlap : 0.02
            }
        }
        out.density = runs(columns.map { $0 <= 0 ? 0 : min(levels, Int(($0 * Double(levels)).rounded(.up))) }, bin: bin,
                           width: width)
        if !focusColumns.isEmpty { out.focus = runs(focusColumns.map { $0 ? 1 : 0 }, bin: bin, width: width) }
        return out
    }

    /// Runs of equal non-zero levels, in pixels (`bin` pixels a column, cut at `width`).
    static func runs(_ levels: [Int], bin: Int = 1, width: Int = .max) -> [Run] {
        var out: [Run] = []
        var c = 0
        while c < levels.count {
            let level = levels[c]
            var d = c + 1
            while d < levels.count && levels[d] == level { d += 1 }
            if level > 0 { out.append(Run(x: c * bin, width: min(d * bin, width) - c * bin, level: level)) }
            c = d
        }
        return out
    }
}
