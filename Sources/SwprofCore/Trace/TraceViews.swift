/// What the trace's web pages show besides the blocking profiles and the
/// goroutine summary, gathered in the same pass: the timeline, the user
/// tasks, regions and logs, and the mutator utilization (whole system and
/// per proc, with what `go tool trace`'s /mmu page includes by default).
public struct TraceViews: TraceConsumer, Sendable {
    public private(set) var timeline = TraceTimeline()
    public private(set) var annotations = TraceUserAnnotations()
    public private(set) var utilization = TraceMutatorUtilization(flags: .goDefault)
    public private(set) var perProcUtilization = TraceMutatorUtilization(
        flags: TraceMutatorUtilization.Flags.goDefault.union(.perProc))

    public init() {}

    public mutating func consume(_ event: TraceEvent, tables: TraceGeneration) {
        timeline.consume(event, tables: tables)
        annotations.consume(event, tables: tables)
        utilization.consume(event, tables: tables)
        perProcUtilization.consume(event, tables: tables)
    }

    /// Closes what is open at the end of the trace.
    public mutating func finish() {
        timeline.finish()
        annotations.finish()
        utilization.finish()
        perProcUtilization.finish()
    }

    /// Reads the trace in `bytes` for its views alone (tests and tools; the
    /// web UI gets them from ``ExecutionTraceProfiles/read(_:source:summarize:)``).
    public static func read(_ bytes: [UInt8]) throws(TraceError) -> (TraceViews, TraceReadOutcome) {
        var views = TraceViews()
        let outcome = try TraceReader.read(bytes, into: &views)
        views.finish()
        return (views, outcome)
    }
}
