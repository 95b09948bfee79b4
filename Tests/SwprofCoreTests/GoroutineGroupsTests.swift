import Foundation
import Testing

@testable import SwprofCore

/// Goroutines grouped by identical stack, as panicparse does.
@Suite struct GoroutineGroupsTests {
    @Test func fixtureDumpGroupsTheLeakFirst() throws {
        let data = try Fixtures.data("goroutine.debug2.txt")
        let text = String(decoding: data, as: UTF8.self)
        // Independent count: goroutines whose first frame is the leaking closure
        // (`awk '/^goroutine /{getline; print}' | sort | uniq -c` gives 700 of 707).
        let lines = text.components(separatedBy: "\n")
        let headers = lines.indices.filter { lines[$0].hasPrefix("goroutine ") && lines[$0].hasSuffix("]:") }
        let leaking = headers.filter { lines[$0 + 1].hasPrefix("main.leakGoroutine.func1(") }
        let profile = try ProfileParser.parse(data, source: "goroutine.debug2.txt")
        #expect(GoroutineGroups.applies(to: profile))
        let groups = GoroutineGroups(profile: profile, sampleIndex: 0)
        #expect(groups.total == Int64(headers.count))
        let first = try #require(groups.groups.first)
        #expect(first.count == Int64(leaking.count) && leaking.count > 100)
        #expect(first.frames.first == .init(function: "main.leakGoroutine.func1", file: "leaky/main.go", line: 25))
        #expect(first.states.map(\.state) == ["chan receive"])
        #expect(first.createdBy == ["main.leakGoroutine"])
        #expect(groups.groups.map(\.count) == groups.groups.map(\.count).sorted(by: >))
    }

    @Test func statesAndLongestWaitAreCollectedPerGroup() throws {
        let dump = """
            goroutine 1 [chan receive, 12 minutes]:
            main.wait()
            \t/src/main.go:10 +0x1f
            created by main.main
            \t/src/main.go:5 +0x20

            goroutine 2 [chan receive, 3 minutes]:
            main.wait()
            \t/src/main.go:10 +0x1f
            created by main.main
            \t/src/main.go:5 +0x20

            goroutine 3 [select]:
            main.wait()
            \t/src/main.go:10 +0x1f
            created by main.main
            \t/src/main.go:5 +0x20

            goroutine 4 [running]:
            main.other()
            \t/src/main.go:20 +0x1f

            """
        let profile = try ProfileParser.parse(Data(dump.utf8), source: "dump.txt")
        let groups = GoroutineGroups(profile: profile, sampleIndex: 0)
        #expect(groups.groups.count == 2)
        let wait = groups.groups[0]
        #expect(wait.count == 3)
        #expect(wait.states.map(\.state) == ["chan receive", "select"])
        #expect(wait.states.map(\.count) == [2, 1])
        #expect(wait.longestWaitMinutes == 12)
        #expect(groups.groups[1].frames.map(\.function) == ["main.other"])
        #expect(groups.groups[1].longestWaitMinutes == 0)
    }

    @Test func heapProfilesAreNotGoroutineProfiles() throws {
        let profile = try ProfileParser.parse(try Fixtures.data("heap.1.pb.gz"), source: "heap.1.pb.gz")
        #expect(!GoroutineGroups.applies(to: profile))
    }

    @Test func comparingWithABaseCountsChangesAndVanishedStacks() throws {
        func groups(_ dump: String) throws -> GoroutineGroups {
            GoroutineGroups(profile: try ProfileParser.parse(Data(dump.utf8), source: "dump.txt"), sampleIndex: 0)
        }
        let main = "goroutine 1 [running]:\nmain.main()\n\t/src/main.go:10 +0x20\n\n"
        func worker(_ id: Int) -> String { "goroutine \(id) [chan receive]:\nmain.worker()\n\t/src/worker.go:25 +0x45\n\n" }
        let gone = "goroutine 20 [select]:\nmain.gone()\n\t/src/gone.go:5 +0x1\n\n"
        let base = try groups(main + worker(7) + gone + gone.replacingOccurrences(of: "goroutine 20", with: "goroutine 21"))
        let new = try groups(main + worker(7) + worker(8) + worker(9))
        let compared = new.comparing(against: base)
        #expect(compared.total == 4)
        #expect(compared.totalChange == 0)
        #expect(compared.vanished == 2)
        #expect(compared.groups.map(\.count) == [3, 1])
        #expect(compared.groups.map(\.change) == [2, 0])
        #expect(compared.groups.first?.frames.first?.function == "main.worker")
        #expect(new.groups.allSatisfy { $0.change == nil } && new.totalChange == nil)
    }
}
