import Foundation
import Testing
@testable import SwprofCLI

/// Go goroutine text through the command line: debug=1 frames named, debug=2 dumps read.
@Suite struct GoroutineDumpCLITests {
    static let profiles = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/profiles")

    func run(_ args: [String]) -> (Int32, String) {
        let (io, captured) = CommandIO.capturing(workingDirectory: Self.profiles.path, stdoutIsTerminal: false)
        return (Swprof.run(arguments: args, io: io), captured.stdoutText)
    }

    /// The frames the runtime hides (no `#` line) make no `<unknown>` leaf: the leaking
    /// function holds the flat value, as in the debug=0 profile's named frames.
    @Test func debug1LeafIsTheInnermostNamedFrame() {
        let (_, top) = run(["-top", "goroutine.debug1.txt"])
        #expect(top.contains("       700 99.01% 99.01%        700 99.01%  main.leakGoroutine.func1\n"))
        #expect(!top.contains("<unknown>"))
    }

    /// Reading a format is not symbolization: -symbolize=none still reads dumps and folded stacks.
    @Test func symbolizeNoneStillReadsSwprofsFormats() {
        let (status, top) = run(["-top", "-symbolize=none", "goroutine.debug2.txt"])
        #expect(status == 0)
        #expect(top.contains("main.leakGoroutine.func1"))
    }

    @Test func debug1TopNamesFunctionsUnlessSymbolizeNone() {
        let (status, top) = run(["-top", "goroutine.debug1.txt"])
        #expect(status == 0)
        #expect(top.contains("700 99.01%  main.leakGoroutine.func1"))
        let (_, plain) = run(["-top", "-symbolize=none", "goroutine.debug1.txt"])
        #expect(!plain.contains("main."))
        // Same total either way.
        #expect(top.contains("of 707 total") && plain.contains("of 707 total"))
    }

    @Test func debug1HeapTracesAndListShowFilesAndLines() {
        let (_, traces) = run(["-traces", "heap.debug1.txt"])
        #expect(traces.contains("main.leakHeap"))
        let (_, list) = run(["-list=main.leakHeap", "heap.debug1.txt"])
        #expect(list.contains("ROUTINE ======================== main.leakHeap in leaky/main.go"))
    }

    @Test func debug2DumpTagsShowStatesAndWaits() {
        let (status, tags) = run(["-tags", "goroutine.debug2.txt"])
        #expect(status == 0)
        #expect(tags.contains(" state: Total 707 of 707 (  100%)"))
        #expect(tags.contains("700 (99.01%): chan receive"))
        #expect(tags.contains(" wait: Total 707 of 707 (  100%)"))
        let (_, top) = run(["-top", "goroutine.debug2.txt"])
        #expect(top.contains("700 99.01% 99.01%        700 99.01%  main.leakGoroutine.func1"))
        let (_, focused) = run(["-top", "-tagfocus=state=running", "goroutine.debug2.txt"])
        #expect(focused.contains("Showing nodes accounting for 1, 0.14% of 707 total"))
        #expect(focused.contains("1  0.14%  0.14%          1  0.14%  runtime/pprof.writeGoroutineStacks"))
    }
}
