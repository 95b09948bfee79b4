import Foundation

/// Reads a profile from bytes, as pprof's `profile.ParseData` does: gunzip when
/// the data starts with the gzip magic, decode profile.proto, fall back to the
/// legacy formats, then check that the result is a valid profile.
public enum ProfileParser {
    /// Parses `data` read from `source` (a file name or URL, used in error messages).
    /// `progress`, when given, follows the decoding of gzipped profile.proto.
    ///
    /// - Parameter maxInflatedBytes: the most bytes gzip data may inflate to.
    /// - Parameter extendedFormats: name the frames of Go `debug=1` text from its
    ///   comment lines (pprof does not); false (`-symbolize=none`) leaves them
    ///   unnamed as pprof does. Go `debug=2` dumps and folded stacks are read either way.
    /// - Throws: `ProfileError` naming `source`: `.empty` for no data, `.decompression`
    ///   for bad gzip data, `.unrecognized` when the bytes are neither profile.proto nor
    ///   a legacy format, `.malformed` for a damaged or inconsistent profile.
    public static func parse(
        _ data: Data, source: String, maxInflatedBytes: Int = Gzip.defaultMaxInflatedBytes, extendedFormats: Bool = true,
        progress: LoadProgress? = nil
    ) throws -> Profile {
        try parseWithLabelSets(
            data, source: source, maxInflatedBytes: maxInflatedBytes, extendedFormats: extendedFormats, progress: progress
        ).profile
    }

    /// A parsed profile and, when the decoder knows it, its samples' label sets:
    /// per sample a number shared by samples whose labels are the same, -1 for none.
    public struct Parsed {
        public var profile: Profile
        public var labelSetOf: [Int32]?
    }

    /// `parse`, with the samples' label sets when gzipped profile.proto gives them
    /// (what `ProfileAccumulator` folds faster).
    public static func parseWithLabelSets(
        _ data: Data, source: String, maxInflatedBytes: Int = Gzip.defaultMaxInflatedBytes, extendedFormats: Bool = true,
        progress: LoadProgress? = nil
    ) throws -> Parsed {
        var labelSetOf: [Int32]? = nil
        let profile = try naming(source) {
            let streamed = try data.withUnsafeBytes { raw in
                try parseInflatingAlongside(
                    raw.bindMemory(to: UInt8.self), maxInflatedBytes: maxInflatedBytes, progress: progress)
            }
            if let streamed {
                labelSetOf = streamed.labelSetOf
                return streamed.profile
            }
            return try parseUnnamed([UInt8](data), maxInflatedBytes: maxInflatedBytes, extendedFormats: extendedFormats)
        }
        return Parsed(profile: profile, labelSetOf: labelSetOf)
    }

    /// `parse(_:source:maxInflatedBytes:)` for bytes already in an array.
    public static func parse(
        bytes: [UInt8], source: String, maxInflatedBytes: Int = Gzip.defaultMaxInflatedBytes, extendedFormats: Bool = true
    ) throws -> Profile {
        try naming(source) {
            try parseUnnamed(bytes, maxInflatedBytes: maxInflatedBytes, extendedFormats: extendedFormats)
        }
    }

    private static func naming(_ source: String, _ parse: () throws -> Profile) throws -> Profile {
        do {
            return try parse()
        } catch let error as ProfileError {
            throw error.naming(source)
        } catch {
            throw ProfileError(.malformed, source: source, "\(error)")
        }
    }

    /// gzipped profile.proto decoded while it is inflated on another thread
    /// (`InflatingStream`): reading a large profile costs about the longer of
    /// the two rather than their sum. Nil when the input is not gzip, the
    /// stream cannot start, or the bytes are not a valid profile.proto: the
    /// ordinary path then reads them (legacy formats) or says what is wrong.
    /// gzip's own errors are thrown as that path throws them.
    private static func parseInflatingAlongside(
        _ input: UnsafeBufferPointer<UInt8>, maxInflatedBytes: Int, progress: LoadProgress?
    ) throws -> ProfileProtoDecoder.Decoded? {
        guard Gzip.hasMagic(input) else { return nil }
        let limit = min(max(0, maxInflatedBytes), Int.max - 2)
        guard let stream = InflatingStream(input, limit: limit) else { return nil }
        let decoded = try? ProfileProtoDecoder.decode(arriving: stream, progress: progress)
        // The input must outlive the inflating thread, and gzip's errors come first.
        if case .failure(let error) = stream.waitUntilFinished() { throw error }
        guard let decoded, (try? decoded.profile.checkValid()) != nil else { return nil }
        return decoded
    }

    private static func parseUnnamed(_ input: [UInt8], maxInflatedBytes: Int, extendedFormats: Bool) throws -> Profile {
        let bytes = Gzip.hasMagic(input) ? try Gzip.decompress(input, maxBytes: maxInflatedBytes) : input
        guard !bytes.isEmpty else {
            throw ProfileError(.empty, "parsing profile: empty input file")
        }
        let profile: Profile
        do {
            profile = try decode(bytes, extendedFormats: extendedFormats)
        } catch var error as ProfileError {
            // pprof's prefix for what its parser refuses; what its CheckValid finds
            // ("malformed profile: ...") goes without it.
            if !error.message.hasPrefix("malformed profile: ") { error.message = "parsing profile: " + error.message }
            throw error
        }
        try profile.checkValid()
        return profile
    }

    /// profile.proto, else the legacy formats, with pprof's words when neither fits:
    /// a damaged profile.proto is "unrecognized profile format" (pprof tries the legacy
    /// parsers on it and reports theirs), except for concatenated profiles.
    private static func decode(_ bytes: [UInt8], extendedFormats: Bool) throws -> Profile {
        do throws(ProfileProtoError) {
            return try ProfileProtoDecoder.decode(bytes)
        } catch let protoError where protoError.kind == .concatenated {
            throw ProfileError(.malformed, protoError.message)
        } catch let protoError where protoError.kind == .invalid {
            // What pprof's CheckValid finds after decoding: not a parsing error.
            throw ProfileError(.malformed, "malformed profile: \(protoError.message)")
        } catch {
            return try parseLegacyProfile(bytes, extendedFormats: extendedFormats)
        }
    }
}
