import Foundation

/// A trace reader as `TraceEventPipe` runs it.
protocol TraceEventSource {
    /// Appends the next events in order to `events` until it holds at
    /// least `limit` or the trace has ended; false once the last is in.
    /// After an error, `events` ends with the last event delivered before it.
    mutating func read(into events: inout [TraceEvent], limit: Int) throws(TraceError) -> Bool
    /// The tables of every generation read so far, indexed by `TraceEvent.generation`.
    var generationTables: [TraceGeneration] { get }
}

/// Runs a trace reader on its own thread and hands its events, in chunks
/// and in order, to the thread that consumes them: reading and ordering
/// the events and consuming them take about as long, so a trace is read
/// in about half the time on two cores. At most `capacity` chunks wait,
/// so the reader never runs far ahead.
final class TraceEventPipe: @unchecked Sendable {
    /// Events read one after the other, the tables they refer to, and how
    /// reading went on after them.
    struct Chunk {
        var events: [TraceEvent]
        var tables: [TraceGeneration]
        /// Why reading stopped after these events, if it failed.
        var error: TraceError?
        /// Whether no events follow.
        var isLast: Bool
    }

    static let chunkSize = 4096
    private let capacity = 4
    private let condition = NSCondition()
    private var ready: [Chunk] = []
    private var readyHead = 0
    private var spare: [[TraceEvent]] = []
    /// Set when the consumer stops early: the reader stops too.
    private var cancelled = false

    /// A pipe filled by `put` (to pass chunks on).
    init() {}

    /// Starts reading `source` on a new thread.
    init<S: TraceEventSource>(_ source: S) {
        let box = SourceBox(source)
        let thread = Thread { [self] in
            Self.produce(&box.source, into: self)
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    private final class SourceBox<S>: @unchecked Sendable {
        var source: S
        init(_ source: S) { self.source = source }
    }

    private static func produce<S: TraceEventSource>(_ source: inout S, into pipe: TraceEventPipe) {
        while true {
            var events = pipe.spareBuffer()
            var error: TraceError? = nil
            var last = false
            do {
                last = try !source.read(into: &events, limit: chunkSize)
            } catch let e {
                error = e
                last = true
            }
            if !pipe.put(Chunk(events: events, tables: source.generationTables, error: error, isLast: last)) || last {
                return
            }
        }
    }

    /// Queues a chunk; false when the consumer has stopped.
    @discardableResult
    func put(_ chunk: Chunk) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while ready.count - readyHead >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        ready.append(chunk)
        condition.broadcast()
        return true
    }

    /// Stops the reader (the consumer takes no more chunks).
    func cancel() {
        condition.lock()
        cancelled = true
        ready = []
        readyHead = 0
        condition.broadcast()
        condition.unlock()
    }

    /// The next chunk, waiting for it if need be.
    func take() -> Chunk {
        condition.lock()
        while readyHead == ready.count { condition.wait() }
        let chunk = ready[readyHead]
        ready[readyHead].events = []
        readyHead += 1
        if readyHead == ready.count {
            ready.removeAll(keepingCapacity: true)
            readyHead = 0
        }
        condition.broadcast()
        condition.unlock()
        return chunk
    }

    /// Gives a consumed chunk's storage back for the next ones.
    func recycle(_ chunk: inout Chunk) {
        var events: [TraceEvent] = []
        swap(&events, &chunk.events)
        events.removeAll(keepingCapacity: true)
        condition.lock()
        if spare.count < capacity { spare.append(events) }
        condition.unlock()
    }

    private func spareBuffer() -> [TraceEvent] {
        condition.lock()
        defer { condition.unlock() }
        if let events = spare.popLast() { return events }
        var events: [TraceEvent] = []
        // A reader may pass the limit by the few events of its last step.
        events.reserveCapacity(Self.chunkSize + 16)
        return events
    }
}

extension GenerationalTraceReader: TraceEventSource {
    var generationTables: [TraceGeneration] { tables }
}

extension OldTraceReader: TraceEventSource {
    var generationTables: [TraceGeneration] { [tables] }

    mutating func read(into events: inout [TraceEvent], limit: Int) throws(TraceError) -> Bool {
        try readEvents(into: &events, limit: limit)
    }
}
