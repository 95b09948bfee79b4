import Foundation
import Testing

@testable import SwprofCore

/// Reports prepared through a `PreparationCache` (as the web UI prepares
/// them) are the reports prepared without one.
@Suite struct PreparationCacheTests {
    @Test func cachedPreparationGivesTheSameReports() throws {
        let profile = try ProfileParser.parse(bytes: [UInt8](try Fixtures.data("heap.1.pb.gz")), source: "heap.1.pb.gz")
        let cache = PreparationCache(capacity: 2)
        var configs: [ReportConfig] = []
        for si in ["", "alloc_space", "inuse_objects"] {
            var c = ReportConfig()
            c.sampleIndex = si
            configs.append(c)
            c.focus = "runtime"
            configs.append(c)
            c.relativePercentages = true
            configs.append(c)
            c.focus = "(unclosed"
            configs.append(c)
        }
        for name in ["top", "svg", "peek", "traces"] {
            let command = try #require(ReportCommand.named(name))
            // Twice: the second round finds everything cached (or evicted: capacity 2).
            for _ in 0..<2 {
                for config in configs {
                    let plain = Result { try ReportPreparation.prepare(profile, command: command, argument: nil, config: config) }
                    let cached = Result {
                        try ReportPreparation.prepare(profile, command: command, argument: nil, config: config, cache: cache)
                    }
                    switch (plain, cached) {
                    case (.success(let a), .success(let b)):
                        #expect(a.profile == b.profile)
                        #expect(a.warnings == b.warnings)
                        let x = try Report(profile: a.profile, options: a.options).text()
                        let y = try Report(profile: b.profile, options: b.options).text()
                        #expect(x == y)
                    case (.failure(let a), .failure(let b)):
                        #expect("\(a)" == "\(b)")
                    default:
                        Issue.record("\(name) \(config.sampleIndex) \(config.focus): one succeeded, one failed")
                    }
                }
            }
        }
    }

    /// An option that changes the prepared profile is part of the cache's key
    /// (else pages with and without it would share a stale profile): each
    /// variable set away from its default, then compared.
    @Test func everyOptionThatChangesThePreparedProfileIsInTheKey() throws {
        let profile = try ProfileParser.parse(bytes: [UInt8](try Fixtures.data("heap.1.pb.gz")), source: "heap.1.pb.gz")
        let plain = ReportConfig()
        var changing: [String] = []
        for variable in ReportConfig.variables {
            var config = plain
            switch variable.kind {
            case .bool: try config.set(variable, to: plain.value(of: variable) == "true" ? "false" : "true")
            case .int: try config.set(variable, to: "3")
            case .float: try config.set(variable, to: "0.5")
            case .string: try config.set(variable, to: variable.name == "unit" ? "kb" : variable.name.hasPrefix("tag") ? "bytes" : "main")
            case .choice(let choices): try config.set(variable, to: choices.last ?? "")
            }
            for command in [ReportCommand.top, .peek, .traces] {
                // (A value the profile has not, such as sample type "main", fails and shows nothing.)
                guard let a = try? ReportPreparation.prepare(profile, command: command, argument: nil, config: plain),
                    let b = try? ReportPreparation.prepare(profile, command: command, argument: nil, config: config),
                    a.profile != b.profile
                else { continue }
                changing.append(variable.name)
                #expect(
                    PreparationCache.Key(config.overridden(for: command)) != PreparationCache.Key(plain.overridden(for: command)),
                    "-\(variable.name) changes the prepared profile but not the cache key")
            }
        }
        // The check above looked at the filters, not only at options that change nothing.
        #expect(changing.contains("focus") && changing.contains("granularity"))
    }
}
