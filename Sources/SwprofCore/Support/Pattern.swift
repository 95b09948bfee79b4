import Foundation

/// A compiled regular expression as pprof's flags take them (Go RE2 syntax,
/// which ICU's engine accepts for the constructs pprof users write).
/// Matching is unanchored, as Go's `MatchString`.
public struct Pattern: @unchecked Sendable, CustomStringConvertible {
    public let source: String
    private let regex: NSRegularExpression

    /// Compiles `source`; throws a `ProfileError(.invalidOption)` naming the pattern.
    public init(_ source: String) throws {
        self.source = source
        do {
            // Go compiles the empty pattern (it matches everything); ICU refuses it.
            regex = try NSRegularExpression(pattern: source.isEmpty ? "(?:)" : source, options: [])
        } catch {
            throw ProfileError(.invalidOption, "parsing regexp: invalid regular expression: \(source)")
        }
    }

    /// Whether the pattern matches anywhere in `text`.
    public func matches(_ text: String) -> Bool {
        let ns = text as NSString
        return regex.firstMatch(in: text, options: [], range: NSRange(location: 0, length: ns.length)) != nil
    }

    /// Ranges (UTF-16 based, converted to String ranges) of every match in `text`.
    public func matchRanges(in text: String) -> [Range<String.Index>] {
        let ns = text as NSString
        return regex.matches(in: text, options: [], range: NSRange(location: 0, length: ns.length))
            .compactMap { Range($0.range, in: text) }
    }

    public var description: String { source }
}
