import Foundation

/// Mutator utilization over time, as Go's `internal/trace` defines it
/// (`MutatorUtilizationV2`): the share of procs (or, per proc, whether the
/// proc) left to the program rather than the garbage collector. GC
/// stop-the-world pauses take every proc; a background mark worker, a mark
/// assist (and, with `sweep`, sweeping) takes its proc while it runs.
public struct TraceMutatorUtilization: TraceConsumer, Sendable {
    public struct Flags: OptionSet, Sendable, Hashable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public static let stw = Flags(rawValue: 1)
        public static let background = Flags(rawValue: 2)
        public static let assist = Flags(rawValue: 4)
        public static let sweep = Flags(rawValue: 8)
        /// A function per proc instead of one for the whole system.
        public static let perProc = Flags(rawValue: 16)
        /// What `go tool trace`'s /mmu page includes by default.
        public static let goDefault: Flags = [.stw, .background, .assist]
    }

    /// The utilization from `time` on, until the next point.
    public struct Point: Sendable, Equatable {
        public var time: Int64
        public var util: Double
    }

    public let flags: Flags
    /// The utilization functions: one, or one per proc series with `perProc`.
    public private(set) var series: [[Point]] = []

    private struct Proc: Sendable {
        var gc = 0
        var series = 0
    }
    private var stw = 0
    private var procs: [Proc] = []
    private var procCounts: [(time: Int64, n: Int)] = []
    private var inGC: Set<Int64> = []
    private var bgMark: Set<Int64> = []
    private var states: [Int64: TraceGoState] = [:]
    private var syncs = 0
    private var lastTime: Int64?
    private var finished = false

    public init(flags: Flags = .goDefault) {
        self.flags = flags
    }

    private func isExecuting(_ s: TraceGoState) -> Bool { s == .running || s == .syscall }

    private func proc(_ p: Int64) -> Int? { p >= 0 && p < Int64(procs.count) ? Int(p) : nil }

    public mutating func consume(_ event: TraceEvent, tables: TraceGeneration) {
        typealias E = TraceEventType
        lastTime = event.time
        let time = event.time
        switch event.type {
        case E.syncMarker:
            syncs += 1
        case E.procsChange:
            setProcs(Int(clamping: min(event.args[0], 1 << 20)), at: time)
        default:
            break
        }
        if procs.isEmpty { return }
        switch event.type {
        case E.gcSweepActive, E.gcMarkAssistActive:
            // A range active since before the trace (only news in the first
            // generation): the time before counts against this proc.
            guard syncs <= 1 else { break }
            let assist = event.type == E.gcMarkAssistActive
            if !flags.contains(.perProc) {
                let applies = assist
                    ? flags.contains(.assist) && isExecuting(states[event.g] ?? .undetermined)
                    : flags.contains(.sweep)
                if applies { subtractOneProcSinceStart() }
            }
            beginRange(event, sweep: !assist)
        case E.gcSweepBegin, E.gcMarkAssistBegin:
            beginRange(event, sweep: event.type == E.gcSweepBegin)
        case E.gcSweepEnd, E.gcMarkAssistEnd:
            let sweep = event.type == E.gcSweepEnd
            if sweep ? flags.contains(.sweep) : flags.contains(.assist), let p = proc(event.p) {
                procs[p].gc -= 1
                if !sweep { inGC.remove(event.g) }
            }
        case E.stwBegin, E.stwEnd:
            if flags.contains(.stw), (tables.string(event.args[0]) ?? "").contains("GC") {
                stw += event.type == E.stwBegin ? 1 : -1
            }
        case E.goLabel:
            let label = tables.string(event.args[0]) ?? ""
            if flags.contains(.background), label.hasPrefix("GC "), label != "GC (idle)",
                !(flags.contains(.perProc) && label == "GC (dedicated)"), let p = proc(event.p)
            {
                bgMark.insert(event.g)
                procs[p].gc += 1
            }
        default:
            break
        }
        if let t = event.goTransition {
            if inGC.contains(t.goroutine) || bgMark.contains(t.goroutine), let p = proc(event.p) {
                let was = isExecuting(t.from), now = isExecuting(t.to)
                if !was && now { procs[p].gc += 1 } else if was && !now { procs[p].gc -= 1 }
            }
            states[t.goroutine] = t.to
        }
        record(at: time)
    }

    private mutating func beginRange(_ event: TraceEvent, sweep: Bool) {
        guard sweep ? flags.contains(.sweep) : flags.contains(.assist), let p = proc(event.p) else { return }
        procs[p].gc += 1
        if !sweep, event.g >= 0 { inGC.insert(event.g) }
    }

    private mutating func setProcs(_ n: Int, at time: Int64) {
        if procs.count > n {
            if flags.contains(.perProc) {
                for p in procs[n...] { add(Point(time: time, util: 0), to: p.series) }
            }
            procs.removeLast(procs.count - n)
        }
        while procs.count < n {
            var s = 0
            if flags.contains(.perProc) || series.isEmpty {
                s = series.count
                series.append([Point(time: time, util: 1)])
            }
            procs.append(Proc(series: s))
        }
        if procCounts.last?.n != n { procCounts.append((time, n)) }
    }

    /// One proc's share taken from every point so far (Go's fix-up for a
    /// range found active at the start of the trace).
    private mutating func subtractOneProcSinceStart() {
        var pi = 0
        var mi = 0
        while mi < series[0].count {
            if pi < procCounts.count - 1 && procCounts[pi + 1].time < series[0][mi].time {
                pi += 1
                continue
            }
            series[0][mi].util = max(0, series[0][mi].util - 1 / Double(procCounts[pi].n))
            mi += 1
        }
    }

    private mutating func record(at time: Int64) {
        if !flags.contains(.perProc) {
            // (stw can go below 0 on an end whose begin preceded the trace; Go tests > 0.)
            var gcProcs = procs.count
            if stw <= 0 {
                gcProcs = 0
                for p in procs where p.gc > 0 { gcProcs += 1 }
            }
            add(Point(time: time, util: 1 - Double(gcProcs) / Double(procs.count)), to: 0)
        } else {
            for p in procs {
                add(Point(time: time, util: stw > 0 || p.gc > 0 ? 0 : 1), to: p.series)
            }
        }
    }

    /// Go's `addUtil`: a point only when the utilization changes, the lowest at one time.
    private mutating func add(_ point: Point, to s: Int) {
        if let last = series[s].last {
            if last.util == point.util { return }
            if last.time == point.time {
                if point.util < last.util { series[s][series[s].count - 1] = point }
                return
            }
        }
        series[s].append(point)
    }

    /// Ends every series with utilization 0 at the last event.
    public mutating func finish() {
        guard !finished, let end = lastTime else { return }
        finished = true
        for p in procs { add(Point(time: end, util: 0), to: p.series) }
    }
}

/// The minimum mutator utilization curve: for a window size, the lowest mean
/// utilization of any window of that size in the trace (Go's `MMUCurve.MMU`),
/// computed exactly by sliding the window over every point where one of its
/// edges meets a change of utilization (where the minimum must fall).
public struct TraceMMUCurve: Sendable {
    struct Series: Sendable {
        var points: [TraceMutatorUtilization.Point]
        /// sums[i]: the utilization's integral up to points[i].time.
        var sums: [Double]

        var duration: Int64 { points[points.count - 1].time - points[0].time }

        init(_ points: [TraceMutatorUtilization.Point]) {
            self.points = points
            var sums: [Double] = []
            sums.reserveCapacity(points.count)
            var sum = 0.0
            var previous = TraceMutatorUtilization.Point(time: 0, util: 0)
            for p in points {
                sum += previous.util * Double(p.time - previous.time)
                sums.append(sum)
                previous = p
            }
            self.sums = sums
        }

        /// The integral up to `time`, moving `index` forward (times must not decrease).
        func integral(_ time: Int64, _ index: inout Int) -> Double {
            while index + 1 < points.count && points[index + 1].time <= time { index += 1 }
            let p = points[index]
            return time == p.time ? sums[index] : sums[index] + p.util * Double(time - p.time)
        }
    }

    let series: [Series]

    /// The lowest mean utilization of a window and where such a window starts.
    public struct Minimum: Sendable, Equatable {
        public var util: Double
        public var start: Int64
    }

    public init(_ utilization: [[TraceMutatorUtilization.Point]]) {
        series = utilization.filter { !$0.isEmpty }.map(Series.init)
    }

    public var isEmpty: Bool { series.isEmpty }

    /// The first and last time of the utilization functions.
    public var bounds: (start: Int64, end: Int64)? {
        guard !series.isEmpty else { return nil }
        return (series.map { $0.points[0].time }.min()!, series.map { $0.points[$0.points.count - 1].time }.max()!)
    }

    /// The minimum mutator utilization over windows of `window` nanoseconds
    /// (a window longer than a series is that series' whole length).
    public func mmu(_ window: Int64) -> Minimum {
        guard window > 0 else { return Minimum(util: 0, start: bounds?.start ?? 0) }
        // Go's band search, for 1 ns windows only, also tries the window that
        // starts at the end of the trace, where utilization is 0: its MMU of
        // 1 ns windows is always 0. swprof answers the same, so the curves agree.
        if window == 1, let end = bounds?.end { return Minimum(util: 0, start: end - 1) }
        var best = Minimum(util: 1, start: bounds?.start ?? 0)
        for s in series {
            let w = min(window, s.duration)
            guard w > 0 else { continue }
            let first = s.points[0].time, last = s.points[s.points.count - 1].time - w
            // Candidate left edges: change points, and change points minus w, in order.
            var i = 0, j = 0
            var left = 0, right = 0
            var previous = Int64.min
            while true {
                let a = i < s.points.count ? s.points[i].time : Int64.max
                let b = j < s.points.count ? s.points[j].time - w : Int64.max
                var t = min(a, b)
                if t == Int64.max { break }
                if a <= b { i += 1 } else { j += 1 }
                t = min(max(t, first), last)
                if t == previous { continue }
                previous = t
                let mu = (s.integral(t + w, &right) - s.integral(t, &left)) / Double(w)
                if mu < best.util { best = Minimum(util: mu, start: t) }
                if t == last { break }
            }
        }
        return best
    }

    /// One point of the plot: a window size and its MMU.
    public struct PlotPoint: Sendable {
        public var window: Int64
        public var minimum: Minimum
    }

    /// The plot `go tool trace`'s /mmu draws: 100 window sizes evenly spaced on
    /// a log scale, from the first of 1s, 1ms, 1µs, 1ns whose MMU is under
    /// 0.0001 (or 1ns), up to a million times that or the trace's length.
    public func plot(samples: Int = 100) -> [PlotPoint] {
        guard let (start, end) = bounds else { return [] }
        var xMin: Int64 = 1_000_000_000
        while xMin > 1 {
            if mmu(xMin).util < 0.0001 { break }
            xMin /= 1000
        }
        // As in Go, a trace shorter than xMin gives windows from xMin down to its length.
        let xMax = max(1, min(xMin * 1_000_000, end - start))
        let logMin = log(Double(xMin)), logMax = log(Double(xMax))
        return (0..<samples).map { i in
            let window = Int64(exp(Double(i) / Double(samples - 1) * (logMax - logMin) + logMin))
            return PlotPoint(window: window, minimum: mmu(window))
        }
    }
}
