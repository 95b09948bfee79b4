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
    /// and Go's reader accept), or throws `ProfileError(.decompression)` with the words
    /// Go's `compress/gzip` uses, which pprof prints: `unexpected EOF` (truncated),
    /// `gzip: invalid header`, `gzip: invalid checksum`, `flate: corrupt input before
    /// offset N`; and swprof's own sentence when the output would exceed `maxBytes`.
    ///
    /// The gzip framing is read here, by Go's rules (reserved flag bits are ignored, a
    /// name or comment is at most 511 bytes, anything after a member must be another
    /// member); zlib inflates the raw deflate data of each member.
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
            try inflate(inBuf, limit: limit, window: { _ in chunk }) { piece in
                out.append(contentsOf: piece)
            }
        }
        return out
    }

    /// Inflates `input` as `decompress` does, through a window of output
    /// memory: `window(produced)` says where the next bytes go (never empty),
    /// `commit` gets each piece zlib wrote there. Throws as `decompress` does,
    /// after committing what was inflated before the problem.
    static func inflate(
        _ inBuf: UnsafeBufferPointer<UInt8>, limit: Int, window: (Int) -> UnsafeMutableBufferPointer<UInt8>,
        commit: (UnsafeBufferPointer<UInt8>) -> Void
    ) throws {
        var produced = 0
        var position = 0
        repeat {
            let dataStart = try memberDataStart(inBuf, at: position)
            let (dataEnd, crc, size) = try inflateMember(
                inBuf, from: dataStart, produced: &produced, limit: limit, window: window, commit: commit)
            guard inBuf.count - dataEnd >= 8 else { throw failure("unexpected EOF") }
            guard readLittleEndian32(inBuf, at: dataEnd) == crc, readLittleEndian32(inBuf, at: dataEnd + 4) == size
            else { throw failure("gzip: invalid checksum") }
            position = dataEnd + 8
        } while position < inBuf.count
    }

    /// The decompression error pprof prints for Go's `err`.
    private static func failure(_ goError: String) -> ProfileError {
        ProfileError(.decompression, "decompressing profile: \(goError)")
    }

    private static func readLittleEndian32(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> UInt32 {
        UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
    }

    /// Reads the member header at `position` as Go's `gzip.Reader.readHeader` does and
    /// returns where its deflate data starts.
    private static func memberDataStart(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int) throws -> Int {
        guard bytes.count - position >= 10 else { throw failure("unexpected EOF") }
        guard bytes[position] == 0x1f, bytes[position + 1] == 0x8b, bytes[position + 2] == 8 else {
            throw failure("gzip: invalid header")
        }
        let flags = bytes[position + 3]
        var p = position + 10
        if flags & 0x04 != 0 {  // FEXTRA
            guard bytes.count - p >= 2 else { throw failure("unexpected EOF") }
            let length = Int(bytes[p]) | Int(bytes[p + 1]) << 8
            p += 2
            guard bytes.count - p >= length else { throw failure("unexpected EOF") }
            p += length
        }
        for flag: UInt8 in [0x08, 0x10] where flags & flag != 0 {  // FNAME, FCOMMENT
            var read = 0
            while true {
                guard read < 512 else { throw failure("gzip: invalid header") }
                guard p < bytes.count else { throw failure("unexpected EOF") }
                read += 1
                p += 1
                if bytes[p - 1] == 0 { break }
            }
        }
        if flags & 0x02 != 0 {  // FHCRC: the low 16 bits of the header's CRC-32
            guard bytes.count - p >= 2 else { throw failure("unexpected EOF") }
            let stored = UInt32(bytes[p]) | UInt32(bytes[p + 1]) << 8
            let computed = UInt32(crc32(0, bytes.baseAddress! + position, UInt32(p - position))) & 0xffff
            guard stored == computed else { throw failure("gzip: invalid header") }
            p += 2
        }
        return p
    }
    /// Inflates the raw deflate data at `start` through `window` and `commit`
    /// (see `inflate`), counting in `produced`; returns where the data ended and
    /// the CRC-32 and length (mod 2³²) of what it produced.
    private static func inflateMember(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, produced: inout Int, limit: Int,
        window: (Int) -> UnsafeMutableBufferPointer<UInt8>, commit: (UnsafeBufferPointer<UInt8>) -> Void
    ) throws -> (end: Int, crc: UInt32, size: UInt32) {
        var stream = z_stream()
        guard swprof_inflateInit2(&stream, -MAX_WBITS) == Z_OK else {
            throw ProfileError(.decompression, "decompressing profile: zlib could not be initialised")
        }
        defer { inflateEnd(&stream) }
        var consumed = start  // input bytes handed to zlib so far
        var crc = crc32(0, nil, 0)
        var size: UInt32 = 0
        while true {
            // Feed input in pieces zlib's 32-bit counters can hold.
            if stream.avail_in == 0 && consumed < bytes.count {
                let piece = min(bytes.count - consumed, Int(UInt32.max))
                stream.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress! + consumed)
                stream.avail_in = UInt32(piece)
                consumed += piece
            }
            let outBuf = window(produced)
            let room = min(outBuf.count, Int(UInt32.max))
            stream.next_out = outBuf.baseAddress!
            stream.avail_out = UInt32(room)
            let status = CZlib.inflate(&stream, Z_NO_FLUSH)
            let made = room - Int(stream.avail_out)
            if made > 0 {
                if produced + made > limit { throw tooLarge(limit) }
                produced += made
                let piece = UnsafeBufferPointer(start: outBuf.baseAddress!, count: made)
                crc = crc32(crc, piece.baseAddress, UInt32(made))
                commit(piece)
                size &+= UInt32(truncatingIfNeeded: made)
            }
            switch status {
            case Z_OK:
                continue
            case Z_STREAM_END:
                return (consumed - Int(stream.avail_in), UInt32(truncatingIfNeeded: crc), size)
            case Z_BUF_ERROR:
                // No progress possible: either the input is exhausted or the output is full.
                if stream.avail_in == 0 && consumed < bytes.count { continue }
                if stream.avail_in == 0 { throw failure("unexpected EOF") }
                if stream.avail_out != 0 {
                    throw ProfileError(.decompression, "decompressing profile: zlib made no progress")
                }
            case Z_MEM_ERROR:
                throw ProfileError(.decompression, "decompressing profile: out of memory")
            default:  // Z_DATA_ERROR: the deflate data is corrupt
                let seen = consumed - Int(stream.avail_in) - start
                throw failure("flate: corrupt input before offset \(corruptionOffset(bytes, from: start, seenBy: seen))")
            }
        }
    }

    /// The offset Go's `compress/flate` names for corrupt deflate data at `start`: the
    /// bytes its bit reader had taken when it found the damage. Go reads a byte only
    /// when it needs its bits; zlib reads ahead when it has input, so inflate again,
    /// giving zlib one byte at a time near the damage (`seen`: where zlib, reading
    /// ahead, stopped), and count what it took when it failed.
    private static func corruptionOffset(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, seenBy seen: Int) -> Int {
        var stream = z_stream()
        guard swprof_inflateInit2(&stream, -MAX_WBITS) == Z_OK else { return seen }
        defer { inflateEnd(&stream) }
        var sink = [UInt8](repeating: 0, count: 1 << 16)
        var fed = 0
        let available = bytes.count - start
        return sink.withUnsafeMutableBufferPointer { sinkBuf in
            /// Gives zlib `count` more bytes and lets it work until it needs more; its status.
            func feed(_ count: Int) -> Int32 {
                stream.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress! + start + fed)
                stream.avail_in = UInt32(count)
                fed += count
                var status = Z_OK
                repeat {
                    stream.next_out = sinkBuf.baseAddress!
                    stream.avail_out = UInt32(sinkBuf.count)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                } while status == Z_OK && (stream.avail_in > 0 || stream.avail_out == 0)
                return status
            }
            // Well before the damage, whole pieces (zlib reads ahead at most a few bytes).
            var remaining = max(0, min(seen, available) - 64)
            while remaining > 0 {
                let piece = min(remaining, Int(UInt32.max))
                remaining -= piece
                if feed(piece) == Z_DATA_ERROR { return Int(stream.total_in) }
            }
            while fed < available {
                let status = feed(1)
                if status == Z_DATA_ERROR { return Int(stream.total_in) }
                if status != Z_OK && status != Z_BUF_ERROR { break }
            }
            return seen
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
