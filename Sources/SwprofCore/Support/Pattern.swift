import CRE2

/// A compiled regular expression as pprof's flags take them: Go's `regexp`
/// syntax (RE2: `(?i)`, `\pL`, `[[:alpha:]]`, `\Q…\E`, `(?P<name>…)` and
/// `(?<name>…)`; no look-around, back-references or repeat counts over 1000),
/// compiled by Google's RE2 so that matching takes time linear in the text
/// however the pattern is written. Matching is unanchored, as Go's
/// `MatchString`; `$` is the end of the text, `.` does not match a newline.
/// Immutable and safe to share between threads.
public struct Pattern: Sendable, CustomStringConvertible {
    public let source: String
    private let compiled: CompiledRE2

    /// Compiles `source`; throws a `ProfileError(.invalidOption)` whose
    /// message is Go's (`error parsing regexp: missing closing ): ` + "`a(`").
    public init(_ source: String) throws {
        self.source = source
        compiled = try CompiledRE2(goPattern: source)
    }

    /// Whether the pattern matches anywhere in `text`.
    public func matches(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { swprof_re2_matches(compiled.pointer, $0.baseAddress, $0.count) != 0 }
        }
    }

    /// `text` with every character that is special in a pattern escaped (Go's
    /// `regexp.QuoteMeta`): the pattern that matches exactly `text`.
    public static func quoteMeta(_ text: String) -> String {
        var quoted = ""
        for character in text.unicodeScalars {
            if "\\.+*?()|[]{}^$".unicodeScalars.contains(character) { quoted.unicodeScalars.append("\\") }
            quoted.unicodeScalars.append(character)
        }
        return quoted
    }

    public var description: String { source }
}

/// Owns one RE2 object (freed with the last copy of its `Pattern`).
private final class CompiledRE2: Sendable {
    nonisolated(unsafe) let pointer: OpaquePointer

    /// RE2's memory for one pattern (program and DFA caches). Past it the
    /// pattern is refused as too large, as Go refuses oversized programs; a
    /// DFA that fills its cache falls back to RE2's NFA, still linear.
    static let maxMemory: Int64 = 32 << 20

    init(goPattern source: String) throws {
        let translated = GoRegexpSyntax.translate(source)
        if let error = translated.error {
            throw ProfileError(.invalidOption, error)
        }
        var error = swprof_re2_error(code: 0, arg: nil, arg_length: 0)
        var pattern = translated.pattern
        let compiled = pattern.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) {
                swprof_re2_compile($0.baseAddress, $0.count, Self.maxMemory, &error)
            }
        }
        guard let compiled else {
            defer { swprof_re2_error_free(&error) }
            var argument = ""
            if let arg = error.arg {
                argument = String(decoding: UnsafeRawBufferPointer(start: arg, count: error.arg_length), as: UTF8.self)
            }
            throw ProfileError(.invalidOption, translated.message(re2Code: Int(error.code), argument: argument))
        }
        pointer = compiled
    }

    deinit { swprof_re2_free(pointer) }
}
