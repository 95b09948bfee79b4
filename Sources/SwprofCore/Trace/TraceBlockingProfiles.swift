/// The four profiles `go tool trace -pprof=TYPE` writes: where goroutines
/// waited on the network (net), on synchronization (sync), in system calls
/// (syscall) and for a CPU once runnable (sched). Each sample is a stack with
/// the number of waits that began there and their total time, counted only
/// within the goroutine's lifetime.
public enum TraceProfileKind: String, CaseIterable, Sendable {
    case net, sync, syscall, sched

    /// What the profile shows, for titles.
    public var title: String {
        switch self {
        case .net: return "Network blocking profile"
        case .sync: return "Synchronization blocking profile"
        case .syscall: return "Syscall profile"
        case .sched: return "Scheduler latency profile"
        }
    }

    /// The names, as `-trace_profile` takes them.
    public static let names = "net, sync, syscall or sched"

    /// Whether a goroutine entering `state` for `reason` starts a wait of this kind.
    func starts(_ state: TraceGoState, reason: String) -> Bool {
        switch self {
        case .net: return state == .waiting && reason == "network"
        case .sync:
            return state == .waiting && (reason.contains("chan") || reason.contains("sync") || reason.contains("select"))
        case .syscall: return state == .syscall
        case .sched: return state == .runnable
        }
    }

    var state: TraceGoState {
        switch self {
        case .net, .sync: return .waiting
        case .syscall: return .syscall
        case .sched: return .runnable
        }
    }
}

/// Collects the waits of all four kinds in one pass over a trace's events.
public struct TraceBlockingCollector: TraceConsumer, Sendable {
    /// One wait: which goroutine, from when to when, and the stack it began at.
    struct Wait {
        var goroutine: Int64
        var start: Int64
        var end: Int64
        var stack: Int32
    }

    /// Stacks told apart by their program counters as Go's `stackMap` tells
    /// them apart: by their first 128 PCs padded with zeros. Each keeps the
    /// frames of the stack last added under it (a stack is added when its
    /// generation and ID are not the key it is currently filed under).
    private(set) var stackFrames: [[ExecutionTraceFrame]] = []
    private var stackIndex: [[UInt64]: Int32] = [:]
    /// The (generation, stack ID) each stack is currently filed under, and the
    /// reverse; the empty stack is filed under generation -1 in every generation.
    private var currentKeys: [StackKey] = []
    private var filed: [StackKey: Int32] = [:]

    struct StackKey: Hashable, Sendable {
        var generation: Int32
        var id: UInt64
    }

    /// Per goroutine, the wait of each kind it is in: start time and stack (-1: none).
    private var tracking: [Int64: Tracking] = [:]

    struct Tracking: Sendable {
        var start: (Int64, Int64, Int64, Int64) = (0, 0, 0, 0)
        var stack: (Int32, Int32, Int32, Int32) = (-1, -1, -1, -1)

        subscript(k: Int) -> (start: Int64, stack: Int32)? {
            get {
                let s: Int32
                switch k {
                case 0: s = stack.0
                case 1: s = stack.1
                case 2: s = stack.2
                default: s = stack.3
                }
                if s < 0 { return nil }
                switch k {
                case 0: return (start.0, s)
                case 1: return (start.1, s)
                case 2: return (start.2, s)
                default: return (start.3, s)
                }
            }
            set {
                let (t, s) = newValue ?? (0, -1)
                switch k {
                case 0: start.0 = t; stack.0 = s
                case 1: start.1 = t; stack.1 = s
                case 2: start.2 = t; stack.2 = s
                default: start.3 = t; stack.3 = s
                }
            }
        }
    }
    /// Waits per kind that ended at valid events, and those since the last sync.
    private(set) var waits: [[Wait]] = Array(repeating: [], count: 4)
    private var pending: [[Wait]] = Array(repeating: [], count: 4)
    private(set) var lifetimes = TraceGoroutineLifetimes()

    public init() {}

    private mutating func canonicalStack(_ id: UInt64, generation: Int32, _ tables: TraceGeneration) -> Int32 {
        let key = StackKey(generation: id == 0 ? -1 : generation, id: id)
        if let known = filed[key] { return known }
        let frames = Array(tables.frames(ofStack: id).prefix(128))
        var pcs = frames.map(\.pc)
        while pcs.last == 0 { pcs.removeLast() }
        if let existing = stackIndex[pcs] {
            filed[currentKeys[Int(existing)]] = nil
            currentKeys[Int(existing)] = key
            stackFrames[Int(existing)] = frames
            filed[key] = existing
            return existing
        }
        let index = Int32(stackFrames.count)
        stackIndex[pcs] = index
        stackFrames.append(frames)
        currentKeys.append(key)
        filed[key] = index
        return index
    }

    public mutating func consume(_ event: TraceEvent, tables: TraceGeneration) {
        if event.type == TraceEventType.syncMarker {
            for k in 0..<4 {
                waits[k].append(contentsOf: pending[k])
                pending[k].removeAll(keepingCapacity: true)
            }
            return
        }
        guard let t = event.goTransition else { return }
        let reason = t.reason == 0 ? "" : (tables.string(t.reason) ?? "")
        lifetimes.observe(t, time: event.time, forever: reason == "forever")
        var track = tracking[t.goroutine] ?? Tracking()
        var changed = false
        for (k, kind) in TraceProfileKind.allCases.enumerated() {
            if let started = track[k] {
                if t.to == kind.state { continue }
                track[k] = nil
                changed = true
                pending[k].append(Wait(goroutine: t.goroutine, start: started.start, end: event.time, stack: started.stack))
            } else if kind.starts(t.to, reason: reason) {
                track[k] = (event.time, canonicalStack(event.stackID, generation: event.generation, tables))
                changed = true
            }
        }
        if changed { tracking[t.goroutine] = track }
    }

    /// The profile of `kind`, with `endTime` the time of the trace's last valid event.
    public func profile(_ kind: TraceProfileKind, endTime: Int64) -> Profile {
        var records: [Int32: (count: Int64, delay: Int64)] = [:]
        var order: [Int32] = []
        let life = lifetimes.lifetimes
        for w in waits[TraceProfileKind.allCases.firstIndex(of: kind)!] {
            guard let l = life[w.goroutine] else { continue }
            let overlap = Self.overlap((l.start, l.end == 0 ? endTime : l.end), (w.start, w.end))
            guard overlap > 0 else { continue }
            if records[w.stack] == nil { order.append(w.stack) }
            records[w.stack, default: (0, 0)].count += 1
            records[w.stack, default: (0, 0)].delay += overlap
        }
        // Go writes the records in map order; swprof writes the heaviest first.
        order.sort { a, b in
            let ra = records[a]!, rb = records[b]!
            return ra.delay != rb.delay ? ra.delay > rb.delay : a < b
        }
        return Self.build(order.map { (stackFrames[Int($0)], records[$0]!.count, records[$0]!.delay) })
    }

    /// Go's `interval.overlap`: the length two closed intervals share.
    static func overlap(_ a: (start: Int64, end: Int64), _ b: (start: Int64, end: Int64)) -> Int64 {
        if a.end < b.start || b.end < a.start { return 0 }
        return min(a.end, b.end) - max(a.start, b.start)
    }

    /// The profile Go's `traceviewer.BuildProfile` makes of the records: a
    /// location per PC, a function per file and name, values contentions and delay.
    static func build(_ records: [(frames: [ExecutionTraceFrame], count: Int64, delay: Int64)]) -> Profile {
        var p = Profile()
        p.periodType = ValueType(type: "trace", unit: "count")
        p.period = 1
        p.sampleTypes = [ValueType(type: "contentions", unit: "count"), ValueType(type: "delay", unit: "nanoseconds")]
        var locations: [UInt64: Int] = [:]
        var functions: [String: Int] = [:]
        for record in records {
            var stack: [Int] = []
            stack.reserveCapacity(record.frames.count)
            for frame in record.frames {
                if let known = locations[frame.pc] {
                    stack.append(known)
                    continue
                }
                let key = frame.file + frame.function  // Go concatenates them, as here
                let function: Int
                if let known = functions[key] {
                    function = known
                } else {
                    function = p.functions.count
                    p.functions.append(Function(
                        id: UInt64(function + 1), name: frame.function, systemName: frame.function, filename: frame.file))
                    functions[key] = function
                }
                let location = p.locations.count
                p.locations.append(Location(
                    id: UInt64(location + 1), address: frame.pc,
                    lines: [Line(function: function, line: Int64(bitPattern: frame.line))]))
                locations[frame.pc] = location
                stack.append(location)
            }
            p.samples.append(Sample(locations: stack, values: [record.count, record.delay]))
        }
        return p
    }
}
