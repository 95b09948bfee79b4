import Foundation

/// Where the interactive shell reads its command lines from: standard input
/// in the executable, a fixed list of lines in tests.
public final class ShellInput: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [String]
    private let reader: ((String) -> String?)?

    /// Lines given up front (without their newlines); EOF after the last.
    public init(lines: [String]) {
        pending = lines.reversed()
        reader = nil
    }

    /// Lines read on demand from `next`, which returns nil at end of input.
    public init(reading next: @escaping () -> String?) {
        pending = []
        reader = { _ in next() }
    }

    /// Lines read on demand from `next`, which is given the prompt already
    /// shown (a line editor redraws it) and returns nil at end of input.
    init(readingAfterPrompt next: @escaping (String) -> String?) {
        pending = []
        reader = next
    }

    /// The process's standard input, one line at a time: with line editing
    /// and history when standard input and output are a terminal, else
    /// plain lines as they come.
    public static func standard() -> ShellInput {
        if TerminalLineReader.isInteractive {
            let terminal = TerminalLineReader(environment: ProcessInfo.processInfo.environment)
            return ShellInput(readingAfterPrompt: { terminal.readLine(prompt: $0) })
        }
        return ShellInput(reading: { Swift.readLine(strippingNewline: true) })
    }

    /// The next line without its line ending, or nil at end of input.
    /// `prompt` is what was just written before it.
    func nextLine(prompt: String = "") -> String? {
        if let reader { return reader(prompt) }
        lock.lock()
        defer { lock.unlock() }
        return pending.popLast()
    }
}
