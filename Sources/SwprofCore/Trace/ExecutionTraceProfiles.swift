/// A trace read once, with its four blocking profiles ready to build.
public struct ExecutionTraceProfiles: Sendable {
    public let outcome: TraceReadOutcome
    private let collector: TraceBlockingCollector
    /// Goroutine time accounting and counts (with `summarize`).
    public let summary: TraceSummary?
    /// The timeline, user annotations and mutator utilization (with `summarize`).
    public private(set) var views: TraceViews? = nil

    /// Reads the trace in `bytes`; errors name `source`. With `summarize`,
    /// also accounts every goroutine's time (for the web UI).
    public static func read(_ bytes: [UInt8], source: String, summarize: Bool = false) throws(TraceError) -> ExecutionTraceProfiles {
        do {
            if summarize {
                var pair = TraceConsumerPair(TraceBlockingCollector(), TraceSummary())
                var views = TraceViews()
                let outcome = try TraceReader.read(bytes, into: &pair, alongside: &views)
                pair.second.finish()
                views.finish()
                let collector = try exactly(pair.first, bytes)
                var read = ExecutionTraceProfiles(outcome: outcome, collector: collector, summary: pair.second)
                read.views = views
                return read
            }
            var collector = TraceBlockingCollector()
            let outcome = try TraceReader.read(bytes, into: &collector)
            return ExecutionTraceProfiles(outcome: outcome, collector: try exactly(collector, bytes), summary: nil)
        } catch {
            throw error.naming(source)
        }
    }

    /// The collector, or when it cannot tell its profiles exactly
    /// (`TraceBlockingCollector.needsExactPass`), one that keeps every wait
    /// of a second reading.
    private static func exactly(_ collector: TraceBlockingCollector, _ bytes: [UInt8]) throws(TraceError) -> TraceBlockingCollector {
        guard collector.needsExactPass else { return collector }
        var exact = TraceBlockingCollector(keepingAllWaits: true)
        _ = try TraceReader.read(bytes, into: &exact)
        return exact
    }

    /// The profile `go tool trace -pprof=KIND` writes, as pprof reads it back
    /// (with no samples when the trace holds no wait of that kind).
    public func profile(_ kind: TraceProfileKind) -> Profile {
        let built = collector.profile(kind, endTime: outcome.endTime)
        // Through the wire format and back, so that the profile is exactly what
        // reading Go's output gives.
        return (try? ProfileProtoDecoder.decode(ProfileEncoder.encodeBytes(built))) ?? built
    }

    /// A sentence for stderr when only part of the trace could be read.
    public func partialWarning(source: String) -> String? {
        guard let problem = outcome.problem else { return nil }
        return "\(source): the trace could not be read to its end (\(problem.message)); "
            + "using its complete part, \(outcome.validEventCount) events up to \(goDurationString(outcome.endTime - outcome.startTime))"
    }
}
