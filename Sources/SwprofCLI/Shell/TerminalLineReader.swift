import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The terminal's mode before raw mode, for the signal handlers that put it back.
nonisolated(unsafe) private var savedTerminalMode = termios()
nonisolated(unsafe) private var terminalIsRaw: sig_atomic_t = 0

/// Restores the terminal and dies of the signal as it would have.
private func restoreTerminalAndReraise(_ sig: Int32) {
    if terminalIsRaw != 0 {
        _ = tcsetattr(0, TCSAFLUSH, &savedTerminalMode)
        terminalIsRaw = 0
    }
    signal(sig, SIG_DFL)
    raise(sig)
}

/// Reads the shell's lines from a terminal with ``LineEditor``: raw mode
/// only while a line is typed (reports print in the normal mode, and Ctrl-C
/// during one stops swprof as usual), the mode put back after each line, at
/// exit and on SIGTERM/SIGHUP/SIGQUIT. History is kept in
/// `$HOME/pprof/.swprof_history`.
final class TerminalLineReader: @unchecked Sendable {
    private var editor: LineEditor
    private let historyFile: String?

    /// Whether standard input and output are both a terminal: only then is
    /// the line editor used (piped input is read as plain lines).
    static var isInteractive: Bool { isatty(0) != 0 && isatty(1) != 0 }

    init(environment: [String: String]) {
        if let home = environment["HOME"], !home.isEmpty {
            historyFile = (home as NSString).appendingPathComponent("pprof/.swprof_history")
        } else {
            historyFile = nil
        }
        editor = LineEditor(prompt: "", history: historyFile.map(Self.loadHistory) ?? [])
    }

    /// The history file's lines, the last ones the editor keeps.
    static func loadHistory(_ path: String) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init).suffix(1000)
    }

    /// Reads one line (`prompt` is already shown); nil at end of input.
    func readLine(prompt: String) -> String? {
        guard enterRawMode() else { return Swift.readLine(strippingNewline: true) }
        defer { leaveRawMode() }
        editor.prompt = prompt
        editor.reset()
        var byte: UInt8 = 0
        while true {
            let n = read(0, &byte, 1)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                let rest = editor.text
                writeOut(Array("\r\n".utf8))
                return rest.isEmpty ? nil : rest
            }
            let event = editor.feed(byte)
            writeOut(editor.takeOutput())
            switch event {
            case .editing:
                continue
            case .submit(let line):
                if editor.rememberedLastLine { appendToHistoryFile(line) }
                return line
            case .endOfInput:
                return nil
            case .suspend:
                leaveRawMode()
                kill(getpid(), SIGTSTP)
                // Resumed: raw mode again and the line redrawn.
                guard enterRawMode() else { return nil }
                writeOut(Array("\r\n".utf8))
                editor.redraw()
                writeOut(editor.takeOutput())
            }
        }
    }

    private func writeOut(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            offset += n
        }
    }

    /// Adds `line` to the history file (made if missing), when the editor kept it.
    private func appendToHistoryFile(_ line: String) {
        guard let historyFile else { return }
        let dir = (historyFile as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let fd = open(historyFile, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// Raw mode: bytes as typed, no echo, no signals from keys. False when
    /// standard input is no terminal.
    private func enterRawMode() -> Bool {
        var mode = termios()
        guard tcgetattr(0, &mode) == 0 else { return false }
        savedTerminalMode = mode
        Self.installHandlersOnce
        mode.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        mode.c_cflag |= tcflag_t(CS8)
        mode.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        withUnsafeMutableBytes(of: &mode.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(0, TCSAFLUSH, &mode) == 0 else { return false }
        terminalIsRaw = 1
        return true
    }

    private func leaveRawMode() {
        guard terminalIsRaw != 0 else { return }
        _ = tcsetattr(0, TCSAFLUSH, &savedTerminalMode)
        terminalIsRaw = 0
    }

    /// Handlers that restore the terminal before the process dies of a
    /// signal, and at exit; installed once.
    private static let installHandlersOnce: Void = {
        for sig in [SIGTERM, SIGHUP, SIGQUIT, SIGINT] {
            signal(sig) { restoreTerminalAndReraise($0) }
        }
        atexit {
            if terminalIsRaw != 0 {
                _ = tcsetattr(0, TCSAFLUSH, &savedTerminalMode)
                terminalIsRaw = 0
            }
        }
    }()
}
