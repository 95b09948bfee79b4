/// How pprof merges the sources of one command (its fetch's `chunkedGrab`): sources
/// are read a chunk of 128 at a time; each chunk's profiles are combined
/// (`Profile.combine`), then combined with the merge of the chunks before. The merge
/// depends on that grouping when profiles are converted or cancel out, and its
/// errors come at the chunk that raises them.
public enum SourceMerge {
    /// Sources per chunk, as pprof's fetch.
    public static let chunkSize = 128

    /// A source as read: its profile and the decoder's label-set numbering, if any.
    public struct Source {
        public var profile: Profile
        public var labelSetOf: [Int32]?

        public init(profile: Profile, labelSetOf: [Int32]? = nil) {
            self.profile = profile
            self.labelSetOf = labelSetOf
        }
    }

    /// The merge of `count` sources, or nil when none could be read, and how many were.
    /// `read(i)` reads source `i` (nil when it cannot: the caller notes why);
    /// `chunkRead(end, read)` is called once sources up to `end` have been read,
    /// before their chunk is merged, with how many of them could be read (pprof
    /// reports a chunk's failures there).
    ///
    /// Profiles are folded into one `ProfileAccumulator` as they are read, the next
    /// one read on another thread meanwhile (`ReadAhead`), so memory holds the merge
    /// and two profiles. When one does not fold exactly and
    /// `canReadAgain` (files), every source is read again and merged by chunks as
    /// pprof does; sources that cannot be read twice (fetched over HTTP) are merged
    /// by chunks from the start.
    ///
    /// - Throws: what `Profile.combine` throws for the chunk that raises it, and
    ///   what `read` throws.
    public static func merge(
        count: Int, canReadAgain: Bool, read: @escaping (Int) throws -> Source?, chunkRead: (_ end: Int, _ read: Int) -> Void
    ) throws -> (profile: Profile?, read: Int) {
        if canReadAgain {
            var accumulator = ProfileAccumulator()
            var folded = true
            // `read` runs on another thread for the next source; within a chunk only,
            // so that `chunkRead` sees no read in flight.
            let ahead = ReadAhead(read)
            defer { ahead.drain() }
            chunks: for start in stride(from: 0, to: count, by: chunkSize) {
                let end = min(start + chunkSize, count)
                for i in start..<end {
                    let source = try ahead.take(i)
                    if i + 1 < end { ahead.start(i + 1) }
                    guard let source else { continue }
                    if !accumulator.add(source.profile, labelSetOf: source.labelSetOf) {
                        folded = false
                        break chunks
                    }
                }
                chunkRead(end, accumulator.count)
                accumulator.endChunk()
            }
            if folded {
                return (accumulator.finish(), accumulator.count)
            }
        }
        return try mergeByChunks(count: count, read: read, chunkRead: chunkRead)
    }

    /// pprof's merge, chunk by chunk, each chunk's profiles held until it is merged.
    private static func mergeByChunks(
        count: Int, read: (Int) throws -> Source?, chunkRead: (_ end: Int, _ read: Int) -> Void
    ) throws -> (profile: Profile?, read: Int) {
        var merged: Profile? = nil
        var total = 0
        for start in stride(from: 0, to: count, by: chunkSize) {
            let end = min(start + chunkSize, count)
            var chunk: [Profile] = []
            for i in start..<end {
                if let source = try read(i) { chunk.append(source.profile) }
            }
            total += chunk.count
            chunkRead(end, total)
            guard !chunk.isEmpty else { continue }
            let combined = try Profile.combine(chunk)
            chunk = []
            merged = try merged.map { try Profile.combine([$0, combined]) } ?? combined
        }
        return (merged, total)
    }
}
