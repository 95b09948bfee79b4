/// Delivers the events of an old-format trace (Go 1.11–1.21) as events of
/// the generational format, converted as Go 1.27's reader converts them:
/// one generation, a sync event before the first event and after the last.
/// The events are merged, checked and converted as they are read
/// (`OldTraceOrdering`), with the errors Go gives before any event.
struct OldTraceReader {
    typealias O = OldTraceParser.T
    typealias N = TraceEventType
    typealias Event = OldTraceParser.Event

    let tables = TraceGeneration()
    private let bytes: [UInt8]
    private var ordering: OldTraceOrdering
    private var checker = OldTraceChecker(stacks: [:])
    /// Where converted events go (the pipe's chunk, while `readEvents` runs).
    private var out: [TraceEvent] = []
    private var started = false
    private var done = false
    private var lastTime: Int64 = -1
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
    /// Ticks to nanoseconds from the first event.
    private var minTs: Int64 = 0
    private var nanosPerTick: Double = 0
    private var timerGoroutines: Set<UInt64> = []
    /// Checked events waiting for the conversion of a syscall, which needs
    /// whether its goroutine's next event blocks in it (nil until known).
    private let window = TraceRing<(event: Event, blocks: Bool?)>()
    /// Position (from the first event) of window[0], and of each goroutine's unresolved syscall.
    private var windowBase = 0
    private var syscalls = TraceIDMap<Int>()
    private var syscallCount = 0
    /// The first conversion error: Go checks every event before converting any.
    private var conversionError: TraceError? = nil

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

    /// Reads the trace's index (the first pass); its errors are thrown here.
    init(bytes: [UInt8], start: Int, version: Int) throws(TraceError) {
        var parser = OldTraceParser(bytes: bytes, start: start, version: version)
        try parser.index()
        ordering = OldTraceOrdering(parser)
        self.bytes = bytes
        self.version = version
        tables.nanosPerTick = 1
    }

    /// Fills the tables once the merge has read them (before the first event
    /// is delivered); `first` is the first event's time in ticks.
    private mutating func setUp(first: Int64) {
        let parser = ordering.parser
        checker = OldTraceChecker(stacks: parser.stacks)
        let maxID = parser.strings.keys.max() ?? 0
        for (id, s) in parser.strings { tables.strings[id] = s }
        inlineBase = maxID + 1
        for (i, s) in parser.inlineStrings.enumerated() { tables.strings[inlineBase + UInt64(i)] = s }
        builtinBase = inlineBase + UInt64(parser.inlineStrings.count)
        for (i, s) in Self.builtins.enumerated() { tables.strings[builtinBase + UInt64(i)] = s }
        for (id, pcs) in parser.stacks { tables.stacks[UInt64(id)] = pcs }
        for (pc, f) in parser.pcs { tables.frames[pc] = (f.function, f.file, UInt64(bitPattern: Int64(f.line))) }
        minTs = first
        nanosPerTick = 1e9 / Double(parser.ticksPerSecond)
        timerGoroutines = parser.timerGoroutines
    }

    /// Appends the next events to `events` until it holds `limit` (the
    /// pipe's `read`); false once the last is in.
    mutating func readEvents(into events: inout [TraceEvent], limit: Int) throws(TraceError) -> Bool {
        if done { return false }
        swap(&out, &events)
        defer { swap(&out, &events) }
        let bytes = self.bytes
        try bytes.withUnsafeBufferPointer { (p) throws(TraceError) in try fill(p, limit: limit) }
        return !done
    }

    /// Delivers the next events into `out` until it holds `limit` or the trace has ended.
    private mutating func fill(_ p: UnsafeBufferPointer<UInt8>, limit: Int) throws(TraceError) {
        while out.count < limit {
            guard var e = try ordering.next(p) else {
                try end()
                return
            }
            if !started {
                started = true
                setUp(first: e.ts)
                out.append(syncEvent(-1))
            }
            e.ts = Int64(Double(e.ts &- minTs) * nanosPerTick)
            if e.type == O.goUnblock && !timerGoroutines.isEmpty && timerGoroutines.contains(e.g) { e.p = OldTraceParser.timerP }
            if e.type == O.goSysExit { e.p = OldTraceParser.syscallP }
            do {
                try checker.check(&e)
            } catch {
                try ordering.drain(p)
                throw error
            }
            if conversionError != nil { continue }
            if syscallCount == 0 && e.type != O.goSysCall {
                emit(e, blocks: false)
                continue
            }
            if syscallCount > 0, let at = syscalls[Int64(bitPattern: e.g)] {
                window[at - windowBase].blocks = e.type == O.goSysBlock
                syscalls[Int64(bitPattern: e.g)] = nil
                syscallCount -= 1
            }
            if e.type == O.goSysCall {
                syscalls[Int64(bitPattern: e.g)] = windowBase + window.count
                syscallCount += 1
                window.append((e, nil))
            } else {
                window.append((e, false))
            }
            convertWindow()
        }
    }

    /// Converts the window's events up to the first syscall still unresolved.
    private mutating func convertWindow() {
        while !window.isEmpty, conversionError == nil, let blocks = window[0].blocks {
            emit(window.removeFirst().event, blocks: blocks)
            windowBase += 1
        }
    }

    /// After the last event: its syscalls did not block; the closing sync event.
    private mutating func end() throws(TraceError) {
        for i in 0..<window.count where window[i].blocks == nil { window[i].blocks = false }
        syscalls = TraceIDMap()
        syscallCount = 0
        convertWindow()
        if let conversionError { throw conversionError }
        done = true
        out.append(syncEvent(lastTime + 1))
    }

    /// Converts one checked event into `out`; a failure is kept (`conversionError`).
    private mutating func emit(_ ev: Event, blocks: Bool) {
        do {
            try convert(ev, blocks: blocks)
        } catch {
            conversionError = error
        }
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

    /// Delivers an event, a nanosecond after the one before if it is not later.
    @inline(__always)
    private mutating func put(_ type: UInt8, _ time: Int64, g: Int64, p: Int64, m: Int64, _ args: TraceArgs) {
        let t = time <= lastTime ? lastTime + 1 : time
        lastTime = t
        out.append(TraceEvent(type: type, time: t, args: args, g: g, p: p, m: m, generation: 0))
    }

    /// Go's `convertEvent`: the events it gives go into `out`.
    private mutating func convert(_ ev: Event, blocks: Bool) throws(TraceError) {
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
                    put(N.goStatus, ev.ts, g: -1, p: -1, m: -1, TraceArgs(gid, UInt64.max, TraceOrdering.goRunnable))
                }
                createdPreInit = []
                return
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
                return
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
            put(N.goStart, ev.ts, g: Int64(bitPattern: ev.g), p: pid, m: m, args)
            put(N.goLabel, ev.ts, g: Int64(bitPattern: ev.g), p: pid, m: m, TraceArgs(ev.args.2))
            return
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
            if blocks {
                type = N.goSyscallBegin
                args = TraceArgs(0, UInt64(ev.stack), 0, 0)
            } else {
                let g = Int64(bitPattern: ev.g), m = procThreads[pk] ?? 0  // Go reads a missing thread as 0
                put(N.goSyscallBegin, ev.ts, g: g, p: pid, m: m, TraceArgs(0, UInt64(ev.stack)))
                put(N.goSyscallEnd, ev.ts + 1, g: g, p: pid, m: m, TraceArgs())
                return
            }
        case O.goSysExit: type = N.goSyscallEndBlocked
        case O.goSysBlock: return
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
        put(type, ev.ts, g: g, p: pid, m: m, args)
    }
}
