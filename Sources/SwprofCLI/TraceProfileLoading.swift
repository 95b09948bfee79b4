import Foundation
import SwprofCore

/// Go execution traces as profile sources: `-trace_profile=KIND` reads a trace
/// as the profile `go tool trace -pprof=KIND` writes.
enum TraceProfileLoading {
    /// The profile of a trace source, or nil when `data` is no trace and none
    /// was asked for. Throws a `TraceError` (exit status 2) for a trace read
    /// without `-trace_profile`, a profile given where a trace is expected, and
    /// a trace that cannot be read.
    static func profile(_ data: Data, source: String, kind: TraceProfileKind?, io: CommandIO) throws -> Profile? {
        // Only a trace is copied out of `data` (a large profile is not).
        guard TraceHeader.looksLikeTrace([UInt8](data.prefix(16))) else {
            guard kind == nil else {
                throw TraceError(source: source, "not a Go execution trace (-trace_profile reads traces)")
            }
            return nil
        }
        guard let kind else {
            throw TraceError(
                source: source, "a Go execution trace: pick its profile with -trace_profile=net, sync, syscall or sched")
        }
        let trace = try ExecutionTraceProfiles.read([UInt8](data), source: source)
        if let warning = trace.partialWarning(source: source) { io.err(warning + "\n") }
        return trace.profile(kind)
    }
}
