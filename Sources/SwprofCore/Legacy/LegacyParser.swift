/// Parses the legacy (pre-protobuf) profile formats pprof reads.
/// Called by the profile parser when the bytes are not profile.proto.
/// Throws `ProfileError(.unrecognized)` when no legacy format matches.
func parseLegacyProfile(_ bytes: [UInt8]) throws -> Profile {
    throw ProfileError(.unrecognized, "unrecognized profile format")
}
