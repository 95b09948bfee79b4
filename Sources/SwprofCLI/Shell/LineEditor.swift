/// The interactive shell's line editing as a pure state machine: key bytes
/// from a terminal in raw mode go in, the line, the cursor and the bytes to
/// write to the terminal come out. No terminal I/O happens here (see
/// ``TerminalLineReader``), so tests drive it byte by byte.
///
/// Keys: printable text inserts; ←/→ (Ctrl-B/F), Home/End (Ctrl-A/E),
/// Alt-B/F by word, Backspace, Delete, Ctrl-K (to end), Ctrl-U (to start),
/// Ctrl-W (word before), ↑/↓ (Ctrl-P/N) through the history, Ctrl-L redraws,
/// Ctrl-C drops the line, Ctrl-D ends input on an empty line (else deletes),
/// Enter submits, Ctrl-Z asks to suspend.
struct LineEditor {
    /// What a key did.
    enum Event: Equatable {
        /// Still editing.
        case editing
        /// Enter: the finished line.
        case submit(String)
        /// Ctrl-D on an empty line.
        case endOfInput
        /// Ctrl-Z: the caller restores the terminal and stops the process.
        case suspend
    }

    /// What precedes the line on the terminal, rewritten on every redraw.
    var prompt: String
    /// The line being edited, as Unicode scalars (one terminal column each).
    private(set) var line: [Unicode.Scalar] = []
    /// Where the cursor is, 0…line.count.
    private(set) var cursor = 0
    /// Earlier lines, oldest first; Enter adds a non-empty line that differs from the last.
    private(set) var history: [String]
    /// Whether the last line submitted went into the history (not blank,
    /// not the same as the one before).
    private(set) var rememberedLastLine = false
    /// How many lines the history keeps.
    let historyLimit: Int
    /// Which history entry is shown; `history.count` is the line being typed.
    private var historyPosition: Int
    /// The line being typed, kept while browsing the history.
    private var draft: [Unicode.Scalar] = []
    /// Bytes for the terminal, taken with ``takeOutput()``.
    private var output: [UInt8] = []
    private var escape: EscapeState = .none
    /// The first bytes of a UTF-8 sequence not yet complete.
    private var pendingUTF8: [UInt8] = []

    private enum EscapeState: Equatable {
        case none
        case escape
        /// `ESC [` and the parameter bytes read so far.
        case csi([UInt8])
        /// `ESC O`.
        case ss3
    }

    init(prompt: String, history: [String] = [], historyLimit: Int = 1000) {
        self.prompt = prompt
        self.history = Array(history.suffix(historyLimit))
        self.historyLimit = historyLimit
        self.historyPosition = self.history.count
    }

    /// The line as text.
    var text: String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: line)
        return String(s)
    }

    /// The bytes to write to the terminal since the last call.
    mutating func takeOutput() -> [UInt8] {
        defer { output = [] }
        return output
    }

    /// Starts a new line (the prompt is already on the terminal).
    mutating func reset() {
        line = []
        cursor = 0
        draft = []
        historyPosition = history.count
        escape = .none
        pendingUTF8 = []
    }

    /// Feeds every byte of `bytes`; the events of those that did something other than edit.
    mutating func feed(_ bytes: [UInt8]) -> [Event] {
        var events: [Event] = []
        for byte in bytes {
            let event = feed(byte)
            if event != .editing { events.append(event) }
        }
        return events
    }

    /// Handles one byte from the terminal.
    mutating func feed(_ byte: UInt8) -> Event {
        switch escape {
        case .none:
            break
        case .escape:
            escape = .none
            switch byte {
            case UInt8(ascii: "["): escape = .csi([])
            case UInt8(ascii: "O"): escape = .ss3
            case UInt8(ascii: "b"), UInt8(ascii: "B"): moveWordLeft()
            case UInt8(ascii: "f"), UInt8(ascii: "F"): moveWordRight()
            case 0x7f, 0x08: deleteWordBefore()
            default: break
            }
            return .editing
        case .csi(var parameters):
            if (0x40...0x7e).contains(byte) {
                escape = .none
                csi(final: byte, parameters: String(decoding: parameters, as: UTF8.self))
            } else if parameters.count < 16 {
                parameters.append(byte)
                escape = .csi(parameters)
            } else {
                escape = .none  // an overlong sequence: dropped
            }
            return .editing
        case .ss3:
            escape = .none
            csi(final: byte, parameters: "")
            return .editing
        }

        if !pendingUTF8.isEmpty || byte >= 0x80 {
            insertUTF8(byte)
            return .editing
        }
        switch byte {
        case 0x0d, 0x0a:  // Enter
            let submitted = text
            output += Array("\r\n".utf8)
            remember(submitted)
            reset()
            return .submit(submitted)
        case 0x01: move(to: 0)  // Ctrl-A
        case 0x02: move(to: cursor - 1)  // Ctrl-B
        case 0x03:  // Ctrl-C: drop the line, prompt again
            output += Array("^C\r\n".utf8)
            reset()
            redraw()
        case 0x04:  // Ctrl-D
            if line.isEmpty {
                output += Array("\r\n".utf8)
                return .endOfInput
            }
            deleteAtCursor()
        case 0x05: move(to: line.count)  // Ctrl-E
        case 0x06: move(to: cursor + 1)  // Ctrl-F
        case 0x08, 0x7f: deleteBeforeCursor()  // Ctrl-H, Backspace
        case 0x0b:  // Ctrl-K
            line.removeSubrange(cursor...)
            redraw()
        case 0x0c:  // Ctrl-L: clear the screen
            output += Array("\u{1B}[H\u{1B}[2J".utf8)
            redraw()
        case 0x0e: historyNext()  // Ctrl-N
        case 0x10: historyPrevious()  // Ctrl-P
        case 0x15:  // Ctrl-U
            line.removeSubrange(..<cursor)
            cursor = 0
            redraw()
        case 0x17: deleteWordBefore()  // Ctrl-W
        case 0x1a: return .suspend  // Ctrl-Z
        case 0x1b: escape = .escape
        case 0x20...0x7e: insert(Unicode.Scalar(byte))
        default: break  // other control keys (Tab included) do nothing
        }
        return .editing
    }

    /// A `CSI`/`SS3` key: arrows, Home, End, Delete.
    private mutating func csi(final: UInt8, parameters: String) {
        switch (final, parameters) {
        case (UInt8(ascii: "A"), _): historyPrevious()
        case (UInt8(ascii: "B"), _): historyNext()
        case (UInt8(ascii: "C"), let p) where p.hasSuffix(";5") || p.hasSuffix(";3"): moveWordRight()
        case (UInt8(ascii: "D"), let p) where p.hasSuffix(";5") || p.hasSuffix(";3"): moveWordLeft()
        case (UInt8(ascii: "C"), _): move(to: cursor + 1)
        case (UInt8(ascii: "D"), _): move(to: cursor - 1)
        case (UInt8(ascii: "H"), _): move(to: 0)
        case (UInt8(ascii: "F"), _): move(to: line.count)
        case (UInt8(ascii: "~"), "1"), (UInt8(ascii: "~"), "7"): move(to: 0)
        case (UInt8(ascii: "~"), "4"), (UInt8(ascii: "~"), "8"): move(to: line.count)
        case (UInt8(ascii: "~"), "3"): deleteAtCursor()
        default: break
        }
    }

    private mutating func insertUTF8(_ byte: UInt8) {
        pendingUTF8.append(byte)
        let lead = pendingUTF8[0]
        let expected = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1
        // A stray continuation byte or a cut sequence: dropped.
        if expected == 1 || (pendingUTF8.count > 1 && byte & 0xc0 != 0x80) {
            pendingUTF8 = []
            return
        }
        guard pendingUTF8.count == expected else { return }
        let decoded = String(decoding: pendingUTF8, as: UTF8.self).unicodeScalars
        pendingUTF8 = []
        for scalar in decoded where scalar != "\u{FFFD}" { insert(scalar) }
    }

    private mutating func insert(_ scalar: Unicode.Scalar) {
        line.insert(scalar, at: cursor)
        cursor += 1
        if cursor == line.count {
            output += Array(String(Character(scalar)).utf8)  // typing at the end: just echo
        } else {
            redraw()
        }
    }

    private mutating func move(to position: Int) {
        let target = min(max(position, 0), line.count)
        guard target != cursor else { return }
        if target < cursor {
            output += Array("\u{1B}[\(cursor - target)D".utf8)
        } else {
            output += Array("\u{1B}[\(target - cursor)C".utf8)
        }
        cursor = target
    }

    private mutating func deleteBeforeCursor() {
        guard cursor > 0 else { return }
        line.remove(at: cursor - 1)
        cursor -= 1
        redraw()
    }

    private mutating func deleteAtCursor() {
        guard cursor < line.count else { return }
        line.remove(at: cursor)
        redraw()
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar != " " && scalar != "\t"
    }

    /// Where the word before the cursor starts (spaces before it skipped).
    private func wordStart() -> Int {
        var i = cursor
        while i > 0 && !Self.isWordScalar(line[i - 1]) { i -= 1 }
        while i > 0 && Self.isWordScalar(line[i - 1]) { i -= 1 }
        return i
    }

    private mutating func deleteWordBefore() {
        let start = wordStart()
        guard start < cursor else { return }
        line.removeSubrange(start..<cursor)
        cursor = start
        redraw()
    }

    private mutating func moveWordLeft() { move(to: wordStart()) }

    private mutating func moveWordRight() {
        var i = cursor
        while i < line.count && !Self.isWordScalar(line[i]) { i += 1 }
        while i < line.count && Self.isWordScalar(line[i]) { i += 1 }
        move(to: i)
    }

    private mutating func historyPrevious() {
        guard historyPosition > 0 else { return }
        if historyPosition == history.count { draft = line }
        historyPosition -= 1
        show(Array(history[historyPosition].unicodeScalars))
    }

    private mutating func historyNext() {
        guard historyPosition < history.count else { return }
        historyPosition += 1
        show(historyPosition == history.count ? draft : Array(history[historyPosition].unicodeScalars))
    }

    private mutating func show(_ scalars: [Unicode.Scalar]) {
        line = scalars
        cursor = line.count
        redraw()
    }

    private mutating func remember(_ entry: String) {
        rememberedLastLine = false
        guard !entry.allSatisfy({ $0 == " " || $0 == "\t" }), entry != history.last else { return }
        rememberedLastLine = true
        history.append(entry)
        if history.count > historyLimit { history.removeFirst(history.count - historyLimit) }
    }

    /// Rewrites the whole line: back to column 0, prompt, text, clear the
    /// rest, then the cursor back to its place.
    mutating func redraw() {
        output += Array("\r".utf8) + Array(prompt.utf8) + Array(text.utf8) + Array("\u{1B}[K".utf8)
        if cursor < line.count {
            output += Array("\u{1B}[\(line.count - cursor)D".utf8)
        }
    }
}
