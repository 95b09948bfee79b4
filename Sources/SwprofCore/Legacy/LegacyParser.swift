/// Parses the legacy (pre-protobuf) profile formats pprof reads.
/// Called by the profile parser when the bytes are not profile.proto.
///
/// The formats are tried in pprof's order: gperftools binary CPU, heap text,
/// Go count profiles (goroutine, threadcreate), thread dumps, contention text,
/// Java heap/contention text. A parser that does not recognise the data gives
/// way to the next; one that recognises it but finds broken content ends the
/// search with its error. The result gets the drop/keep frame patterns pprof
/// sets for its kind (see `Profile.removeUninteresting()`) and passes pprof's
/// validity checks.
///
/// Errors are `ProfileError`s whose message is pprof's error text without
/// pprof's "parsing profile: " prefix: `.unrecognized` with "unrecognized profile
/// format" when no format matches, `.malformed` otherwise.
///
/// With `extendedFormats` (swprof's default), Go `debug=1` text gets its frames
/// named from its `#` comment lines (`GoDebugTextNaming`); without it (pprof's
/// `-symbolize=none`) they stay unnamed, exactly as pprof reads them. Inputs pprof
/// refuses are then tried as swprof's own formats, whatever the naming: Go
/// `debug=2` goroutine dumps and tracebacks (`GoroutineDumpParser`) and folded
/// stacks (`FoldedStacksParser`, tried last). Reading a format is not symbolization.
func parseLegacyProfile(_ bytes: [UInt8], extendedFormats: Bool = true) throws -> Profile {
    let heap: ([UInt8]) throws -> LegacyProfileBuilder = { data in
        guard extendedFormats else { return try HeapProfileParser.parse(data) }
        var r = try HeapProfileParser.parseWithComments(data)
        GoDebugTextNaming.apply(r.stackComments, to: &r.builder)
        return r.builder
    }
    let count: ([UInt8]) throws -> LegacyProfileBuilder = { data in
        guard extendedFormats else { return try CountProfileParser.parse(data) }
        var r = try CountProfileParser.parseWithComments(data)
        GoDebugTextNaming.apply(r.stackComments, to: &r.builder)
        return r.builder
    }
    let parsers: [([UInt8]) throws -> LegacyProfileBuilder] = [
        CPUProfileParser.parse,
        heap,
        count,
        ThreadProfileParser.parse,
        ContentionProfileParser.parse,
        JavaProfileParser.parse,
    ]
    for parser in parsers {
        do {
            var builder = try parser(bytes)
            builder.addLegacyFrameInfo()
            return try builder.build()
        } catch LegacyParseError.unrecognized {
            continue
        }
    }
    do {
        return try GoroutineDumpParser.parse(bytes)
    } catch LegacyParseError.unrecognized {}
    do {
        return try FoldedStacksParser.parse(bytes)
    } catch LegacyParseError.unrecognized {}
    throw ProfileError(.unrecognized, "unrecognized profile format")
}

/// "Not this format": the parser that throws it gives way to the next one, as
/// pprof's `errUnrecognized` does. Any other error (a `ProfileError`) ends the
/// search: the format was recognised and the content is wrong.
enum LegacyParseError: Error {
    case unrecognized

    /// pprof's `errMalformed`.
    static var malformedFormat: ProfileError { ProfileError(.malformed, "malformed profile format") }

    static func malformed(_ message: String) -> ProfileError {
        ProfileError(.malformed, message)
    }
}
