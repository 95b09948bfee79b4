#if canImport(Glibc)
    import Glibc
#endif

// SwiftPM links an executable's `main` under another name, so libFuzzer's own
// `main` is not used: hand the command line to libFuzzer's driver instead.

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(runFuzzerDriver(&argc, &argv, { fuzzOneInput($0, $1) }))
