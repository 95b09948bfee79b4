/// An error with a sentence a person can read: it names the file (or source)
/// and says what was wrong. `description` is the one line the CLI prints.
public struct ProfileError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Code: Sendable, Equatable {
        /// The file could not be read (missing, a directory, no permission).
        case unreadable
        /// The bytes are not a profile swprof can read.
        case unrecognized
        /// A profile format was recognised but its content is broken.
        case malformed
        /// The input is empty.
        case empty
        /// Decompression failed or exceeded the size limit.
        case decompression
        /// Options or profiles do not fit together (e.g. incompatible merge).
        case incompatible
        /// A flag or option value is invalid.
        case invalidOption
        /// An output (a report file, a directory, the settings) could not be written.
        case unwritable
        /// Something the command needs is not there: an address to listen on,
        /// a layout engine, a tool.
        case unavailable
    }

    public var code: Code
    /// The file or URL the error concerns; empty when it is not about one source.
    public var source: String
    /// What was wrong, without the source name.
    public var message: String
    /// The error that caused this one (a system or library error), when
    /// there is one; `message` already says what it means.
    public var cause: (any Error)?

    public init(_ code: Code, source: String = "", _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.source = source
        self.message = message
        self.cause = cause
    }

    /// Errors are equal when they say the same (the cause is not compared).
    public static func == (a: ProfileError, b: ProfileError) -> Bool {
        a.code == b.code && a.source == b.source && a.message == b.message
    }

    /// The same error, now naming `source` (when it did not name one yet).
    public func naming(_ source: String) -> ProfileError {
        var copy = self
        if copy.source.isEmpty { copy.source = source }
        return copy
    }

    public var description: String {
        source.isEmpty ? message : "\(source): \(message)"
    }
}
