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
func parseLegacyProfile(_ bytes: [UInt8]) throws -> Profile {
    let parsers: [([UInt8]) throws -> LegacyProfileBuilder] = [
        CPUProfileParser.parse,
        HeapProfileParser.parse,
        CountProfileParser.parse,
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
