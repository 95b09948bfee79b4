/// When a goroutine first ran and when it ended, as Go's trace summary
/// records them (`GoroutineSummary.StartTime` and `EndTime`); the blocking
/// profiles count only time inside a goroutine's lifetime.
struct TraceGoroutineLifetime: Sendable {
    /// First time it started running; 0 if it never ran.
    var start: Int64 = 0
    /// When it exited or blocked forever; 0 if it did not.
    var end: Int64 = 0

    /// Follows one goroutine transition in the goroutine's lifetime `life`
    /// (nil before its first); `forever`: the reason is "forever". True when
    /// it replaced a lifetime the goroutine had (a new one begins on a
    /// transition from undetermined or not existing).
    @inline(__always)
    static func observe(_ life: inout TraceGoroutineLifetime?, _ t: TraceGoTransition, time: Int64, forever: Bool) -> Bool {
        if t.from == t.to { return false }
        var renewed = false
        if t.from == .undetermined || t.from == .notExist || life == nil {
            renewed = life != nil
            life = TraceGoroutineLifetime()
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
        return renewed
    }
}
