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
        starts(state, reason: TraceBlockReason(reason))
    }

    /// The same, for a reason already classified.
    @inline(__always) func starts(_ state: TraceGoState, reason: TraceBlockReason) -> Bool {
        switch self {
        case .net: return state == .waiting && reason.contains(.network)
        case .sync: return state == .waiting && reason.contains(.sync)
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

/// What a block or stop reason means to the profiles, decided once per
/// string: Go's tests are `reason == "network"`, `strings.Contains` of
/// "chan", "sync" or "select" (on bytes), and `reason == "forever"`.
struct TraceBlockReason: OptionSet, Sendable {
    let rawValue: UInt8
    // Computed, not stored: a stored static is checked for being set at every use.
    static var network: TraceBlockReason { TraceBlockReason(rawValue: 1) }
    static var sync: TraceBlockReason { TraceBlockReason(rawValue: 2) }
    static var forever: TraceBlockReason { TraceBlockReason(rawValue: 4) }

    init(rawValue: UInt8) { self.rawValue = rawValue }

    init(_ reason: String) {
        var r: TraceBlockReason = []
        var text = reason
        text.withUTF8 { b in
            if b.elementsEqual("network".utf8) { r.insert(.network) }
            if b.elementsEqual("forever".utf8) { r.insert(.forever) }
            if Self.find("chan", in: b) || Self.find("sync", in: b) || Self.find("select", in: b) { r.insert(.sync) }
        }
        self = r
    }

    private static func find(_ needle: StaticString, in b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = needle.utf8CodeUnitCount
        guard b.count >= n else { return false }
        let p = needle.utf8Start
        for i in 0...(b.count - n) {
            var j = 0
            while j < n && b[i + j] == p[j] { j += 1 }
            if j == n { return true }
        }
        return false
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
    /// The (generation, stack ID) each stack is currently filed under; the
    /// empty stack is filed under generation -1 in every generation.
    private var currentKeys: [StackKey] = []

    struct StackKey: Hashable, Sendable {
        var generation: Int32
        var id: UInt64
    }

    /// Per goroutine, the wait of each kind it is in: start time and stack (-1: none).
    private var tracking = TraceIDMap<Tracking>()
    /// For the generation `cacheGeneration`: each string ID's reason class
    /// (read once per string), and the stack each stack ID was last filed as.
    private var reasonCache = TraceIDMap<TraceBlockReason>()
    private var stackCache = TraceIDMap<(index: Int32, frames: Int32)>()
    private var cacheGeneration: Int32 = -1

    struct Tracking: Sendable {
        var start: (Int64, Int64, Int64, Int64) = (0, 0, 0, 0)
        var stack: (Int32, Int32, Int32, Int32) = (-1, -1, -1, -1)
        /// Whether a wait of this goroutine was summed as it ended (`record`).
        var summed = false
        /// The goroutine's lifetime so far (nil before its first transition).
        var life: TraceGoroutineLifetime? = nil

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

    /// Waits per kind kept as they are, to weigh against the goroutines'
    /// final lifetimes at the end; the first `validWaits[k]` of them ended
    /// before the last sync event (the trace's valid part), the rest after it.
    private(set) var waits: [[Wait]] = Array(repeating: [], count: 4)
    private var validWaits = [Int](repeating: 0, count: 4)

    /// Most waits are weighed as they end instead (see `record`): per kind
    /// and stack, their count and delay up to the last sync event (`sums`)
    /// and since it (`pendingSums`, with the stacks they touched).
    private var sums: [[(count: Int64, delay: Int64)]] = Array(repeating: [], count: 4)
    private var pendingSums: [[(count: Int64, delay: Int64)]] = Array(repeating: [], count: 4)
    private var pendingStacks: [[Int32]] = Array(repeating: [], count: 4)
    /// Keep every wait (no sums), as a second pass does when `needsExactPass`.
    private let keepsAllWaits: Bool
    /// Set when a goroutine's lifetime began anew after waits of its former
    /// one were summed (a reused goroutine ID, which Go's runtime never
    /// writes): those sums may be wrong, and the trace must be read again
    /// by a collector made with `keepingAllWaits`.
    public private(set) var needsExactPass = false

    /// A collector; `keepingAllWaits` keeps every wait to weigh at the end.
    public init(keepingAllWaits: Bool) {
        keepsAllWaits = keepingAllWaits
    }

    public init() { self.init(keepingAllWaits: false) }

    /// The stack `id` of the current generation as one of `stackFrames`,
    /// filed under its key (the stack with its PCs moves to this key).
    private mutating func canonicalStack(_ id: UInt64, generation: Int32, _ tables: TraceGeneration) -> Int32 {
        let key = StackKey(generation: id == 0 ? -1 : generation, id: id)
        // A key always leads to the same stack (its PCs do not change), so
        // the generation's cache of them is exact; only filing costs.
        let index: Int32, count: Int
        if let known = stackCache[Int64(bitPattern: id)] {
            index = known.index
            if currentKeys[Int(index)] == key { return index }
            count = Int(known.frames)
        } else {
            let frames = Array(tables.frames(ofStack: id).prefix(128))
            count = frames.count
            var pcs = frames.map(\.pc)
            while pcs.last == 0 { pcs.removeLast() }
            if let existing = stackIndex[pcs] {
                index = existing
            } else {
                index = Int32(stackFrames.count)
                stackIndex[pcs] = index
                stackFrames.append(frames)
                currentKeys.append(key)
                stackCache[Int64(bitPattern: id)] = (index, Int32(count))
                return index
            }
            stackCache[Int64(bitPattern: id)] = (index, Int32(count))
        }
        // Filed under another key before: keep the frames of this one. They
        // are the same frames when both keys have no frames, or both are of
        // this generation with as many PCs (their PCs differ only in zeros
        // past the end, so that means the same PCs, named by the same table).
        let old = currentKeys[Int(index)]
        let held = stackFrames[Int(index)].count
        let same = (count == 0 && held == 0) || (old.generation == key.generation && count == held)
        if !same { stackFrames[Int(index)] = Array(tables.frames(ofStack: id).prefix(128)) }
        currentKeys[Int(index)] = key
        return index
    }

    public mutating func consume(_ event: TraceEvent, tables: TraceGeneration) {
        if event.type == TraceEventType.syncMarker {
            for k in 0..<4 {
                validWaits[k] = waits[k].count
                commitPendingSums(k)
            }
            return
        }
        guard let t = event.goTransition else { return }
        if event.generation != cacheGeneration {
            cacheGeneration = event.generation
            reasonCache = TraceIDMap()
            stackCache = TraceIDMap()
        }
        let reason = reasonClass(t.reason, tables)
        var track = tracking[t.goroutine] ?? Tracking()
        if TraceGoroutineLifetime.observe(&track.life, t, time: event.time, forever: reason.contains(.forever))
            && track.summed
        {
            needsExactPass = true
        }
        for k in 0..<4 {
            let kind: TraceProfileKind = k == 0 ? .net : k == 1 ? .sync : k == 2 ? .syscall : .sched
            if let started = track[k] {
                if t.to == kind.state { continue }
                track[k] = nil
                let wait = Wait(goroutine: t.goroutine, start: started.start, end: event.time, stack: started.stack)
                if record(wait, kind: k, life: track.life) { track.summed = true }
            } else if kind.starts(t.to, reason: reason) {
                track[k] = (event.time, canonicalStack(event.stackID, generation: event.generation, tables))
            }
        }
        tracking[t.goroutine] = track
    }

    /// Weighs a wait that just ended against its goroutine's lifetime when
    /// that cannot change its weight any more: the goroutine has run (its
    /// start is set for good) and has not ended (it ends at or after now,
    /// or the trace does), so the overlap is the wait's time from the later
    /// of its start and the goroutine's. Only a new lifetime under the same
    /// ID could change that (`needsExactPass`). Other waits are kept for
    /// the end. True when the wait was summed.
    private mutating func record(_ w: Wait, kind k: Int, life: TraceGoroutineLifetime?) -> Bool {
        guard !keepsAllWaits, let l = life, l.start != 0, l.end == 0 else {
            waits[k].append(w)
            return false
        }
        let overlap = w.end < l.start ? 0 : w.end - max(l.start, w.start)
        guard overlap > 0 else { return true }
        let s = Int(w.stack)
        if pendingSums[k].count <= s {
            pendingSums[k].append(contentsOf: repeatElement((count: Int64(0), delay: Int64(0)), count: max(s + 1, stackFrames.count) - pendingSums[k].count))
        }
        if pendingSums[k][s].count == 0 { pendingStacks[k].append(w.stack) }
        pendingSums[k][s].count += 1
        pendingSums[k][s].delay &+= overlap
        return true
    }

    /// Adds the sums since the last sync event to the valid ones.
    private mutating func commitPendingSums(_ k: Int) {
        if pendingStacks[k].isEmpty { return }
        if sums[k].count < pendingSums[k].count {
            sums[k].append(contentsOf: repeatElement((count: Int64(0), delay: Int64(0)), count: pendingSums[k].count - sums[k].count))
        }
        for stack in pendingStacks[k] {
            let s = Int(stack)
            sums[k][s].count += pendingSums[k][s].count
            sums[k][s].delay &+= pendingSums[k][s].delay
            pendingSums[k][s] = (0, 0)
        }
        pendingStacks[k].removeAll(keepingCapacity: true)
    }

    /// The class of reason string `id` of the current generation (0: no reason).
    private mutating func reasonClass(_ id: UInt64, _ tables: TraceGeneration) -> TraceBlockReason {
        if id == 0 { return [] }
        let key = Int64(bitPattern: id)
        if let known = reasonCache[key] { return known }
        let r = TraceBlockReason(tables.string(id) ?? "")
        reasonCache[key] = r
        return r
    }

    /// The profile of `kind`, with `endTime` the time of the trace's last valid event.
    public func profile(_ kind: TraceProfileKind, endTime: Int64) -> Profile {
        var counts = [Int64](repeating: 0, count: stackFrames.count)
        var delays = [Int64](repeating: 0, count: stackFrames.count)
        let k = TraceProfileKind.allCases.firstIndex(of: kind)!
        for (s, sum) in sums[k].enumerated() {
            counts[s] = sum.count
            delays[s] = sum.delay
        }
        for w in waits[k][..<validWaits[k]] {
            guard let l = tracking[w.goroutine]?.life else { continue }
            let overlap = Self.overlap((l.start, l.end == 0 ? endTime : l.end), (w.start, w.end))
            guard overlap > 0 else { continue }
            let s = Int(w.stack)
            counts[s] += 1
            delays[s] &+= overlap
        }
        var order = counts.indices.filter { counts[$0] > 0 }.map { Int32($0) }
        // Go writes the records in map order; swprof writes the heaviest first.
        order.sort { a, b in
            let da = delays[Int(a)], db = delays[Int(b)]
            return da != db ? da > db : a < b
        }
        return Self.build(order.map { (stackFrames[Int($0)], counts[Int($0)], delays[Int($0)]) })
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
