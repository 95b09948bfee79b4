import Foundation
import Testing
@testable import SwprofCore

/// Go `debug=2` goroutine dumps and crash tracebacks read as goroutine profiles.
@Suite struct GoroutineDumpParserTests {
    func stackNames(_ p: Profile, _ s: Sample) -> [String] {
        s.locations.map { p.locations[$0].lines.map { p.functions[$0.function].name }.joined(separator: "+") }
    }

    @Test func fixtureDumpIsOneSamplePerGoroutine() throws {
        let data = try Fixtures.data("goroutine.debug2.txt")
        let text = String(decoding: data, as: UTF8.self)
        let headers = text.split(separator: "\n").filter { $0.hasPrefix("goroutine ") && $0.hasSuffix("]:") }
        let p = try ProfileParser.parse(data, source: "goroutine.debug2.txt")
        #expect(p.sampleTypes == [ValueType(type: "goroutine", unit: "count")])
        #expect(p.samples.count == headers.count)
        #expect(p.samples.allSatisfy { $0.values == [1] })
        // The same number of goroutines as the debug=1 profile of the same service counts
        // in each state's leaking stack.
        let leaking = p.samples.filter { stackNames(p, $0).contains("main.leakGoroutine.func1") }
        #expect(leaking.count == 700)
        #expect(leaking.allSatisfy { $0.labels["state"] == ["chan receive"] })
        #expect(leaking.allSatisfy { $0.numLabels["wait"] == [0] && $0.numUnits["wait"] == ["minutes"] })
        let first = p.samples[0]
        #expect(first.labels["state"] == ["running"])
        #expect(first.labels["created_by"] == ["net/http.(*Server).Serve"])
        #expect(stackNames(p, first).first == "runtime/pprof.writeGoroutineStacks")
        let leaf = p.locations[first.locations[0]]
        #expect(p.functions[leaf.lines[0].function].filename == "runtime/pprof/pprof.go")
        #expect(leaf.lines[0].line == 692)
        try p.checkValid()
        // Identical frames share locations and functions.
        #expect(p.locations.count < p.samples.reduce(0) { $0 + $1.locations.count })
        #expect(Set(p.functions.map { [$0.name, $0.filename] }).count == p.functions.count)
    }

    @Test func crashTracebackWithWaitsAndNewerSyntax() throws {
        let text = """
            panic: something broke

            goroutine 1 [running]:
            main.(*Server).handle(0xc000010000, {0x4a2f40?, 0xc000012345?})
            \t/src/app/server.go:42 +0x1d
            main.main()
            \t/src/app/main.go:10 +0x25

            goroutine 18 gp=0xc000102000 m=nil [chan receive, 12 minutes, locked to thread]:
            runtime.gopark(0x0?, 0x0?, 0x0?, 0x0?, 0x0?)
            \t/usr/lib/go/src/runtime/proc.go:398 +0xce fp=0xc0000 sp=0xc0001 pc=0x43b2f6
            main.worker[...](...)
            \t/src/app/worker.go:25
            ...additional frames elided...
            created by main.main in goroutine 1
            \t/src/app/main.go:8 +0x5c

            goroutine 19 [select, 1 minute]:
            main.idle()
            \t/src/app/worker.go:30 +0x10
            exit status 2
            """
        let p = try parseLegacyProfile(Array(text.utf8))
        #expect(p.samples.count == 3)
        #expect(stackNames(p, p.samples[0]) == ["main.(*Server).handle", "main.main"])
        #expect(stackNames(p, p.samples[1]) == ["runtime.gopark", "main.worker[...]"])
        #expect(p.samples[1].labels["state"] == ["chan receive"])
        #expect(p.samples[1].labels["created_by"] == ["main.main"])
        #expect(p.samples[1].numLabels["wait"] == [12])
        #expect(p.samples[2].numLabels["wait"] == [1])
        #expect(stackNames(p, p.samples[2]) == ["main.idle"])
        let gopark = p.locations[p.samples[1].locations[0]]
        #expect(p.functions[gopark.lines[0].function].filename == "/usr/lib/go/src/runtime/proc.go")
        #expect(gopark.lines[0].line == 398)
        #expect(p.locations[p.samples[1].locations[1]].lines[0].line == 25)
    }

    @Test func headerParsing() {
        #expect(GoroutineDumpParser.header("goroutine 7 [sleep]:") == .init(id: 7, state: "sleep", waitMinutes: 0))
        #expect(GoroutineDumpParser.header("goroutine 9 [IO wait, 101 minutes]:")?.waitMinutes == 101)
        #expect(GoroutineDumpParser.header("goroutine x [sleep]:") == nil)
        #expect(GoroutineDumpParser.header("goroutine 7 []:") == nil)
        #expect(GoroutineDumpParser.header("goroutine profile: total 3") == nil)
        #expect(GoroutineDumpParser.functionName("main.f(0x1, {0x2, 0x3})") == "main.f")
        #expect(GoroutineDumpParser.functionName("main.(*T).m(...)") == "main.(*T).m")
        #expect(GoroutineDumpParser.functionName("panic({0x4a2f40?, 0xc000012345?})") == "panic")
    }

    @Test func otherTextIsNotADump() {
        for text in ["hello\n", "goroutine 1 [running]:\n", "goroutine 1 [running]\nmain.f()\n\tx.go:1\n"] {
            #expect(throws: ProfileError(.unrecognized, "unrecognized profile format")) {
                try parseLegacyProfile(Array(text.utf8))
            }
        }
        // Without debug=1 naming (-symbolize=none) dumps are still read.
        let dump = try? parseLegacyProfile(Array("goroutine 1 [running]:\nmain.f()\n\tx.go:1\n".utf8), extendedFormats: false)
        #expect(dump?.samples.count == 1)
    }
}
