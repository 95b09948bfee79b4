/// The fuzz target libFuzzer calls with each input: the checks of
/// FuzzChecks.swift (linked from Tests/Shared, so `swift test` replays the
/// corpus through the same code); a problem they report is a crash here.
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = size == 0 || data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    if let problem = fuzzCheck(bytes) {
        fatalError(problem)
    }
    return 0
}

/// libFuzzer's conventional entry point, which its own `main` (linked from its
/// archive) refers to; the driver started in main.swift calls `fuzzOneInput` directly.
@_cdecl("LLVMFuzzerTestOneInput")
func llvmFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    fuzzOneInput(data, size)
}
