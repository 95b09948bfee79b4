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

        func arg(_ i: Int) -> UInt64 {
            switch i {
            case 0: return args.0
            case 1: return args.1
            case 2: return args.2
            default: return args.3
            }
        }
        mutating func setArg(_ i: Int, _ v: UInt64) {
            switch i {
            case 0: args.0 = v
            case 1: args.1 = v
            case 2: args.2 = v
            default: args.3 = v
            }
        }
    }

    static let fakeP: Int32 = 1_000_000
    static let timerP: Int32 = 1_000_001, netpollP: Int32 = 1_000_002, syscallP: Int32 = 1_000_003
    static let gcP: Int32 = 1_000_004, profileP: Int32 = 1_000_005

    let bytes: [UInt8]
    let version: Int
    var offset: Int
    var strings: [UInt64: String] = [:]
    var inlineStrings: [String] = []
    var inlineStringIndex: [String: Int] = [:]
    var batchOffsets: [Int32: [Int]] = [:]
    var stacks: [UInt32: [UInt64]] = [:]
    var ticksPerSecond: Int64 = 0
    var pcs: [UInt64: (function: UInt64, file: UInt64, line: Int)] = [:]
    var cpuSamples: [Event] = []
    var timerGoroutines: Set<UInt64> = []
    var lastTs: Int64 = 0
    var lastG: UInt64 = 0
    var lastGs: [Int32: UInt64] = [:]
    var lastP: Int32 = 0
    /// The arguments of the event read last.
    var rawArgs: [UInt64] = []
    /// How many events the batches hold (counted by `collectBatches`), then
    /// how many `parse` merged.
    var eventCount = 0
    /// The merged events; unless `order` is empty, in the order it gives.
    var merged: [Event] = []
    var order: [Int32] = []
    /// The first event's time in ticks, and nanoseconds per tick.
    var minTs: Int64 = 0
    var nanosPerTick: Double = 0

    init(bytes: [UInt8], start: Int, version: Int) {
        self.bytes = bytes
        self.offset = start
        self.version = version
    }

    func fail(_ message: String) -> TraceError { TraceError(message) }

    /// An event as read, its arguments in the parser's `rawArgs` (one
    /// buffer reused for every event).
    struct RawEvent {
        var type: UInt8 = 0
        var stringArg: String? = nil
        var batchP: Int32 = 0
        var batchOffset = 0

        /// How many arguments the event must have, given it has `argCount`.
        func expectedCount(_ argCount: Int) -> Int {
            if type == T.stack { return argCount }
            let d = OldTraceParser.descriptions[Int(type)]
            var n = d.args + (d.stack ? 1 : 0)
            if type == T.batch || type == T.frequency || type == T.timerGoroutine { return n }
            n += 1
            return n
        }
    }

    private mutating func value() throws(TraceError) -> UInt64 {
        var at = offset
        let v = bytes.withUnsafeBufferPointer { TraceVarintReader.uvarint($0, at: &at, end: $0.count) }
        guard let v else { throw fail("malformatted base-128 varint at byte \(offset)") }
        offset = at
        return v
    }

    private mutating func skip(_ n: UInt64) throws(TraceError) {
        guard n <= UInt64(bytes.count - offset) else { throw fail("trace cut off at byte \(bytes.count)") }
        offset += Int(n)
    }

    /// Reads one raw event; nil at the end of the file.
    private mutating func readRaw(skipArgs: Bool) throws(TraceError) -> RawEvent? {
        guard offset < bytes.count else { return nil }
        let b = bytes[offset]
        offset += 1
        let type = b & 0x3f
        let count = Int(b >> 6) + 1
        guard type != T.none, type < T.count, Self.descriptions[Int(type)].minVersion <= version else {
            throw fail("unknown event type \(type) at byte \(offset - 1)")
        }
        var raw = RawEvent(type: type)
        rawArgs.removeAll(keepingCapacity: true)
        switch type {
        case T.string:
            let id = try value()
            guard id != 0 else { throw fail("string has invalid id 0") }
            let length = try value()
            guard length != 0 else { throw fail("string has invalid length 0") }
            guard length <= 1_000_000 else { throw fail("string has too large length \(length)") }
            guard length <= UInt64(bytes.count - offset) else { throw fail("trace cut off in a string at byte \(offset)") }
            if !skipArgs {
                guard strings[id] == nil else { throw fail("string has duplicate id \(id)") }
                strings[id] = String(decoding: bytes[offset..<(offset + Int(length))], as: UTF8.self)
            }
            offset += Int(length)
            raw.type = T.none
            return raw
        case T.batch:
            guard count == 2 else { throw fail("EvBatch has wrong number of arguments: got \(count), want 2") }
            let start = offset - 1
            let pid = try value()
            guard pid == UInt64.max || pid <= UInt64(Int32.max) else { throw fail("processor ID \(pid) is too large") }
            raw.batchP = pid == UInt64.max ? -1 : Int32(pid)
            raw.batchOffset = start
            let ticks = try value()
            rawArgs.append(pid)
            rawArgs.append(ticks)
            return raw
        default:
            if count <= 3 {
                for _ in 0..<count {
                    let v = try value()
                    if !skipArgs { rawArgs.append(v) }
                }
            } else {
                let length = try value()
                guard length <= 2048 else { throw fail("length-prefixed argument too big: \(length) bytes, limit is 2048") }
                guard length <= UInt64(bytes.count - offset) else { throw fail("trace cut off at byte \(offset)") }
                if !skipArgs || type == T.cpuSample {
                    var r = TraceVarintReader(bytes, from: offset, to: offset + Int(length))
                    while !r.atEnd {
                        guard let v = r.uvarint() else { throw fail("malformatted base-128 varint") }
                        rawArgs.append(v)
                    }
                }
                offset += Int(length)
                if type == T.userLog {
                    let length = try value()
                    guard length <= 1_000_000 else { throw fail("string is too large (len=\(length))") }
                    guard length <= UInt64(bytes.count - offset) else { throw fail("trace cut off in a log at byte \(offset)") }
                    if !skipArgs {
                        raw.stringArg = String(decoding: bytes[offset..<(offset + Int(length))], as: UTF8.self)
                    }
                    offset += Int(length)
                }
            }
            return raw
        }
    }

    /// First pass: where every P's batches start, and the CPU samples.
    mutating func collectBatches() throws(TraceError) {
        var current: Int32? = nil
        while let raw = try readRaw(skipArgs: true) {
            if raw.type == T.none { continue }
            eventCount += 1
            if raw.type == T.batch {
                batchOffsets[raw.batchP, default: []].append(raw.batchOffset)
                current = raw.batchP
            }
            guard current != nil else {
                throw fail("read event \(raw.type) before any batch")
            }
            if raw.type == T.cpuSample {
                guard rawArgs.count == raw.expectedCount(rawArgs.count) else {
                    throw fail("CPU sample has wrong number of arguments: want \(raw.expectedCount(rawArgs.count)), got \(rawArgs.count)")
                }
                var e = Event(type: T.cpuSample)
                // [timestamp, real timestamp, P, G, stack]
                e.ts = Int64(bitPattern: rawArgs[1])
                e.p = Int32(truncatingIfNeeded: rawArgs[2])
                e.g = rawArgs[3]
                e.stack = UInt32(truncatingIfNeeded: rawArgs[4])
                cpuSamples.append(e)
            }
        }
    }

    /// Reads the batch of `pid` starting at `start` into events.
    mutating func loadBatch(at start: Int) throws(TraceError) -> [Event] {
        offset = start
        var events: [Event] = []
        var gotHeader = false
        while let raw = try readRaw(skipArgs: false) {
            if raw.type == T.none || raw.type == T.cpuSample { continue }
            if raw.type == T.batch {
                if gotHeader { break }
                gotHeader = true
            }
            if let e = try parse(raw) { events.append(e) }
        }
        return events
    }

    private mutating func parse(_ raw: RawEvent) throws(TraceError) -> Event? {
        let d = Self.descriptions[Int(raw.type)]
        guard rawArgs.count == raw.expectedCount(rawArgs.count) else {
            throw fail("\(d.name) has wrong number of arguments: want \(raw.expectedCount(rawArgs.count)), got \(rawArgs.count)")
        }
        switch raw.type {
        case T.batch:
            lastGs[lastP] = lastG
            lastP = raw.batchP
            lastG = lastGs[lastP] ?? 0
            lastTs = Int64(bitPattern: rawArgs[1])
            return nil
        case T.frequency:
            ticksPerSecond = Int64(bitPattern: rawArgs[0])
            guard ticksPerSecond > 0 else { throw fail("time stamps out of order (frequency \(ticksPerSecond))") }
            return nil
        case T.timerGoroutine:
            timerGoroutines.insert(rawArgs[0])
            return nil
        case T.stack:
            guard rawArgs.count >= 2 else { throw fail("EvStack has too few arguments") }
            let size = rawArgs[1]
            guard size <= 1000 else { throw fail("EvStack has bad number of frames: \(size)") }
            guard UInt64(rawArgs.count) == 2 + 4 * size else {
                throw fail("EvStack has wrong number of arguments: want \(2 + 4 * size), got \(rawArgs.count)")
            }
            let id = UInt32(truncatingIfNeeded: rawArgs[0])
            if id != 0 && size > 0 {
                var stack: [UInt64] = []
                stack.reserveCapacity(Int(size))
                for i in 0..<Int(size) {
                    let pc = rawArgs[2 + i * 4]
                    stack.append(pc)
                    if pcs[pc] == nil {
                        pcs[pc] = (rawArgs[3 + i * 4], rawArgs[4 + i * 4], Int(truncatingIfNeeded: rawArgs[5 + i * 4]))
                    }
                }
                stacks[id] = stack
            }
            return nil
        case T.cpuSample:
            return nil
        default:
            var e = Event(p: lastP, type: raw.type)
            e.g = lastG
            e.ts = lastTs &+ Int64(bitPattern: rawArgs[0])
            lastTs = e.ts
            let n = rawArgs.count
            for i in 1..<n {
                if i == n - 1 && d.stack {
                    e.stack = UInt32(truncatingIfNeeded: rawArgs[i])
                } else {
                    e.setArg(i - 1, rawArgs[i])
                }
            }
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
                let text = raw.stringArg ?? ""
                if let id = inlineStringIndex[text] {
                    e.args.3 = UInt64(id)
                } else {
                    inlineStringIndex[text] = inlineStrings.count
                    e.args.3 = UInt64(inlineStrings.count)
                    inlineStrings.append(text)
                }
            default:
                break
            }
            return e
        }
    }
}
