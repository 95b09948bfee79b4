import Foundation

/// Reads a Go execution trace of any supported version and hands its events,
/// in order, to a consumer.

/// Receives a trace's events in order.
public protocol TraceConsumer {
    /// One event; `tables` resolves its string and stack IDs.
    mutating func consume(_ event: TraceEvent, tables: TraceGeneration)
}

/// What reading a trace found, besides the events it delivered.
public struct TraceReadOutcome: Sendable {
    public var version: Int
    /// Why reading stopped before the end (a cut-off or broken trace), if it did.
    /// The events up to the last sync event before it are the trace's valid part.
    public var problem: TraceError?
    /// How many events were delivered, and how many of them are valid.
    public var eventCount: Int
    public var validEventCount: Int
    /// Time of the first event and of the last valid one (nanoseconds).
    public var startTime: Int64
    public var endTime: Int64
    /// Bytes of the file read, and of its valid part.
    public var size: Int
}

public enum TraceReader {
    /// Reads the trace in `bytes`, feeding every event to `consumer`.
    /// Throws when the bytes are no trace swprof reads or no part of it is usable.
    ///
    /// The events are read and ordered on a second thread and consumed on
    /// the calling one (`TraceEventPipe`), in the same order.
    public static func read<C: TraceConsumer>(_ bytes: [UInt8], into consumer: inout C) throws(TraceError) -> TraceReadOutcome {
        let (version, pipe, validating) = try start(bytes)
        return try drive(version: version, size: bytes.count, pipe: pipe, validating: validating, relay: nil, into: &consumer)
    }

    /// The same, feeding every event to `side` too, on a third thread (for
    /// consumers that take as long as reading: the web UI's views).
    public static func read<C: TraceConsumer, D: TraceConsumer & Sendable>(
        _ bytes: [UInt8], into consumer: inout C, alongside side: inout D
    ) throws(TraceError) -> TraceReadOutcome {
        let (version, pipe, validating) = try start(bytes)
        let relay = TraceEventPipe()
        let box = SideConsumer(side)
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            var tables = GenerationTables()
            while true {
                let chunk = relay.take()
                for event in chunk.events {
                    tables.select(event, chunk)
                    box.consumer.consume(event, tables: tables.current)
                }
                if chunk.isLast { break }
            }
            finished.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        let outcome: TraceReadOutcome
        do {
            outcome = try drive(version: version, size: bytes.count, pipe: pipe, validating: validating, relay: relay, into: &consumer)
        } catch {
            finished.wait()
            throw error
        }
        finished.wait()
        side = box.consumer
        return outcome
    }

    private final class SideConsumer<D>: @unchecked Sendable {
        var consumer: D
        init(_ consumer: D) { self.consumer = consumer }
    }

    /// Reads the header and starts reading the events on a second thread;
    /// whether their table references are still to check.
    private static func start(_ bytes: [UInt8]) throws(TraceError) -> (version: Int, pipe: TraceEventPipe, validating: Bool) {
        let (version, headerLength) = try TraceHeader.read(bytes)
        if TraceHeader.oldFormatVersions.contains(version) {
            return (version, TraceEventPipe(try OldTraceReader(bytes: bytes, start: headerLength, version: version)), false)
        }
        return (version, TraceEventPipe(GenerationalTraceReader(bytes: bytes, start: headerLength, version: version)), true)
    }

    /// The tables of each event's generation (empty ones for a sync event
    /// before any generation), looked up when the generation changes, with
    /// the string and stack IDs they hold (for `GenerationalTraceReader.validate`).
    private struct GenerationTables {
        var generation: Int32 = -1
        var current = TraceGeneration()
        var strings = TraceIDMap<Bool>()
        var stacks = TraceIDMap<Bool>()

        @inline(__always) mutating func select(_ event: TraceEvent, _ chunk: TraceEventPipe.Chunk) {
            if event.generation != generation { change(to: event.generation, chunk) }
        }

        private mutating func change(to number: Int32, _ chunk: TraceEventPipe.Chunk) {
            if Int(number) < chunk.tables.count {
                generation = number
                current = chunk.tables[Int(number)]
            } else {
                generation = -1
                current = TraceGeneration()
            }
            strings = current.stringIDs ?? TraceIDMap()
            stacks = current.stackIDs ?? TraceIDMap()
        }
    }

    /// Feeds the pipe's events to the consumer with the tables of their
    /// generation (empty ones for a sync event before any generation).
    /// With `validating`, each event's table references are checked first
    /// (`GenerationalTraceReader.validate`, here to share the work between
    /// the threads); reading stops at the first that fails. Each chunk, up
    /// to such an event, is passed on to `relay` first, if given.
    private static func drive<C: TraceConsumer>(
        version: Int, size: Int, pipe: TraceEventPipe, validating: Bool, relay: TraceEventPipe?, into consumer: inout C
    ) throws(TraceError) -> TraceReadOutcome {
        var outcome = TraceReadOutcome(
            version: version, problem: nil, eventCount: 0, validEventCount: 0, startTime: 0, endTime: 0, size: size)
        var validNonSync = 0, nonSync = 0
        var tables = GenerationTables()
        let references = TraceEventType.tableReferences
        var invalid: TraceError? = nil
        while true {
            var chunk = pipe.take()
            if validating {
                var checking = tables
                for (i, event) in chunk.events.enumerated() {
                    checking.select(event, chunk)
                    do {
                        try GenerationalTraceReader.validate(
                            event, strings: checking.strings, stacks: checking.stacks, references: references)
                    } catch {
                        invalid = error
                        chunk.events.removeSubrange(i...)
                        break
                    }
                }
            }
            if let relay {
                var passed = chunk
                passed.isLast = passed.isLast || invalid != nil || chunk.error != nil
                relay.put(passed)
            }
            for event in chunk.events {
                tables.select(event, chunk)
                if outcome.eventCount == 0 { outcome.startTime = event.time }
                outcome.eventCount += 1
                consumer.consume(event, tables: tables.current)
                if event.type == TraceEventType.syncMarker {
                    outcome.validEventCount = outcome.eventCount
                    outcome.endTime = event.time
                    validNonSync = nonSync
                } else {
                    nonSync += 1
                }
            }
            if relay == nil { pipe.recycle(&chunk) }
            if let error = invalid {
                outcome.problem = error
                pipe.cancel()
                break
            }
            if let error = chunk.error {
                outcome.problem = error
                break
            }
            if chunk.isLast {
                outcome.validEventCount = outcome.eventCount
                break
            }
        }
        if validNonSync == 0 {
            throw outcome.problem ?? TraceError("the trace holds no events")
        }
        return outcome
    }
}
