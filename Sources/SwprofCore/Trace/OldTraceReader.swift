/// Delivers the events of an old-format trace (Go 1.11–1.21) as events of
/// the generational format, converted as Go 1.27's reader converts them:
/// one generation, a sync event before the first event and after the last.
struct OldTraceReader {
    typealias O = OldTraceParser.T
    typealias N = TraceEventType

    let tables = TraceGeneration()
    /// The merged events, checked and converted one at a time.
    private let parser: OldTraceParser
    private var checker: OldTraceChecker
    private var index = 0
    private var extra: [TraceEvent] = []
    private var extraIndex = 0
    private var lastTime: Int64 = -1
    private var started = false
    private var done = false
    private let version: Int
    private var preInit = true
    private var createdPreInit: Set<UInt64> = []
    private var tasks: [UInt64: (name: String, parent: UInt64)] = [:]
    /// Procs seen, and the thread each runs on, by `OldTraceParser.procKey`.
    private var seenProcs = TraceIDMap<Bool>()
    private var procThreads = TraceIDMap<Int64>()
    /// Per-type tables, read once (a static's every read checks that it is set).
    private let hasStack = OldTraceParser.descriptions.map(\.stack)
    private let stackArgs = TraceEventType.stackArgs
    private var lastSTWReason: UInt64 = 0
    private var inlineBase: UInt64 = 0
    private var builtinBase: UInt64 = 0
    /// For each GoSysCall: whether the goroutine's next event blocks in the syscall.
    private var syscallBlocks: [Bool]

    // Reasons and STW kinds the conversion names, in Go's order.
    static let builtins = [
        "forever", "preempted", "runtime.Gosched", "sleep", "chan send", "chan receive", "network", "sync",
        "sync.(*Cond).Wait", "select", "", "GC mark assist wait for work", "", "GC mark termination",
        "GC sweep termination", "write heap dump", "goroutine profile", "goroutine profile cleanup",
        "all goroutine stack trace", "read mem stats", "AllThreadsSyscall", "GOMAXPROCS", "start trace",
        "stop trace", "CountPagesInUse (test)", "ReadMetricsSlow (test)", "ReadMemStatsSlow (test)",
        "PageCachePagesLeaked (test)", "ResetDebugLog (test)",
    ]
    static let sForever = 0, sPreempted = 1, sGosched = 2, sSleep = 3, sChanSend = 4, sChanRecv = 5, sNetwork = 6
    static let sSync = 7, sSyncCond = 8, sSelect = 9, sEmpty = 10, sMarkAssistWait = 11, sSTWUnknown = 12

    init(bytes: [UInt8], start: Int, version: Int) throws(TraceError) {
        var parser = OldTraceParser(bytes: bytes, start: start, version: version)
        try parser.parse()
        self.parser = parser
        checker = OldTraceChecker(stacks: parser.stacks)
        self.version = version
        tables.nanosPerTick = 1
        let maxID = parser.strings.keys.max() ?? 0
        for (id, s) in parser.strings { tables.strings[id] = s }
        inlineBase = maxID + 1
        for (i, s) in parser.inlineStrings.enumerated() { tables.strings[inlineBase + UInt64(i)] = s }
        builtinBase = inlineBase + UInt64(parser.inlineStrings.count)
        for (i, s) in Self.builtins.enumerated() { tables.strings[builtinBase + UInt64(i)] = s }
        for (id, pcs) in parser.stacks { tables.stacks[UInt64(id)] = pcs }
        for (pc, f) in parser.pcs { tables.frames[pc] = (f.function, f.file, UInt64(bitPattern: Int64(f.line))) }
        var blocks = [Bool](repeating: false, count: parser.eventCount)
        var nextType = TraceIDMap<UInt8>()
        for i in stride(from: parser.eventCount - 1, through: 0, by: -1) {
            let e = parser.rawEvent(at: i)
            let g = Int64(bitPattern: e.g), type = e.type
            if type == O.goSysCall { blocks[i] = nextType[g] == O.goSysBlock }
            nextType[g] = type
        }
        syscallBlocks = blocks
    }

    private func builtin(_ c: Int) -> UInt64 { builtinBase + UInt64(c) }

    /// The STW kind's index among the builtins.
    private func stwReason(_ kind: UInt64) -> Int {
        if version < 21 { return kind <= 1 ? Int(kind) + 1 : 0 }
        return kind < 17 ? Int(kind) : 0
    }

    private func syncEvent(_ time: Int64) -> TraceEvent {
        TraceEvent(type: N.syncMarker, time: time, args: TraceArgs(), g: -1, p: -1, m: -1, generation: 0)
    }

    mutating func next() throws(TraceError) -> TraceEvent? {
        if done { return nil }
        if !started {
            started = true
            if parser.eventCount > 0 { return syncEvent(parser.event(at: 0).ts - 1) }
        }
        while true {
            if extraIndex < extra.count {
                var e = extra[extraIndex]
                extraIndex += 1
                if extraIndex == extra.count {
                    extra.removeAll(keepingCapacity: true)
                    extraIndex = 0
                }
                return stamp(&e)
            }
            guard index < parser.eventCount else {
                done = true
                return syncEvent(lastTime + 1)
            }
            let i = index
            index += 1
            var ev = parser.event(at: i)
            try checker.check(&ev)
            let converted: TraceEvent?
            do {
                converted = try convert(ev, at: i)
            } catch {
                // Go checks every event before it converts any.
                while index < parser.eventCount {
                    var later = parser.event(at: index)
                    try checker.check(&later)
                    index += 1
                }
                throw error
            }
            if var e = converted { return stamp(&e) }
        }
    }

    private mutating func stamp(_ e: inout TraceEvent) -> TraceEvent {
        if e.time <= lastTime { e.time = lastTime + 1 }
        lastTime = e.time
        return e
    }

    private func event(_ type: UInt8, _ time: Int64, g: Int64, p: Int64, m: Int64, _ args: TraceArgs) -> TraceEvent {
        TraceEvent(type: type, time: time, args: args, g: g, p: p, m: m, generation: 0)
    }

    /// Go's `convertEvent`; nil for events the conversion drops.
    private mutating func convert(_ ev: OldTraceParser.Event, at i: Int) throws(TraceError) -> TraceEvent? {
        var type: UInt8
        var args = TraceArgs(ev.args.0, ev.args.1, ev.args.2, ev.args.3)
        let pid = Int64(ev.p)
        let pk = OldTraceParser.procKey(ev.p)
        switch ev.type {
        case O.gomaxprocs:
            type = N.procsChange
            if preInit {
                preInit = false
                for gid in createdPreInit.sorted() {
                    extra.append(event(N.goStatus, ev.ts, g: -1, p: -1, m: -1, TraceArgs(gid, UInt64.max, TraceOrdering.goRunnable)))
                }
                createdPreInit = []
                return nil
            }
        case O.procStart:
            procThreads[pk] = Int64(bitPattern: ev.args.0)
            if seenProcs[pk] != nil {
                type = N.procStart
                args = TraceArgs(UInt64(bitPattern: pid), 0, 0, 0)
            } else {
                seenProcs[pk] = true
                type = N.procStatus
                args = TraceArgs(UInt64(bitPattern: pid), TraceOrdering.procRunning, 0, 0)
            }
        case O.procStop:
            if seenProcs[pk] != nil {
                type = N.procStop
                args = TraceArgs(UInt64(bitPattern: pid), 0, 0, 0)
            } else {
                seenProcs[pk] = true
                type = N.procStatus
                args = TraceArgs(UInt64(bitPattern: pid), TraceOrdering.procIdle, 0, 0)
            }
        case O.gcStart: type = N.gcBegin
        case O.gcDone: type = N.gcEnd
        case O.stwStart:
            let sid = builtin(Self.sSTWUnknown + stwReason(ev.args.0))
            lastSTWReason = sid
            type = N.stwBegin
            args = TraceArgs(sid, 0, 0, 0)
        case O.stwDone:
            type = N.stwEnd
            args = TraceArgs(lastSTWReason, 0, 0, 0)
        case O.gcSweepStart: type = N.gcSweepBegin
        case O.gcSweepDone: type = N.gcSweepEnd
        case O.goCreate:
            if preInit {
                createdPreInit.insert(ev.args.0)
                return nil
            }
            type = N.goCreate
        case O.goStart:
            if preInit {
                type = N.goStatus
                args = TraceArgs(ev.args.0, UInt64.max, TraceOrdering.goRunning, 0)
                createdPreInit.remove(ev.args.0)
            } else {
                type = N.goStart
            }
        case O.goStartLabel:
            let m = procThreads[pk] ?? 0
            extra = [event(N.goLabel, ev.ts, g: Int64(bitPattern: ev.g), p: pid, m: m, TraceArgs(ev.args.2))]
            extraIndex = 0
            return event(N.goStart, ev.ts, g: Int64(bitPattern: ev.g), p: pid, m: m, args)
        case O.goEnd: type = N.goDestroy
        case O.goStop: type = N.goBlock; args = TraceArgs(builtin(Self.sForever), UInt64(ev.stack), 0, 0)
        case O.goSched: type = N.goStop; args = TraceArgs(builtin(Self.sGosched), UInt64(ev.stack), 0, 0)
        case O.goPreempt: type = N.goStop; args = TraceArgs(builtin(Self.sPreempted), UInt64(ev.stack), 0, 0)
        case O.goSleep: type = N.goBlock; args = TraceArgs(builtin(Self.sSleep), UInt64(ev.stack), 0, 0)
        case O.goBlock: type = N.goBlock; args = TraceArgs(builtin(Self.sEmpty), UInt64(ev.stack), 0, 0)
        case O.goUnblock: type = N.goUnblock
        case O.goBlockSend: type = N.goBlock; args = TraceArgs(builtin(Self.sChanSend), UInt64(ev.stack), 0, 0)
        case O.goBlockRecv: type = N.goBlock; args = TraceArgs(builtin(Self.sChanRecv), UInt64(ev.stack), 0, 0)
        case O.goBlockSelect: type = N.goBlock; args = TraceArgs(builtin(Self.sSelect), UInt64(ev.stack), 0, 0)
        case O.goBlockSync: type = N.goBlock; args = TraceArgs(builtin(Self.sSync), UInt64(ev.stack), 0, 0)
        case O.goBlockCond: type = N.goBlock; args = TraceArgs(builtin(Self.sSyncCond), UInt64(ev.stack), 0, 0)
        case O.goBlockNet: type = N.goBlock; args = TraceArgs(builtin(Self.sNetwork), UInt64(ev.stack), 0, 0)
        case O.goBlockGC: type = N.goBlock; args = TraceArgs(builtin(Self.sMarkAssistWait), UInt64(ev.stack), 0, 0)
        case O.goSysCall:
            if syscallBlocks[i] {
                type = N.goSyscallBegin
                args = TraceArgs(0, UInt64(ev.stack), 0, 0)
            } else {
                let g = Int64(bitPattern: ev.g), m = procThreads[pk] ?? 0  // Go reads a missing thread as 0
                extra.append(event(N.goSyscallEnd, ev.ts + 1, g: g, p: pid, m: m, TraceArgs()))
                return event(N.goSyscallBegin, ev.ts, g: g, p: pid, m: m, TraceArgs(0, UInt64(ev.stack)))
            }
        case O.goSysExit: type = N.goSyscallEndBlocked
        case O.goSysBlock: return nil
        case O.goWaiting:
            type = N.goStatus
            args = TraceArgs(ev.args.0, UInt64.max, TraceOrdering.goWaiting, 0)
            createdPreInit.remove(ev.args.0)
        case O.goInSyscall:
            type = N.goStatus
            args = TraceArgs(ev.args.0, UInt64.max, TraceOrdering.goSyscall, 0)
            createdPreInit.remove(ev.args.0)
        case O.heapAlloc: type = N.heapAlloc
        case O.heapGoal: type = N.heapGoal
        case O.gcMarkAssistStart: type = N.gcMarkAssistBegin
        case O.gcMarkAssistDone: type = N.gcMarkAssistEnd
        case O.userTaskCreate:
            type = N.userTaskBegin
            let parent = ev.args.1 == 0 ? UInt64.max : ev.args.1
            args = TraceArgs(ev.args.0, parent, ev.args.2, UInt64(ev.stack))
            tasks[ev.args.0] = (tables.string(ev.args.2) ?? "", ev.args.1)
        case O.userTaskEnd:
            type = N.userTaskEnd
            let extra: Int
            if let task = tasks.removeValue(forKey: ev.args.0) {
                extra = tables.addExtraString(task.name)
                args = TraceArgs(ev.args.0, ev.args.1, task.parent, 0)
            } else {
                extra = tables.addExtraString("")
                args = TraceArgs(ev.args.0, ev.args.1, UInt64.max, 0)
            }
            args[3] = UInt64(extra) | 1 << 63
        case O.userRegion:
            switch ev.args.1 {
            case 0: type = N.userRegionBegin
            case 1: type = N.userRegionEnd
            default: type = 0
            }
            args = TraceArgs(ev.args.0, ev.args.2, UInt64(ev.stack), 0)
        case O.userLog:
            type = N.userLog
            args = TraceArgs(ev.args.0, ev.args.1, inlineBase + ev.args.3, UInt64(ev.stack))
        case O.cpuSample:
            type = N.cpuSample
            args = TraceArgs(UInt64(ev.stack), UInt64.max, UInt64(bitPattern: pid), ev.g)
        default:
            throw TraceError("unexpected event type \(ev.type)")
        }
        if hasStack[Int(ev.type)], Int(type) < stackArgs.count, stackArgs[Int(type)] >= 0 {
            args[Int(stackArgs[Int(type)])] = UInt64(ev.stack)
        }
        var m = TraceEvent.none
        if ev.p != -1 && ev.type != O.cpuSample, let t = procThreads[pk] { m = t }
        if ev.type == O.procStop { procThreads[pk] = nil }
        let g = ev.g == 0 ? TraceEvent.none : Int64(bitPattern: ev.g)
        return event(type, ev.ts, g: g, p: pid, m: m, args)
    }
}
