/// The state machine that puts the events of a generational trace in a valid
/// order (Go's `internal/trace` ordering): an event may happen only once what
/// it depends on has (a goroutine starts after it became runnable, a proc is
/// stolen after its syscall began, ...). `advance` says whether the event can
/// happen now; events that can are queued for the reader.
struct TraceOrdering {
    typealias T = TraceEventType

    struct Seq: Equatable {
        var generation: UInt64
        var value: UInt64
        func succeeds(_ other: Seq) -> Bool { generation == other.generation && value == other.value + 1 }
    }

    /// A range (GC sweep, mark assist, STW) in flight on a goroutine or proc.
    struct RangeKind: Equatable {
        var type: UInt8
        var description: UInt64
    }

    // Plain values kept in dense tables and changed in place: no reference
    // counting per event. The rare ranges and regions live in side tables.
    struct GoroutineState {
        var status: UInt64
        var seq: Seq
        /// Whether `goroutineExtras` holds regions or ranges of this goroutine.
        var hasExtras = false
        init(status: UInt64, seq: Seq) {
            self.status = status
            self.seq = seq
        }
    }

    /// A goroutine's active user regions and GC/STW ranges (Go's `gState` keeps them inline).
    struct GoroutineExtras {
        var regions: [(task: UInt64, name: String)] = []
        var ranges: [RangeKind] = []
    }

    struct ProcState {
        var status: UInt64
        var seq: Seq
        init(status: UInt64, seq: Seq) {
            self.status = status
            self.seq = seq
        }
    }

    struct ThreadState {
        var g: Int64 = TraceEvent.none
        var p: Int64 = TraceEvent.none
    }

    // Wire statuses.
    static let goRunnable: UInt64 = 1, goRunning: UInt64 = 2, goSyscall: UInt64 = 3, goWaiting: UInt64 = 4
    static let procRunning: UInt64 = 1, procIdle: UInt64 = 2, procSyscall: UInt64 = 3, procSyscallAbandoned: UInt64 = 4
    // Proc states reported in transitions (Go's ProcState).
    static let procStateUndetermined: UInt64 = 0, procStateNotExist: UInt64 = 1, procStateRunning: UInt64 = 2,
        procStateIdle: UInt64 = 3

    var goroutines = TraceIDMap<GoroutineState>()
    var goroutineExtras: [Int64: GoroutineExtras] = [:]
    var procs = TraceIDMap<ProcState>()
    /// Procs' GC sweep ranges in flight.
    var procRanges: [Int64: [RangeKind]] = [:]
    /// The tables of the generation being ordered (user task names).
    var tables = TraceGeneration()
    /// Threads' states, and where each thread's is in `threadStates`.
    var threads: [Int64: Int] = [:]
    var threadStates: [ThreadState] = []
    /// The thread of the last event advanced (threads are never removed, and
    /// events come in runs from one thread's batch).
    private var lastThread: (id: Int64, index: Int) = (TraceEvent.none, -1)

    /// The index of thread `m`'s state, made if it has none.
    @inline(__always) private mutating func threadIndex(_ m: Int64) -> Int {
        if lastThread.id == m && lastThread.index >= 0 { return lastThread.index }
        return lookUpThread(m)
    }

    private mutating func lookUpThread(_ m: Int64) -> Int {
        let index: Int
        if let known = threads[m] {
            index = known
        } else {
            index = threadStates.count
            threadStates.append(ThreadState())
            threads[m] = index
        }
        lastThread = (m, index)
        return index
    }
    var activeTasks: [UInt64: (name: String, parent: UInt64)] = [:]
    var gcSeq: UInt64 = 0
    /// 0 undetermined, 1 not running, 2 running.
    var gcState = 0
    var initialGeneration: UInt64 = 0
    /// Events that happened, in order: the reader's chunk being filled.
    var output: [TraceEvent] = []

    @inline(__always) private mutating func enqueue(_ e: TraceEvent) {
        output.append(e)
    }

    struct Context {
        var g: Int64
        var p: Int64
        var m: Int64
    }

    enum Need { case mustNot, may, must }

    @inline(__always) func check(_ ctx: Context, m: Need, p: Need, g: Need) throws(TraceError) {
        if m == .must && ctx.m == TraceEvent.none { throw TraceError("broken trace: expected a thread but didn't have one") }
        if m == .mustNot && ctx.m != TraceEvent.none { throw TraceError("broken trace: expected no thread but had one") }
        if p == .must && ctx.p == TraceEvent.none { throw TraceError("broken trace: expected a proc but didn't have one") }
        if p == .mustNot && ctx.p != TraceEvent.none { throw TraceError("broken trace: expected no proc but had one") }
        if g == .must && ctx.g == TraceEvent.none { throw TraceError("broken trace: expected a goroutine but didn't have one") }
        if g == .mustNot && ctx.g != TraceEvent.none { throw TraceError("broken trace: expected no goroutine but had one") }
    }

    func checkUser(_ ctx: Context) throws(TraceError) { try check(ctx, m: .must, p: .must, g: .must) }

    @inline(__always) mutating func push(_ ev: TraceEvent, _ ctx: Context) {
        var e = ev
        e.g = ctx.g
        e.p = ctx.p
        e.m = ctx.m
        enqueue(e)
    }

    mutating func push(type: UInt8, time: Int64, generation: Int32, _ ctx: Context, _ args: TraceArgs = TraceArgs()) {
        enqueue(TraceEvent(type: type, time: time, args: args, g: ctx.g, p: ctx.p, m: ctx.m, generation: generation))
    }

    /// Forgets goroutine `id` (destroyed), with its regions and ranges.
    private mutating func remove(goroutine id: Int64) {
        if goroutines[id]?.hasExtras == true { goroutineExtras[id] = nil }
        goroutines[id] = nil
    }

    /// The regions and ranges of goroutine `id`, which exists, for a change.
    private mutating func extras(_ id: Int64, _ change: (inout GoroutineExtras) throws(TraceError) -> Void) throws(TraceError) {
        goroutines.update(id) { $0.hasExtras = true }
        try change(&goroutineExtras[id, default: GoroutineExtras()])
    }

    static func broken(_ message: String) -> TraceError { TraceError("broken trace: \(message)") }

    /// Tries to let `ev` (read from thread `m`'s batch) happen now. True when
    /// it did (and its events are queued); false when it must wait.
    mutating func advance(_ ev: inout TraceEvent, thread m: Int64, generation gen: UInt64) throws(TraceError) -> Bool {
        if initialGeneration == 0 { initialGeneration = gen }
        var cur = Context(g: TraceEvent.none, p: TraceEvent.none, m: m)
        var ms = -1
        if m != TraceEvent.none {
            ms = threadIndex(m)
            cur.p = threadStates[ms].p
            cur.g = threadStates[ms].g
        }
        guard let result = try dispatch(&ev, m, gen, cur) else { return false }
        if ms >= 0 {
            // Most events leave the context as it was: no write then.
            if result.p != threadStates[ms].p || result.g != threadStates[ms].g {
                threadStates[ms] = ThreadState(g: result.g, p: result.p)
            }
        }
        return true
    }

    // Returns the new context, or nil when the event cannot happen yet.
    private mutating func dispatch(_ ev: inout TraceEvent, _ m: Int64, _ gen: UInt64, _ curIn: Context) throws(TraceError) -> Context? {
        var cur = curIn
        let type = ev.type
        switch type {
        case T.procsChange, T.goLabel, T.userLog:
            try checkUser(cur)
            push(ev, cur)
            return cur

        case T.procStatus:
            let pid = Int64(bitPattern: ev.args[0])
            let status = ev.args[1]
            guard status <= 4 else { throw Self.broken("invalid status for proc \(pid): \(status)") }
            var oldState: UInt64 = status == 0 ? 0 : status % 2 == 1 ? Self.procStateRunning : Self.procStateIdle
            if let s = procs[pid] {
                if status == Self.procSyscallAbandoned && s.status == Self.procSyscall {
                    oldState = Self.procStateRunning
                    ev.args[1] = Self.procSyscall
                } else if status == Self.procSyscallAbandoned && s.status == Self.procSyscallAbandoned {
                    oldState = Self.procStateIdle
                    ev.args[1] = Self.procSyscallAbandoned
                } else if s.status != status {
                    throw Self.broken("inconsistent status for proc \(pid): old \(s.status) vs. new \(status)")
                }
                procs[pid]!.seq = Seq(generation: gen, value: 0)
            } else {
                procs[pid] = ProcState(status: status, seq: Seq(generation: gen, value: 0))
                oldState = gen == initialGeneration ? Self.procStateUndetermined : Self.procStateNotExist
            }
            ev.args[2] = oldState
            var new = cur
            if status == Self.procRunning || status == Self.procSyscall { new.p = pid }
            if status == Self.procSyscallAbandoned && oldState == Self.procStateRunning {
                var found = false
                for (mid, i) in threads where threadStates[i].p == pid {
                    cur.m = mid
                    cur.p = pid
                    cur.g = threadStates[i].g
                    found = true
                }
                if !found { throw Self.broken("failed to find sched context for proc \(pid) that's about to be stolen") }
            }
            push(ev, cur)
            return new

        case T.procStart:
            let pid = Int64(bitPattern: ev.args[0])
            let seq = Seq(generation: gen, value: ev.args[1])
            guard let s = procs[pid], s.status == Self.procIdle, seq.succeeds(s.seq), cur.p == TraceEvent.none else {
                return nil
            }
            try check(cur, m: .must, p: .mustNot, g: .may)
            procs[pid] = ProcState(status: Self.procRunning, seq: seq)
            var new = cur
            new.p = pid
            push(ev, cur)
            return new

        case T.procStop:
            guard let s = procs[cur.p] else { throw Self.broken("ProcStop for proc (\(cur.p)) that doesn't exist") }
            guard s.status == Self.procRunning || s.status == Self.procSyscall else {
                throw Self.broken("ProcStop event for proc that's not Running or Syscall")
            }
            try check(cur, m: .must, p: .must, g: .may)
            procs[cur.p]!.status = Self.procIdle
            var new = cur
            new.p = TraceEvent.none
            push(ev, cur)
            return new

        case T.procSteal:
            let pid = Int64(bitPattern: ev.args[0])
            let seq = Seq(generation: gen, value: ev.args[1])
            guard let s = procs[pid], s.status == Self.procSyscall || s.status == Self.procSyscallAbandoned,
                seq.succeeds(s.seq)
            else { return nil }
            try check(cur, m: .must, p: .may, g: .may)
            let oldStatus = s.status
            ev.args[3] = oldStatus
            procs[pid] = ProcState(status: Self.procIdle, seq: seq)
            if oldStatus == Self.procSyscallAbandoned {
                push(ev, cur)
                return cur
            }
            let mid = Int64(bitPattern: ev.args[2])
            var new = cur
            if mid == cur.m {
                guard cur.p == pid else { throw Self.broken("tried to self-steal proc \(pid) (thread \(mid)), but got proc \(cur.p) instead") }
                new.p = TraceEvent.none
                push(ev, cur)
                return new
            }
            guard let victim = threads[mid] else { throw Self.broken("stole proc from non-existent thread \(mid)") }
            guard threadStates[victim].p == pid else {
                throw Self.broken("tried to steal proc \(pid) from thread \(mid), but got proc \(threadStates[victim].p) instead")
            }
            threadStates[victim].p = TraceEvent.none
            push(ev, cur)
            return new

        case T.goStatus, T.goStatusStack:
            let gid = Int64(bitPattern: ev.args[0])
            let mid = Int64(bitPattern: ev.args[1])
            let status = ev.args[2]
            guard status <= 4 else { throw Self.broken("invalid status for goroutine \(gid): \(status)") }
            var oldState = UInt64(traceGoState(status: status).rawValue)
            if let s = goroutines[gid] {
                guard s.status == status else {
                    throw Self.broken("inconsistent status for goroutine \(gid): old \(s.status) vs. new \(status)")
                }
                goroutines[gid]!.seq = Seq(generation: gen, value: 0)
            } else if gen == initialGeneration {
                goroutines[gid] = GoroutineState(status: status, seq: Seq(generation: gen, value: 0))
                oldState = UInt64(TraceGoState.undetermined.rawValue)
            } else {
                throw Self.broken("found goroutine status for new goroutine after the first generation: id=\(gid) status=\(status)")
            }
            ev.args[2] = oldState << 32 | status
            var new = cur
            if status == Self.goRunning {
                new.g = gid
            } else if status == Self.goSyscall {
                guard mid != TraceEvent.none else { throw Self.broken("found goroutine \(gid) in syscall without a thread") }
                if mid == cur.m {
                    if gen != initialGeneration && cur.g != gid {
                        throw Self.broken("inconsistent thread for syscalling goroutine \(gid): thread has goroutine \(cur.g)")
                    }
                    new.g = gid
                } else {
                    if let i = threads[mid] {
                        guard threadStates[i].g == gid else {
                            throw Self.broken("inconsistent thread for syscalling goroutine \(gid): thread has goroutine \(threadStates[i].g)")
                        }
                        cur.g = threadStates[i].g
                    } else {
                        threads[mid] = threadStates.count
                        threadStates.append(ThreadState(g: gid))
                    }
                    cur.m = mid
                }
            }
            push(ev, cur)
            return new

        case T.goCreate, T.goCreateBlocked:
            try check(cur, m: .must, p: .must, g: .may)
            if let s = goroutines[cur.g], s.status != Self.goRunning {
                throw Self.broken("\(T.name(type)) event for goroutine that's not Running")
            }
            let newID = Int64(bitPattern: ev.args[0])
            guard goroutines[newID] == nil else { throw Self.broken("tried to create goroutine (\(newID)) that already exists") }
            goroutines[newID] = GoroutineState(
                status: type == T.goCreateBlocked ? Self.goWaiting : Self.goRunnable, seq: Seq(generation: gen, value: 0))
            push(ev, cur)
            return cur

        case T.goDestroy, T.goStop, T.goBlock:
            try checkUser(cur)
            guard let s = goroutines[cur.g] else { throw Self.broken("event \(T.name(type)) for goroutine (\(cur.g)) that doesn't exist") }
            guard s.status == Self.goRunning else { throw Self.broken("\(T.name(type)) event for goroutine that's not Running") }
            var new = cur
            switch type {
            case T.goDestroy: remove(goroutine: cur.g)
            case T.goStop: goroutines[cur.g]!.status = Self.goRunnable
            default: goroutines[cur.g]!.status = Self.goWaiting
            }
            new.g = TraceEvent.none
            push(ev, cur)
            return new

        case T.goStart:
            let gid = Int64(bitPattern: ev.args[0])
            let seq = Seq(generation: gen, value: ev.args[1])
            guard let s = goroutines[gid], s.status == Self.goRunnable, seq.succeeds(s.seq) else { return nil }
            try check(cur, m: .must, p: .must, g: .mustNot)
            var started = s
            started.status = Self.goRunning
            started.seq = seq
            goroutines[gid] = started
            var new = cur
            new.g = gid
            push(ev, cur)
            return new

        case T.goUnblock:
            let gid = Int64(bitPattern: ev.args[0])
            let seq = Seq(generation: gen, value: ev.args[1])
            guard let s = goroutines[gid], s.status == Self.goWaiting, seq.succeeds(s.seq) else { return nil }
            var unblocked = s
            unblocked.status = Self.goRunnable
            unblocked.seq = seq
            goroutines[gid] = unblocked
            push(ev, cur)
            return cur

        case T.goSwitch, T.goSwitchDestroy:
            try checkUser(cur)
            guard let current = goroutines[cur.g] else { throw Self.broken("event \(T.name(type)) for goroutine (\(cur.g)) that doesn't exist") }
            guard current.status == Self.goRunning else { throw Self.broken("\(T.name(type)) event for goroutine that's not Running") }
            let next = Int64(bitPattern: ev.args[0])
            let seq = Seq(generation: gen, value: ev.args[1])
            guard let nextState = goroutines[next], nextState.status == Self.goWaiting, seq.succeeds(nextState.seq) else {
                return nil
            }
            push(ev, cur)
            if type == T.goSwitch {
                goroutines[cur.g]!.status = Self.goWaiting
                push(type: T.goBlock, time: ev.time, generation: ev.generation, cur)
            } else {
                remove(goroutine: cur.g)
                push(type: T.goDestroy, time: ev.time, generation: ev.generation, cur)
            }
            var switched = nextState
            switched.status = Self.goRunning
            switched.seq = seq
            goroutines[next] = switched
            var new = cur
            new.g = next
            var startCtx = cur
            startCtx.g = TraceEvent.none
            push(type: T.goStart, time: ev.time, generation: ev.generation, startCtx, TraceArgs(UInt64(bitPattern: next), ev.args[1]))
            return new

        case T.goSyscallBegin:
            try checkUser(cur)
            guard let s = goroutines[cur.g] else { throw Self.broken("event GoSyscallBegin for goroutine (\(cur.g)) that doesn't exist") }
            guard s.status == Self.goRunning else { throw Self.broken("GoSyscallBegin event for goroutine that's not Running") }
            goroutines[cur.g]!.status = Self.goSyscall
            guard let ps = procs[cur.p] else { throw Self.broken("uninitialized proc \(cur.p) found during GoSyscallBegin") }
            let pSeq = Seq(generation: gen, value: ev.args[0])
            guard pSeq.succeeds(ps.seq) else {
                procs[cur.p]!.status = Self.procSyscall
                throw Self.broken("failed to advance GoSyscallBegin: can't make sequence")
            }
            procs[cur.p] = ProcState(status: Self.procSyscall, seq: pSeq)
            push(ev, cur)
            return cur

        case T.goSyscallEnd:
            try checkUser(cur)
            guard let s = goroutines[cur.g] else { throw Self.broken("event GoSyscallEnd for goroutine (\(cur.g)) that doesn't exist") }
            guard s.status == Self.goSyscall else { throw Self.broken("GoSyscallEnd event for goroutine that's not Syscall") }
            goroutines[cur.g]!.status = Self.goRunning
            guard let ps = procs[cur.p] else { throw Self.broken("uninitialized proc \(cur.p) found during GoSyscallEnd") }
            guard ps.status == Self.procSyscall else { throw Self.broken("expected proc \(cur.p) in state Syscall") }
            procs[cur.p]!.status = Self.procRunning
            push(ev, cur)
            return cur

        case T.goSyscallEndBlocked:
            if cur.p != TraceEvent.none {
                guard let ps = procs[cur.p] else { throw Self.broken("uninitialized proc \(cur.p) found during GoSyscallEndBlocked") }
                if ps.status == Self.procSyscall { return nil }
            }
            try check(cur, m: .must, p: .may, g: .must)
            guard let s = goroutines[cur.g] else { throw Self.broken("event GoSyscallEndBlocked for goroutine (\(cur.g)) that doesn't exist") }
            guard s.status == Self.goSyscall else { throw Self.broken("GoSyscallEndBlocked event for goroutine that's not Syscall") }
            var new = cur
            new.g = TraceEvent.none
            goroutines[cur.g]!.status = Self.goRunnable
            push(ev, cur)
            return new

        case T.goCreateSyscall:
            try check(cur, m: .must, p: .may, g: .mustNot)
            let newID = Int64(bitPattern: ev.args[0])
            guard goroutines[newID] == nil else { throw Self.broken("tried to create goroutine (\(newID)) in syscall that already exists") }
            goroutines[newID] = GoroutineState(status: Self.goSyscall, seq: Seq(generation: gen, value: 0))
            var new = cur
            new.g = newID
            push(ev, cur)
            return new

        case T.goDestroySyscall:
            try check(cur, m: .must, p: .may, g: .must)
            guard let s = goroutines[cur.g] else { throw Self.broken("event GoDestroySyscall for goroutine (\(cur.g)) that doesn't exist") }
            guard s.status == Self.goSyscall else { throw Self.broken("GoDestroySyscall event for goroutine that's not Syscall") }
            remove(goroutine: cur.g)
            var new = cur
            new.g = TraceEvent.none
            if cur.p != TraceEvent.none {
                guard let ps = procs[cur.p] else { throw Self.broken("found invalid proc \(cur.p) during GoDestroySyscall") }
                guard ps.status == Self.procSyscall else { throw Self.broken("proc \(cur.p) in unexpected state during GoDestroySyscall") }
                procs[cur.p]!.status = Self.procSyscallAbandoned
                new.p = TraceEvent.none
                push(type: T.procSteal, time: ev.time, generation: ev.generation, cur, TraceArgs(UInt64(bitPattern: cur.p), 0, 0, Self.procSyscall))
            }
            push(ev, cur)
            return new

        case T.userTaskBegin:
            let id = ev.args[0]
            guard activeTasks[id] == nil else { throw Self.broken("task ID conflict: \(id)") }
            var parent = ev.args[1]
            if parent == 0 {
                parent = UInt64.max
                ev.args[1] = UInt64.max
            }
            guard let name = tables.string(ev.args[2]) else { throw Self.broken("invalid string ID \(ev.args[2]) for UserTaskBegin event") }
            activeTasks[id] = (name, parent)
            try checkUser(cur)
            push(ev, cur)
            return cur

        case T.userTaskEnd:
            let id = ev.args[0]
            let extra: Int
            if let task = activeTasks[id] {
                ev.args[2] = task.parent
                extra = tables.addExtraString(task.name)
                activeTasks[id] = nil
            } else {
                ev.args[2] = UInt64.max
                extra = tables.addExtraString("")
            }
            // An index into the generation's extra strings, marked by the top bit.
            ev.args[3] = UInt64(extra) | 1 << 63
            try checkUser(cur)
            push(ev, cur)
            return cur

        case T.userRegionBegin, T.userRegionEnd:
            try checkUser(cur)
            let task = ev.args[0]
            guard let name = tables.string(ev.args[1]) else { throw Self.broken("invalid string ID \(ev.args[1]) for \(T.name(type)) event") }
            guard goroutines[cur.g] != nil else {
                throw Self.broken("encountered \(T.name(type)) without known state for current goroutine \(cur.g)")
            }
            let g = cur.g
            try extras(g) { (x) throws(TraceError) in
                if type == T.userRegionBegin {
                    x.regions.append((task, name))
                } else if let last = x.regions.last {
                    guard last.task == task && last.name == name else {
                        throw Self.broken("misuse of region in goroutine \(g): region end \(name) when the inner-most active region is \(last.name)")
                    }
                    x.regions.removeLast()
                }
            }
            push(ev, cur)
            return cur

        case T.gcActive:
            let seq = ev.args[0]
            if gen == initialGeneration {
                guard gcState == 0 else { throw Self.broken("GCActive in the first generation isn't first GC event") }
                gcSeq = seq
                gcState = 2
                push(ev, cur)
                return cur
            }
            guard seq == gcSeq &+ 1 else { return nil }
            guard gcState == 2 else { throw Self.broken("encountered GCActive while GC was not in progress") }
            gcSeq = seq
            try checkUser(cur)
            push(ev, cur)
            return cur

        case T.gcBegin:
            let seq = ev.args[0]
            if gcState == 0 {
                gcSeq = seq
                gcState = 2
                push(ev, cur)
                return cur
            }
            guard seq == gcSeq &+ 1 else { return nil }
            guard gcState != 2 else { throw Self.broken("encountered GCBegin while GC was already in progress") }
            gcSeq = seq
            gcState = 2
            try checkUser(cur)
            push(ev, cur)
            return cur

        case T.gcEnd:
            let seq = ev.args[0]
            guard seq == gcSeq &+ 1 else { return nil }
            guard gcState == 2 else { throw Self.broken("encountered GCEnd when GC was not in progress") }
            gcSeq = seq
            gcState = 1
            try checkUser(cur)
            push(ev, cur)
            return cur

        case T.heapAlloc, T.heapGoal:
            try check(cur, m: .must, p: .must, g: .may)
            push(ev, cur)
            return cur

        case T.gcSweepBegin:
            try check(cur, m: .must, p: .must, g: .may)
            guard procs[cur.p] != nil else { throw Self.broken("GCSweepBegin for unknown proc \(cur.p)") }
            let kind = RangeKind(type: T.gcSweepBegin, description: 0)
            guard procRanges[cur.p]?.contains(kind) != true else { throw Self.broken("discovered event already in-flight for when starting event GCSweepBegin") }
            procRanges[cur.p, default: []].append(kind)
            push(ev, cur)
            return cur

        case T.gcSweepActive:
            let pid = Int64(bitPattern: ev.args[0])
            guard procs[pid] != nil else { throw Self.broken("encountered GCSweepActive for unknown proc \(pid)") }
            try Self.activeRange(&procRanges[pid, default: []], RangeKind(type: T.gcSweepBegin, description: 0), initial: gen == initialGeneration)
            push(ev, cur)
            return cur

        case T.gcSweepEnd:
            try check(cur, m: .must, p: .must, g: .may)
            guard procs[cur.p] != nil else { throw Self.broken("GCSweepEnd for unknown proc \(cur.p)") }
            _ = try Self.endRange(&procRanges[cur.p, default: []], T.gcSweepBegin)
            push(ev, cur)
            return cur

        case T.stwBegin, T.gcMarkAssistBegin:
            try checkUser(cur)
            let description = type == T.stwBegin ? ev.args[0] : 0
            guard goroutines[cur.g] != nil else { throw Self.broken("encountered event of type \(type) without known state for current goroutine \(cur.g)") }
            let kind = RangeKind(type: type, description: description)
            try extras(cur.g) { (x) throws(TraceError) in
                guard !x.ranges.contains(kind) else { throw Self.broken("discovered event already in-flight for when starting event \(T.name(type))") }
                x.ranges.append(kind)
            }
            push(ev, cur)
            return cur

        case T.gcMarkAssistActive:
            let gid = Int64(bitPattern: ev.args[0])
            guard goroutines[gid] != nil else { throw Self.broken("uninitialized goroutine \(gid) found during GCMarkAssistActive") }
            let initial = gen == initialGeneration
            try extras(gid) { (x) throws(TraceError) in
                try Self.activeRange(&x.ranges, RangeKind(type: T.gcMarkAssistBegin, description: 0), initial: initial)
            }
            push(ev, cur)
            return cur

        case T.stwEnd, T.gcMarkAssistEnd:
            try checkUser(cur)
            guard goroutines[cur.g] != nil else { throw Self.broken("encountered event of type \(type) without known state for current goroutine \(cur.g)") }
            var description: UInt64 = 0
            try extras(cur.g) { (x) throws(TraceError) in
                description = try Self.endRange(&x.ranges, type == T.stwEnd ? T.stwBegin : T.gcMarkAssistBegin)
            }
            if type == T.stwEnd { ev.args[0] = description }
            push(ev, cur)
            return cur

        case 128...136:
            try check(cur, m: .must, p: .may, g: .may)
            push(ev, cur)
            return cur

        default:
            throw Self.broken("bad event type found while ordering: \(type)")
        }
    }

    static func activeRange(_ ranges: inout [RangeKind], _ kind: RangeKind, initial: Bool) throws(TraceError) {
        if initial {
            guard !ranges.contains(kind) else { throw TraceError("broken trace: found named active range already in first gen") }
            ranges.append(kind)
        } else if !ranges.contains(kind) {
            throw TraceError("broken trace: resource is missing active range \(TraceEventType.name(kind.type))")
        }
    }

    static func endRange(_ ranges: inout [RangeKind], _ start: UInt8) throws(TraceError) -> UInt64 {
        guard let index = ranges.firstIndex(where: { $0.type == start }) else {
            throw TraceError("broken trace: tried to end event \(TraceEventType.name(start)), but not in-flight")
        }
        let description = ranges[index].description
        ranges.swapAt(index, ranges.count - 1)
        ranges.removeLast()
        return description
    }
}
