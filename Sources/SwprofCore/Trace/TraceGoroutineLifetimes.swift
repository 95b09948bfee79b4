/// When each goroutine first ran and when it ended, as Go's trace summary
/// records them (`GoroutineSummary.StartTime` and `EndTime`); the blocking
/// profiles count only time inside a goroutine's lifetime.
struct TraceGoroutineLifetimes: Sendable {
    struct Lifetime: Sendable {
        /// First time it started running; 0 if it never ran.
        var start: Int64 = 0
        /// When it exited or blocked forever; 0 if it did not.
        var end: Int64 = 0
    }

    private(set) var lifetimes: [Int64: Lifetime] = [:]

    /// Follows one goroutine transition (`forever`: the reason is "forever").
    mutating func observe(_ t: TraceGoTransition, time: Int64, forever: Bool) {
        if t.from == t.to { return }
        if t.from == .undetermined || t.from == .notExist || lifetimes[t.goroutine] == nil {
            lifetimes[t.goroutine] = Lifetime()
        }
        switch t.to {
        case .running:
            if lifetimes[t.goroutine]!.start == 0 { lifetimes[t.goroutine]!.start = time }
        case .notExist:
            lifetimes[t.goroutine]!.end = time
        case .waiting where forever:
            lifetimes[t.goroutine]!.end = time
        default:
            break
        }
    }
}
