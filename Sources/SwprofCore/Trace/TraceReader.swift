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
    public static func read<C: TraceConsumer>(_ bytes: [UInt8], into consumer: inout C) throws(TraceError) -> TraceReadOutcome {
        let (version, headerLength) = try TraceHeader.read(bytes)
        if TraceHeader.oldFormatVersions.contains(version) {
            var reader = try OldTraceReader(bytes: bytes, start: headerLength, version: version)
            let tables = reader.tables
            return try drive(version: version, size: bytes.count, into: &consumer) { () throws(TraceError) in
                try reader.next()
            } tables: { _ in tables }
        }
        var reader = GenerationalTraceReader(bytes: bytes, start: headerLength, version: version)
        return try drive(version: version, size: bytes.count, into: &consumer) { () throws(TraceError) in
            try reader.next()
        } tables: { index in
            index < reader.tables.count ? reader.tables[index] : nil
        }
    }

    /// Feeds `next`'s events to the consumer with the tables of their
    /// generation (`tables`, asked again only when the generation changes;
    /// empty ones for a sync event before any generation).
    private static func drive<C: TraceConsumer>(
        version: Int, size: Int, into consumer: inout C,
        next: () throws(TraceError) -> TraceEvent?, tables: (Int) -> TraceGeneration?
    ) throws(TraceError) -> TraceReadOutcome {
        var outcome = TraceReadOutcome(
            version: version, problem: nil, eventCount: 0, validEventCount: 0, startTime: 0, endTime: 0, size: size)
        var validNonSync = 0, nonSync = 0
        var generation: Int32 = -1
        var current = TraceGeneration()
        while true {
            let item: TraceEvent?
            do {
                item = try next()
            } catch {
                outcome.problem = error
                break
            }
            guard let event = item else {
                outcome.validEventCount = outcome.eventCount
                break
            }
            if event.generation != generation {
                if let t = tables(Int(event.generation)) {
                    generation = event.generation
                    current = t
                } else {
                    generation = -1
                    current = TraceGeneration()
                }
            }
            if outcome.eventCount == 0 { outcome.startTime = event.time }
            outcome.eventCount += 1
            consumer.consume(event, tables: current)
            if event.type == TraceEventType.syncMarker {
                outcome.validEventCount = outcome.eventCount
                outcome.endTime = event.time
                validNonSync = nonSync
            } else {
                nonSync += 1
            }
        }
        if validNonSync == 0 {
            throw outcome.problem ?? TraceError("the trace holds no events")
        }
        return outcome
    }
}
