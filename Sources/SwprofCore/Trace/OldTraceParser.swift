/// Parses the old trace format (Go 1.11–1.21) as Go 1.27 does
/// (`internal/trace/internal/tracev1`): events are read per P batch, merged
/// in an order consistent with every goroutine's sequence numbers, given
/// their real syscall-exit times, sorted by time and checked.
struct OldTraceParser {
    /// Old-format event types.
    enum T {
        static let none: UInt8 = 0, batch: UInt8 = 1, frequency: UInt8 = 2, stack: UInt8 = 3, gomaxprocs: UInt8 = 4
        static let procStart: UInt8 = 5, procStop: UInt8 = 6, gcStart: UInt8 = 7, gcDone: UInt8 = 8
        static let stwStart: UInt8 = 9, stwDone: UInt8 = 10, gcSweepStart: UInt8 = 11, gcSweepDone: UInt8 = 12
        static let goCreate: UInt8 = 13, goStart: UInt8 = 14, goEnd: UInt8 = 15, goStop: UInt8 = 16
        static let goSched: UInt8 = 17, goPreempt: UInt8 = 18, goSleep: UInt8 = 19, goBlock: UInt8 = 20
        static let goUnblock: UInt8 = 21, goBlockSend: UInt8 = 22, goBlockRecv: UInt8 = 23, goBlockSelect: UInt8 = 24
        static let goBlockSync: UInt8 = 25, goBlockCond: UInt8 = 26, goBlockNet: UInt8 = 27, goSysCall: UInt8 = 28
        static let goSysExit: UInt8 = 29, goSysBlock: UInt8 = 30, goWaiting: UInt8 = 31, goInSyscall: UInt8 = 32
        static let heapAlloc: UInt8 = 33, heapGoal: UInt8 = 34, timerGoroutine: UInt8 = 35, futileWakeup: UInt8 = 36
        static let string: UInt8 = 37, goStartLocal: UInt8 = 38, goUnblockLocal: UInt8 = 39, goSysExitLocal: UInt8 = 40
        static let goStartLabel: UInt8 = 41, goBlockGC: UInt8 = 42, gcMarkAssistStart: UInt8 = 43
        static let gcMarkAssistDone: UInt8 = 44, userTaskCreate: UInt8 = 45, userTaskEnd: UInt8 = 46
        static let userRegion: UInt8 = 47, userLog: UInt8 = 48, cpuSample: UInt8 = 49, count: UInt8 = 50
    }

    /// Each type's name, the version it appeared in, whether its last
    /// argument is a stack, and its argument count (after the timestamp).
    static let descriptions: [(name: String, minVersion: Int, stack: Bool, args: Int)] = [
        ("None", 5, false, 0), ("Batch", 5, false, 2), ("Frequency", 5, false, 1), ("Stack", 5, false, 2),
        ("Gomaxprocs", 5, true, 1), ("ProcStart", 5, false, 1), ("ProcStop", 5, false, 0), ("GCStart", 5, true, 1),
        ("GCDone", 5, false, 0), ("GCSTWStart", 5, false, 1), ("GCSTWDone", 5, false, 0), ("GCSweepStart", 5, true, 0),
        ("GCSweepDone", 5, false, 2), ("GoCreate", 5, true, 2), ("GoStart", 5, false, 2), ("GoEnd", 5, false, 0),
        ("GoStop", 5, true, 0), ("GoSched", 5, true, 0), ("GoPreempt", 5, true, 0), ("GoSleep", 5, true, 0),
        ("GoBlock", 5, true, 0), ("GoUnblock", 5, true, 2), ("GoBlockSend", 5, true, 0), ("GoBlockRecv", 5, true, 0),
        ("GoBlockSelect", 5, true, 0), ("GoBlockSync", 5, true, 0), ("GoBlockCond", 5, true, 0),
        ("GoBlockNet", 5, true, 0), ("GoSysCall", 5, true, 0), ("GoSysExit", 5, false, 3), ("GoSysBlock", 5, false, 0),
        ("GoWaiting", 5, false, 1), ("GoInSyscall", 5, false, 1), ("HeapAlloc", 5, false, 1), ("HeapGoal", 5, false, 1),
        ("TimerGoroutine", 5, false, 1), ("FutileWakeup", 5, false, 0), ("String", 7, false, 0),
        ("GoStartLocal", 7, false, 1), ("GoUnblockLocal", 7, true, 1), ("GoSysExitLocal", 7, false, 2),
        ("GoStartLabel", 8, false, 3), ("GoBlockGC", 8, true, 0), ("GCMarkAssistStart", 9, true, 0),
        ("GCMarkAssistDone", 9, false, 0), ("UserTaskCreate", 11, true, 3), ("UserTaskEnd", 11, true, 1),
        ("UserRegion", 11, true, 3), ("UserLog", 11, true, 2), ("CPUSample", 19, true, 3),
    ]

    /// One event: time (ticks, then nanoseconds), goroutine, P, arguments, stack.
    struct Event {
        var ts: Int64 = 0
        var g: UInt64 = 0
        var args: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var stack: UInt32 = 0
        var p: Int32 = 0
        var type: UInt8 = 0
    }

    static let fakeP: Int32 = 1_000_000
    static let timerP: Int32 = 1_000_001, netpollP: Int32 = 1_000_002, syscallP: Int32 = 1_000_003
    static let gcP: Int32 = 1_000_004, profileP: Int32 = 1_000_005
    /// Goroutine states while merging and checking.
    static let gDead = 0, gRunnable = 1, gRunning = 2, gWaiting = 3

    /// A P as a `TraceIDMap` key: the fake Ps first, then the real ones
    /// (dense from 8), negative ones below 0 (kept apart).
    @inline(__always) static func procKey(_ p: Int32) -> Int64 {
        if p >= fakeP && p < fakeP + 8 { return Int64(p - fakeP) }
        return p >= 0 ? Int64(p) + 8 : Int64(p) - 1
    }

    let bytes: [UInt8]
    let version: Int
    /// Where the events start (after the header).
    let start: Int

    // The tables, read by `index` in file order (or again by `loadBatch`
    // in merge order when `tablesInMergeOrder`).
    var strings: [UInt64: String] = [:]
    var inlineStrings: [String] = []
    var inlineStringIndex: [String: Int] = [:]
    var stacks: [UInt32: [UInt64]] = [:]
    var pcs: [UInt64: (function: UInt64, file: UInt64, line: Int)] = [:]
    var ticksPerSecond: Int64 = 0
    var timerGoroutines: Set<UInt64> = []
    /// Where every P's batches start, in file order.
    var batchOffsets: [Int32: [Int]] = [:]
    /// The CPU samples, in file order.
    var cpuSamples: [Event] = []
    /// The syscall exits that have a real time (ticks), as the merge will
    /// give them (Go moves each to its real time), in file order; and whether
    /// each is emitted after its real time.
    var exits: [(event: Event, emittedLater: Bool)] = []
    /// Whether the tables read in file order may differ from Go's, read in
    /// merge order: strings or stacks given twice, stacks in several Ps'
    /// batches whose frames disagree, no single positive frequency. The
    /// tables are then read again while merging, and no event is delivered
    /// before the merge is done (Go's order of errors and tables exactly).
    var tablesInMergeOrder = false

    // Batch decoding: the goroutine each P ran last, the time of the event
    // decoded last.
    private var lastGs: [Int32: UInt64] = [:]
    private var lastG: UInt64 = 0
    private var lastP: Int32 = 0
    private var lastTs: Int64 = 0
    /// One event's arguments (a length-prefixed event holds at most 2048 bytes of varints).
    private let scratch = ArgumentBuffer()
    /// Per type: whether its last argument is a stack, and how many arguments it must have.
    private let hasStack: [Bool] = OldTraceParser.descriptions.map(\.stack)
    private let argCounts: [Int] = OldTraceParser.descriptions.indices.map { OldTraceParser.expectedCount(UInt8($0)) }

    final class ArgumentBuffer {
        let pointer = UnsafeMutablePointer<UInt64>.allocate(capacity: 2056)
        deinit { pointer.deallocate() }
    }

    init(bytes: [UInt8], start: Int, version: Int) {
        self.bytes = bytes
        self.start = start
        self.version = version
    }

    /// How many arguments (with the timestamp) an event of `type` must have;
    /// a stack event's count is checked against its frame count instead.
    static func expectedCount(_ type: UInt8) -> Int {
        let d = descriptions[Int(type)]
        let n = d.args + (d.stack ? 1 : 0)
        if type == T.batch || type == T.frequency || type == T.timerGoroutine { return n }
        return n + 1
    }

    /// An event as read: its arguments are in the argument buffer.
    struct RawEvent {
        var type: UInt8 = 0
        /// The arguments read (when indexing, only a CPU sample's).
        var argCount = 0
        /// How many arguments were stored inline, also when indexing (0 for length-prefixed ones).
        var inlineCount = 0
        /// A length-prefixed event's argument bytes.
        var payloadStart = 0, payloadEnd = 0
        /// A string's or a log message's bytes.
        var textStart = 0, textEnd = 0
        var batchP: Int32 = 0
        var batchOffset = 0
    }

    @inline(__always)
    private static func value(_ p: UnsafeBufferPointer<UInt8>, _ offset: inout Int) throws(TraceError) -> UInt64 {
        if offset < p.count, p[offset] < 0x80 {
            offset += 1
            return UInt64(p[offset - 1])
        }
        let at = offset
        guard let v = TraceVarintReader.uvarint(p, at: &offset, end: p.count) else {
            throw TraceError("malformatted base-128 varint at byte \(at)")
        }
        return v
    }

    /// Reads one raw event at `offset` (nil at the end of the file), its
    /// arguments into `a`: all of them when `decoding`, otherwise only those
    /// stored inline and a CPU sample's (as Go's skipArgs reads).
    @inline(__always)
    private func readRaw(
        _ p: UnsafeBufferPointer<UInt8>, _ offset: inout Int, decoding: Bool, _ a: UnsafeMutablePointer<UInt64>
    ) throws(TraceError) -> RawEvent? {
        guard offset < p.count else { return nil }
        let b = p[offset]
        offset += 1
        let type = b & 0x3f
        let count = Int(b >> 6) + 1
        guard type != T.none, type < T.count, Self.descriptions[Int(type)].minVersion <= version else {
            throw TraceError("unknown event type \(type) at byte \(offset - 1)")
        }
        var raw = RawEvent(type: type)
        switch type {
        case T.string:
            let id = try Self.value(p, &offset)
            guard id != 0 else { throw TraceError("string has invalid id 0") }
            let length = try Self.value(p, &offset)
            guard length != 0 else { throw TraceError("string has invalid length 0") }
            guard length <= 1_000_000 else { throw TraceError("string has too large length \(length)") }
            guard length <= UInt64(p.count - offset) else { throw TraceError("trace cut off in a string at byte \(offset)") }
            a[0] = id
            raw.textStart = offset
            offset += Int(length)
            raw.textEnd = offset
            return raw
        case T.batch:
            guard count == 2 else { throw TraceError("EvBatch has wrong number of arguments: got \(count), want 2") }
            let start = offset - 1
            let pid = try Self.value(p, &offset)
            guard pid == UInt64.max || pid <= UInt64(Int32.max) else { throw TraceError("processor ID \(pid) is too large") }
            raw.batchP = pid == UInt64.max ? -1 : Int32(pid)
            raw.batchOffset = start
            a[0] = pid
            a[1] = try Self.value(p, &offset)
            raw.argCount = 2
            raw.inlineCount = 2
            return raw
        default:
            if count <= 3 {
                for i in 0..<count { a[i] = try Self.value(p, &offset) }
                raw.inlineCount = count
                if decoding { raw.argCount = count }
            } else {
                let length = try Self.value(p, &offset)
                guard length <= 2048 else { throw TraceError("length-prefixed argument too big: \(length) bytes, limit is 2048") }
                guard length <= UInt64(p.count - offset) else { throw TraceError("trace cut off at byte \(offset)") }
                let end = offset + Int(length)
                raw.payloadStart = offset
                raw.payloadEnd = end
                if decoding || type == T.cpuSample {
                    var at = offset, n = 0
                    while at < end {
                        guard let v = TraceVarintReader.uvarint(p, at: &at, end: end) else {
                            throw TraceError("malformatted base-128 varint")
                        }
                        a[n] = v
                        n += 1
                    }
                    raw.argCount = n
                }
                offset = end
                if type == T.userLog {
                    let length = try Self.value(p, &offset)
                    guard length <= 1_000_000 else { throw TraceError("string is too large (len=\(length))") }
                    guard length <= UInt64(p.count - offset) else { throw TraceError("trace cut off in a log at byte \(offset)") }
                    raw.textStart = offset
                    offset += Int(length)
                    raw.textEnd = offset
                }
            }
            return raw
        }
    }

    /// A length-prefixed event's arguments decoded into `a` (how many), nil
    /// when they are malformed (reading the event again while merging fails then).
    private static func payload(_ raw: RawEvent, _ p: UnsafeBufferPointer<UInt8>, _ a: UnsafeMutablePointer<UInt64>) -> Int? {
        var at = raw.payloadStart, n = 0
        while at < raw.payloadEnd {
            guard let v = TraceVarintReader.uvarint(p, at: &at, end: raw.payloadEnd) else { return nil }
            a[n] = v
            n += 1
        }
        return n
    }

    /// The argument of an event that must have one (a frequency, a timer
    /// goroutine), nil when it has not one (reading it while merging fails then).
    private static func single(_ raw: RawEvent, _ p: UnsafeBufferPointer<UInt8>, _ a: UnsafeMutablePointer<UInt64>) -> UInt64? {
        if raw.payloadEnd == 0 { return raw.inlineCount == 1 ? a[0] : nil }
        return payload(raw, p, a) == 1 ? a[0] : nil
    }

    private static func text(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: p[start..<end]), as: UTF8.self)
    }

    /// The log message's ID among the inline strings, given one if it has none.
    private mutating func inlineString(_ text: String) -> Int {
        if let id = inlineStringIndex[text] { return id }
        inlineStringIndex[text] = inlineStrings.count
        inlineStrings.append(text)
        return inlineStrings.count - 1
    }

    /// First pass (Go's collectBatchesAndCPUSamples): where every P's batches
    /// start and the CPU samples, with the errors Go gives; and, so that events
    /// can be delivered while merging, what Go learns only from the merge: the
    /// tables (strings, stacks, frames, frequency, timer goroutines, log
    /// messages) and the real times of the syscall exits.
    mutating func index() throws(TraceError) {
        let bytes = self.bytes
        try bytes.withUnsafeBufferPointer { (p) throws(TraceError) in try index(p) }
    }

    private mutating func index(_ p: UnsafeBufferPointer<UInt8>) throws(TraceError) {
        let a = scratch.pointer
        var offset = start
        var current: Int32? = nil
        var frequencies: Set<Int64> = []
        var stackPs: Set<Int32> = []
        var stacksDisagree = false
        // The time of the event read last in the current batch.
        var ts: Int64 = 0
        while let raw = try readRaw(p, &offset, decoding: false, a) {
            if raw.type == T.string {
                if strings[a[0]] != nil {
                    tablesInMergeOrder = true
                } else {
                    strings[a[0]] = Self.text(p, raw.textStart, raw.textEnd)
                }
                continue
            }
            if raw.type == T.batch {
                batchOffsets[raw.batchP, default: []].append(raw.batchOffset)
                current = raw.batchP
            }
            guard let current else { throw TraceError("read event \(raw.type) before any batch") }
            switch raw.type {
            case T.cpuSample:
                let expected = Self.expectedCount(raw.type)
                guard raw.argCount == expected else {
                    throw TraceError("CPU sample has wrong number of arguments: want \(expected), got \(raw.argCount)")
                }
                var e = Event(type: T.cpuSample)
                // [timestamp, real timestamp, P, G, stack]
                e.ts = Int64(bitPattern: a[1])
                e.p = Int32(truncatingIfNeeded: a[2])
                e.g = a[3]
                e.stack = UInt32(truncatingIfNeeded: a[4])
                cpuSamples.append(e)
            case T.frequency:
                if let v = Self.single(raw, p, a) { frequencies.insert(Int64(bitPattern: v)) }
            case T.timerGoroutine:
                if let v = Self.single(raw, p, a) { timerGoroutines.insert(v) }
            case T.stack:
                stackPs.insert(current)
                guard let n = Self.payload(raw, p, a), n >= 2, a[1] <= 1000, UInt64(n) == 2 + 4 * a[1] else { continue }
                let id = UInt32(truncatingIfNeeded: a[0]), size = Int(a[1])
                guard id != 0 && size > 0 else { continue }
                if stacks[id] != nil { stacksDisagree = true }
                stacks[id] = Self.frames(a, size, into: &pcs, disagree: &stacksDisagree)
            case T.userLog:
                _ = inlineString(Self.text(p, raw.textStart, raw.textEnd))
            case T.goSysExit:
                // [timestamp, goroutine, sequence, real timestamp]
                guard let n = Self.payload(raw, p, a), n >= 1 else { continue }
                ts &+= Int64(bitPattern: a[0])
                if n == 4 && a[3] != 0 {
                    let e = Event(ts: Int64(bitPattern: a[3]), g: a[1], args: (a[1], a[2], a[3], 0), p: current, type: T.goSysExit)
                    exits.append((e, e.ts < ts))
                }
                continue
            case T.batch:
                ts = Int64(bitPattern: a[1])
            default:
                break
            }
            switch raw.type {
            case T.batch, T.stack, T.frequency, T.timerGoroutine, T.cpuSample:
                break
            default:
                // The event's time as the merge computes it (Go's parseEvent):
                // its first argument is the delta from the one before.
                if raw.payloadEnd == 0 {
                    ts &+= Int64(bitPattern: a[0])
                } else {
                    var at = raw.payloadStart
                    if let d = TraceVarintReader.uvarint(p, at: &at, end: raw.payloadEnd) { ts &+= Int64(bitPattern: d) }
                }
            }
        }
        if frequencies.count != 1 || frequencies.first! <= 0 || (stackPs.count > 1 && stacksDisagree) {
            tablesInMergeOrder = true
        }
        if tablesInMergeOrder {
            strings = [:]
            stacks = [:]
            pcs = [:]
        } else {
            ticksPerSecond = frequencies.first!
        }
    }

    /// A stack event's PCs, recording each PC's frame the first time it is seen.
    private static func frames(
        _ a: UnsafeMutablePointer<UInt64>, _ size: Int,
        into pcs: inout [UInt64: (function: UInt64, file: UInt64, line: Int)], disagree: inout Bool
    ) -> [UInt64] {
        var stack: [UInt64] = []
        stack.reserveCapacity(size)
        for i in 0..<size {
            let pc = a[2 + i * 4]
            stack.append(pc)
            let frame = (function: a[3 + i * 4], file: a[4 + i * 4], line: Int(truncatingIfNeeded: a[5 + i * 4]))
            if let known = pcs[pc] {
                if known != frame { disagree = true }
            } else {
                pcs[pc] = frame
            }
        }
        return stack
    }

    /// Decodes the batch starting at `start` into `events` (Go's loadBatch).
    mutating func loadBatch(at start: Int, into events: inout TraceValueBuffer<Event>, _ p: UnsafeBufferPointer<UInt8>) throws(TraceError) {
        events.removeAll()
        let a = scratch.pointer
        var offset = start
        var gotHeader = false
        var e = Event()
        while let raw = try readRaw(p, &offset, decoding: true, a) {
            switch raw.type {
            case T.string:
                if tablesInMergeOrder {
                    guard strings[a[0]] == nil else { throw TraceError("string has duplicate id \(a[0])") }
                    strings[a[0]] = Self.text(p, raw.textStart, raw.textEnd)
                }
                continue
            case T.cpuSample:
                continue
            case T.batch:
                if gotHeader { return }
                gotHeader = true
            default:
                break
            }
            if try parse(raw, a, p, into: &e) { events.append(e) }
        }
    }

    /// Go's parseEvent: true when `raw` is an event (into `e`), false for
    /// batch headers and table entries.
    @inline(__always)
    private mutating func parse(
        _ raw: RawEvent, _ a: UnsafeMutablePointer<UInt64>, _ p: UnsafeBufferPointer<UInt8>, into e: inout Event
    ) throws(TraceError) -> Bool {
        let n = raw.argCount
        let expected = raw.type == T.stack ? n : argCounts[Int(raw.type)]
        guard n == expected else {
            throw TraceError("\(Self.descriptions[Int(raw.type)].name) has wrong number of arguments: want \(expected), got \(n)")
        }
        switch raw.type {
        case T.batch:
            lastGs[lastP] = lastG
            lastP = raw.batchP
            lastG = lastGs[lastP] ?? 0
            lastTs = Int64(bitPattern: a[1])
            return false
        case T.frequency:
            ticksPerSecond = Int64(bitPattern: a[0])
            guard ticksPerSecond > 0 else { throw TraceError("time stamps out of order (frequency \(ticksPerSecond))") }
            return false
        case T.timerGoroutine:
            return false
        case T.stack:
            guard n >= 2 else { throw TraceError("EvStack has too few arguments") }
            let size = a[1]
            guard size <= 1000 else { throw TraceError("EvStack has bad number of frames: \(size)") }
            guard UInt64(n) == 2 + 4 * size else {
                throw TraceError("EvStack has wrong number of arguments: want \(2 + 4 * size), got \(n)")
            }
            let id = UInt32(truncatingIfNeeded: a[0])
            if tablesInMergeOrder && id != 0 && size > 0 {
                var unused = false
                stacks[id] = Self.frames(a, Int(size), into: &pcs, disagree: &unused)
            }
            return false
        default:
            e = Event(ts: lastTs &+ Int64(bitPattern: a[0]), g: lastG, p: lastP, type: raw.type)
            lastTs = e.ts
            // Arguments after the time, the last one the stack if the type has one.
            let end = n > 1 && hasStack[Int(raw.type)] ? n - 1 : n
            if end > 1 { e.args.0 = a[1] }
            if end > 2 { e.args.1 = a[2] }
            if end > 3 { e.args.2 = a[3] }
            if end > 4 { e.args.3 = a[4] }
            if end < n { e.stack = UInt32(truncatingIfNeeded: a[n - 1]) }
            switch raw.type {
            case T.goStart, T.goStartLocal, T.goStartLabel:
                lastG = e.args.0
                e.g = lastG
            case T.goEnd, T.goStop, T.goSched, T.goPreempt, T.goSleep, T.goBlock, T.goBlockSend, T.goBlockRecv,
                T.goBlockSelect, T.goBlockSync, T.goBlockCond, T.goBlockNet, T.goSysBlock, T.goBlockGC:
                lastG = 0
            case T.goSysExit, T.goWaiting, T.goInSyscall:
                e.g = e.args.0
            case T.userLog:
                e.args.3 = UInt64(inlineString(Self.text(p, raw.textStart, raw.textEnd)))
            default:
                break
            }
            return true
        }
    }
}
