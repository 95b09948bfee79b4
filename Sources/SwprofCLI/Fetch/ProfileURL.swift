import Foundation

/// A profile source that is a URL, adjusted as Go's `go tool pprof` adjusts
/// it: `host:port/path` gets `http://`, an empty path becomes
/// `/debug/pprof/profile`, `-seconds` sets `?seconds=`, and the query is
/// re-encoded with its keys sorted.
struct ProfileURL: Equatable {
    /// The URL to fetch.
    var url: String
    /// How long to wait for the response headers, in seconds, before the
    /// extra five seconds pprof allows.
    var timeout: Int

    /// The URL `source` names, or nil when it is no URL (a file).
    /// `seconds` and `timeout` are the flags' values (≤ 0: not given).
    init?(_ source: String, seconds: Int, timeout: Int) {
        guard var parts = Self.split(source) ?? (Self.wantsHTTP(source) ? Self.split("http://" + source) : nil)
        else { return nil }
        if parts.path.isEmpty || parts.path == "/" { parts.path = "/debug/pprof/profile" }
        var query = Self.parseQuery(parts.query)
        var duration = seconds
        if seconds > 0 {
            query["seconds"] = [String(seconds)]
        } else if let text = query["seconds"]?.first, !text.isEmpty, let us = Int32(text) {
            duration = Int(us)
        }
        var adjusted = parts.scheme + "://" + parts.authority + parts.path
        let encoded = Self.encodeQuery(query)
        if !encoded.isEmpty { adjusted += "?" + encoded }
        if let fragment = parts.fragment { adjusted += "#" + fragment }
        url = adjusted
        if timeout > 0 {
            self.timeout = timeout
        } else {
            self.timeout = duration > 0 ? duration + duration / 2 : 60
        }
    }

    private struct Parts {
        var scheme: String
        var authority: String
        var path: String
        var query: String
        var fragment: String?
    }

    /// Whether pprof tries `source` again with `http://` in front: it has a
    /// scheme (other than `file`) but no `//host` (`localhost:6060/x` reads as
    /// scheme `localhost`), or no scheme and a colon in its first path
    /// segment (`127.0.0.1:6060/x`, which Go's parser refuses).
    static func wantsHTTP(_ source: String) -> Bool {
        let text = source.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        if let scheme = scheme(of: text) { return scheme != "file" }
        let firstSegment = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return firstSegment.contains(":")
    }

    /// The scheme before the first colon, when what precedes it is one.
    private static func scheme(of text: Substring) -> String? {
        guard let colon = text.firstIndex(of: ":"), let first = text.first, first.isASCII, first.isLetter else {
            return nil
        }
        let candidate = text[..<colon]
        guard candidate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else {
            return nil
        }
        return candidate.lowercased()
    }

    /// Splits `text` into a URL's parts when it has a scheme and a host
    /// (`scheme://host…`); nil otherwise.
    private static func split(_ text: String) -> Parts? {
        var rest = Substring(text)
        var fragment: String? = nil
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        guard let scheme = Self.scheme(of: rest) else { return nil }
        rest = rest.dropFirst(scheme.count + 1)
        guard rest.hasPrefix("//") else { return nil }
        rest = rest.dropFirst(2)
        let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = String(rest[..<end])
        let host = authority.split(separator: "@").last.map(String.init) ?? authority
        guard !host.isEmpty else { return nil }
        rest = rest[end...]
        var query = ""
        if let q = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: q)...])
            rest = rest[..<q]
        }
        return Parts(scheme: scheme, authority: authority, path: String(rest), query: query, fragment: fragment)
    }

    /// Go's url.ParseQuery: `&`-separated `key=value`, `+` as space, percent-decoded.
    static func parseQuery(_ query: String) -> [String: [String]] {
        var values: [String: [String]] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) where !pair.contains(";") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (s: Substring) -> String? in
                s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
            guard let key = decode(kv[0]) else { continue }
            let value = kv.count > 1 ? decode(kv[1]) : ""
            guard let value else { continue }
            values[key, default: []].append(value)
        }
        return values
    }

    /// Go's url.Values.Encode: keys sorted, each escaped as QueryEscape does.
    static func encodeQuery(_ values: [String: [String]]) -> String {
        var parts: [String] = []
        for key in values.keys.sorted() {
            for value in values[key] ?? [] {
                parts.append(queryEscape(key) + "=" + queryEscape(value))
            }
        }
        return parts.joined(separator: "&")
    }

    private static func queryEscape(_ s: String) -> String {
        var out = ""
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                out += "+"
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    /// Go's `%v` of a whole number of seconds as a time.Duration (`30s`, `1m30s`, `1h0m0s`).
    static func goDuration(seconds: Int) -> String {
        if seconds == 0 { return "0s" }
        let sign = seconds < 0 ? "-" : ""
        let s = seconds.magnitude
        if s < 60 { return "\(sign)\(s)s" }
        if s < 3600 { return "\(sign)\(s / 60)m\(s % 60)s" }
        return "\(sign)\(s / 3600)h\(s % 3600 / 60)m\(s % 60)s"
    }
}
