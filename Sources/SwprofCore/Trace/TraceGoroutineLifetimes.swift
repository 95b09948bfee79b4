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

    /// Follows one goroutine transition (`forever`: the reason is "forever");
    /// true when it replaced a lifetime the goroutine had (a new one begins
    /// on a transition from undetermined or not existing).
    @discardableResult
    mutating func observe(_ t: TraceGoTransition, time: Int64, forever: Bool) -> Bool {
        if t.from == t.to { return false }
        var life = lifetimes[t.goroutine]
        var renewed = false
        if t.from == .undetermined || t.from == .notExist || life == nil {
            renewed = life != nil
            life = Lifetime()
        }
        switch t.to {
        case .running:
            if life!.start == 0 { life!.start = time }
        case .notExist:
            life!.end = time
        case .waiting where forever:
            life!.end = time
        default:
            break
        }
        lifetimes[t.goroutine] = life
        return renewed
    }
}
