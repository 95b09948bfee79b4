/// Delivers the events of a generational trace (Go 1.22 and later) one at a
/// time in Go's order: per generation, the batches of every thread are merged
/// by time, each event waiting until the ordering lets it happen. Times never
/// go backwards (an event at or before the previous one is moved just after
/// it), and a sync event marks every generation's start and the trace's end.
struct GenerationalTraceReader {
    let version: Int
    private var generations: TraceGenerationReader
    private var ordering = TraceOrdering()
    /// Every generation read so far, indexed by `TraceEvent.generation`.
    private(set) var tables: [TraceGeneration] = []
    private var current: TraceGeneration? = nil
    /// The current generation's string and stack IDs.
    private var stringIDs = TraceIDMap<Bool>()
    private var stackIDs = TraceIDMap<Bool>()
    /// Per-event tables, read once (a static's every read checks that it is set).
    private let timedTypes = TraceEventType.timedTypes
    private let argCounts = TraceEventType.argCounts
    private let tableReferences = TraceEventType.tableReferences
    private var frontier: [Cursor] = []
    private var cpuSamples: [TraceCPUSample] = []
    private var cpuIndex = 0
    private var lastTime: Int64 = 0
    private var done = false
    private var readError: TraceError? = nil
    private var errorSyncSent = false
    /// Bytes of the file consumed by complete generations.
    var position: Int { generations.position }

    /// A thread's position in its batches.
    struct Cursor {
        var thread: Int64
        var threadIndex: Int
        var lastTime: Int64 = 0
        var batch = 0
        var offset = 0
        var event = TraceEvent(type: 0, time: 0, args: TraceArgs(), g: -1, p: -1, m: -1, generation: 0)
    }

    /// The file (shared with `generations`).
    private let bytes: [UInt8]

    init(bytes: [UInt8], start: Int, version: Int) {
        self.version = version
        self.bytes = bytes
        self.generations = TraceGenerationReader(bytes: bytes, start: start, version: version)
    }

    /// The next event, or nil after the final sync event.
    mutating func next() throws(TraceError) -> TraceEvent? {
        if done { return nil }
        if let e = ordering.pop() { return try deliver(e) }
        if frontier.isEmpty && cpuIndex == cpuSamples.count {
            return try nextGeneration()
        }
        if cpuIndex < cpuSamples.count, frontier.isEmpty || cpuSamples[cpuIndex].time < frontier[0].event.time {
            let s = cpuSamples[cpuIndex]
            cpuIndex += 1
            var args = TraceArgs()
            args[0] = s.stack
            return try deliver(TraceEvent(
                type: TraceEventType.cpuSample, time: s.time, args: args, g: s.goroutine, p: s.proc, m: s.thread,
                generation: Int32(tables.count - 1)))
        }
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
        guard let e = ordering.pop() else { throw TraceError("broken trace: ordering advanced without an event") }
        return try deliver(e)
    }

    /// Validates the event's table references and keeps time monotonic.
    private mutating func deliver(_ event: TraceEvent) throws(TraceError) -> TraceEvent {
        var e = event
        if e.type != TraceEventType.syncMarker, e.type != TraceEventType.cpuSample,
            Int(e.type) < tableReferences.count, let refs = tableReferences[Int(e.type)]
        {
            typealias T = TraceEventType
            let isCurrent = Int(e.generation) == tables.count - 1
            func check(_ arg: Int8, stack: Bool) throws(TraceError) {
                guard arg >= 0 else { return }
                let id = e.args[Int(arg)]
                if id == 0 { return }
                if isCurrent {
                    if stack ? stackIDs[Int64(bitPattern: id)] != nil : stringIDs[Int64(bitPattern: id)] != nil { return }
                } else {
                    let t = tables[Int(e.generation)]
                    if stack ? t.hasStack(id) : t.hasString(id) { return }
                }
                throw TraceError("broken trace: found invalid \(stack ? "stack" : "string") ID \(id) for event \(T.name(e.type))")
            }
            try check(refs.stack, stack: true)
            try check(refs.otherStack, stack: true)
            try check(refs.string0, stack: false)
            try check(refs.string1, stack: false)
        }
        if e.time <= lastTime { e.time = lastTime + 1 }
        lastTime = e.time
        return e
    }

    private func sync(_ time: Int64) -> TraceEvent {
        TraceEvent(type: TraceEventType.syncMarker, time: time, args: TraceArgs(), g: -1, p: -1, m: -1,
                   generation: Int32(max(0, tables.count - 1)))
    }

    private mutating func nextGeneration() throws(TraceError) -> TraceEvent? {
        if version >= 26 {
            if let readError { throw readError }
            do {
                let g = try generations.next()
                return try install(g)
            } catch {
                readError = error
                current = nil
                return try deliver(sync(lastTime))
            }
        }
        // Before Go 1.26 a generation's end is seen only when the next one begins,
        // and an error after a complete generation is reported after it.
        if let pending = generations.pendingError ?? readError {
            if errorSyncSent { throw pending }
            errorSyncSent = true
            return try deliver(sync(lastTime))
        }
        let g: TraceGeneration?
        do {
            g = try generations.next()
        } catch {
            readError = error
            errorSyncSent = true
            current = nil
            return try deliver(sync(lastTime))
        }
        return try install(g)
    }

    private mutating func install(_ generation: TraceGeneration?) throws(TraceError) -> TraceEvent? {
        guard let g = generation else {
            current = nil
            done = true
            return try deliver(sync(lastTime))
        }
        current = g
        tables.append(g)
        if g.stringIDs == nil { g.indexIDs() }
        stringIDs = g.stringIDs!
        stackIDs = g.stackIDs!
        cpuSamples = g.cpuSamples
        cpuIndex = 0
        for (i, m) in g.threads.enumerated() {
            var cursor = Cursor(thread: m, threadIndex: i)
            if try advanceCursor(&cursor, g) { heapInsert(cursor) }
        }
        return try deliver(sync(g.nanos(g.minTimestamp)))
    }

    /// Reads the cursor's next event; false when its batches are exhausted.
    private func advanceCursor(_ c: inout Cursor, _ g: TraceGeneration) throws(TraceError) -> Bool {
        let count = g.batches[c.threadIndex].count
        while c.batch < count {
            let b = g.batches[c.threadIndex][c.batch]
            if (c.offset == 0 ? b.start : c.offset) != b.end { break }
            c.batch += 1
            c.offset = 0
            c.lastTime = 0
        }
        if c.batch == count { return false }
        let b = g.batches[c.threadIndex][c.batch]
        if c.lastTime == 0 { c.lastTime = g.nanos(b.time) }
        if c.offset == 0 { c.offset = b.start }
        let generation = Int32(tables.count - 1)
        let thread = c.thread
        return try bytes.withUnsafeBufferPointer { (p) throws(TraceError) -> Bool in
            let type = p[c.offset]
            guard Int(type) < timedTypes.count else { throw TraceError("broken trace: found invalid event type: \(type)") }
            guard timedTypes[Int(type)] else { throw TraceError("broken trace: found event without a timestamp: type=\(type)") }
            let argCount = Int(argCounts[Int(type)])
            var position = c.offset + 1
            let end = b.end
            func uvarint() -> UInt64? { TraceVarintReader.uvarint(p, at: &position, end: end) }
            guard let dt = uvarint() else { throw TraceError("corrupt batch: found invalid uvarint for timestamp") }
            var args = TraceArgs()
            for i in 0..<argCount {
                guard let v = uvarint() else { throw TraceError("corrupt batch: found invalid uvarint") }
                args[i] = v
            }
            c.event = TraceEvent(type: type, time: g.nanos(dt) &+ c.lastTime, args: args, g: -1, p: -1, m: thread,
                                 generation: generation)
            c.lastTime = c.event.time
            c.offset = position
            return true
        }
    }

    private mutating func tryAdvance(_ i: Int) throws(TraceError) -> Bool {
        let g = current!
        var c = frontier[i]
        if try !ordering.advance(&c.event, tables: g, thread: c.thread, generation: g.number) { return false }
        if try advanceCursor(&c, g) {
            frontier[i] = c
            heapUpdate(i)
        } else {
            heapRemove(i)
        }
        return true
    }

    // The frontier is a min-heap on event time, manipulated exactly as Go's
    // reader does, so that events with equal times come out in Go's order.

    private mutating func heapInsert(_ c: Cursor) {
        frontier.append(c)
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
        while i > 0 && frontier[(i - 1) / 2].event.time > frontier[i].event.time {
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
            if i < frontier.count { minTime = frontier[i].event.time }
            let left = 2 * i + 1, right = 2 * i + 2
            if left < frontier.count && frontier[left].event.time < minTime {
                minTime = frontier[left].event.time
                m = left
            }
            if right < frontier.count && frontier[right].event.time < minTime {
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
                while j > 0 && frontier[j].event.time < frontier[j - 1].event.time {
                    frontier.swapAt(j, j - 1)
                    j -= 1
                }
            }
        } else {
            let indexed = frontier.enumerated().sorted { ($0.element.event.time, $0.offset) < ($1.element.event.time, $1.offset) }
            frontier = indexed.map(\.element)
        }
    }
}
