import SwprofCore

/// The fuzz target libFuzzer calls with each input: every input goes through the
/// whole decoding path (gzip, profile.proto, the legacy parsers, validation). Errors are the expected
/// outcome; a trap, a sanitizer report or a hang is a finding.
///
/// The inflate limit is kept small so that a gzip bomb in the corpus costs
/// milliseconds, not the default's memory.
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = size == 0 || data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    if let profile = try? ProfileParser.parse(bytes: bytes, source: "fuzz", maxInflatedBytes: 16 << 20) {
        // Re-encode and decode again: what the decoder accepts the encoder must write
        // back in a form the decoder accepts too.
        let encoded = ProfileEncoder.encodeBytes(profile)
        do {
            _ = try ProfileParser.parse(bytes: encoded, source: "fuzz-reencoded")
        } catch {
            fatalError("a profile the decoder accepted does not decode after encoding: \(error)")
        }
        _ = profile.rawText
        reportEveryFormat(profile)
    }
    return 0
}

/// Every text report over the accepted profile, at function, line and
/// address granularity: reports must never trap on what the decoder let through.
/// Large profiles are skipped to keep inputs per second high.
func reportEveryFormat(_ profile: Profile) {
    guard profile.samples.count <= 2_000, profile.locations.count <= 5_000 else { return }
    for name in ["top", "traces", "tree", "peek", "tags", "dot", "callgrind", "folded", "raw"] {
        guard let command = ReportCommand.named(name) else { continue }
        for granularity in [Granularity.functions, .lines, .addresses] {
            var config = ReportConfig()
            config.granularity = granularity
            guard let prepared = try? ReportPreparation.prepare(profile, command: command, argument: ".", config: config),
                let report = try? Report(profile: prepared.profile, options: prepared.options)
            else { continue }
            _ = try? report.text()
        }
    }
}

/// libFuzzer's conventional entry point, which its own `main` (linked from its
/// archive) refers to; the driver started in main.swift calls `fuzzOneInput` directly.
@_cdecl("LLVMFuzzerTestOneInput")
func llvmFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    fuzzOneInput(data, size)
}
