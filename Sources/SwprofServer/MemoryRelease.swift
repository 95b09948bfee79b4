import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Gives memory freed by a heavy page back to the system. glibc keeps freed
/// heap memory in per-thread arenas; after a page over a large profile
/// (hundreds of MB of transient stacks and sums) the server would otherwise
/// stay that much larger for as long as it runs.
enum MemoryRelease {
    /// Pages that computed for less than this leave little behind.
    static let heavySeconds = 0.1

    private typealias Trim = @convention(c) (Int) -> Int32
    /// glibc's `malloc_trim`, looked up once (nil elsewhere).
    private static let trim: Trim? = {
        #if canImport(Glibc)
            guard let symbol = dlsym(nil, "malloc_trim") else { return nil }
            return unsafeBitCast(symbol, to: Trim.self)
        #else
            return nil
        #endif
    }()

    /// Runs `work`; when it took `heavySeconds` or more, trims the heap after it.
    static func trimmingAfter<T>(_ work: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            if Double(DispatchTime.now().uptimeNanoseconds &- start) / 1e9 >= heavySeconds {
                _ = trim?(0)
            }
        }
        return try work()
    }
}
