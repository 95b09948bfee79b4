import Foundation
import SwprofCore
import SwprofServer

/// `swprof -trend p1 … pN`: each source read on its own (not merged) and the
/// functions, or stacks with `-traces`, ranked by steady growth.
enum TrendCommand {
    static func run(_ invocation: Invocation, output: RunMode.TrendOutput, loader: ProfileLoader, io: CommandIO) -> Int32 {
        do {
            let snapshots =
                invocation.everySeconds == nil
                ? try loadSnapshots(invocation, loader: loader) : try takeSnapshots(invocation, loader: loader, io: io)
            switch output {
            case .staticSite(let directory):
                let input = try WebServer.Input.trend(snapshots, name: Swprof.webName(invocation))
                return try Swprof.exportSite(input, to: directory, invocation: invocation, io: io)
            case .web(let hostPort):
                let input = try WebServer.Input.trend(snapshots, name: Swprof.webName(invocation))
                return try Swprof.serve(input, hostPort: hostPort, invocation: invocation, io: io)
            case .table(let stacks):
                let report = try TrendReport(snapshots: snapshots, config: invocation.config, stacks: stacks)
                let count = invocation.config.nodeCount
                io.out(report.text(limit: count < 0 ? 30 : count))
                return 0
            }
        } catch {
            io.err("\(error)\n")
            return 2
        }
    }

    /// `-every=D -count=N`: N snapshots of the URL sources (merged when
    /// several), D apart, each fetched and saved as any fetch is.
    static func takeSnapshots(_ invocation: Invocation, loader: ProfileLoader, io: CommandIO) throws -> [TrendReport.Snapshot] {
        guard let every = invocation.everySeconds, invocation.snapshotCount >= 2 else { return [] }
        if let file = invocation.sources.first(where: { loader.remoteURL($0, invocation) == nil }) {
            throw ProfileError(.invalidOption, "-every takes snapshots of URLs, and \(file) is a file; give the profiles themselves to -trend")
        }
        var snapshots: [TrendReport.Snapshot] = []
        for number in 1...invocation.snapshotCount {
            let started = Date()
            let loaded = try loader.loadWithComparison(invocation)
            // Named by the saved copy, so the table names files `-trend` or `-base` can read again.
            snapshots.append(TrendReport.Snapshot(name: loaded.savedPath ?? "snapshot-\(number)", profile: loaded.profile))
            io.err("Snapshot \(number)/\(invocation.snapshotCount) taken\n")
            if number < invocation.snapshotCount {
                let wait = every - Date().timeIntervalSince(started)
                if wait > 0 { Thread.sleep(forTimeInterval: wait) }
            }
        }
        return snapshots
    }

    /// Each source read on its own, as one snapshot.
    static func loadSnapshots(_ invocation: Invocation, loader: ProfileLoader) throws -> [TrendReport.Snapshot] {
        try invocation.sources.map { path in
            var profile: Profile
            do {
                profile = try loader.loadOne(path, invocation)
            } catch let error as ProfileError {
                throw error.naming(path)
            }
            try? profile.removeUninteresting()
            return TrendReport.Snapshot(name: path, profile: profile)
        }
    }
}
