import Foundation
import Testing
@testable import SwprofCore

/// `-trend`: snapshots of a leaking service, the leaking function ranked first.
@Suite struct TrendTests {
    func snapshots(_ names: [String]) throws -> [TrendReport.Snapshot] {
        try names.map { .init(name: $0, profile: try ProfileParser.parse(try Fixtures.data($0), source: $0)) }
    }

    @Test func goroutineLeakRanksFirstWhateverTheArgumentOrder() throws {
        let t = try TrendReport(
            snapshots: try snapshots(["goroutine.3.pb.gz", "goroutine.1.pb.gz", "goroutine.2.pb.gz"]),
            config: ReportConfig())
        #expect(t.order == ["goroutine.1.pb.gz", "goroutine.2.pb.gz", "goroutine.3.pb.gz"])
        #expect(t.perMinute)
        let top = try #require(t.rows.first)
        #expect(top.name == "main.leakGoroutine.func1")
        #expect(top.leaking && top.grew == 2 && top.first < top.last && top.slope > 0)
        #expect(t.rows.filter(\.leaking).count == 1)
        #expect(t.text(limit: 3).contains("LEAK  main.leakGoroutine.func1\n"))
    }

    @Test func heapLeakRanksFirstForInuseSpaceAndStacks() throws {
        var cfg = ReportConfig()
        cfg.sampleIndex = "inuse_space"
        let s = try snapshots(["heap.1.pb.gz", "heap.2.pb.gz", "heap.3.pb.gz"])
        let t = try TrendReport(snapshots: s, config: cfg)
        #expect(t.sampleType == ValueType(type: "inuse_space", unit: "bytes"))
        #expect(t.rows.first?.name == "main.leakHeap")
        let stacks = try TrendReport(snapshots: s, config: cfg, stacks: true)
        #expect(stacks.rows.first?.name.hasSuffix(";main.handler;main.leakHeap") == true)
    }

    @Test func untimedSnapshotsKeepArgumentOrderAndSlopePerProfile() throws {
        func folded(_ n: Int) throws -> TrendReport.Snapshot {
            let text = "main;leak \(n * 10)\nmain;steady 5\nmain;shrink \(100 - n)\n"
            return .init(name: "p\(n)", profile: try ProfileParser.parse(bytes: Array(text.utf8), source: "p\(n)"))
        }
        let t = try TrendReport(snapshots: [try folded(1), try folded(2), try folded(3), try folded(4)], config: ReportConfig())
        #expect(!t.perMinute)
        #expect(t.rows.map(\.name) == ["leak", "steady", "shrink"])
        #expect(t.rows[0].values == [10, 20, 30, 40] && t.rows[0].slope == 10 && t.rows[0].grew == 3)
        #expect(t.rows[2].slope == -1 && !t.rows[2].leaking)
        #expect(t.text().contains("slope/prof"))
    }

    /// A 0 → 5 MB → 0 spike is not growth: the Theil–Sen slope (median of
    /// pairwise slopes) is 0 where least squares would give it the spike's pull.
    @Test func oneOutlierDoesNotMakeASteadySlope() throws {
        func folded(_ n: Int, spike: Int) throws -> TrendReport.Snapshot {
            let text = "main;spike \(spike)\nmain;steady \(n * 100)\n"
            return .init(name: "p\(n)", profile: try ProfileParser.parse(bytes: Array(text.utf8), source: "p\(n)"))
        }
        let t = try TrendReport(
            snapshots: [try folded(1, spike: 1), try folded(2, spike: 5_000_000), try folded(3, spike: 1), try folded(4, spike: 1)],
            config: ReportConfig())
        let spike = try #require(t.rows.first { $0.name == "spike" })
        #expect(spike.slope == 0)
        #expect(t.rows.first?.name == "steady")
        #expect(TrendReport.slope([0, 1, 2], [0, 5_000_000, 0]) == 0)
        #expect(TrendReport.slope([0, 1, 2, 3, 4], [10, 20, 30, 40, 1000]) == 10)
        #expect(t.text().contains("Theil–Sen"))
    }

    @Test func needsTwoProfilesOfOneType() throws {
        #expect(throws: ProfileError.self) {
            try TrendReport(snapshots: try snapshots(["heap.1.pb.gz"]), config: ReportConfig())
        }
        #expect(throws: ProfileError.self) {
            try TrendReport(snapshots: try snapshots(["heap.1.pb.gz", "goroutine.1.pb.gz"]), config: ReportConfig())
        }
    }
}
