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

    /// Reads the whole trace: events in time order with times in nanoseconds
    /// from the first event, checked for consistency.
    mutating func parse() throws(TraceError) -> [Event] {
        try collectBatches()
        var events = try mergeBatches()
        guard ticksPerSecond != 0 else { throw fail("no EvFrequency event") }
        if let first = events.first {
            let minTs = first.ts
            let nanosPerTick = 1e9 / Double(ticksPerSecond)
            for i in events.indices {
                events[i].ts = Int64(Double(events[i].ts &- minTs) * nanosPerTick)
                if events[i].type == T.goUnblock && timerGoroutines.contains(events[i].g) { events[i].p = Self.timerP }
                if events[i].type == T.goSysExit { events[i].p = Self.syscallP }
            }
        }
        try check(&events)
        return events
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
    private mutating func mergeBatches() throws(TraceError) -> [Event] {
        cpuSamples = cpuSamples.enumerated().sorted { ($0.element.ts, $0.offset) < ($1.element.ts, $1.offset) }.map(\.element)
        // Go walks the Ps in map order; sorted IDs give one of its orders.
        var procs = batchOffsets.keys.sorted().map { Proc(pid: $0, offsets: batchOffsets[$0]!) }
        procs.append(Proc(pid: Self.profileP, events: cpuSamples))
        var states = TraceIDMap<GState>()
        var result: [Event] = []
        result.reserveCapacity(eventCount)
        // The frontier: a min-heap on time of (event, proc index).
        var frontier: [(event: Event, proc: Int)] = []
        var available = Array(procs.indices)

        func less(_ a: Int, _ b: Int) -> Bool { frontier[a].event.ts < frontier[b].event.ts }

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
                frontier.append((e, pi))
                var j = frontier.count - 1
                while j > 0 {
                    let parent = (j - 1) / 2
                    if !less(j, parent) { break }
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
                if left + 1 < n && less(left + 1, left) { child = left + 1 }
                if !less(child, k) { break }
                frontier.swapAt(k, child)
                k = child
            }
            var (e, pi) = frontier.removeLast()
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
        if moved.isEmpty { return result }
        let movedInOrder = moved
        moved.sort { a, b in
            let ta = result[a].ts, tb = result[b].ts
            return ta != tb ? ta < tb : a < b
        }
        var sorted: [Event] = []
        sorted.reserveCapacity(result.count)
        var m = 0, k = 0
        for i in result.indices {
            if k < movedInOrder.count && movedInOrder[k] == i {
                k += 1
                continue
            }
            let ts = result[i].ts
            while m < moved.count {
                let j = moved[m], tj = result[j].ts
                guard tj < ts || (tj == ts && j < i) else { break }
                sorted.append(result[j])
                m += 1
            }
            sorted.append(result[i])
        }
        while m < moved.count {
            sorted.append(result[moved[m]])
            m += 1
        }
        return sorted
    }

    /// Go's `postProcessTrace`: checks every goroutine and P state change.
    private func check(_ events: inout [Event]) throws(TraceError) {
        struct GDesc {
            var state = 0
            var hasEvent = false
            var lastType: UInt8 = 0
            var createStack: UInt64? = nil
            var markAssist = false
        }
        struct PDesc {
            var running = false
            var g: UInt64 = 0
            var sweeping = false
        }
        var gs = TraceIDMap<GDesc>()
        gs[0] = GDesc(state: Self.gRunning)
        var ps = TraceIDMap<PDesc>()
        @inline(__always) func gk(_ g: UInt64) -> Int64 { Int64(bitPattern: g) }
        @inline(__always) func pk(_ p: Int32) -> Int64 { Self.procKey(p) }
        var tasks: Set<UInt64> = []
        var activeRegions: [UInt64: [(task: UInt64, name: UInt64)]] = [:]
        var inGC = false, inSTW = false

        func checkRunning(_ p: PDesc, _ g: GDesc, _ e: Event, allowG0: Bool) throws(TraceError) {
            let name = Self.descriptions[Int(e.type)].name
            if g.state != Self.gRunning { throw fail("g \(e.g) is not running while \(name) (time \(e.ts))") }
            if p.g != e.g { throw fail("p \(e.p) is not running g \(e.g) while \(name) (time \(e.ts))") }
            if !allowG0 && e.g == 0 { throw fail("g 0 did \(name) (time \(e.ts))") }
        }

        for i in events.indices {
            let e = events[i]
            switch e.type {
            case T.procStart:
                if ps[pk(e.p)]?.running == true { throw fail("p \(e.p) is running before start (time \(e.ts))") }
                ps[pk(e.p)] = { var p = $0 ?? PDesc(); p.running = true; return p }(ps[pk(e.p)])
            case T.procStop:
                let p = ps[pk(e.p)] ?? PDesc()
                if !p.running { throw fail("p \(e.p) is not running before stop (time \(e.ts))") }
                if p.g != 0 { throw fail("p \(e.p) is running a goroutine \(p.g) during stop (time \(e.ts))") }
                ps[pk(e.p)] = { var p = $0 ?? PDesc(); p.running = false; return p }(ps[pk(e.p)])
            case T.gcStart:
                if inGC { throw fail("previous GC is not ended before a new one (time \(e.ts))") }
                inGC = true
                events[i].p = Self.gcP
            case T.gcDone:
                if !inGC { throw fail("bogus GC end (time \(e.ts))") }
                inGC = false
            case T.stwStart:
                if inSTW { throw fail("previous STW is not ended before a new one (time \(e.ts))") }
                inSTW = true
            case T.stwDone:
                if !inSTW { throw fail("bogus STW end (time \(e.ts))") }
                inSTW = false
            case T.gcSweepStart:
                if ps[pk(e.p)]?.sweeping == true { throw fail("previous sweeping is not ended before a new one (time \(e.ts))") }
                ps[pk(e.p)] = { var p = $0 ?? PDesc(); p.sweeping = true; return p }(ps[pk(e.p)])
            case T.gcMarkAssistStart:
                if gs[gk(e.g)]?.markAssist == true { throw fail("previous mark assist is not ended before a new one (time \(e.ts))") }
                gs[gk(e.g)] = { var g = $0 ?? GDesc(); g.markAssist = true; return g }(gs[gk(e.g)])
            case T.gcMarkAssistDone:
                gs[gk(e.g)] = { var g = $0 ?? GDesc(); g.markAssist = false; return g }(gs[gk(e.g)])
            case T.gcSweepDone:
                if ps[pk(e.p)]?.sweeping != true { throw fail("bogus sweeping end (time \(e.ts))") }
                ps[pk(e.p)] = { var p = $0 ?? PDesc(); p.sweeping = false; return p }(ps[pk(e.p)])
            case T.goWaiting, T.goInSyscall:
                var g = gs[gk(e.g)] ?? GDesc()
                if g.state != Self.gRunnable {
                    throw fail("g \(e.g) is not runnable before \(Self.descriptions[Int(e.type)].name) (time \(e.ts))")
                }
                g.state = Self.gWaiting
                g.hasEvent = true
                g.lastType = e.type
                gs[gk(e.g)] = g
            case T.goCreate:
                try checkRunning(ps[pk(e.p)] ?? PDesc(), gs[gk(e.g)] ?? GDesc(), e, allowG0: true)
                if gs[gk(e.args.0)] != nil { throw fail("g \(e.args.0) already exists (time \(e.ts))") }
                gs[gk(e.args.0)] = GDesc(state: Self.gRunnable, hasEvent: true, lastType: e.type, createStack: e.args.1)
            case T.goStart, T.goStartLabel:
                var g = gs[gk(e.g)] ?? GDesc()
                var p = ps[pk(e.p)] ?? PDesc()
                if g.state != Self.gRunnable { throw fail("g \(e.g) is not runnable before start (time \(e.ts))") }
                if p.g != 0 { throw fail("p \(e.p) is already running g \(p.g) while start g \(e.g) (time \(e.ts))") }
                g.state = Self.gRunning
                p.g = e.g
                if let stack = g.createStack {
                    events[i].stack = UInt32(truncatingIfNeeded: stack)
                    g.createStack = nil
                }
                g.hasEvent = false
                gs[gk(e.g)] = g
                ps[pk(e.p)] = p
            case T.goEnd, T.goStop:
                var g = gs[gk(e.g)] ?? GDesc()
                var p = ps[pk(e.p)] ?? PDesc()
                try checkRunning(p, g, e, allowG0: false)
                g.state = Self.gDead
                p.g = 0
                if e.type == T.goEnd { activeRegions[e.g] = nil }
                gs[gk(e.g)] = g
                ps[pk(e.p)] = p
            case T.goSched, T.goPreempt:
                var g = gs[gk(e.g)] ?? GDesc()
                var p = ps[pk(e.p)] ?? PDesc()
                try checkRunning(p, g, e, allowG0: false)
                g.state = Self.gRunnable
                p.g = 0
                g.hasEvent = true
                g.lastType = e.type
                gs[gk(e.g)] = g
                ps[pk(e.p)] = p
            case T.goUnblock:
                let g = gs[gk(e.g)] ?? GDesc()
                let p = ps[pk(e.p)] ?? PDesc()
                if g.state != Self.gRunning { throw fail("g \(e.g) is not running while unpark (time \(e.ts))") }
                if e.p != Self.timerP && p.g != e.g { throw fail("p \(e.p) is not running g \(e.g) while unpark (time \(e.ts))") }
                var g1 = gs[gk(e.args.0)] ?? GDesc()
                if g1.state != Self.gWaiting { throw fail("g \(e.args.0) is not waiting before unpark (time \(e.ts))") }
                if g1.hasEvent && g1.lastType == T.goBlockNet { events[i].p = Self.netpollP }
                g1.state = Self.gRunnable
                g1.hasEvent = true
                g1.lastType = e.type
                gs[gk(e.args.0)] = g1
            case T.goSysCall:
                var g = gs[gk(e.g)] ?? GDesc()
                try checkRunning(ps[pk(e.p)] ?? PDesc(), g, e, allowG0: false)
                g.hasEvent = true
                g.lastType = e.type
                gs[gk(e.g)] = g
            case T.goSysBlock:
                var g = gs[gk(e.g)] ?? GDesc()
                var p = ps[pk(e.p)] ?? PDesc()
                try checkRunning(p, g, e, allowG0: false)
                g.state = Self.gWaiting
                p.g = 0
                gs[gk(e.g)] = g
                ps[pk(e.p)] = p
            case T.goSysExit:
                var g = gs[gk(e.g)] ?? GDesc()
                if g.state != Self.gWaiting { throw fail("g \(e.g) is not waiting during syscall exit (time \(e.ts))") }
                g.state = Self.gRunnable
                g.hasEvent = true
                g.lastType = e.type
                gs[gk(e.g)] = g
            case T.goSleep, T.goBlock, T.goBlockSend, T.goBlockRecv, T.goBlockSelect, T.goBlockSync, T.goBlockCond,
                T.goBlockNet, T.goBlockGC:
                var g = gs[gk(e.g)] ?? GDesc()
                var p = ps[pk(e.p)] ?? PDesc()
                try checkRunning(p, g, e, allowG0: false)
                g.state = Self.gWaiting
                g.hasEvent = true
                g.lastType = e.type
                p.g = 0
                gs[gk(e.g)] = g
                ps[pk(e.p)] = p
            case T.userTaskCreate:
                if tasks.contains(e.args.0) { throw fail("task id conflicts (id:\(e.args.0))") }
                tasks.insert(e.args.0)
            case T.userTaskEnd:
                tasks.remove(e.args.0)
            case T.userRegion:
                let mode = e.args.1
                var regions = activeRegions[e.g] ?? []
                if mode == 0 {
                    regions.append((e.args.0, e.args.2))
                    activeRegions[e.g] = regions
                } else if mode == 1 {
                    if let last = regions.last {
                        if last.task != e.args.0 || last.name != e.args.2 {
                            throw fail("misuse of region in goroutine \(e.g)")
                        }
                        regions.removeLast()
                        activeRegions[e.g] = regions.isEmpty ? nil : regions
                    }
                } else {
                    throw fail("invalid user region mode \(mode)")
                }
            default:
                break
            }
            if events[i].stack != 0 && (stacks[events[i].stack]?.isEmpty ?? true) { events[i].stack = 0 }
        }
    }
}
