/// Why a Go execution trace could not be read: one sentence, and the file
/// or URL it concerns. The command line prints `description` and exits with 2.
public struct TraceError: Error, Sendable, CustomStringConvertible, Equatable {
    public var source: String
    public var message: String

    public init(source: String = "", _ message: String) {
        self.source = source
        self.message = message
    }

    /// The same error naming `source` (when it names none yet).
    public func naming(_ source: String) -> TraceError {
        var copy = self
        if copy.source.isEmpty { copy.source = source }
        return copy
    }

    public var description: String { source.isEmpty ? message : "\(source): \(message)" }
}
