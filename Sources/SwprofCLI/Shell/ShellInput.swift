import Foundation

/// Where the interactive shell reads its command lines from: standard input
/// in the executable, a fixed list of lines in tests.
public final class ShellInput: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [String]
    private let reader: (() -> String?)?

    /// Lines given up front (without their newlines); EOF after the last.
    public init(lines: [String]) {
        pending = lines.reversed()
        reader = nil
    }

    /// Lines read on demand from `next`, which returns nil at end of input.
    public init(reading next: @escaping () -> String?) {
        pending = []
        reader = next
    }

    /// The process's standard input, one line at a time.
    public static func standard() -> ShellInput {
        ShellInput(reading: { Swift.readLine(strippingNewline: true) })
    }

    /// The next line without its line ending, or nil at end of input.
    func nextLine() -> String? {
        if let reader { return reader() }
        lock.lock()
        defer { lock.unlock() }
        return pending.popLast()
    }
}
