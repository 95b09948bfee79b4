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

    init(bytes: [UInt8], start: Int, version: Int) {
        self.version = version
        self.generations = TraceGenerationReader(bytes: bytes, start: start, version: version)
    }

    private var bytes: [UInt8] { generations.bytes }

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
            Int(e.type) < TraceEventType.hasTableReferences.count, TraceEventType.hasTableReferences[Int(e.type)]
        {
            let i = Int(e.type)
            let specs = TraceEventType.specs
            let t = tables[Int(e.generation)]
            let first = specs[i].stackArg, second = specs[i].otherStackArg
            if first >= 0, e.args[first] != 0, t.stacks[e.args[first]] == nil {
                throw TraceError("broken trace: found invalid stack ID \(e.args[first]) for event \(specs[i].name)")
            }
            if second >= 0, e.args[second] != 0, t.stacks[e.args[second]] == nil {
                throw TraceError("broken trace: found invalid stack ID \(e.args[second]) for event \(specs[i].name)")
            }
            for arg in specs[i].stringArgs where t.string(e.args[arg]) == nil {
                throw TraceError("broken trace: found invalid string ID \(e.args[arg]) for event \(specs[i].name)")
            }
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
        let batches = g.batches[c.threadIndex]
        while c.batch < batches.count && (c.offset == 0 ? batches[c.batch].start : c.offset) == batches[c.batch].end {
            c.batch += 1
            c.offset = 0
            c.lastTime = 0
        }
        if c.batch == batches.count { return false }
        let b = batches[c.batch]
        if c.lastTime == 0 { c.lastTime = g.nanos(b.time) }
        if c.offset == 0 { c.offset = b.start }
        let type = bytes[c.offset]
        guard Int(type) < TraceEventType.timedTypes.count else { throw TraceError("broken trace: found invalid event type: \(type)") }
        guard TraceEventType.timedTypes[Int(type)] else { throw TraceError("broken trace: found event without a timestamp: type=\(type)") }
        let argCount = Int(TraceEventType.argCounts[Int(type)])
        var r = TraceVarintReader(bytes, from: c.offset + 1, to: b.end)
        guard let dt = r.uvarint() else { throw TraceError("corrupt batch: found invalid uvarint for timestamp") }
        var args = TraceArgs()
        for i in 0..<argCount {
            guard let v = r.uvarint() else { throw TraceError("corrupt batch: found invalid uvarint") }
            args[i] = v
        }
        c.event = TraceEvent(type: type, time: g.nanos(dt) &+ c.lastTime, args: args, g: -1, p: -1, m: c.thread,
                             generation: Int32(tables.count - 1))
        c.lastTime = c.event.time
        c.offset = r.position
        return true
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
