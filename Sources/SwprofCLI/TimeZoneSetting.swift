import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reports print times in the local time zone, which the C library takes
/// from the process's `TZ`. A command run in process with its own
/// environment (tests use `TZ=UTC`) makes the process use that zone.
enum TimeZoneSetting {
    private static let lock = NSLock()

    /// Sets the process's `TZ` to `zone` when it differs (nil leaves it alone).
    static func adopt(_ zone: String?) {
        guard let zone else { return }
        lock.lock()
        defer { lock.unlock() }
        let current = getenv("TZ").map { String(cString: $0) }
        if current != zone {
            setenv("TZ", zone, 1)
            tzset()
        }
    }
}
