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
    }
    return 0
}

/// libFuzzer's conventional entry point, which its own `main` (linked from its
/// archive) refers to; the driver started in main.swift calls `fuzzOneInput` directly.
@_cdecl("LLVMFuzzerTestOneInput")
func llvmFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    fuzzOneInput(data, size)
}
