import Foundation
/// An HTTP authority (`Host` header, absolute-form request target, `Origin`
/// without its scheme) parsed strictly: `host[:port]`, where host is a name
/// of letters, digits, `.`, `-` and `_`, or an IP literal in brackets, and
/// port is at most five digits. Anything else (`localhost:80@evil.com`,
/// `user@host`, spaces, a second colon) is not an authority at all, so no
/// guard can read a different host out of it than a browser or proxy would.
struct HTTPAuthority: Equatable {
    /// Lowercased; IPv6 literals keep their brackets.
    var host: String
    var port: Int

    init?(_ text: some StringProtocol, defaultPort: Int = 80) {
        let value = String(text).lowercased()
        var hostPart: Substring
        var rest: Substring
        if value.hasPrefix("[") {
            guard let close = value.firstIndex(of: "]") else { return nil }
            hostPart = value[...close]
            rest = value[value.index(after: close)...]
            let inside = hostPart.dropFirst().dropLast()
            guard !inside.isEmpty, inside.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." || $0 == "%" }) else {
                return nil
            }
        } else {
            let colon = value.firstIndex(of: ":") ?? value.endIndex
            hostPart = value[..<colon]
            rest = value[colon...]
            guard !hostPart.isEmpty,
                hostPart.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)) })
            else { return nil }
        }
        var port = defaultPort
        if !rest.isEmpty {
            guard rest.first == ":" else { return nil }
            let digits = rest.dropFirst()
            guard !digits.isEmpty, digits.count <= 5, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(digits),
                number <= 65535
            else { return nil }
            port = number
        }
        self.host = String(hostPart)
        self.port = port
    }

    /// The authority of an absolute-form request target (`http://host:port/path`),
    /// nil for the usual origin-form (`/path`) and `*`.
    static func ofAbsoluteTarget(_ uri: String) -> Substring? {
        guard let scheme = uri.range(of: "://"), !uri.hasPrefix("/") else { return nil }
        let afterScheme = uri[scheme.upperBound...]
        let end = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? afterScheme.endIndex
        return afterScheme[..<end]
    }
}
