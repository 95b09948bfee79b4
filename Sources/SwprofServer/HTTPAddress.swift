import SwprofCore

/// Where the web UI listens, from pprof's `-http` value (`:8080`,
/// `localhost:8080`, `0.0.0.0:8080`, `[::1]:0`, `host:`).
public struct HTTPAddress: Sendable, Equatable {
    /// The host to bind; "localhost" when the value names none.
    public var host: String
    /// The port; 0 picks a free port.
    public var port: Int

    public init(host: String = "localhost", port: Int = 0) {
        self.host = host
        self.port = port
    }

    /// Parses `-http`'s value as pprof does: an empty host means localhost
    /// (so `-http=:8080` is reachable from this machine only), an empty port
    /// or port 0 picks a free one.
    /// - Throws: ``ProfileError`` with code `invalidOption` for a value
    ///   without a colon, a bad port, or an unclosed `[`.
    public init(parsing text: String) throws {
        let host: Substring
        let port: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw ProfileError(.invalidOption, "-http=\(text): missing ']' in address")
            }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else {
                throw ProfileError(.invalidOption, "-http=\(text): missing port in address (use [host]:port)")
            }
            port = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                throw ProfileError(.invalidOption, "-http=\(text): missing port in address (use host:port, e.g. :8080)")
            }
            host = text[..<colon]
            if host.contains(":") {
                throw ProfileError(.invalidOption, "-http=\(text): too many colons in address (write IPv6 hosts as [::1]:8080)")
            }
            port = text[text.index(after: colon)...]
        }
        var number = 0
        if !port.isEmpty {
            guard let value = Int(port), (0...65535).contains(value) else {
                throw ProfileError(.invalidOption, "-http=\(text): invalid port number \"\(port)\"")
            }
            number = value
        }
        self.host = host.isEmpty ? "localhost" : String(host)
        self.port = number
    }

    /// The address to give the socket: "localhost" binds IPv4 loopback, as
    /// Go's listener does, so that the printed URL and the socket agree.
    var bindHost: String {
        host == "localhost" ? "127.0.0.1" : host
    }

    /// Whether the host is a loopback name or address.
    public var isLoopback: Bool { Loopback.isLoopbackHost(host) }

    /// The URL of the UI for `port` (the port actually bound).
    public func url(port: Int) -> String {
        let shown = host.contains(":") ? "[\(host)]" : host
        return "http://\(shown):\(port)"
    }
}

/// Loopback addresses and names.
public enum Loopback {
    /// `localhost`, `*.localhost`, 127.0.0.0/8, `::1` and IPv4-mapped loopback.
    public static func isLoopbackHost(_ host: String) -> Bool {
        var name = host.lowercased()
        if name.hasPrefix("[") && name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name == "localhost" || name.hasSuffix(".localhost") { return true }
        return isLoopbackAddress(name)
    }

    /// Whether an IP address in text form is a loopback address.
    public static func isLoopbackAddress(_ address: String) -> Bool {
        var text = address.lowercased()
        if let percent = text.firstIndex(of: "%") { text = String(text[..<percent]) }  // zone
        if text == "::1" || text == "0:0:0:0:0:0:0:1" { return true }
        if text.hasPrefix("::ffff:") { text = String(text.dropFirst("::ffff:".count)) }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts.allSatisfy({ UInt8($0) != nil }) else { return false }
        return parts[0] == "127"
    }
}
