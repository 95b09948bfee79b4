/// Merging and checking the old format's events (Go's tracev1 `parse`).
extension OldTraceParser {
    /// A goroutine's sequence state while merging.
    struct GState: Equatable {
        var seq: UInt64
        var status: Int
    }
    static let gDead = 0, gRunnable = 1, gRunning = 2, gWaiting = 3
    static let unordered = UInt64.max, garbage = UInt64.max - 1, noseq = UInt64.max, seqinc = UInt64.max - 1

    /// The goroutine an event moves, the state it needs and the state it leaves.
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

    /// A P as a `TraceIDMap` key: the fake Ps first, then the real ones
    /// (dense from 8), negative ones below 0 (kept apart).
    @inline(__always) static func procKey(_ p: Int32) -> Int64 {
        if p >= fakeP && p < fakeP + 8 { return Int64(p - fakeP) }
        return p >= 0 ? Int64(p) + 8 : Int64(p) - 1
    }

    static func ready(_ g: UInt64, _ current: GState, _ initial: GState) -> Bool {
        g == unordered || ((initial.seq == noseq || initial.seq == current.seq) && initial.status == current.status)
    }

    /// Reads and merges the whole trace: afterwards `event(at:)` gives the
    /// events in time order (still to be checked, `OldTraceChecker`).
    mutating func parse() throws(TraceError) {
        try collectBatches()
        try mergeBatches()
        guard ticksPerSecond != 0 else { throw fail("no EvFrequency event") }
        if eventCount > 0 { minTs = rawEvent(at: 0).ts }
        nanosPerTick = 1e9 / Double(ticksPerSecond)
    }

    /// The event at position `n` of the time order, times in ticks.
    @inline(__always) func rawEvent(at n: Int) -> Event {
        order.isEmpty ? merged[n] : merged[Int(order[n])]
    }

    /// The event at position `n` of the time order, with its time in
    /// nanoseconds from the first event and the fake P of timer wake-ups
    /// and syscall exits.
    func event(at n: Int) -> Event {
        var e = rawEvent(at: n)
        e.ts = Int64(Double(e.ts &- minTs) * nanosPerTick)
        if e.type == T.goUnblock && !timerGoroutines.isEmpty && timerGoroutines.contains(e.g) { e.p = Self.timerP }
        if e.type == T.goSysExit { e.p = Self.syscallP }
        return e
    }

    private struct Proc {
        var pid: Int32
        var events: [Event] = []
        var next = 0
        var done = false
        /// Where its batches not yet loaded start.
        var offsets: [Int] = []
        var nextOffset = 0
    }

    /// Merges the P batches in an order every goroutine's sequence allows.
    private mutating func mergeBatches() throws(TraceError) {
        cpuSamples = cpuSamples.enumerated().sorted { ($0.element.ts, $0.offset) < ($1.element.ts, $1.offset) }.map(\.element)
        // Go walks the Ps in map order; sorted IDs give one of its orders.
        var procs = batchOffsets.keys.sorted().map { Proc(pid: $0, offsets: batchOffsets[$0]!) }
        procs.append(Proc(pid: Self.profileP, events: cpuSamples))
        var states = TraceIDMap<GState>()
        var result: [Event] = []
        result.reserveCapacity(eventCount)
        // The frontier: a min-heap on time of (time, proc index); a proc's
        // event in it is the one before its `next`.
        var frontier: [(ts: Int64, proc: Int)] = []
        var available = Array(procs.indices)

        while true {
            var i = 0
            while i < available.count {
                let pi = available[i]
                var skipped = false
                while procs[pi].next == procs[pi].events.count {
                    guard procs[pi].nextOffset < procs[pi].offsets.count else {
                        procs[pi].done = true
                        available.swapAt(i, available.count - 1)
                        available.removeLast()
                        skipped = true
                        break
                    }
                    let start = procs[pi].offsets[procs[pi].nextOffset]
                    procs[pi].nextOffset += 1
                    procs[pi].events = []
                    procs[pi].events = try loadBatch(at: start)
                    procs[pi].next = 0
                }
                if skipped { continue }
                let e = procs[pi].events[procs[pi].next]
                let (g, initial, _) = Self.stateTransition(e)
                if !Self.ready(g, states[Int64(bitPattern: g)] ?? GState(seq: 0, status: 0), initial) {
                    i += 1
                    continue
                }
                procs[pi].next += 1
                available.swapAt(i, available.count - 1)
                available.removeLast()
                // Push onto the heap.
                frontier.append((e.ts, pi))
                var j = frontier.count - 1
                while j > 0 {
                    let parent = (j - 1) / 2
                    if !(frontier[j].ts < frontier[parent].ts) { break }
                    frontier.swapAt(parent, j)
                    j = parent
                }
            }
            if frontier.isEmpty {
                for p in procs where !p.done {
                    throw fail("no consistent ordering of events possible")
                }
                break
            }
            // Pop the earliest.
            let n = frontier.count - 1
            frontier.swapAt(0, n)
            var k = 0
            while true {
                let left = 2 * k + 1
                if left >= n { break }
                var child = left
                if left + 1 < n && frontier[left + 1].ts < frontier[left].ts { child = left + 1 }
                if !(frontier[child].ts < frontier[k].ts) { break }
                frontier.swapAt(k, child)
                k = child
            }
            let pi = frontier.removeLast().proc
            var e = procs[pi].events[procs[pi].next - 1]
            let (g, initial, nextIn) = Self.stateTransition(e)
            switch e.type {
            case T.goStartLocal: e.type = T.goStart
            case T.goUnblockLocal: e.type = T.goUnblock
            case T.goSysExitLocal: e.type = T.goSysExit
            default: break
            }
            result.append(e)
            if g != Self.unordered {
                let current = states[Int64(bitPattern: g)] ?? GState(seq: 0, status: 0)
                guard Self.ready(g, current, initial) else {
                    throw fail("encountered impossible goroutine state transition")
                }
                var next = nextIn
                if next.seq == Self.noseq { next.seq = current.seq } else if next.seq == Self.seqinc { next.seq = current.seq &+ 1 }
                states[Int64(bitPattern: g)] = next
            }
            available.append(pi)
        }
        for i in 1..<max(1, result.count) where result[i].ts < result[i - 1].ts {
            throw fail("time stamps out of order")
        }
        var lastSysBlock = TraceIDMap<Int64>()
        // The syscall exits given their real time: all other events stay in
        // time order, so a stable sort by time is these merged into them.
        var moved: [Int] = []
        for i in result.indices {
            switch result[i].type {
            case T.goSysBlock, T.goInSyscall:
                lastSysBlock[Int64(bitPattern: result[i].g)] = result[i].ts
            case T.goSysExit:
                let ts = Int64(bitPattern: result[i].args.2)
                if ts == 0 { continue }
                guard let block = lastSysBlock[Int64(bitPattern: result[i].g)], block != 0 else {
                    throw fail("stray syscall exit")
                }
                guard ts >= block else { throw fail("time stamps out of order") }
                result[i].ts = ts
                moved.append(i)
            default:
                break
            }
        }
        guard result.count < Int(Int32.max) else { throw fail("the trace holds too many events") }
        eventCount = result.count
        merged = result
        result = []
        if moved.isEmpty { return }
        let movedInOrder = moved
        moved.sort { a, b in
            let ta = merged[a].ts, tb = merged[b].ts
            return ta != tb ? ta < tb : a < b
        }
        var sorted: [Int32] = []
        sorted.reserveCapacity(merged.count)
        var m = 0, k = 0
        for i in merged.indices {
            if k < movedInOrder.count && movedInOrder[k] == i {
                k += 1
                continue
            }
            let ts = merged[i].ts
            while m < moved.count {
                let j = moved[m], tj = merged[j].ts
                guard tj < ts || (tj == ts && j < i) else { break }
                sorted.append(Int32(j))
                m += 1
            }
            sorted.append(Int32(i))
        }
        while m < moved.count {
            sorted.append(Int32(moved[m]))
            m += 1
        }
        order = sorted
    }
}
