import CZlib
import CZstd

/// Zlib streams (RFC 1950) of a known inflated size, as compressed ELF
/// debug sections hold them.
public enum ZlibStream {
    /// The first `size` inflated bytes of `input` (as Go's `io.ReadFull` of a
    /// zlib reader takes them); nil when the data is damaged or shorter, or
    /// `size` exceeds `maxBytes`. The caller deallocates the buffer.
    public static func inflate(_ input: UnsafeRawBufferPointer, size: Int, maxBytes: Int = Gzip.defaultMaxInflatedBytes)
        -> UnsafeMutableRawBufferPointer?
    {
        guard size > 0, size <= maxBytes, let inBase = input.baseAddress, input.count > 0 else { return nil }
        var stream = z_stream()
        guard swprof_inflateInit2(&stream, MAX_WBITS) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        let out = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 8)
        let outBase = out.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var consumed = 0
        var produced = 0
        while produced < size {
            if stream.avail_in == 0 && consumed < input.count {
                let piece = min(input.count - consumed, Int(UInt32.max))
                stream.next_in = UnsafeMutablePointer(mutating: inBase.assumingMemoryBound(to: UInt8.self) + consumed)
                stream.avail_in = UInt32(piece)
                consumed += piece
            }
            let room = UInt32(min(size - produced, Int(UInt32.max)))
            stream.next_out = outBase + produced
            stream.avail_out = room
            let status = CZlib.inflate(&stream, Z_NO_FLUSH)
            produced += Int(room - stream.avail_out)
            if produced == size { break }
            if status == Z_OK || (status == Z_BUF_ERROR && stream.avail_in == 0 && consumed < input.count) { continue }
            out.deallocate()
            return nil  // damaged, or ended short of `size`
        }
        return out
    }
}

/// A zstd frame of a known decompressed size (zstd-compressed ELF debug sections).
public enum ZstdFrame {
    /// The `size` bytes `input` decompresses to; nil when it is damaged, of
    /// another size, or `size` exceeds `maxBytes`. The caller deallocates the buffer.
    public static func decompress(_ input: UnsafeRawBufferPointer, size: Int, maxBytes: Int = Gzip.defaultMaxInflatedBytes)
        -> UnsafeMutableRawBufferPointer?
    {
        guard size > 0, size <= maxBytes, let inBase = input.baseAddress, input.count > 0 else { return nil }
        let out = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 8)
        let made = ZSTD_decompress(out.baseAddress, size, inBase, input.count)
        guard ZSTD_isError(made) == 0, made == size else {
            out.deallocate()
            return nil
        }
        return out
    }
}
