/// Per-goroutine time accounting and trace-wide counts, as Go's trace
/// `Summarizer` computes them: how long each goroutine ran, waited to run,
/// blocked (by reason), spent in system calls, and in GC ranges; plus the
/// trace's duration, procs and GC cycles.
public struct TraceSummary: TraceConsumer, Sendable {
    /// One goroutine's summary (Go's `GoroutineSummary`).
    public struct Goroutine: Sendable {
        public var id: Int64
        /// The start function (the outermost frame of its first stack), "" if none was seen.
        public var name = ""
        public var creationTime: Int64 = 0
        public var startTime: Int64 = 0
        public var endTime: Int64 = 0
        public var execTime: Int64 = 0
        public var schedWaitTime: Int64 = 0
        public var blockTimeByReason: [String: Int64] = [:]
        public var syscallTime: Int64 = 0
        public var syscallBlockTime: Int64 = 0
        public var totalTime: Int64 = 0
        /// Time in GC ranges (mark assist, sweep, stop-the-world), which overlaps the others.
        public var rangeTime: [String: Int64] = [:]

        // Pending state while reading.
        var lastStart: Int64 = 0
        var lastRunnable: Int64 = 0
        var lastBlock: Int64 = 0
        var lastBlockReason = ""
        var lastSyscall: Int64 = 0
        var lastSyscallBlock: Int64 = 0
        var lastRange: [String: Int64] = [:]
        var finalized = false

        /// Time not accounted to any state.
        public var unknownTime: Int64 {
            let sum = execTime + schedWaitTime + syscallTime + syscallBlockTime + blockTimeByReason.values.reduce(0, +)
            return sum < totalTime ? totalTime - sum : 0
        }

        /// Go's `snapshotStat` at `time` folded in: what the goroutine's stats
        /// are with its pending state closed at `time`.
        mutating func finalize(at time: Int64, endedBy end: Int64?) {
            if let end { endTime = end }
            if totalTime == 0 { totalTime = time - creationTime }
            if lastStart != 0 { execTime += time - lastStart }
            if lastRunnable != 0 { schedWaitTime += time - lastRunnable }
            if lastBlock != 0 { blockTimeByReason[lastBlockReason, default: 0] += time - lastBlock }
            if lastSyscall != 0 { syscallTime += time - lastSyscall }
            if lastSyscallBlock != 0 { schedWaitTime += time - lastSyscallBlock }
            for (name, t) in lastRange { rangeTime[name, default: 0] += time - t }
            lastStart = 0
            lastRunnable = 0
            lastBlock = 0
            lastSyscall = 0
            lastSyscallBlock = 0
            lastRange = [:]
            finalized = true
        }
    }

    public private(set) var goroutines: [Int64: Goroutine] = [:]
    /// GC cycles begun (GCBegin events), procs seen, and the highest GOMAXPROCS.
    public private(set) var gcCount = 0
    public private(set) var procs: Set<Int64> = []
    public private(set) var userLogs = 0
    private var syscallingP: [Int64: Int64] = [:]
    private var syscallingG: [Int64: Int64] = [:]
    private var rangesP: [String: Int64] = [:]
    private var lastTime: Int64 = 0
    private var syncTime: Int64 = 0
    private var seenEvent = false
    /// The proc last added to `procs` (most events repeat it).
    private var lastProc: Int64 = -1
    private var finished = false

    public init() {}

    /// Closes every goroutine's pending state at the last event (Go's `Finalize`).
    public mutating func finish() {
        guard !finished else { return }
        finished = true
        for id in goroutines.keys where !goroutines[id]!.finalized {
            goroutines[id]!.finalize(at: lastTime, endedBy: nil)
        }
    }

    public mutating func consume(_ event: TraceEvent, tables: TraceGeneration) {
        typealias E = TraceEventType
        if !seenEvent {
            seenEvent = true
            syncTime = event.time
        }
        lastTime = event.time
        let time = event.time
        if event.p != lastProc, event.p >= 0 && event.p < 1_000_000 {
            procs.insert(event.p)
            lastProc = event.p
        }
        switch event.type {
        case E.syncMarker:
            syncTime = time
        case E.gcBegin:
            gcCount += 1
        case E.userLog:
            userLogs += 1
        case E.procStop, E.procSteal, E.procStatus:
            let (pid, becomesIdle) = procTransition(event)
            if becomesIdle, let g = syscallingP.removeValue(forKey: pid) {
                goroutines[g]?.lastSyscallBlock = time
            }
        default:
            break
        }
        if let range = rangeEvent(event, tables) {
            applyRange(range, event)
        }
        guard let t = event.goTransition, t.from != t.to else { return }
        let reason = t.reason == 0 ? "" : (tables.string(t.reason) ?? "")
        let id = t.goroutine
        // The goroutine is changed as a local value and stored back once (a
        // summary holds dictionaries: copies of it in place would copy them).
        var g = Goroutine(id: id)
        var slot: Dictionary<Int64, Goroutine>.Index? = nil
        switch t.from {
        case .undetermined:
            g.creationTime = syncTime
            let stateTime = time - syncTime
            switch t.to {
            case .running: g.execTime += stateTime
            case .waiting: g.blockTimeByReason[reason, default: 0] += stateTime
            case .runnable: g.schedWaitTime += stateTime
            case .syscall:
                if event.p < 0 { g.syscallBlockTime += stateTime } else { g.syscallTime += stateTime }
            default: break
            }
        case .notExist:
            g.creationTime = time
        default:
            guard let i = goroutines.index(forKey: id) else { return }
            slot = i
            swap(&g, &goroutines.values[i])
            switch t.from {
            case .running:
                g.execTime += time - g.lastStart
                g.lastStart = 0
            case .waiting:
                if g.lastBlock != 0 {
                    g.blockTimeByReason[g.lastBlockReason, default: 0] += time - g.lastBlock
                    g.lastBlock = 0
                }
            case .runnable:
                if g.lastRunnable != 0 {
                    g.schedWaitTime += time - g.lastRunnable
                    g.lastRunnable = 0
                }
            case .syscall:
                if g.lastSyscall != 0 {
                    if g.lastSyscallBlock != 0 {
                        g.syscallBlockTime += time - g.lastSyscallBlock
                        g.syscallTime += g.lastSyscallBlock - g.lastSyscall
                    } else {
                        g.syscallTime += time - g.lastSyscall
                    }
                    g.lastSyscall = 0
                    g.lastSyscallBlock = 0
                    if let p = syscallingG.removeValue(forKey: id) { syscallingP[p] = nil }
                }
            default:
                break
            }
        }
        if g.name.isEmpty, t.stack != 0, let function = tables.outermostFunction(ofStack: t.stack) {
            g.name = function
        }
        switch t.to {
        case .running:
            g.lastStart = time
            if g.startTime == 0 { g.startTime = time }
        case .runnable:
            g.lastRunnable = time
        case .waiting where reason != "forever":
            g.lastBlock = time
            g.lastBlockReason = reason
        case .waiting, .notExist:
            g.finalize(at: time, endedBy: time)
        case .syscall:
            syscallingP[event.p] = id
            syscallingG[id] = event.p
            g.lastSyscall = time
        case .undetermined:
            break
        }
        if let slot {
            swap(&g, &goroutines.values[slot])
        } else {
            goroutines[id] = g
        }
    }

    /// The proc a proc event concerns and whether it becomes idle.
    private func procTransition(_ e: TraceEvent) -> (Int64, Bool) {
        switch e.type {
        case TraceEventType.procStop: return (e.p, true)
        case TraceEventType.procSteal:
            // From running (or idle, when abandoned in a syscall) to idle.
            return (Int64(bitPattern: e.args[0]), e.args[3] != TraceOrdering.procSyscallAbandoned)
        default:
            let status = e.args[1]
            let old = e.args[2]
            let new: UInt64 = status == TraceOrdering.procRunning || status == TraceOrdering.procSyscall
                ? TraceOrdering.procStateRunning : TraceOrdering.procStateIdle
            return (Int64(bitPattern: e.args[0]), old != new && new == TraceOrdering.procStateIdle)
        }
    }

    enum RangeKind { case begin, active, end }
    struct Range {
        var kind: RangeKind
        var name: String
        /// The goroutine or proc it belongs to; nil for the GC (trace-wide).
        var goroutine: Int64?
        var proc: Int64?
    }

    /// The GC and stop-the-world ranges, as Go's `Event.Range` names them.
    private func rangeEvent(_ e: TraceEvent, _ tables: TraceGeneration) -> Range? {
        typealias E = TraceEventType
        switch e.type {
        case E.stwBegin, E.stwEnd:
            let name = "stop-the-world (" + (tables.string(e.args[0]) ?? "") + ")"
            return Range(kind: e.type == E.stwBegin ? .begin : .end, name: name, goroutine: e.g)
        case E.gcBegin, E.gcActive, E.gcEnd:
            let kind: RangeKind = e.type == E.gcBegin ? .begin : e.type == E.gcActive ? .active : .end
            return Range(kind: kind, name: "GC concurrent mark phase")
        case E.gcSweepBegin, E.gcSweepActive, E.gcSweepEnd:
            let kind: RangeKind = e.type == E.gcSweepBegin ? .begin : e.type == E.gcSweepActive ? .active : .end
            let proc = e.type == E.gcSweepActive ? Int64(bitPattern: e.args[0]) : e.p
            return Range(kind: kind, name: "GC incremental sweep", proc: proc)
        case E.gcMarkAssistBegin, E.gcMarkAssistActive, E.gcMarkAssistEnd:
            let kind: RangeKind = e.type == E.gcMarkAssistBegin ? .begin : e.type == E.gcMarkAssistActive ? .active : .end
            let g = e.type == E.gcMarkAssistActive ? Int64(bitPattern: e.args[0]) : e.g
            return Range(kind: kind, name: "GC mark assist", goroutine: g)
        default:
            return nil
        }
    }

    private mutating func applyRange(_ r: Range, _ e: TraceEvent) {
        var target: Int64? = nil
        if let g = r.goroutine {
            target = g
        } else if let p = r.proc {
            if r.kind == .end {
                if let owner = rangesP.removeValue(forKey: "\(p)/\(r.name)"), owner == e.g { target = owner }
            } else if goroutines[e.g] != nil {
                rangesP["\(p)/\(r.name)"] = e.g
                target = e.g
            }
        }
        guard let id = target, goroutines[id] != nil else { return }
        switch r.kind {
        case .active:
            if let t = goroutines[id]!.lastRange[r.name], t != 0 { goroutines[id]!.rangeTime[r.name, default: 0] += syncTime - t }
            goroutines[id]!.lastRange[r.name] = syncTime
        case .begin:
            goroutines[id]!.lastRange[r.name] = e.time
        case .end:
            guard let t = goroutines[id]!.lastRange[r.name], t != 0 else { return }
            goroutines[id]!.rangeTime[r.name, default: 0] += e.time - t
            goroutines[id]!.lastRange[r.name] = nil
        }
    }
}

/// Two consumers fed the same events.
public struct TraceConsumerPair<A: TraceConsumer, B: TraceConsumer>: TraceConsumer {
    public var first: A
    public var second: B
    public init(_ first: A, _ second: B) {
        self.first = first
        self.second = second
    }
    public mutating func consume(_ event: TraceEvent, tables: TraceGeneration) {
        first.consume(event, tables: tables)
        second.consume(event, tables: tables)
    }
}

extension TraceSummary {
    /// A duration as Go prints a `time.Duration` (e.g. `1.5ms`, `2m3.1s`).
    public static func durationText(_ nanos: Int64) -> String { goDurationString(nanos) }
}
