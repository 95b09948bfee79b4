import SwprofCore
import SwprofRender

/// What the fuzzer checks for each input, shared by the libFuzzer harness
/// (Fuzz/, which links this file) and the corpus replay in `swift test`
/// (Tests/SwprofRenderTests/FuzzReplayTests.swift). Every input goes through
/// the whole decoding path (gzip, profile.proto, the legacy parsers,
/// validation), then every text report and the flame graph. Errors are the
/// expected outcome; a trap, a sanitizer report, a hang or a returned
/// problem is a finding.
///
/// An input that starts with ``ProfileRecipe/magic`` is a recipe for a profile
/// (values at the edges, huge counts, deep stacks, many sample types): the
/// profile is encoded and decoded like a file, and compared with a second one
/// from the rest of the recipe as `-base` would.
///
/// The inflate limit is kept small so that a gzip bomb in the corpus costs
/// milliseconds, not the default's memory.
/// Runs the checks on one input; a description of what went wrong, or nil.
func fuzzCheck(_ bytes: [UInt8]) -> String? {
    if bytes.starts(with: ProfileRecipe.magic) {
        var recipe = ProfileRecipe(bytes.dropFirst(ProfileRecipe.magic.count))
        let first = recipe.profile()
        let second = recipe.profile()
        let (decoded, problem) = decodeAndCheck(ProfileEncoder.encodeBytes(first))
        guard let profile = decoded else { return problem }
        reportEveryFormat(profile, sampleTypes: 3)
        drawFlameGraphs(profile, base: nil)
        if let base = try? ProfileParser.parse(bytes: ProfileEncoder.encodeBytes(second), source: "fuzz-base") {
            drawFlameGraphs(profile, base: base)
            if let difference = try? profile.compared(with: base) {
                reportEveryFormat(difference, sampleTypes: 1)
            }
        }
        return nil
    }
    let (decoded, problem) = decodeAndCheck(bytes)
    if let profile = decoded {
        _ = profile.rawText
        reportEveryFormat(profile, sampleTypes: 0)
        drawFlameGraphs(profile, base: nil, sampleTypes: 1)
    }
    return problem
}

/// Decodes `bytes`; what the decoder accepts the encoder must write back in a
/// form the decoder accepts too, with as many samples.
func decodeAndCheck(_ bytes: [UInt8]) -> (Profile?, String?) {
    guard let profile = try? ProfileParser.parse(bytes: bytes, source: "fuzz", maxInflatedBytes: 16 << 20) else { return (nil, nil) }
    do {
        let again = try ProfileParser.parse(bytes: ProfileEncoder.encodeBytes(profile), source: "fuzz-reencoded")
        if again.samples.count != profile.samples.count { return (profile, "re-encoding changed the number of samples") }
    } catch {
        return (profile, "a profile the decoder accepted does not decode after encoding: \(error)")
    }
    return (profile, nil)
}

/// Every text report over the accepted profile, at function, line and
/// address granularity, and for the first `sampleTypes` sample types (with
/// `-mean` and `-tagroot` on some): reports must never trap on what the
/// decoder let through. Large profiles are skipped to keep inputs per second high.
func reportEveryFormat(_ profile: Profile, sampleTypes: Int) {
    guard profile.samples.count <= 2_000, profile.locations.count <= 5_000 else { return }
    var configs: [ReportConfig] = []
    for granularity in [Granularity.functions, .lines, .addresses] {
        var config = ReportConfig()
        config.granularity = granularity
        configs.append(config)
    }
    for index in 0..<min(profile.sampleTypes.count, sampleTypes) {
        var config = ReportConfig()
        config.sampleIndex = String(index)
        config.mean = index > 0
        config.tagRoot = index == 1 ? "bytes" : ""
        configs.append(config)
    }
    for name in ["top", "traces", "tree", "peek", "tags", "dot", "callgrind", "folded", "raw", "list"] {
        guard let command = ReportCommand.named(name) else { continue }
        for config in configs {
            guard let prepared = try? ReportPreparation.prepare(profile, command: command, argument: ".", config: config),
                let report = try? Report(profile: prepared.profile, options: prepared.options)
            else { continue }
            // -list reads no file here: the recipe's names are not under any root.
            if name == "list" {
                _ = try? report.sourceListing(access: .underRoots([]))
            } else {
                _ = try? report.text()
            }
            if name == "top" { _ = report.topReport() }
        }
    }
}

/// The flame graph of every sample type (a comparison with `base`), its
/// pivots and search, drawn to SVG as the Flame Graph page draws it.
func drawFlameGraphs(_ profile: Profile, base: Profile?, sampleTypes: Int = 3) {
    guard profile.samples.count <= 5_000 else { return }
    for index in 0..<min(profile.sampleTypes.count, sampleTypes) {
        let graph = FlameGraph(profile: profile, base: base, sampleIndex: index, meanDivisorIndex: index == 2 ? 0 : nil)
        let svg = FlameGraphSVG(
            total: graph.total, formatter: ValueFormatter(sampleUnit: profile.sampleTypes[index].unit, outputUnit: "minimum", ratio: 1),
            href: { _ in nil }, highlight: try? Pattern("f1"), isComparison: graph.isComparison)
        let tree = graph.callTree(minimumFraction: base == nil ? 0.001 : 0)
        _ = svg.render(tree)
        _ = graph.vanishedStacks(in: tree)
        _ = tree.matchedTotal(try! Pattern("pkg1"))
        _ = svg.render(graph.callees(of: "pkg1.f1"))
        _ = svg.render(graph.callers(of: "pkg0.f0"))
    }
}
