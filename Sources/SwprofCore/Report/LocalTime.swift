#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Profile times in the local time zone (`TZ`), as pprof prints them:
/// `Nov 22, 2026 at 7:31pm (UTC)`.
enum LocalTime {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

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
        let month = months[Int(parts.tm_mon) % 12]
        let hour24 = Int(parts.tm_hour)
        var hour = hour24 % 12
        if hour == 0 { hour = 12 }
        let minute = Int(parts.tm_min)
        let meridiem = hour24 >= 12 ? "pm" : "am"
        var zone = ""
        if let name = parts.tm_zone {
            zone = String(cString: name)
        }
        let minuteText = minute < 10 ? "0\(minute)" : "\(minute)"
        return "\(month) \(parts.tm_mday), \(Int(parts.tm_year) + 1900) at \(hour):\(minuteText)\(meridiem) (\(zone))"
    }
}
