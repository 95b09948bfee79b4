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
}
