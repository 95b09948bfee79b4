/// Removing frames from stacks, as pprof's `Prune`, `PruneFrom` and
/// `RemoveUninteresting` do. Function names are matched after simplification
/// (see `Profile.simplifiedFunctionName`).
extension Profile {
    /// Removes, in every sample, the frames from the root down to the last frame
    /// matching `drop` (and not matching `keep`), that frame included, as pprof's
    /// `Prune` (the profile's `drop_frames`/`keep_frames` mechanism).
    ///
    /// Inside a location with inlined lines, matching lines and those above them
    /// (callers) are removed and the location stays; a location whose outermost
    /// line matches is removed whole. Frames are only removed below the first
    /// frame (from the root) that does not match, so a stack made only of
    /// matching frames is kept as it is.
    public mutating func prune(drop: Pattern, keep: Pattern?) {
        var prune = Set<UInt64>()
        var pruneBeneath = Set<UInt64>()
        for li in locations.indices {
            let lines = locations[li].lines
            var i = lines.count - 1
            while i >= 0 {
                if let name = functionName(lines[i]), !name.isEmpty {
                    let simple = Self.simplifiedFunctionName(name)
                    if drop.matches(simple) && (keep == nil || !keep!.matches(simple)) { break }
                }
                i -= 1
            }
            if i >= 0 {
                let id = locations[li].id
                pruneBeneath.insert(id)
                if i == lines.count - 1 {
                    prune.insert(id)
                } else {
                    locations[li].lines = Array(lines[(i + 1)...])
                }
            }
        }
        if prune.isEmpty && pruneBeneath.isEmpty { return }
        for si in samples.indices {
            let stack = samples[si].locations
            var foundUser = false
            var i = stack.count - 1
            while i >= 0 {
                guard let id = locationID(stack[i]) else {
                    foundUser = true
                    i -= 1
                    continue
                }
                let isPrune = prune.contains(id)
                let isBeneath = pruneBeneath.contains(id)
                if !isPrune && !isBeneath {
                    foundUser = true
                } else if foundUser {
                    samples[si].locations = Array(stack[(isPrune ? i + 1 : i)...])
                    break
                }
                i -= 1
            }
        }
    }

    /// Removes, in every sample, the frames below (leafward of) the first frame
    /// from the leaf whose function matches `drop`, keeping that frame, as
    /// pprof's `PruneFrom` (the `-prune_from` option). In a location with inlined
    /// lines, the lines below the first match are removed too.
    public mutating func pruneFrom(_ drop: Pattern) {
        var pruneBeneath = Set<UInt64>()
        for li in locations.indices {
            let lines = locations[li].lines
            for i in lines.indices {
                guard let name = functionName(lines[i]), !name.isEmpty else { continue }
                if drop.matches(Self.simplifiedFunctionName(name)) {
                    pruneBeneath.insert(locations[li].id)
                    locations[li].lines = Array(lines[i...])
                    break
                }
            }
        }
        if pruneBeneath.isEmpty { return }
        for si in samples.indices {
            let stack = samples[si].locations
            if let i = stack.firstIndex(where: { locationID($0).map(pruneBeneath.contains) ?? false }) {
                samples[si].locations = Array(stack[i...])
            }
        }
    }

    /// Applies the profile's own `dropFrames`/`keepFrames` patterns (set by the
    /// legacy parsers, or carried in profile.proto) with `prune(drop:keep:)`,
    /// each pattern matching whole simplified names. Does nothing without
    /// `dropFrames`. Throws when a pattern does not compile; pprof ignores that
    /// error and leaves the profile as it is, which callers wanting the same
    /// behaviour get with `try?`.
    public mutating func removeUninteresting() throws {
        guard !dropFrames.isEmpty else { return }
        let drop = try Self.wholeNamePattern(dropFrames)
        var keep: Pattern? = nil
        if !keepFrames.isEmpty { keep = try Self.wholeNamePattern(keepFrames) }
        prune(drop: drop, keep: keep)
    }

    /// `^(p)$` with `$` at the very end only, as Go's (not multi-line) `$`.
    private static func wholeNamePattern(_ p: String) throws -> Pattern {
        do {
            return try Pattern("^(" + p + ")\\z")
        } catch {
            throw ProfileError(.malformed, "failed to compile regexp \(p)")
        }
    }

    /// The name pprof matches frame patterns against: without a leading `.` (the
    /// PPC64 ELFv1 function descriptor mark) and without the argument list, i.e.
    /// cut at the first `(` that does not belong to `(anonymous namespace)` or
    /// `operator()`.
    public static func simplifiedFunctionName(_ name: String) -> String {
        var bytes = Array(name.utf8)[...]
        if bytes.first == UInt8(ascii: ".") { bytes = bytes.dropFirst() }
        let anonymous = Array("(anonymous namespace)".utf8)
        let callOperator = Array("operator()".utf8)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            if bytes[i...].starts(with: anonymous) {
                i += anonymous.count
            } else if bytes[i...].starts(with: callOperator) {
                i += callOperator.count
            } else if bytes[i] == UInt8(ascii: "(") {
                return String(decoding: bytes[bytes.startIndex..<i], as: UTF8.self)
            } else {
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func functionName(_ line: Line) -> String? {
        functions.indices.contains(line.function) ? functions[line.function].name : nil
    }

    private func locationID(_ index: Int) -> UInt64? {
        locations.indices.contains(index) ? locations[index].id : nil
    }
}
