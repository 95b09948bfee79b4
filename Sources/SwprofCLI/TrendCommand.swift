import Foundation
import SwprofCore

/// `swprof -trend p1 … pN`: each source read on its own (not merged) and the
/// functions, or stacks with `-traces`, ranked by steady growth.
enum TrendCommand {
    static func run(_ invocation: Invocation, loader: ProfileLoader, io: CommandIO) -> Int32 {
        do {
            if let command = invocation.command, command.name != "traces" {
                throw ProfileError(.invalidOption, "-trend prints its own table; only -traces (rank stacks) goes with it")
            }
            if invocation.httpHostPort != nil {
                throw ProfileError(.invalidOption, "-trend with -http is not supported yet")
            }
            if !invocation.bases.isEmpty {
                throw ProfileError(.invalidOption, "-trend compares its sources; -base and -diff_base do not apply")
            }
            var snapshots: [TrendReport.Snapshot] = []
            for path in invocation.sources {
                var p: Profile
                do {
                    p = try loader.loadOne(path, invocation)
                } catch let error as ProfileError {
                    throw error.naming(path)
                }
                try? p.removeUninteresting()
                snapshots.append(.init(name: path, profile: p))
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
}
