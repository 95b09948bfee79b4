/// Delivers the events of a generational trace (Go 1.22 and later) in Go's
/// order: per generation, the batches of every thread are merged by time,
/// each event waiting until the ordering lets it happen. Times never go
/// backwards (an event at or before the previous one is moved just after
/// it), and a sync event marks every generation's start and the trace's end.
struct GenerationalTraceReader {
    let version: Int
    private var generations: TraceGenerationReader
    private var ordering = TraceOrdering()
    /// Every generation read so far, indexed by `TraceEvent.generation`.
    private(set) var tables: [TraceGeneration] = []
    private var current: TraceGeneration? = nil
    /// The current generation's number (as the file gives it).
    private var generationNumber: UInt64 = 0
    /// The current generation's threads, each with its next event.
    private var cursors: [Cursor] = []
    /// The threads with an event left: a min-heap on their next event's time.
    private var frontier: [FrontierEntry] = []
    private var cpuSamples: [TraceCPUSample] = []
    private var cpuIndex = 0
    private var lastTime: Int64 = 0
    private var done = false
    private var readError: TraceError? = nil
    private var errorSyncSent = false
    /// Bytes of the file consumed by complete generations.
    var position: Int { generations.position }

    /// A thread's position in its batches (`batchList[batch..<batchEnd]`);
    /// the event read there is in `heads`.
    struct Cursor {
        var thread: Int64
        var batch: Int
        var batchEnd: Int
        var lastTime: Int64 = 0
        /// Byte offset of the next event in the file; 0 before the batch's first.
        var offset = 0
    }

    /// Each cursor's next event (apart from the cursors, so that neither is
    /// copied whole to let an event happen).
    private var heads: [TraceEvent] = []

    /// The current generation's batches, thread after thread, and its tick length.
    private var batchList: [TraceBatch] = []
    /// `decodingTable`, read once (a static's every read checks that it is set).
    private let decoding = GenerationalTraceReader.decodingTable
    private var nanosPerTick: Double = 0

    /// A frontier slot: the time of a cursor's event (the heap moves these
    /// small entries, the cursors stay in place).
    struct FrontierEntry {
        var time: Int64
        var cursor: Int
    }

    /// The file (shared with `generations`).
    private let bytes: [UInt8]

    init(bytes: [UInt8], start: Int, version: Int) {
        self.version = version
        self.bytes = bytes
        self.generations = TraceGenerationReader(bytes: bytes, start: start, version: version)
    }

    /// Appends the next events, in order, to `events` until it holds at
    /// least `limit` of them or the trace has ended; false once the final
    /// sync event is in. After an error, `events` ends with the last event
    /// delivered before it. The events' table references are left to check
    /// (`validate`).
    mutating func read(into events: inout [TraceEvent], limit: Int) throws(TraceError) -> Bool {
        swap(&events, &ordering.output)
        defer { swap(&events, &ordering.output) }
        while ordering.output.count < limit {
            if done { return false }
            let start = ordering.output.count
            do {
                try step()
            } catch {
                ordering.output.removeSubrange(start...)
                throw error
            }
            deliver(from: start)
        }
        return !done
    }

    /// The next event or events: a generation's start or the end, a CPU
    /// sample, or what the ordering lets the earliest possible thread do.
    private mutating func step() throws(TraceError) {
        if frontier.isEmpty && cpuIndex == cpuSamples.count {
            try nextGeneration()
            return
        }
        if cpuIndex < cpuSamples.count, frontier.isEmpty || cpuSamples[cpuIndex].time < frontier[0].time {
            let s = cpuSamples[cpuIndex]
            cpuIndex += 1
            var args = TraceArgs()
            args[0] = s.stack
            ordering.output.append(TraceEvent(
                type: TraceEventType.cpuSample, time: s.time, args: args, g: s.goroutine, p: s.proc, m: s.thread,
                generation: Int32(tables.count - 1)))
            return
        }
        let before = ordering.output.count
        if try !tryAdvance(0) {
            sortFrontier()
            var success = false
            var i = 1
            while i < frontier.count {
                if try tryAdvance(i) {
                    success = true
                    break
                }
                i += 1
            }
            if !success {
                throw TraceError("broken trace: failed to advance: no thread's next event can happen (generation \(current?.number ?? 0))")
            }
        }
        if ordering.output.count == before { throw TraceError("broken trace: ordering advanced without an event") }
    }

    /// Keeps time monotonic from `start` on: an event at or before the
    /// previous one is moved just after it. (Each event's table references
    /// are checked where it is consumed, `validate`.)
    @inline(__always) private mutating func deliver(from start: Int) {
        var i = start
        while i < ordering.output.count {
            if ordering.output[i].time <= lastTime { ordering.output[i].time = lastTime + 1 }
            lastTime = ordering.output[i].time
            i += 1
        }
    }

    /// Checks the event's table references against the tables of its generation.
    @inline(__always)
    static func validate(
        _ e: TraceEvent, strings: TraceIDMap<Bool>, stacks: TraceIDMap<Bool>,
        references: [(stack: Int8, otherStack: Int8, string0: Int8, string1: Int8)?]
    ) throws(TraceError) {
        guard e.type != TraceEventType.syncMarker, e.type != TraceEventType.cpuSample,
            Int(e.type) < references.count, let refs = references[Int(e.type)]
        else { return }
        func check(_ arg: Int8, stack: Bool) throws(TraceError) {
            guard arg >= 0 else { return }
            let id = e.args[Int(arg)]
            if id == 0 { return }
            let key = Int64(bitPattern: id)
            if stack ? stacks[key] != nil : strings[key] != nil { return }
            throw TraceError("broken trace: found invalid \(stack ? "stack" : "string") ID \(id) for event \(TraceEventType.name(e.type))")
        }
        try check(refs.stack, stack: true)
        try check(refs.otherStack, stack: true)
        try check(refs.string0, stack: false)
        try check(refs.string1, stack: false)
    }

    private func sync(_ time: Int64) -> TraceEvent {
        TraceEvent(type: TraceEventType.syncMarker, time: time, args: TraceArgs(), g: -1, p: -1, m: -1,
                   generation: Int32(max(0, tables.count - 1)))
    }

    /// Starts the next generation (its sync event), or ends the trace.
    private mutating func nextGeneration() throws(TraceError) {
        if version >= 26 {
            if let readError { throw readError }
            do {
                let g = try generations.next()
                try install(g)
            } catch {
                readError = error
                current = nil
                ordering.output.append(sync(lastTime))
            }
            return
        }
        // Before Go 1.26 a generation's end is seen only when the next one begins,
        // and an error after a complete generation is reported after it.
        if let pending = generations.pendingError ?? readError {
            if errorSyncSent { throw pending }
            errorSyncSent = true
            ordering.output.append(sync(lastTime))
            return
        }
        let g: TraceGeneration?
        do {
            g = try generations.next()
        } catch {
            readError = error
            errorSyncSent = true
            current = nil
            ordering.output.append(sync(lastTime))
            return
        }
        try install(g)
    }

    private mutating func install(_ generation: TraceGeneration?) throws(TraceError) {
        guard let g = generation else {
            current = nil
            done = true
            ordering.output.append(sync(lastTime))
            return
        }
        current = g
        generationNumber = g.number
        tables.append(g)
        if g.stringIDs == nil { g.indexIDs() }
        ordering.tables = g
        cpuSamples = g.cpuSamples
        cpuIndex = 0
        cursors = []
        heads = []
        frontier = []
        batchList = []
        nanosPerTick = g.nanosPerTick
        for (i, m) in g.threads.enumerated() {
            let first = batchList.count
            batchList.append(contentsOf: g.batches[i])
            var cursor = Cursor(thread: m, batch: first, batchEnd: batchList.count)
            var head = TraceEvent(type: 0, time: 0, args: TraceArgs(), g: -1, p: -1, m: -1, generation: 0)
            let live = try Self.advanceCursor(
                &cursor, &head, batchList, bytes, decoding, nanosPerTick, Int32(truncatingIfNeeded: tables.count - 1))
            cursors.append(cursor)
            heads.append(head)
            if live { heapInsert(FrontierEntry(time: head.time, cursor: i)) }
        }
        ordering.output.append(sync(g.nanos(g.minTimestamp)))
    }

    /// Reads the cursor's next event (of the current generation) into
    /// `event`; false when its batches are exhausted. What it reads of the
    /// reader comes as arguments (a method would have the compiler copy the
    /// whole reader for each event).
    private static func advanceCursor(
        _ c: inout Cursor, _ event: inout TraceEvent, _ batchList: [TraceBatch], _ bytes: [UInt8], _ decoding: [Int8],
        _ nanosPerTick: Double, _ generation: Int32
    ) throws(TraceError) -> Bool {
        func nanos(_ ticks: UInt64) -> Int64 { TraceGeneration.nanos(ticks, perTick: nanosPerTick) }
        return try batchList.withUnsafeBufferPointer { (batches) throws(TraceError) -> Bool in
            while c.batch < c.batchEnd {
                let b = batches[c.batch]
                if (c.offset == 0 ? b.start : c.offset) != b.end { break }
                c.batch += 1
                c.offset = 0
                c.lastTime = 0
            }
            if c.batch == c.batchEnd { return false }
            let b = batches[c.batch]
            if c.lastTime == 0 { c.lastTime = nanos(b.time) }
            if c.offset == 0 { c.offset = b.start }
            return try bytes.withUnsafeBufferPointer { (p) throws(TraceError) -> Bool in
                let type = p[c.offset]
                let spec = decoding[Int(type)]
                guard spec != -2 else { throw TraceError("broken trace: found invalid event type: \(type)") }
                guard spec >= 0 else { throw TraceError("broken trace: found event without a timestamp: type=\(type)") }
                var position = c.offset + 1
                let end = b.end
                guard let dt = TraceVarintReader.uvarint(p, at: &position, end: end) else {
                    throw TraceError("corrupt batch: found invalid uvarint for timestamp")
                }
                var args = TraceArgs()
                var i = 0
                while i < spec {
                    guard let v = TraceVarintReader.uvarint(p, at: &position, end: end) else {
                        throw TraceError("corrupt batch: found invalid uvarint")
                    }
                    args[i] = v
                    i += 1
                }
                let time = nanos(dt) &+ c.lastTime
                event = TraceEvent(type: type, time: time, args: args, g: -1, p: -1, m: c.thread, generation: generation)
                c.lastTime = time
                c.offset = position
                return true
            }
        }
    }

    /// Per event type: its argument count, -1 when it has no timestamp,
    /// -2 when there is no such type.
    private static let decodingTable: [Int8] = (0..<256).map { type in
        guard type < TraceEventType.timedTypes.count else { return -2 }
        return TraceEventType.timedTypes[type] ? TraceEventType.argCounts[type] : -1
    }

    /// Lets the event of the cursor at frontier slot `i` happen if it can,
    /// and reads that thread's next one.
    private mutating func tryAdvance(_ i: Int) throws(TraceError) -> Bool {
        guard current != nil else { throw TraceError("broken trace: an event outside any generation") }
        let c = frontier[i].cursor
        if try !ordering.advance(&heads[c], thread: cursors[c].thread, generation: generationNumber) {
            return false
        }
        let live = try Self.advanceCursor(
            &cursors[c], &heads[c], batchList, bytes, decoding, nanosPerTick, Int32(truncatingIfNeeded: tables.count - 1))
        if live {
            frontier[i].time = heads[c].time
            heapUpdate(i)
        } else {
            heapRemove(i)
        }
        return true
    }

    // The frontier is a min-heap on event time, manipulated exactly as Go's
    // reader does, so that events with equal times come out in Go's order.

    private mutating func heapInsert(_ e: FrontierEntry) {
        frontier.append(e)
        _ = siftUp(frontier.count - 1)
    }

    private mutating func heapUpdate(_ i: Int) {
        if siftUp(i) != i { return }
        siftDown(i)
    }

    private mutating func heapRemove(_ index: Int) {
        var i = index
        while i > 0 {
            frontier.swapAt((i - 1) / 2, i)
            i = (i - 1) / 2
        }
        frontier.swapAt(0, frontier.count - 1)
        frontier.removeLast()
        siftDown(0)
    }

    private mutating func siftUp(_ index: Int) -> Int {
        var i = index
        while i > 0 && frontier[(i - 1) / 2].time > frontier[i].time {
            frontier.swapAt((i - 1) / 2, i)
            i = (i - 1) / 2
        }
        return i
    }

    private mutating func siftDown(_ index: Int) {
        var i = index
        while true {
            var m = i
            var minTime = Int64.max
            if i < frontier.count { minTime = frontier[i].time }
            let left = 2 * i + 1, right = 2 * i + 2
            if left < frontier.count && frontier[left].time < minTime {
                minTime = frontier[left].time
                m = left
            }
            if right < frontier.count && frontier[right].time < minTime {
                m = right
            }
            if m == i { break }
            frontier.swapAt(i, m)
            i = m
        }
    }

    /// Go sorts the frontier with `slices.SortFunc`, an insertion sort for up
    /// to 12 elements; a stable sort gives the same order.
    private mutating func sortFrontier() {
        if frontier.count <= 12 {
            for i in 1..<max(1, frontier.count) {
                var j = i
                while j > 0 && frontier[j].time < frontier[j - 1].time {
                    frontier.swapAt(j, j - 1)
                    j -= 1
                }
            }
        } else {
            let indexed = frontier.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
            frontier = indexed.map(\.element)
        }
    }
}
