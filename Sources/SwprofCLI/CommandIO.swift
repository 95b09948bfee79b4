import Foundation

/// Where a command's output goes. The executable writes to the process's
/// stdout/stderr; tests capture into buffers and run everything in process.
public final class CommandIO: @unchecked Sendable {
    private let writeOut: (Data) -> Void
    private let writeErr: (Data) -> Void
    /// Working directory used to resolve relative paths (tests set it).
    public let workingDirectory: String
    /// Environment variables visible to the command.
    public let environment: [String: String]
    /// Whether standard output is a terminal: binary reports (`-proto`,
    /// `-svg`) then go to a file instead, as pprof does.
    public let stdoutIsTerminal: Bool
    /// Whether standard error is a terminal: timed fetches (`-seconds`)
    /// then show a countdown there.
    public let stderrIsTerminal: Bool
    /// Whether the command runs as its own process, which ends when it
    /// returns: data that lives until then (the loaded profile) is left to
    /// the exit instead of being freed piece by piece (millions of samples
    /// take a second to free). False in process (tests).
    public var endsProcess = false

    public init(
        workingDirectory: String = FileManager.default.currentDirectoryPath,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        stdoutIsTerminal: Bool = false, stderrIsTerminal: Bool = false,
        out: @escaping (Data) -> Void, err: @escaping (Data) -> Void
    ) {
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.stdoutIsTerminal = stdoutIsTerminal
        self.stderrIsTerminal = stderrIsTerminal
        self.writeOut = out
        self.writeErr = err
    }

    /// The process's own standard output and error.
    public static func standard() -> CommandIO {
        let io = CommandIO(
            stdoutIsTerminal: isatty(1) != 0, stderrIsTerminal: isatty(2) != 0,
            out: { FileHandle.standardOutput.write($0) },
            err: { FileHandle.standardError.write($0) })
        io.endsProcess = true
        return io
    }

    /// Keeps `value` alive until the process exits when the command ends the
    /// process (`endsProcess`), so that it is never freed piece by piece.
    func keepUntilExit(_ value: Any) {
        guard endsProcess else { return }
        Self.keptLock.withLock { Self.kept.append(value) }
    }

    private static let keptLock = NSLock()
    nonisolated(unsafe) private static var kept: [Any] = []

    public func out(_ text: String) { writeOut(Data(text.utf8)) }
    public func out(_ data: Data) { writeOut(data) }
    public func err(_ text: String) { writeErr(Data(text.utf8)) }
}

/// Output captured by `CommandIO.capturing()`.
public final class CapturedOutput: @unchecked Sendable {
    public var stdout = Data()
    public var stderr = Data()
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    public init() {}
}

extension CommandIO {
    /// An IO that records everything written, for tests.
    public static func capturing(
        workingDirectory: String = FileManager.default.currentDirectoryPath,
        environment: [String: String] = ["TZ": "UTC"],
        stdoutIsTerminal: Bool = false, stderrIsTerminal: Bool = false
    ) -> (CommandIO, CapturedOutput) {
        let captured = CapturedOutput()
        let io = CommandIO(
            workingDirectory: workingDirectory, environment: environment, stdoutIsTerminal: stdoutIsTerminal,
            stderrIsTerminal: stderrIsTerminal,
            out: { captured.stdout.append($0) }, err: { captured.stderr.append($0) })
        return (io, captured)
    }
}
