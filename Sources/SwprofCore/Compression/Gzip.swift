import CZlib

/// gzip (RFC 1952) through the system zlib: detection, bounded inflation, deflation.
public enum Gzip {
    /// The default bound on inflated output: 512 MiB, so that a decompression
    /// bomb is refused with the process staying well under 1 GB (swprof's
    /// `-max_inflate_mb` raises it for larger profiles).
    public static let defaultMaxInflatedBytes = 512 << 20

    /// Whether `bytes` start with the gzip magic number `1f 8b`.
    public static func hasMagic(_ bytes: some Collection<UInt8>) -> Bool {
        var it = bytes.makeIterator()
        return it.next() == 0x1f && it.next() == 0x8b
    }

    /// Inflates gzip data, including several concatenated gzip members (as `gzip`
    /// and Go's reader accept). Throws `ProfileError(.decompression)` when the data
    /// is truncated or corrupt (bad header, bad CRC or length), when bytes that are
    /// not a gzip member follow the data, or when the output would exceed `maxBytes`.
    public static func decompress(_ input: [UInt8], maxBytes: Int = defaultMaxInflatedBytes) throws -> [UInt8] {
        let limit = min(max(0, maxBytes), Int.max - 1)
        // Inflate into a fixed chunk and append what each call produced: no
        // zero-filling of a large buffer (slow in debug builds) and at most the
        // output array's own growth on top of the data.
        var out: [UInt8] = []
        out.reserveCapacity(min(limit &+ 1, max(4096, min(input.count, Int.max / 8) * 4)))
        let chunk = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1 << 20)
        defer { chunk.deallocate() }
        try input.withUnsafeBufferPointer { inBuf in
            try inflate(inBuf, limit: limit, window: { _ in chunk }) { made in
                out.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[..<made]))
            }
        }
        return out
    }

    /// Inflates `input` (gzip members, as `decompress` reads them) through a
    /// window of output memory: `window(produced)` says where the next bytes
    /// go (never empty), `commit(n)` is called after zlib wrote `n` of them.
    /// Throws as `decompress` does, after committing what was inflated.
    static func inflate(
        _ inBuf: UnsafeBufferPointer<UInt8>, limit: Int, window: (Int) -> UnsafeMutableBufferPointer<UInt8>,
        commit: (Int) -> Void
    ) throws {
        guard let inBase = inBuf.baseAddress, !inBuf.isEmpty else {
            throw ProfileError(.decompression, "decompressing profile: gzip data is truncated (unexpected end of file)")
        }
        var produced = 0
        var stream = z_stream()
        guard swprof_inflateInit2(&stream, 16 + MAX_WBITS) == Z_OK else {
            throw ProfileError(.decompression, "decompressing profile: zlib could not be initialised")
        }
        defer { inflateEnd(&stream) }

        var consumed = 0  // input bytes handed to zlib so far
        var memberStart = 0
        while true {
            // Feed input in chunks zlib's 32-bit counters can hold.
            if stream.avail_in == 0 && consumed < inBuf.count {
                let piece = min(inBuf.count - consumed, Int(UInt32.max))
                stream.next_in = UnsafeMutablePointer(mutating: inBase + consumed)
                stream.avail_in = UInt32(piece)
                consumed += piece
            }
            let out = window(produced)
            let room = min(out.count, Int(UInt32.max))
            stream.next_out = out.baseAddress!
            stream.avail_out = UInt32(room)
            let status = CZlib.inflate(&stream, Z_NO_FLUSH)
            let made = room - Int(stream.avail_out)
            produced += made
            if produced > limit {
                throw tooLarge(limit)
            }
            if made > 0 {
                commit(made)
            }
            switch status {
            case Z_OK:
                continue
            case Z_STREAM_END:
                // Another member may follow; anything else after the data is an error.
                let position = consumed - Int(stream.avail_in)
                if position == inBuf.count {
                    return
                }
                if position == memberStart {
                    throw ProfileError(.decompression, "decompressing profile: gzip member is empty")
                }
                let rest = UnsafeBufferPointer(rebasing: inBuf[position...])
                guard Gzip.hasMagic(rest) else {
                    throw ProfileError(
                        .decompression,
                        "decompressing profile: \(inBuf.count - position) bytes after the gzip data are not gzip data")
                }
                memberStart = position
                guard inflateReset(&stream) == Z_OK else {
                    throw ProfileError(.decompression, "decompressing profile: zlib could not be reset")
                }
            case Z_BUF_ERROR:
                // No progress possible: either the input is exhausted or the output is full.
                if stream.avail_in == 0 && consumed < inBuf.count {
                    continue  // the next input chunk follows
                }
                if stream.avail_in == 0 {
                    throw ProfileError(
                        .decompression, "decompressing profile: gzip data is truncated (unexpected end of file)")
                }
                if stream.avail_out != 0 {
                    throw ProfileError(.decompression, "decompressing profile: zlib made no progress")
                }
            case Z_MEM_ERROR:
                throw ProfileError(.decompression, "decompressing profile: out of memory")
            default:
                // Z_DATA_ERROR (bad header, bad CRC, bad length, corrupt deflate data), Z_NEED_DICT...
                let detail = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                throw ProfileError(.decompression, "decompressing profile: gzip data is corrupt (\(detail))")
            }
        }
    }

    private static func tooLarge(_ limit: Int) -> ProfileError {
        ProfileError(
            .decompression,
            "decompressing profile: the inflated data exceeds the limit of \(limit) bytes; "
                + "raise the limit (swprof's -max_inflate_mb) to read a profile this large")
    }

    /// Compresses `input` as a single gzip member. `level` is zlib's 0...9, or -1 for its default.
    public static func compress(_ input: [UInt8], level: Int32 = Z_DEFAULT_COMPRESSION) -> [UInt8] {
        var stream = z_stream()
        guard swprof_deflateInit2(&stream, level, 16 + MAX_WBITS) == Z_OK else {
            preconditionFailure("zlib deflateInit2 failed: out of memory")
        }
        defer { deflateEnd(&stream) }
        // deflateBound is exact enough for one pass; keep a loop for inputs past 4 GiB.
        let bound = Int(deflateBound(&stream, UInt(min(input.count, Int(UInt32.max)))))
        var out = [UInt8](repeating: 0, count: max(64, bound + 32))
        var produced = 0
        input.withUnsafeBufferPointer { inBuf in
            var consumed = 0
            while true {
                if stream.avail_in == 0 && consumed < inBuf.count {
                    let chunk = min(inBuf.count - consumed, Int(UInt32.max))
                    stream.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress! + consumed)
                    stream.avail_in = UInt32(chunk)
                    consumed += chunk
                }
                if produced == out.count {
                    out.append(contentsOf: repeatElement(0, count: out.count))
                }
                let flush = consumed == inBuf.count ? Z_FINISH : Z_NO_FLUSH
                let room = min(out.count - produced, Int(UInt32.max))
                let status: Int32 = out.withUnsafeMutableBufferPointer { outBuf in
                    stream.next_out = outBuf.baseAddress! + produced
                    stream.avail_out = UInt32(room)
                    let s = deflate(&stream, flush)
                    produced += room - Int(stream.avail_out)
                    return s
                }
                if status == Z_STREAM_END { break }
                precondition(status == Z_OK || status == Z_BUF_ERROR, "zlib deflate failed: \(status)")
            }
        }
        out.removeSubrange(produced...)
        return out
    }
}
