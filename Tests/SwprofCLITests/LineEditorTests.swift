import Testing

@testable import SwprofCLI

/// The shell's line editor as a state machine: key bytes in, line, cursor,
/// events and terminal bytes out.
struct LineEditorTests {
    static let left = "\u{1B}[D", right = "\u{1B}[C", up = "\u{1B}[A", down = "\u{1B}[B"
    static let home = "\u{1B}[H", end = "\u{1B}[F", delete = "\u{1B}[3~"

    func editor(_ history: [String] = []) -> LineEditor {
        LineEditor(prompt: "(pprof) ", history: history)
    }

    @discardableResult
    func type(_ keys: String, into editor: inout LineEditor) -> [LineEditor.Event] {
        editor.feed(Array(keys.utf8))
    }

    @Test func typingEchoesAndEnterSubmits() {
        var e = editor()
        type("top", into: &e)
        #expect(e.text == "top" && e.cursor == 3)
        #expect(String(decoding: e.takeOutput(), as: UTF8.self) == "top")
        #expect(type("\r", into: &e) == [.submit("top")])
        #expect(String(decoding: e.takeOutput(), as: UTF8.self) == "\r\n")
        #expect(e.text.isEmpty && e.cursor == 0)
        #expect(e.history == ["top"])
    }

    @Test func arrowsHomeEndAndInsertInTheMiddle() {
        var e = editor()
        type("tp", into: &e)
        _ = e.takeOutput()
        type(Self.left, into: &e)
        #expect(e.cursor == 1)
        #expect(String(decoding: e.takeOutput(), as: UTF8.self) == "\u{1B}[1D")
        type("o", into: &e)
        #expect(e.text == "top" && e.cursor == 2)
        // Inserting before the end redraws the line and puts the cursor back.
        #expect(String(decoding: e.takeOutput(), as: UTF8.self) == "\r(pprof) top\u{1B}[K\u{1B}[1D")
        type(Self.home, into: &e)
        #expect(e.cursor == 0)
        type(Self.left, into: &e)
        #expect(e.cursor == 0)
        type(Self.end, into: &e)
        #expect(e.cursor == 3)
        type(Self.right, into: &e)
        #expect(e.cursor == 3)
        type("\u{01}", into: &e)  // Ctrl-A
        #expect(e.cursor == 0)
        type("\u{05}", into: &e)  // Ctrl-E
        #expect(e.cursor == 3)
        type("\u{1B}OH", into: &e)  // Home as SS3
        #expect(e.cursor == 0)
        type("\u{1B}[4~", into: &e)  // End as VT220
        #expect(e.cursor == 3)
    }

    @Test func backspaceAndDelete() {
        var e = editor()
        type("list main", into: &e)
        type("\u{7f}\u{7f}", into: &e)
        #expect(e.text == "list ma" && e.cursor == 7)
        type(Self.home + Self.delete, into: &e)
        #expect(e.text == "ist ma" && e.cursor == 0)
        type("\u{7f}", into: &e)  // nothing before the cursor
        #expect(e.text == "ist ma")
        type("\u{04}", into: &e)  // Ctrl-D on a non-empty line deletes
        #expect(e.text == "st ma")
        type(Self.end + Self.delete, into: &e)  // nothing after the cursor
        #expect(e.text == "st ma" && e.cursor == 5)
        #expect(String(decoding: e.takeOutput(), as: UTF8.self).hasSuffix("\r(pprof) st ma\u{1B}[K\u{1B}[5D\u{1B}[5C"))
    }

    @Test func killsAndWords() {
        var e = editor()
        type("peek main.leak  ", into: &e)
        type("\u{17}", into: &e)  // Ctrl-W: the word before, with the spaces after it
        #expect(e.text == "peek " && e.cursor == 5)
        type("runtime.malg", into: &e)
        type("\u{1B}b", into: &e)  // Alt-B
        #expect(e.cursor == 5)
        type("\u{0B}", into: &e)  // Ctrl-K
        #expect(e.text == "peek " && e.cursor == 5)
        type("x y", into: &e)
        type(Self.left + Self.left, into: &e)
        type("\u{15}", into: &e)  // Ctrl-U
        #expect(e.text == " y" && e.cursor == 0)
        type("\u{1B}f", into: &e)  // Alt-F
        #expect(e.cursor == 2)
        type("\u{1B}[1;5D", into: &e)  // Ctrl-←
        #expect(e.cursor == 1)
    }

    @Test func historyUpAndDownKeepsTheDraft() {
        var e = editor(["top", "list main"])
        type("pe", into: &e)
        type(Self.up, into: &e)
        #expect(e.text == "list main" && e.cursor == 9)
        type(Self.up, into: &e)
        #expect(e.text == "top")
        type(Self.up, into: &e)  // the oldest stays
        #expect(e.text == "top")
        type(Self.down + Self.down, into: &e)
        #expect(e.text == "pe" && e.cursor == 2)
        type(Self.down, into: &e)
        #expect(e.text == "pe")
        type("\u{10}", into: &e)  // Ctrl-P
        #expect(e.text == "list main")
        type("\u{7f}\u{7f}\u{7f}\u{7f}leak\r", into: &e)
        #expect(e.history == ["top", "list main", "list leak"])
        // The same line twice and blank lines are not added again.
        #expect(e.rememberedLastLine)
        type(Self.up + "\r", into: &e)
        #expect(!e.rememberedLastLine)
        type("   \r", into: &e)
        #expect(!e.rememberedLastLine)
        #expect(e.history == ["top", "list main", "list leak"])
    }

    @Test func historyIsCapped() {
        var e = LineEditor(prompt: "> ", history: ["a", "b", "c"], historyLimit: 3)
        type("d\r", into: &e)
        #expect(e.history == ["b", "c", "d"])
    }

    @Test func ctrlCDropsTheLineAndCtrlDOnEmptyEnds() {
        var e = editor()
        type("focus=x", into: &e)
        _ = e.takeOutput()
        #expect(type("\u{03}", into: &e).isEmpty)
        #expect(e.text.isEmpty && e.cursor == 0)
        #expect(String(decoding: e.takeOutput(), as: UTF8.self) == "^C\r\n\r(pprof) \u{1B}[K")
        #expect(e.history.isEmpty)
        #expect(type("\u{04}", into: &e) == [.endOfInput])
        #expect(type("\u{1A}", into: &e) == [.suspend])
    }

    @Test func utf8IsOneColumnPerScalarAndControlKeysAreIgnored() {
        var e = editor()
        type("list caf\u{e9}\t", into: &e)
        #expect(e.text == "list caf\u{e9}" && e.cursor == 9)
        type(Self.left + "\u{7f}", into: &e)
        #expect(e.text == "list ca\u{e9}")
        // A cut sequence and an unknown escape leave the line alone.
        e.reset()
        _ = e.feed([0xc3, 0x41])
        type("\u{1B}[99Z", into: &e)
        #expect(e.text.isEmpty)
        type("ok\n", into: &e)
        #expect(e.history.last == "ok")
    }
}
