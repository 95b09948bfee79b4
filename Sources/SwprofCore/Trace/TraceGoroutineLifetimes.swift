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

    private(set) var lifetimes = TraceIDMap<Lifetime>()

    /// Follows one goroutine transition (`forever`: the reason is "forever").
    mutating func observe(_ t: TraceGoTransition, time: Int64, forever: Bool) {
        if t.from == t.to { return }
        if t.from == .undetermined || t.from == .notExist || lifetimes[t.goroutine] == nil {
            lifetimes[t.goroutine] = Lifetime()
        }
        switch t.to {
        case .running:
            lifetimes.update(t.goroutine) { if $0.start == 0 { $0.start = time } }
        case .notExist:
            lifetimes.update(t.goroutine) { $0.end = time }
        case .waiting where forever:
            lifetimes.update(t.goroutine) { $0.end = time }
        default:
            break
        }
    }
}
