#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Profile times in the local time zone (`TZ`), as pprof prints them
/// (Go's layout `2006-01-02 15:04:05 MST`): `2026-11-22 19:31:05 UTC`.
enum LocalTime {
    static func format(nanoseconds: Int64) -> String {
        var seconds = nanoseconds / 1_000_000_000
        if nanoseconds % 1_000_000_000 < 0 {
            seconds -= 1
        }
        var t = time_t(seconds)
        var parts = tm()
        guard localtime_r(&t, &parts) != nil else {
            return String(seconds)
        }
        func pad(_ n: Int, _ width: Int) -> String {
            let digits = String(abs(n))
            let padded = String(repeating: "0", count: max(0, width - digits.count)) + digits
            return n < 0 ? "-" + padded : padded
        }
        let date = "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2))"
        let clock = "\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2))"
        return "\(date) \(clock) \(zoneName(parts))"
    }

    /// The zone's abbreviation, or Go's numeric `-0700` form when it has none.
    private static func zoneName(_ parts: tm) -> String {
        if let name = parts.tm_zone, name.pointee != 0 {
            return String(cString: name)
        }
        let minutes = Int(parts.tm_gmtoff) / 60
        let sign = minutes < 0 ? "-" : "+"
        let hours = abs(minutes) / 60, rest = abs(minutes) % 60
        return sign + (hours < 10 ? "0" : "") + String(hours) + (rest < 10 ? "0" : "") + String(rest)
    }
}
