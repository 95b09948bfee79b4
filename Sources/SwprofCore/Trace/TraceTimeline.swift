/// What the trace's timeline draws, gathered in one pass: per proc, the
/// slices of time a goroutine ran on it (with the stack it resumed at and the
/// one it stopped at), and the spans of the garbage collector's mark phase and
/// of stop-the-world pauses.
public struct TraceTimeline: TraceConsumer, Sendable {
    /// A goroutine's run on a proc, or a GC or stop-the-world span.
    public struct Interval: Sendable, Equatable {
        public var start: Int64
        public var end: Int64
        /// The goroutine that ran; -1 on the GC and STW lanes.
        public var goroutine: Int64
        /// Index in `stacks` of the stack it resumed at (-1: none known).
        public var startStack: Int32 = -1
        /// Index in `stacks` of the stack it stopped at (-1: none).
        public var endStack: Int32 = -1
        /// Index in `labels`: why it stopped (a slice), or what it is (a span); -1: none.
        public var label: Int32 = -1
    }

    public enum LaneKind: Sendable, Equatable {
        case proc(Int64)
        case gc
        case stw
    }

    public struct Lane: Sendable {
        public var kind: LaneKind
        /// Sorted by start; on a proc they do not overlap.
        public private(set) var intervals: [Interval] = []
        /// maxEnd[i]: the latest end among intervals[0...i], to find a window's first interval.
        public private(set) var maxEnd: [Int64] = []

        init(kind: LaneKind) { self.kind = kind }

        mutating func append(_ interval: Interval) { intervals.append(interval) }

        mutating func seal() {
            if zip(intervals, intervals.dropFirst()).contains(where: { $0.start > $1.start }) {
                intervals.sort { $0.start < $1.start }
            }
            var latest = Int64.min
            maxEnd = intervals.map { latest = max(latest, $0.end); return latest }
        }

        /// The index of the first interval that ends after `time`.
        public func firstEnding(after time: Int64) -> Int {
            var low = 0, high = maxEnd.count
            while low < high {
                let mid = (low + high) / 2
                if maxEnd[mid] > time { high = mid } else { low = mid + 1 }
            }
            return low
        }
    }

    /// Frames kept of each stack.
    public static let maxFrames = 32

    /// Proc lanes by proc ID, then the GC lane and the STW lane (after `finish`).
    public private(set) var lanes: [Lane] = []
    public private(set) var stacks: [[ExecutionTraceFrame]] = []
    public private(set) var labels: [String] = []
    /// The time of the first and the last event.
    public private(set) var start: Int64 = 0
    public private(set) var end: Int64 = 0

    private var procLanes: [Int64: Int] = [:]
    private var gcLane = Lane(kind: .gc)
    private var stwLane = Lane(kind: .stw)
    private struct StackKey: Hashable { var generation: Int32; var id: UInt64 }
    private var stackKeys: [StackKey: Int32] = [:]
    private var stackIndex: [[ExecutionTraceFrame]: Int32] = [:]
    private var labelIndex: [String: Int32] = [:]
    private var stopLabels: [StackKey: Int32] = [:]
    /// Goroutines running now: on which proc, since when, resumed at which stack.
    private var running: [Int64: (proc: Int64, start: Int64, stack: Int32)] = [:]
    /// The stack each goroutine will resume at.
    private var resumeStack: [Int64: Int32] = [:]
    private var gcOpen: Int64?
    private var stwOpen: (start: Int64, label: Int32)?
    private var seenEvent = false
    private var finished = false

    public init() {}

    /// A timeline made of given lanes (tests: timelines larger than a fixture).
    init(procLanes: [Lane], stacks: [[ExecutionTraceFrame]], labels: [String], start: Int64, end: Int64) {
        lanes = procLanes + [gcLane, stwLane]
        for i in lanes.indices { lanes[i].seal() }
        self.stacks = stacks
        self.labels = labels
        self.start = start
        self.end = end
        finished = true
    }

    private mutating func stack(_ id: UInt64, _ generation: Int32, _ tables: TraceGeneration) -> Int32 {
        guard id != 0 else { return -1 }
        let key = StackKey(generation: generation, id: id)
        if let known = stackKeys[key] { return known }
        let frames = Array(tables.frames(ofStack: id).prefix(Self.maxFrames))
        let index: Int32
        if let known = stackIndex[frames] {
            index = known
        } else {
            index = Int32(stacks.count)
            stacks.append(frames)
            stackIndex[frames] = index
        }
        stackKeys[key] = index
        return index
    }

    private mutating func label(_ text: String) -> Int32 {
        if let known = labelIndex[text] { return known }
        let index = Int32(labels.count)
        labels.append(text)
        labelIndex[text] = index
        return index
    }

    /// Why a slice ended, as a label index (cached per generation, state and reason).
    private mutating func stopLabel(_ t: TraceGoTransition, _ generation: Int32, _ tables: TraceGeneration) -> Int32 {
        let key = StackKey(generation: generation, id: t.reason << 3 | UInt64(t.to.rawValue))
        if let known = stopLabels[key] { return known }
        let why: String
        switch t.to {
        case .waiting: why = "blocked: " + (t.reason == 0 ? "" : tables.string(t.reason) ?? "")
        case .runnable: why = "stopped: " + (t.reason == 0 ? "preempted" : tables.string(t.reason) ?? "")
        case .syscall: why = "system call"
        case .notExist: why = "exited"
        default: why = ""
        }
        let index = why.isEmpty ? -1 : label(why)
        stopLabels[key] = index
        return index
    }

    private mutating func procLane(_ p: Int64) -> Int {
        if let known = procLanes[p] { return known }
        lanes.append(Lane(kind: .proc(p)))
        procLanes[p] = lanes.count - 1
        return lanes.count - 1
    }

    public mutating func consume(_ event: TraceEvent, tables: TraceGeneration) {
        typealias E = TraceEventType
        if !seenEvent {
            seenEvent = true
            start = event.time
        }
        end = event.time
        let time = event.time
        switch event.type {
        case E.gcBegin, E.gcActive:
            if gcOpen == nil { gcOpen = event.type == E.gcActive ? start : time }
        case E.gcEnd:
            gcLane.append(Interval(start: gcOpen ?? start, end: time, goroutine: -1, label: label("GC mark phase")))
            gcOpen = nil
        case E.stwBegin:
            stwOpen = (time, label("stop-the-world (" + (tables.string(event.args[0]) ?? "") + ")"))
        case E.stwEnd:
            if let open = stwOpen {
                stwLane.append(Interval(start: open.start, end: time, goroutine: -1, label: open.label))
            }
            stwOpen = nil
        default:
            break
        }
        guard let t = event.goTransition else { return }
        let g = t.goroutine
        let stack = t.stack != 0 ? self.stack(t.stack, event.generation, tables) : Int32(-1)
        if t.from == t.to { return }
        if t.from == .running || (t.from == .undetermined && running[g] != nil), let run = running.removeValue(forKey: g) {
            let lane = procLane(run.proc)
            lanes[lane].append(Interval(start: run.start, end: time, goroutine: g, startStack: run.stack,
                                        endStack: stack, label: stopLabel(t, event.generation, tables)))
        }
        if stack >= 0 { resumeStack[g] = stack }
        if t.to == .running, event.p >= 0 {
            running[g] = (event.p, time, resumeStack[g] ?? -1)
        }
        if t.to == .notExist { resumeStack[g] = nil }
    }

    /// Closes what is still open at the last event and sorts the lanes.
    public mutating func finish() {
        guard !finished else { return }
        finished = true
        for (g, run) in running.sorted(by: { $0.key < $1.key }) {
            let lane = procLane(run.proc)
            lanes[lane].append(Interval(start: run.start, end: end, goroutine: g, startStack: run.stack, label: -1))
        }
        running = [:]
        if let open = gcOpen { gcLane.append(Interval(start: open, end: end, goroutine: -1, label: label("GC mark phase"))) }
        if let open = stwOpen { stwLane.append(Interval(start: open.start, end: end, goroutine: -1, label: open.label)) }
        lanes.sort { a, b in
            if case .proc(let x) = a.kind, case .proc(let y) = b.kind { return x < y }
            return false
        }
        lanes.append(gcLane)
        lanes.append(stwLane)
        for i in lanes.indices { lanes[i].seal() }
        stackKeys = [:]
        stackIndex = [:]
        labelIndex = [:]
        stopLabels = [:]
        resumeStack = [:]
    }

    /// A lane's name: `P3`, `GC`, `STW`.
    public static func name(_ kind: LaneKind) -> String {
        switch kind {
        case .proc(let p): return "P\(p)"
        case .gc: return "GC"
        case .stw: return "STW"
        }
    }
}
