import Foundation

/// The stacks of a profile for one sample type, as the flame graph draws
/// them (pprof's `report/stacks.go`): each sample's locations named frame by
/// frame as graph nodes are named at the granularity (inlined frames
/// included unless `noInlines`), root first, with its value; in a comparison
/// the base profile's stacks are added with their value as `base`.
public struct StackSet: Sendable {
    /// Stacks deeper than this are cut (root side kept), so that a hostile
    /// profile cannot make the layout recurse without bound.
    public static let maximumDepth = 1024
    /// The frame that stands for the cut part of a too deep stack.
    public static let truncatedFrameName = "(deeper frames not shown)"

    /// Every distinct frame name; paths hold indices into it.
    public let names: [String]
    /// The stacks, root first, with their values.
    public let paths: PathSet
    /// Whether a base profile was given.
    public let isComparison: Bool

    /// Collects the stacks of `profile` (and `base`, for a comparison).
    /// - Parameters:
    ///   - sampleIndex: which of `Sample.values` to use.
    ///   - meanDivisorIndex: with `-mean`, each value is divided by this one.
    ///   - noInlines: keep only the outermost function of each location.
    ///
    /// Large profiles are collected in two halves on two threads; the second
    /// half's names are then numbered after the first's in the order one walk
    /// meets them, so the result is the same either way.
    public init(
        profile: Profile, base: Profile? = nil, sampleIndex: Int, meanDivisorIndex: Int? = nil,
        granularity: Granularity = .functions, noInlines: Bool = false
    ) {
        var interner: NameInterner
        var stacks: PathSet
        let count = profile.samples.count
        let collector = StackCollector(
            sampleIndex: sampleIndex, meanDivisorIndex: meanDivisorIndex, granularity: granularity, noInlines: noInlines)
        // Each half names frames on its own; the second half's are renumbered after the first's.
        var halves = TwoHalves.map(count) { range in
            var names = NameInterner()
            var paths = PathSet()
            paths.reserve(paths: range.count + (range.lowerBound == 0 ? base?.samples.count ?? 0 : 0))
            collector.add(profile, range, isBase: false, interner: &names, into: &paths)
            return (names, paths)
        }
        // Taken out of `halves`, so that appending does not copy them.
        (interner, stacks) = halves.removeFirst()
        for (names, paths) in halves {
            stacks.append(paths, renaming: names.names.map { Int32(interner.intern($0)) })
        }
        if let base {
            collector.add(base, base.samples.indices, isBase: true, interner: &interner, into: &stacks)
        }
        self.names = interner.names
        self.paths = stacks
        self.isComparison = base != nil
    }
}

/// How `StackSet` turns samples into frame-name paths.
private struct StackCollector: Sendable {
    let sampleIndex: Int
    let meanDivisorIndex: Int?
    let granularity: Granularity
    let noInlines: Bool

    /// Appends the paths of samples `range` of `profile` (root first, names
    /// from `interner`) with their values; samples whose value is 0 are left out.
    func add(_ profile: Profile, _ range: Range<Int>, isBase: Bool, interner: inout NameInterner, into stacks: inout PathSet) {
        let namer = FrameNamer(profile: profile, granularity: granularity, noInlines: noInlines)
        // Each location's frames, named once: `cachedFrames[cacheStart[l] ..< cacheStart[l] + cacheCount[l]]`
        // (a start of -1: not named yet).
        var cacheStart = [Int32](repeating: -1, count: profile.locations.count)
        var cacheCount = [Int32](repeating: 0, count: profile.locations.count)
        var cachedFrames: [Int32] = []
        var path: [Int32] = []
        profile.samples.withUnsafeBufferPointer { samples in
            for index in range {
                if WorkBudget.isStopped(at: index) { break }
                var value: Int64 = 0
                var usable = true
                samples[index].values.withUnsafeBufferPointer { values in
                    guard sampleIndex >= 0, sampleIndex < values.count else {
                        usable = false
                        return
                    }
                    value = values[sampleIndex]
                    if let divisor = meanDivisorIndex, divisor >= 0, divisor < values.count {
                        let count = values[divisor]
                        // Wrapping as Go: Int64.min / -1 is Int64.min, not a trap.
                        value = count == 0 ? 0 : value.dividedReportingOverflow(by: count).partialValue
                    }
                }
                if !usable || value == 0 { continue }
                path.removeAll(keepingCapacity: true)
                // Sample locations are leaf first; the flame graph wants root first.
                samples[index].locations.withUnsafeBufferPointer { locations in
                    for location in locations.reversed() {
                        guard location >= 0 && location < cacheStart.count else {
                            path.append(contentsOf: namer.frames(location: location).map { Int32(interner.intern($0)) })
                            continue
                        }
                        if cacheStart[location] < 0 {
                            let frames = namer.frames(location: location).map { Int32(interner.intern($0)) }
                            cacheStart[location] = Int32(truncatingIfNeeded: cachedFrames.count)
                            cacheCount[location] = Int32(truncatingIfNeeded: frames.count)
                            cachedFrames.append(contentsOf: frames)
                        }
                        let first = Int(cacheStart[location])
                        let end = first + Int(cacheCount[location])
                        for i in first..<end { path.append(cachedFrames[i]) }
                    }
                }
                if path.count > StackSet.maximumDepth {
                    path.removeLast(path.count - StackSet.maximumDepth + 1)
                    path.append(Int32(interner.intern(StackSet.truncatedFrameName)))
                }
                stacks.append(path[...], value: isBase ? 0 : value, base: isBase ? value : 0)
            }
        }
    }
}

/// Paths of frame-name indices (root first) with their values, in flat
/// arrays: path `i` is `frames[start[i] ..< start[i + 1]]`, worth `value[i]`
/// (and `base[i]` in the base profile of a comparison).
public struct PathSet: Sendable {
    public private(set) var start: [Int] = [0]
    public private(set) var frames: [Int32] = []
    public private(set) var value: [Int64] = []
    public private(set) var base: [Int64] = []

    public init() {}

    public var count: Int { value.count }

    public mutating func reserve(paths: Int) {
        start.reserveCapacity(paths + 1)
        value.reserveCapacity(paths)
        base.reserveCapacity(paths)
    }

    public mutating func append<C: Collection>(_ path: C, value: Int64, base: Int64) where C.Element == Int32 {
        frames.append(contentsOf: path)
        start.append(frames.count)
        self.value.append(value)
        self.base.append(base)
    }

    /// Appends every path of `other`, its frame `f` becoming `renaming[f]`.
    mutating func append(_ other: PathSet, renaming: [Int32]) {
        let offset = frames.count
        frames.reserveCapacity(offset + other.frames.count)
        for frame in other.frames { frames.append(renaming[Int(frame)]) }
        start.reserveCapacity(start.count + other.count)
        for i in 1..<other.start.count { start.append(other.start[i] + offset) }
        value.append(contentsOf: other.value)
        base.append(contentsOf: other.base)
    }

    public func path(_ i: Int) -> ArraySlice<Int32> { frames[start[i]..<start[i + 1]] }
}

/// Gives each distinct string one small integer.
struct NameInterner {
    var names: [String] = []
    var ids: [String: Int] = [:]

    mutating func intern(_ name: String) -> Int {
        if let id = ids[name] { return id }
        ids[name] = names.count
        names.append(name)
        return names.count - 1
    }
}
