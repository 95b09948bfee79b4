/// Merging the old format's per-P batches into one order (Go's tracev1
/// `parseEventBatches`), as a stream: a P's batch is decoded when the merge
/// reaches it, and the events come out in Go's final order (syscall exits
/// moved to their real time, a stable sort by time) as soon as no event
/// still to merge can come before them. Go reports the merge's errors, then
/// broken time order, then the syscall exits' errors, then a missing
/// frequency, before any event: once one of the later ones is seen no more
/// events come out, and the merge runs to its end to find which to report.
struct OldTraceOrdering {
    typealias Event = OldTraceParser.Event
    typealias T = OldTraceParser.T

    /// A goroutine's sequence state while merging.
    struct GState: Equatable {
        var seq: UInt64
        var status: Int
    }
    static let gDead = OldTraceParser.gDead, gRunnable = OldTraceParser.gRunnable
    static let gRunning = OldTraceParser.gRunning, gWaiting = OldTraceParser.gWaiting
    static let unordered = UInt64.max, garbage = UInt64.max - 1, noseq = UInt64.max, seqinc = UInt64.max - 1

    /// The goroutine an event moves, the state it needs and the state it leaves.
    @inline(__always)
    static func stateTransition(_ e: Event) -> (g: UInt64, initial: GState, next: GState) {
        let none = GState(seq: 0, status: 0)
        switch e.type {
        case T.goCreate: return (e.args.0, GState(seq: 0, status: gDead), GState(seq: 1, status: gRunnable))
        case T.goWaiting, T.goInSyscall: return (e.g, GState(seq: 1, status: gRunnable), GState(seq: 2, status: gWaiting))
        case T.goStart, T.goStartLabel:
            return (e.g, GState(seq: e.args.1, status: gRunnable), GState(seq: e.args.1 &+ 1, status: gRunning))
        case T.goStartLocal: return (e.g, GState(seq: noseq, status: gRunnable), GState(seq: seqinc, status: gRunning))
        case T.goBlock, T.goBlockSend, T.goBlockRecv, T.goBlockSelect, T.goBlockSync, T.goBlockCond, T.goBlockNet,
            T.goSleep, T.goSysBlock, T.goBlockGC:
            return (e.g, GState(seq: noseq, status: gRunning), GState(seq: noseq, status: gWaiting))
        case T.goSched, T.goPreempt:
            return (e.g, GState(seq: noseq, status: gRunning), GState(seq: noseq, status: gRunnable))
        case T.goUnblock, T.goSysExit:
            return (e.args.0, GState(seq: e.args.1, status: gWaiting), GState(seq: e.args.1 &+ 1, status: gRunnable))
        case T.goUnblockLocal, T.goSysExitLocal:
            return (e.args.0, GState(seq: noseq, status: gWaiting), GState(seq: seqinc, status: gRunnable))
        case T.gcStart:
            return (garbage, GState(seq: e.args.0, status: gDead), GState(seq: e.args.0 &+ 1, status: gDead))
        default:
            return (unordered, none, none)
        }
    }

    @inline(__always)
    static func ready(_ g: UInt64, _ current: GState, _ initial: GState) -> Bool {
        g == unordered || ((initial.seq == noseq || initial.seq == current.seq) && initial.status == current.status)
    }

    /// The parser, holding the tables once the merge has read them.
    private(set) var parser: OldTraceParser

    /// A P's batches: its current one decoded (the frontier holds the event
    /// before `next`), and where the others start.
    struct Proc {
        var pid: Int32
        var events = TraceValueBuffer<Event>()
        var next = 0
        var done = false
        var nextOffset = 0
    }
    /// The procs, the frontier and the procs not in it, in storage of their
    /// own (changed in place, each at most one entry per proc).
    final class Procs {
        let procs: UnsafeMutablePointer<Proc>
        let count: Int
        /// Each proc's batch offsets, in file order.
        let offsets: [[Int]]
        /// A min-heap on time of (time, proc index), its times and procs
        /// apart (a pair stored as two words and loaded as one stalls).
        let frontierTs: UnsafeMutablePointer<Int64>
        let frontierProc: UnsafeMutablePointer<Int>
        /// The procs whose next event is not in the frontier.
        let available: UnsafeMutablePointer<Int>
        /// The state transition of each proc's event in the frontier
        /// (computed when it entered; a pure function of the event).
        let transitions: UnsafeMutablePointer<(g: UInt64, initial: GState, next: GState)>

        init(_ procs: [Proc], offsets: [[Int]]) {
            count = procs.count
            self.procs = .allocate(capacity: max(1, count))
            self.procs.initialize(from: procs, count: count)
            self.offsets = offsets
            frontierTs = .allocate(capacity: max(1, count))
            frontierProc = .allocate(capacity: max(1, count))
            available = .allocate(capacity: max(1, count))
            for i in 0..<count { available[i] = i }
            transitions = .allocate(capacity: max(1, count))
        }

        deinit {
            for i in 0..<count { procs[i].events.deallocate() }
            procs.deallocate()
            frontierTs.deallocate()
            frontierProc.deallocate()
            available.deallocate()
            transitions.deallocate()
        }
    }
    private let table: Procs
    private var frontierCount = 0
    private var availableCount: Int
    private var states = TraceIDMap<GState>()
    private var merged = false

    /// An event waiting for its place, with its position in the merge.
    private struct Placed {
        var event: Event
        var seq: Int
        @inline(__always) func precedes(_ o: Placed) -> Bool {
            event.ts != o.event.ts ? event.ts < o.event.ts : seq < o.seq
        }
    }
    /// Events merged but not delivered: in merge order, and the syscall exits
    /// moved to their real time (a min-heap).
    private let waiting = TraceRing<Placed>()
    private var moved: [Placed] = []
    private var seq = 0
    /// The time of the event merged last.
    private var lastTs = Int64.min
    private var lastSysBlock = TraceIDMap<Int64>()
    private var pendingExits: PendingExits
    /// The exits placed from the index, by real time, the next to deliver
    /// at `nextEarly`; their real times, to leave them out when merged.
    private let earlyExits: [Event]
    private var nextEarly = 0
    private var nextEarlyTs: Int64
    private let earlyTimes: Set<Int64>
    /// Errors found after the merge's own, reported once it is done.
    private var outOfOrder = false
    private var exitError: TraceError? = nil
    /// Whether events wait for the merge to end (`tablesInMergeOrder`).
    private let holdAll: Bool

    init(_ parser: OldTraceParser) {
        var samples = parser.cpuSamples
        samples = samples.enumerated().sorted { ($0.element.ts, $0.offset) < ($1.element.ts, $1.offset) }.map(\.element)
        // Go walks the Ps in map order; sorted IDs give one of its orders.
        let pids = parser.batchOffsets.keys.sorted()
        var procs = pids.map { Proc(pid: $0) }
        var profile = Proc(pid: OldTraceParser.profileP, events: TraceValueBuffer(capacity: samples.count))
        for e in samples { profile.events.append(e) }
        procs.append(profile)
        table = Procs(procs, offsets: pids.map { parser.batchOffsets[$0]! } + [[]])
        availableCount = procs.count
        holdAll = parser.tablesInMergeOrder
        // An exit whose real time is before its emission and no other exit's
        // goes, in Go's stable sort, after every event of its real time and
        // before every later one: it is placed from the index, without
        // waiting for the merge to reach it.
        var times: [Int64: Int] = [:]
        for x in parser.exits { times[x.event.ts, default: 0] += 1 }
        var early: [Event] = []
        var pending: [Int64] = []
        for x in parser.exits {
            if x.emittedLater && times[x.event.ts] == 1 && !holdAll {
                early.append(x.event)
            } else {
                pending.append(x.event.ts)
            }
        }
        early.sort { $0.ts < $1.ts }
        earlyExits = early
        nextEarlyTs = early.first?.ts ?? .max
        earlyTimes = Set(early.map(\.ts))
        pendingExits = PendingExits(pending.sorted())
        self.parser = parser
    }

    /// The next event in Go's final order (times in ticks), nil after the last.
    mutating func next(_ p: UnsafeBufferPointer<UInt8>) throws(TraceError) -> Event? {
        while true {
            if merged || !waiting.isEmpty || !moved.isEmpty || nextEarlyTs < lastTs, let e = release() { return e }
            if merged { return nil }
            guard var e = try merge(p) else {
                try finish()
                continue
            }
            let isMoved = place(&e)
            if isMoved && !earlyTimes.isEmpty && earlyTimes.contains(e.ts) {
                seq += 1
                continue
            }
            if !isMoved && waiting.isEmpty && moved.isEmpty && !holdAll && !failed
                && e.ts <= pendingExits.earliest && nextEarlyTs >= e.ts {
                seq += 1
                return e
            }
            if isMoved {
                moved.append(Placed(event: e, seq: seq))
                heapUp(moved.count - 1)
            } else {
                waiting.append(Placed(event: e, seq: seq))
            }
            seq += 1
        }
    }

    /// Runs the merge to its end, delivering nothing, and throws what Go
    /// would report before any event (nothing: a later error stands).
    mutating func drain(_ p: UnsafeBufferPointer<UInt8>) throws(TraceError) {
        waiting.removeAll()
        moved = []
        while !merged {
            guard var e = try merge(p) else {
                try finish()
                break
            }
            _ = place(&e)
        }
    }

    private var failed: Bool { outOfOrder || exitError != nil }

    private mutating func finish() throws(TraceError) {
        merged = true
        if outOfOrder { throw TraceError("time stamps out of order") }
        if let exitError { throw exitError }
        guard parser.ticksPerSecond != 0 else { throw TraceError("no EvFrequency event") }
    }

    /// Checks the time order and gives a syscall exit its real time (Go's
    /// pass after the merge); whether the event moved.
    @inline(__always)
    private mutating func place(_ e: inout Event) -> Bool {
        if e.ts < lastTs { outOfOrder = true }
        lastTs = e.ts
        switch e.type {
        case T.goSysBlock, T.goInSyscall:
            lastSysBlock[Int64(bitPattern: e.g)] = e.ts
        case T.goSysExit:
            let ts = Int64(bitPattern: e.args.2)
            if ts == 0 { return false }
            pendingExits.remove(ts)
            if exitError == nil {
                if let block = lastSysBlock[Int64(bitPattern: e.g)], block != 0 {
                    if ts < block { exitError = TraceError("time stamps out of order") }
                } else {
                    exitError = TraceError("stray syscall exit")
                }
            }
            e.ts = ts
            return true
        default:
            break
        }
        return false
    }

    /// The earliest waiting event, if nothing still to merge can come before it.
    private mutating func release() -> Event? {
        if failed || (holdAll && !merged) { return nil }
        let hasWaiting = !waiting.isEmpty
        if hasWaiting || !moved.isEmpty {
            let fromHeap = !hasWaiting || (!moved.isEmpty && moved[0].precedes(waiting[0]))
            let ts = fromHeap ? moved[0].event.ts : waiting[0].event.ts
            // An early exit goes after the events of its time.
            if nextEarlyTs >= ts {
                if !merged && (ts > pendingExits.earliest || ts > lastTs) { return nil }
                return fromHeap ? heapPop() : waiting.removeFirst().event
            }
        }
        guard nextEarly < earlyExits.count else { return nil }
        let x = earlyExits[nextEarly]
        // Later events merged are at lastTs or after; later exits at the earliest pending one or after.
        if !merged && (x.ts >= lastTs || x.ts > pendingExits.earliest) { return nil }
        nextEarly += 1
        nextEarlyTs = nextEarly < earlyExits.count ? earlyExits[nextEarly].ts : .max
        return x
    }

    private mutating func heapUp(_ start: Int) {
        var j = start
        while j > 0 {
            let parent = (j - 1) / 2
            if !moved[j].precedes(moved[parent]) { break }
            moved.swapAt(parent, j)
            j = parent
        }
    }

    private mutating func heapPop() -> Event {
        let top = moved[0].event
        let last = moved.removeLast()
        if moved.isEmpty { return top }
        moved[0] = last
        var k = 0
        let n = moved.count
        while true {
            let left = 2 * k + 1
            if left >= n { break }
            var child = left
            if left + 1 < n && moved[left + 1].precedes(moved[left]) { child = left + 1 }
            if !moved[child].precedes(moved[k]) { break }
            moved.swapAt(k, child)
            k = child
        }
        return top
    }

    /// The next event of the merge (Go's loop over the frontier), nil after the last.
    private mutating func merge(_ p: UnsafeBufferPointer<UInt8>) throws(TraceError) -> Event? {
        let procs = table.procs, available = table.available
        var i = 0
        while i < availableCount {
            let pi = available[i]
            var exhausted = false
            while procs[pi].next == procs[pi].events.count {
                guard procs[pi].nextOffset < table.offsets[pi].count else {
                    procs[pi].done = true
                    availableCount -= 1
                    available[i] = available[availableCount]
                    exhausted = true
                    break
                }
                let start = table.offsets[pi][procs[pi].nextOffset]
                procs[pi].nextOffset += 1
                try parser.loadBatch(at: start, into: &procs[pi].events, p)
                procs[pi].next = 0
            }
            if exhausted { continue }
            let e = procs[pi].events[procs[pi].next]
            let transition = Self.stateTransition(e)
            if !Self.ready(transition.g, states[Int64(bitPattern: transition.g)] ?? GState(seq: 0, status: 0), transition.initial) {
                i += 1
                continue
            }
            table.transitions[pi] = transition
            procs[pi].next += 1
            availableCount -= 1
            available[i] = available[availableCount]
            frontierPush(e.ts, pi)
        }
        if frontierCount == 0 {
            for k in 0..<table.count where !procs[k].done {
                throw TraceError("no consistent ordering of events possible")
            }
            return nil
        }
        let pi = frontierPop()
        var e = procs[pi].events[procs[pi].next - 1]
        let (g, initial, nextIn) = table.transitions[pi]
        switch e.type {
        case T.goStartLocal: e.type = T.goStart
        case T.goUnblockLocal: e.type = T.goUnblock
        case T.goSysExitLocal: e.type = T.goSysExit
        default: break
        }
        if g != Self.unordered {
            let current = states[Int64(bitPattern: g)] ?? GState(seq: 0, status: 0)
            guard Self.ready(g, current, initial) else {
                throw TraceError("encountered impossible goroutine state transition")
            }
            var next = nextIn
            if next.seq == Self.noseq { next.seq = current.seq } else if next.seq == Self.seqinc { next.seq = current.seq &+ 1 }
            states[Int64(bitPattern: g)] = next
        }
        available[availableCount] = pi
        availableCount += 1
        return e
    }

    /// Adds (ts, proc) to the frontier heap (Go's heapUp).
    @inline(__always)
    private mutating func frontierPush(_ ts: Int64, _ proc: Int) {
        let times = table.frontierTs, procs = table.frontierProc
        var j = frontierCount
        frontierCount += 1
        while j > 0 {
            let parent = (j - 1) / 2
            if !(ts < times[parent]) { break }
            times[j] = times[parent]
            procs[j] = procs[parent]
            j = parent
        }
        times[j] = ts
        procs[j] = proc
    }

    /// Removes the frontier's earliest entry (Go's Pop: the last moved to
    /// the top, then heapDown); its proc.
    @inline(__always)
    private mutating func frontierPop() -> Int {
        let times = table.frontierTs, procs = table.frontierProc
        let top = procs[0]
        frontierCount -= 1
        let n = frontierCount
        if n == 0 { return top }
        let lastTs = times[n], lastProc = procs[n]
        var k = 0
        while true {
            let left = 2 * k + 1
            if left >= n { break }
            var child = left
            if left + 1 < n && times[left + 1] < times[left] { child = left + 1 }
            if !(times[child] < lastTs) { break }
            times[k] = times[child]
            procs[k] = procs[child]
            k = child
        }
        times[k] = lastTs
        procs[k] = lastProc
        return top
    }
}

/// The real times of the syscall exits not merged yet, as the first pass
/// found them: no event after the earliest can be delivered yet.
struct PendingExits {
    private let times: [Int64]
    private var next = 0
    /// Times merged before the earlier ones, with how often.
    private var early: [Int64: Int] = [:]

    init(_ ascending: [Int64]) { times = ascending }

    var earliest: Int64 { next < times.count ? times[next] : .max }

    mutating func remove(_ t: Int64) {
        if next < times.count && times[next] == t {
            next += 1
        } else {
            early[t, default: 0] += 1
        }
        while next < times.count, let count = early[times[next]] {
            early[times[next]] = count == 1 ? nil : count - 1
            next += 1
        }
    }
}
