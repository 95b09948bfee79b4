/// Go's tracev1 `postProcessTrace` for the old format, one event at a
/// time in time order: checks every goroutine and P state change, and sets
/// what the checks learn (GC events' P, a goroutine's first start's stack,
/// network wake-ups' P, stacks that are empty).
struct OldTraceChecker {
    typealias P = OldTraceParser
    typealias T = OldTraceParser.T

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
    private var gs = TraceIDMap<GDesc>()
    private var ps = TraceIDMap<PDesc>()
    private var tasks: Set<UInt64> = []
    private var activeRegions: [UInt64: [(task: UInt64, name: UInt64)]] = [:]
    private var inGC = false, inSTW = false
    /// The stack IDs with frames.
    private var nonEmptyStacks = TraceIDMap<Bool>()
    private let names = P.descriptions.map(\.name)

    init(stacks: [UInt32: [UInt64]]) {
        gs[0] = GDesc(state: P.gRunning)
        for (id, pcs) in stacks where !pcs.isEmpty { nonEmptyStacks[Int64(id)] = true }
    }

    @inline(__always) private func gk(_ g: UInt64) -> Int64 { Int64(bitPattern: g) }
    @inline(__always) private func pk(_ p: Int32) -> Int64 { P.procKey(p) }
    private func fail(_ message: String) -> TraceError { TraceError(message) }

    private func checkRunning(_ p: PDesc, _ g: GDesc, _ e: P.Event, allowG0: Bool) throws(TraceError) {
        let name = names[Int(e.type)]
        if g.state != P.gRunning { throw fail("g \(e.g) is not running while \(name) (time \(e.ts))") }
        if p.g != e.g { throw fail("p \(e.p) is not running g \(e.g) while \(name) (time \(e.ts))") }
        if !allowG0 && e.g == 0 { throw fail("g 0 did \(name) (time \(e.ts))") }
    }

    /// The running goroutine of event `e` stops running (into `state`), and
    /// its P runs none; `noted`: the event is the goroutine's last one of note.
    private mutating func stopRunning(_ e: P.Event, state: Int, noted: Bool) throws(TraceError) {
        var g = gs[gk(e.g)] ?? GDesc()
        var p = ps[pk(e.p)] ?? PDesc()
        try checkRunning(p, g, e, allowG0: false)
        g.state = state
        p.g = 0
        if noted {
            g.hasEvent = true
            g.lastType = e.type
        }
        gs[gk(e.g)] = g
        ps[pk(e.p)] = p
    }

    /// Checks the next event in time order, completing it.
    mutating func check(_ e: inout P.Event) throws(TraceError) {
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
            e.p = P.gcP
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
            if g.state != P.gRunnable {
                throw fail("g \(e.g) is not runnable before \(names[Int(e.type)]) (time \(e.ts))")
            }
            g.state = P.gWaiting
            g.hasEvent = true
            g.lastType = e.type
            gs[gk(e.g)] = g
        case T.goCreate:
            try checkRunning(ps[pk(e.p)] ?? PDesc(), gs[gk(e.g)] ?? GDesc(), e, allowG0: true)
            if gs[gk(e.args.0)] != nil { throw fail("g \(e.args.0) already exists (time \(e.ts))") }
            gs[gk(e.args.0)] = GDesc(state: P.gRunnable, hasEvent: true, lastType: e.type, createStack: e.args.1)
        case T.goStart, T.goStartLabel:
            var g = gs[gk(e.g)] ?? GDesc()
            var p = ps[pk(e.p)] ?? PDesc()
            if g.state != P.gRunnable { throw fail("g \(e.g) is not runnable before start (time \(e.ts))") }
            if p.g != 0 { throw fail("p \(e.p) is already running g \(p.g) while start g \(e.g) (time \(e.ts))") }
            g.state = P.gRunning
            p.g = e.g
            if let stack = g.createStack {
                e.stack = UInt32(truncatingIfNeeded: stack)
                g.createStack = nil
            }
            g.hasEvent = false
            gs[gk(e.g)] = g
            ps[pk(e.p)] = p
        case T.goEnd, T.goStop:
            try stopRunning(e, state: P.gDead, noted: false)
            if e.type == T.goEnd { activeRegions[e.g] = nil }
        case T.goSched, T.goPreempt:
            try stopRunning(e, state: P.gRunnable, noted: true)
        case T.goUnblock:
            let g = gs[gk(e.g)] ?? GDesc()
            let p = ps[pk(e.p)] ?? PDesc()
            if g.state != P.gRunning { throw fail("g \(e.g) is not running while unpark (time \(e.ts))") }
            if e.p != P.timerP && p.g != e.g { throw fail("p \(e.p) is not running g \(e.g) while unpark (time \(e.ts))") }
            var g1 = gs[gk(e.args.0)] ?? GDesc()
            if g1.state != P.gWaiting { throw fail("g \(e.args.0) is not waiting before unpark (time \(e.ts))") }
            if g1.hasEvent && g1.lastType == T.goBlockNet { e.p = P.netpollP }
            g1.state = P.gRunnable
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
            try stopRunning(e, state: P.gWaiting, noted: false)
        case T.goSysExit:
            var g = gs[gk(e.g)] ?? GDesc()
            if g.state != P.gWaiting { throw fail("g \(e.g) is not waiting during syscall exit (time \(e.ts))") }
            g.state = P.gRunnable
            g.hasEvent = true
            g.lastType = e.type
            gs[gk(e.g)] = g
        case T.goSleep, T.goBlock, T.goBlockSend, T.goBlockRecv, T.goBlockSelect, T.goBlockSync, T.goBlockCond,
            T.goBlockNet, T.goBlockGC:
            try stopRunning(e, state: P.gWaiting, noted: true)
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
        if e.stack != 0 && (nonEmptyStacks[Int64(e.stack)] == nil) { e.stack = 0 }
    }
}
