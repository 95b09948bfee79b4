import Foundation

/// Reads the generational format's batches and tables (Go 1.22 and later):
/// every generation is a set of per-thread event batches plus its own string,
/// stack, frequency and clock tables.

/// Reads unsigned varints (Go's `binary.Uvarint`) from a byte array.
struct TraceVarintReader {
    let bytes: [UInt8]
    var position: Int
    let end: Int

    init(_ bytes: [UInt8], from start: Int, to end: Int) {
        self.bytes = bytes
        self.position = start
        self.end = end
    }

    var atEnd: Bool { position >= end }

    mutating func byte() -> UInt8? {
        guard position < end else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    /// The next varint, or nil when it is cut off or longer than 64 bits.
    mutating func uvarint() -> UInt64? {
        var at = position
        let limit = end
        let value = bytes.withUnsafeBufferPointer { Self.uvarint($0, at: &at, end: limit) }
        position = at
        return value
    }

    /// Go's `binary.Uvarint` on `bytes[position..<end]`, moving `position`
    /// past it; nil when it is cut off or longer than 64 bits.
    @inline(__always)
    static func uvarint(_ bytes: UnsafeBufferPointer<UInt8>, at position: inout Int, end: Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        var i = 0
        while position < end {
            let b = bytes[position]
            position += 1
            if i == 9 && b > 1 { return nil }
            if b < 0x80 { return value | UInt64(b) << shift }
            value |= UInt64(b & 0x7f) << shift
            shift += 7
            i += 1
            if i == 10 { return nil }
        }
        return nil
    }
}

/// One batch of events written by one thread (M).
struct TraceBatch {
    var thread: Int64
    var time: UInt64
    /// The batch's bytes in the file.
    var start: Int
    var end: Int
    var experiment: UInt8
}

/// A frame of the stack table: what a program counter stands for.
public struct ExecutionTraceFrame: Sendable, Hashable {
    public var pc: UInt64
    public var function: String
    public var file: String
    public var line: UInt64
}

/// The tables and batches of one generation.
public final class TraceGeneration {
    var number: UInt64 = 0
    /// Each thread's batches, threads in the order their first batch appeared.
    var batches: [[TraceBatch]] = []
    var threads: [Int64] = []
    var threadIndex: [Int64: Int] = [:]
    var minTimestamp: UInt64 = 0
    /// Nanoseconds per timestamp tick (0 until the frequency event).
    var nanosPerTick: Double = 0
    var hasClockSnapshot = false
    var snapshotTime: UInt64 = 0
    var snapshotWallSeconds: UInt64 = 0
    var snapshotWallNanos: UInt64 = 0
    var strings: [UInt64: String] = [:]
    var stacks: [UInt64: [UInt64]] = [:]
    /// The first frame read for each PC.
    var frames: [UInt64: (function: UInt64, file: UInt64, line: UInt64)] = [:]
    /// Strings the ordering adds (task names carried to their end events),
    /// added by the reading thread while consumers read them.
    private var extraStrings: [String] = []
    private let extraStringsLock = NSLock()
    var cpuSamples: [TraceCPUSample] = []

    /// Go's `frequency.mul`: ticks to nanoseconds, truncated.
    @inline(__always) func nanos(_ ticks: UInt64) -> Int64 {
        Self.nanos(ticks, perTick: nanosPerTick)
    }

    /// Go's `frequency.mul` for `nanosPerTick`: the product truncated, and
    /// Int64.min where it does not fit (what Go's conversion gives on amd64;
    /// a trace's timestamps are not trusted). Below 2^63 a signed conversion
    /// gives the same double as the unsigned one, in fewer instructions.
    @inline(__always) static func nanos(_ ticks: UInt64, perTick nanosPerTick: Double) -> Int64 {
        let t = ticks < 1 << 63 ? Double(Int64(bitPattern: ticks)) : Double(ticks)
        let ns = t * nanosPerTick
        return ns >= -0x1p63 && ns < 0x1p63 ? Int64(ns) : Int64.min
    }

    /// Which string and stack IDs the tables hold, for the per-event checks
    /// (filled once the generation is read; nil: none).
    var stringIDs: TraceIDMap<Bool>? = nil
    var stackIDs: TraceIDMap<Bool>? = nil

    /// Adds a string the ordering carries; returns its index.
    func addExtraString(_ s: String) -> Int {
        extraStringsLock.lock()
        defer { extraStringsLock.unlock() }
        extraStrings.append(s)
        return extraStrings.count - 1
    }

    /// The extra string at `index`, "" if there is none.
    func extraString(_ index: Int) -> String {
        extraStringsLock.lock()
        defer { extraStringsLock.unlock() }
        return index >= 0 && index < extraStrings.count ? extraStrings[index] : ""
    }

    public func string(_ id: UInt64) -> String? {
        id == 0 ? "" : strings[id]
    }

    /// Fills `stringIDs` and `stackIDs` from the tables.
    func indexIDs() {
        var s = TraceIDMap<Bool>()
        for id in strings.keys { s[Int64(bitPattern: id)] = true }
        var k = TraceIDMap<Bool>()
        for id in stacks.keys { k[Int64(bitPattern: id)] = true }
        stringIDs = s
        stackIDs = k
    }

    /// The function of the last frame of stack `id` (`frames(ofStack:).last`'s),
    /// nil when the stack has no frames.
    func outermostFunction(ofStack id: UInt64) -> String? {
        guard id != 0, let pc = stacks[id]?.last else { return nil }
        return frames[pc].flatMap { string($0.function) } ?? ""
    }

    /// The frames of stack `id` (none for 0 or an unknown id).
    public func frames(ofStack id: UInt64) -> [ExecutionTraceFrame] {
        guard id != 0, let pcs = stacks[id] else { return [] }
        return pcs.map { pc in
            let f = frames[pc]
            return ExecutionTraceFrame(
                pc: pc, function: f.flatMap { string($0.function) } ?? "", file: f.flatMap { string($0.file) } ?? "",
                line: f?.line ?? 0)
        }
    }
}

/// A CPU profile sample recorded in the trace.
struct TraceCPUSample {
    var time: Int64
    var thread: Int64
    var proc: Int64
    var goroutine: Int64
    var stack: UInt64
}

/// Reads batches from the file and groups them into generations.
struct TraceGenerationReader {
    let bytes: [UInt8]
    var position: Int
    let version: Int
    /// For formats before Go 1.26, which have no end-of-generation marker:
    /// the first batch of the next generation, read while looking for the end.
    private var spilled: (generation: UInt64, batch: TraceBatch)? = nil
    /// An error met after a complete generation (before Go 1.26), reported later.
    var pendingError: TraceError? = nil

    init(bytes: [UInt8], start: Int, version: Int) {
        self.bytes = bytes
        self.position = start
        self.version = version
    }

    /// The next batch, nil at the end of the file.
    private mutating func readBatch() throws(TraceError) -> (batch: TraceBatch, generation: UInt64, isEnd: Bool)? {
        guard position < bytes.count else { return nil }
        var r = TraceVarintReader(bytes, from: position, to: bytes.count)
        let type = r.byte()!
        if type == TraceEventType.endOfGeneration {
            position = r.position
            return (TraceBatch(thread: -1, time: 0, start: 0, end: 0, experiment: 0), 0, true)
        }
        guard type == TraceEventType.eventBatch || type == TraceEventType.experimentalBatch else {
            throw TraceError("corrupt batch at byte \(position): expected a batch, found event type \(type)")
        }
        var experiment: UInt8 = 0
        if type == TraceEventType.experimentalBatch {
            guard let e = r.byte() else { throw TraceError("trace cut off in a batch header at byte \(position)") }
            experiment = e
        }
        guard let gen = r.uvarint(), let m = r.uvarint(), let ts = r.uvarint(), let size = r.uvarint() else {
            throw TraceError("trace cut off or corrupt in a batch header at byte \(position)")
        }
        guard size <= 64 << 10 else {
            throw TraceError("corrupt batch at byte \(position): size \(size), the maximum is 65536")
        }
        let start = r.position
        guard bytes.count - start >= Int(size) else {
            throw TraceError("trace cut off in a batch at byte \(position): \(bytes.count - start) of its \(size) bytes")
        }
        position = start + Int(size)
        return (TraceBatch(thread: Int64(bitPattern: m), time: ts, start: start, end: position, experiment: experiment),
                gen, false)
    }

    /// The next complete generation; nil at the end of the trace.
    mutating func next() throws(TraceError) -> TraceGeneration? {
        version >= 26 ? try nextDelimited() : try nextSpilling()
    }

    /// Go 1.26+: generations end with an end-of-generation marker.
    private mutating func nextDelimited() throws(TraceError) -> TraceGeneration? {
        let g = TraceGeneration()
        var any = false
        while true {
            guard let (batch, gen, isEnd) = try readBatch() else {
                if any { throw TraceError("incomplete generation found; trace likely truncated") }
                return nil
            }
            if g.number == 0 { g.number = gen }
            if isEnd { break }
            guard gen != 0 else { throw TraceError("invalid generation number 0") }
            guard gen == g.number else {
                throw TraceError("broken trace: missing end-of-generation event, or generations are interleaved")
            }
            any = true
            if g.minTimestamp == 0 || batch.time < g.minTimestamp { g.minTimestamp = batch.time }
            try add(batch, to: g)
        }
        try finish(g)
        return g
    }

    /// Go 1.22–1.25: a generation ends where a batch of the next one begins.
    private mutating func nextSpilling() throws(TraceError) -> TraceGeneration? {
        if let pendingError { throw pendingError }
        let g = TraceGeneration()
        if let spill = spilled {
            g.number = spill.generation
            g.minTimestamp = spill.batch.time
            try add(spill.batch, to: g)
            spilled = nil
        }
        while true {
            let read: (batch: TraceBatch, generation: UInt64, isEnd: Bool)?
            do {
                read = try readBatch()
            } catch {
                if g.number != 0 {
                    pendingError = error
                    break
                }
                throw error
            }
            guard let (batch, gen, _) = read else { break }
            guard gen != 0 else { throw TraceError("invalid generation number 0") }
            if g.number == 0 { g.number = gen }
            if gen == g.number + 1 {
                spilled = (gen, batch)
                break
            }
            guard gen == g.number else { throw TraceError("broken trace: generations out of order") }
            if g.minTimestamp == 0 || batch.time < g.minTimestamp { g.minTimestamp = batch.time }
            try add(batch, to: g)
        }
        if g.number == 0 { return nil }
        try finish(g)
        return g
    }

    private func finish(_ g: TraceGeneration) throws(TraceError) {
        guard g.nanosPerTick != 0 else { throw TraceError("broken trace: no frequency event found") }
        if version >= 25 && !g.hasClockSnapshot {
            throw TraceError("broken trace: no clock snapshot event found")
        }
        for (id, pcs) in g.stacks {
            for pc in pcs {
                guard let f = g.frames[pc] else { throw TraceError("broken trace: unknown pc \(pc) in stack \(id)") }
                guard g.string(f.function) != nil, g.string(f.file) != nil else {
                    throw TraceError("broken trace: invalid string ID in stack \(id)")
                }
            }
        }
        g.indexIDs()
        for i in g.cpuSamples.indices {
            g.cpuSamples[i].time = g.nanos(UInt64(bitPattern: g.cpuSamples[i].time))
        }
        g.cpuSamples.sort { $0.time < $1.time }
    }

    private func first(_ batch: TraceBatch) -> UInt8? {
        batch.end > batch.start ? bytes[batch.start] : nil
    }

    private func add(_ batch: TraceBatch, to g: TraceGeneration) throws(TraceError) {
        let kind = first(batch)
        if batch.experiment != 0 { return }  // Experimental data: not read.
        let isSync = (kind == TraceEventType.frequency && version < 25) || (kind == TraceEventType.sync && version >= 25)
        switch kind {
        case TraceEventType.strings: try addStrings(batch, to: g)
        case TraceEventType.stacks: try addStacks(batch, to: g)
        case TraceEventType.cpuSamples: try addCPUSamples(batch, to: g)
        case _ where isSync: try addSync(batch, to: g)
        case TraceEventType.endOfGeneration:
            throw TraceError("broken trace: unexpected end-of-generation event")
        default:
            if let i = g.threadIndex[batch.thread] {
                g.batches[i].append(batch)
            } else {
                g.threadIndex[batch.thread] = g.threads.count
                g.threads.append(batch.thread)
                g.batches.append([batch])
            }
        }
    }

    private func addStrings(_ batch: TraceBatch, to g: TraceGeneration) throws(TraceError) {
        var r = TraceVarintReader(bytes, from: batch.start + 1, to: batch.end)
        while !r.atEnd {
            guard r.byte() == TraceEventType.string else { throw TraceError("corrupt string table: expected a string event") }
            guard let id = r.uvarint(), let length = r.uvarint() else { throw TraceError("corrupt string table") }
            guard length <= 1024 else { throw TraceError("corrupt string table: string of \(length) bytes, the maximum is 1024") }
            guard r.end - r.position >= Int(length) else { throw TraceError("corrupt string table: string cut off") }
            let text = String(decoding: bytes[r.position..<(r.position + Int(length))], as: UTF8.self)
            r.position += Int(length)
            guard id != 0, g.strings[id] == nil else { throw TraceError("corrupt string table: string ID \(id) given twice") }
            g.strings[id] = text
        }
    }

    private func addStacks(_ batch: TraceBatch, to g: TraceGeneration) throws(TraceError) {
        var r = TraceVarintReader(bytes, from: batch.start + 1, to: batch.end)
        while !r.atEnd {
            guard r.byte() == TraceEventType.stack else { throw TraceError("corrupt stack table: expected a stack event") }
            guard let id = r.uvarint(), let count = r.uvarint() else { throw TraceError("corrupt stack table") }
            guard count <= 128 else { throw TraceError("corrupt stack table: stack of \(count) frames, the maximum is 128") }
            var pcs: [UInt64] = []
            pcs.reserveCapacity(Int(count))
            for _ in 0..<count {
                guard let pc = r.uvarint(), let function = r.uvarint(), let file = r.uvarint(), let line = r.uvarint() else {
                    throw TraceError("corrupt stack table: frame of stack \(id) cut off")
                }
                pcs.append(pc)
                if g.frames[pc] == nil { g.frames[pc] = (function, file, line) }
            }
            guard id != 0, g.stacks[id] == nil else { throw TraceError("corrupt stack table: stack ID \(id) given twice") }
            g.stacks[id] = pcs
        }
    }

    private func addCPUSamples(_ batch: TraceBatch, to g: TraceGeneration) throws(TraceError) {
        var r = TraceVarintReader(bytes, from: batch.start + 1, to: batch.end)
        while !r.atEnd {
            guard r.byte() == TraceEventType.cpuSample else { throw TraceError("corrupt CPU samples: expected a sample") }
            guard let ts = r.uvarint(), let m = r.uvarint(), let p = r.uvarint(), let gid = r.uvarint(),
                let stack = r.uvarint()
            else { throw TraceError("corrupt CPU sample") }
            g.cpuSamples.append(TraceCPUSample(
                time: Int64(bitPattern: ts), thread: Int64(bitPattern: m), proc: Int64(bitPattern: p),
                goroutine: gid == 0 ? -1 : Int64(bitPattern: gid), stack: stack))
        }
    }

    private func addSync(_ batch: TraceBatch, to g: TraceGeneration) throws(TraceError) {
        var r = TraceVarintReader(bytes, from: batch.start + (version >= 25 ? 1 : 0), to: batch.end)
        var last = batch.time
        while !r.atEnd {
            let type = r.byte()!
            if type == TraceEventType.frequency {
                guard g.nanosPerTick == 0 else { throw TraceError("broken trace: several frequency events") }
                guard let f = r.uvarint() else { throw TraceError("corrupt frequency event") }
                g.nanosPerTick = 1.0 / (Double(f) / 1e9)
                guard g.nanosPerTick.isFinite, g.nanosPerTick > 0 else { throw TraceError("broken trace: frequency 0") }
            } else if type == TraceEventType.clockSnapshot && version >= 25 {
                guard !g.hasClockSnapshot else { throw TraceError("broken trace: several clock snapshots") }
                g.hasClockSnapshot = true
                guard let dt = r.uvarint(), r.uvarint() != nil, let sec = r.uvarint(), let nsec = r.uvarint() else {
                    throw TraceError("corrupt clock snapshot")
                }
                last &+= dt
                g.snapshotTime = last
                g.snapshotWallSeconds = sec
                g.snapshotWallNanos = nsec
            } else {
                throw TraceError("corrupt sync batch: expected a frequency or clock snapshot event, found \(type)")
            }
        }
    }
}
