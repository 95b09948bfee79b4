import Foundation
import Testing
@testable import SwprofCore

/// Go `debug=1` text: frames named from the `#` comment lines, numbers as pprof reads them.
@Suite struct GoDebugTextNamingTests {
    func names(_ p: Profile, _ location: Int) -> [String] {
        p.locations[location].lines.map { p.functions[$0.function].name }
    }

    @Test(arguments: ["goroutine.debug1.txt", "heap.debug1.txt"])
    func namingKeepsPprofsNumbers(_ file: String) throws {
        let bytes = [UInt8](try Fixtures.data(file))
        let named = try parseLegacyProfile(bytes)
        let plain = try parseLegacyProfile(bytes, extendedFormats: false)
        #expect(plain.functions.isEmpty)
        #expect(!named.functions.isEmpty)
        #expect(named.sampleTypes == plain.sampleTypes)
        // Same values and labels; stacks keep their named frames (the ones the runtime
        // printed a `#` line for), in order.
        #expect(named.samples.map(\.values) == plain.samples.map(\.values))
        #expect(named.samples.map(\.numLabels) == plain.samples.map(\.numLabels))
        for (n, p) in zip(named.samples, plain.samples) {
            let kept = p.locations.filter { !named.locations[$0].lines.isEmpty }
            #expect(n.locations == (kept.isEmpty ? p.locations : kept))
        }
        #expect(named.locations.map(\.address) == plain.locations.map(\.address))
        #expect(named.locations.map(\.id) == plain.locations.map(\.id))
        #expect(named.mappings == plain.mappings)
        // Function IDs are dense, in order of first use.
        #expect(named.functions.map(\.id) == (1...UInt64(named.functions.count)).map { $0 })
        try named.checkValid()
    }

    @Test func goroutineFramesHaveNamesFilesAndLines() throws {
        let p = try parseLegacyProfile([UInt8](try Fixtures.data("goroutine.debug1.txt")))
        // "700 @ 0x43b2f6 0x407e5b 0x407998 0x673b5f 0x46b221": the runtime hides its own
        // leading frames and goexit, so only the fourth frame is named.
        let leak = p.samples[0]
        #expect(p.samples[0].values == [700])
        let named = leak.locations.filter { !p.locations[$0].lines.isEmpty }
        #expect(named.count == 1)
        let location = p.locations[named[0]]
        #expect(location.address == 0x673b5e)
        let line = location.lines[0]
        #expect(p.functions[line.function].name == "main.leakGoroutine.func1")
        #expect(p.functions[line.function].filename == "leaky/main.go")
        #expect(line.line == 25)
        // Shared frames share one function.
        let serveHTTP = p.functions.filter { $0.name == "net/http.HandlerFunc.ServeHTTP" }
        #expect(serveHTTP.count == 1)
    }

    @Test func heapFramesAreNamed() throws {
        let p = try parseLegacyProfile([UInt8](try Fixtures.data("heap.debug1.txt")))
        let first = p.samples[0].locations.map { names(p, $0).first ?? "" }
        #expect(first.prefix(2) == ["main.leakHeap", "main.handler"])
        // runtime.goexit, which the runtime prints no `#` line for, is left out: every
        // remaining frame is named.
        #expect(first.allSatisfy { !$0.isEmpty })
    }

    @Test func commentLineParsing() {
        let f = GoDebugTextNaming.frame(ArraySlice("#\t0x61face\tnet/http.HandlerFunc.ServeHTTP+0x2e\t\tnet/http/server.go:2109".utf8))
        #expect(f == .init(address: 0x61face, function: "net/http.HandlerFunc.ServeHTTP", file: "net/http/server.go", line: 2109))
        let spaced = GoDebugTextNaming.frame(ArraySlice("#\t0x10\tmain.f+0x1\t/my dir/a.go:7".utf8))
        #expect(spaced?.file == "/my dir/a.go")
        #expect(spaced?.line == 7)
        #expect(GoDebugTextNaming.frame(ArraySlice("#\t0x465744".utf8)) == nil)
        #expect(GoDebugTextNaming.frame(ArraySlice("# HeapAlloc = 75468664".utf8)) == nil)
        #expect(GoDebugTextNaming.frame(ArraySlice("# runtime.MemStats".utf8)) == nil)
    }

    @Test func inlinedFramesShareALocation() throws {
        let text = """
            goroutine profile: total 3
            3 @ 0x1001 0x2001
            #\t0x1000\tmain.inner+0x10\ta.go:3
            #\t0x1000\tmain.outer+0x20\ta.go:9
            #\t0x2000\tmain.main+0x30\ta.go:20

            """
        let p = try parseLegacyProfile(Array(text.utf8))
        let locs = p.samples[0].locations
        #expect(names(p, locs[0]) == ["main.inner", "main.outer"])
        #expect(p.locations[locs[0]].lines.map(\.line) == [3, 9])
        #expect(names(p, locs[1]) == ["main.main"])
    }

    @Test func badCommentsLeaveFramesUnnamed() throws {
        let text = """
            goroutine profile: total 1
            1 @ 0x1001
            #\tnot-an-address\tmain.f+0x1\ta.go:1
            #\t0x1000\t+0x1\ta.go
            # free text

            """
        let p = try parseLegacyProfile(Array(text.utf8))
        #expect(p.samples[0].values == [1])
        #expect(p.locations.allSatisfy { $0.lines.isEmpty })
    }
}
