import Foundation
import SwprofCore

/// Short labels and package names for flame graph boxes.
public enum FrameName {
    /// The name without its package path: `net/http.(*conn).serve` →
    /// `http.(*conn).serve`. Only a path before the first `(`, `[`, `<` or
    /// space is removed, so arguments and templates keep their slashes.
    public static func short(_ name: String) -> String {
        let stop = name.firstIndex { $0 == "(" || $0 == "[" || $0 == "<" || $0 == " " } ?? name.endIndex
        guard let slash = name[..<stop].lastIndex(of: "/") else { return name }
        let rest = name[name.index(after: slash)...]
        return rest.isEmpty ? name : String(rest)
    }

    /// Labels for a box, longest first, as pprof's flame graph picks them:
    /// the name shortened as graph labels are (package path dropped:
    /// `regexp.(*machine).add`), then each suffix after a `.` or `::`
    /// (`(*machine).add`, `add`). A label that does not fit falls to the next;
    /// the last one is truncated.
    public static func shortened(_ name: String) -> [String] {
        let short = FunctionName.shorten(name)
        var result = [short]
        // Separators only in the function part, not in a line granularity's file:line.
        let end = short.firstIndex(of: " ") ?? short.endIndex
        var index = short.startIndex
        while index < end {
            let rest = short[index...]
            var next: String.Index? = nil
            if rest.hasPrefix("::") {
                next = short.index(index, offsetBy: 2)
            } else if short[index] == "." {
                next = short.index(after: index)
            }
            if let next {
                if next < short.endIndex { result.append(String(short[next...])) }
                index = next
            } else {
                index = short.index(after: index)
            }
        }
        return result
    }

    /// The package (or namespace) of a frame, used to colour it:
    /// `net/http.(*conn).serve` → `net/http`, `std::vector<int>::size` → `std`,
    /// `java.util.HashMap.get` → `java`. Names without one give themselves.
    public static func package(_ name: String) -> String {
        let stop = name.firstIndex { $0 == "(" || $0 == "[" || $0 == "<" || $0 == " " } ?? name.endIndex
        let head = name[..<stop]
        let slash = head.lastIndex(of: "/")
        let tailStart = slash.map { head.index(after: $0) } ?? head.startIndex
        let tail = head[tailStart...]
        if let colons = tail.range(of: "::") {
            return String(head[head.startIndex..<colons.lowerBound])
        }
        if let dot = tail.firstIndex(of: ".") {
            return String(head[head.startIndex..<dot])
        }
        return String(head)
    }
}
