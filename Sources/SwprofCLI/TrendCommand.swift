import Foundation
import SwprofCore
import SwprofServer

/// `swprof -trend p1 … pN`: each source read on its own (not merged) and the
/// functions, or stacks with `-traces`, ranked by steady growth.
enum TrendCommand {
    static func run(_ invocation: Invocation, loader: ProfileLoader, io: CommandIO) -> Int32 {
        do {
            if let command = invocation.command, command.name != "traces" {
                throw ProfileError(.invalidOption, "-trend prints its own table; only -traces (rank stacks) goes with it")
            }
            if !invocation.bases.isEmpty {
                throw ProfileError(.invalidOption, "-trend compares its sources; -base and -diff_base do not apply")
            }
            let snapshots = try loadSnapshots(invocation, loader: loader)
            if let hostPort = invocation.httpHostPort {
                let name = invocation.sources.map { ($0 as NSString).lastPathComponent }.joined(separator: " ")
                let input = try WebServer.Input.trend(snapshots, name: name)
                return try Swprof.serve(input, hostPort: hostPort, invocation: invocation, io: io)
            }
            let report = try TrendReport(
                snapshots: snapshots, config: invocation.config, stacks: invocation.command?.name == "traces")
            let count = invocation.config.nodeCount
            io.out(report.text(limit: count < 0 ? 30 : count))
            return 0
        } catch {
            io.err("\(error)\n")
            return 1
        }
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
