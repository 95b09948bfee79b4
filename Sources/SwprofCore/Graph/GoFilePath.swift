/// Lexical path operations with the results of Go's `path/filepath` on Unix,
/// so file names in reports are cleaned and shortened exactly as pprof's.
public enum GoFilePath {
    /// The shortest equivalent path: no `.` elements, `..` resolved where
    /// possible, no repeated or trailing slashes; `.` for an empty result.
    public static func clean(_ path: String) -> String {
        if path.isEmpty { return "." }
        let rooted = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !rooted {
                    parts.append(part)
                }
                continue
            }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if rooted { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// The last element of the path (`.` for an empty path, `/` for root).
    static func base(_ path: String) -> String {
        if path.isEmpty { return "." }
        var trimmed = Substring(path)
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        if trimmed.isEmpty { return "/" }
        if let slash = trimmed.lastIndex(of: "/") {
            return String(trimmed[trimmed.index(after: slash)...])
        }
        return String(trimmed)
    }

    /// Everything but the last element, cleaned.
    static func dir(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return clean(String(path[...slash]))
    }

    /// The non-empty elements joined with `/` and cleaned; empty when all are empty.
    static func join(_ elements: String...) -> String {
        let parts = elements.filter { !$0.isEmpty }
        return parts.isEmpty ? "" : clean(parts.joined(separator: "/"))
    }

    static func isAbsolute(_ path: String) -> Bool { path.hasPrefix("/") }

    /// A `:`-separated list of paths; an empty string is an empty list.
    static func splitList(_ list: String) -> [String] {
        list.isEmpty ? [] : list.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    }
}
