import Foundation
import SwprofCore

/// One frame of a flame graph: a function (or file, line, address, by
/// granularity) reached through one particular path of callers.
public struct FlameFrame: Sendable, Equatable {
    /// The frame's full name (pprof's printable name for the granularity).
    public var name: String
    /// Value of every stack through this frame (pprof's "cum").
    public var total: Int64
    /// Value of the stacks that end in this frame (pprof's "flat").
    public var selfValue: Int64
    /// In a comparison: `total` of the same frame in the base profile.
    public var baseTotal: Int64
    /// Callees (or callers, in a caller tree), heaviest first.
    public var children: [FlameFrame]
    /// Children left out of `children` because they are too small to draw
    /// (trees built with a `minimumFraction`), summed.
    public var omitted: OmittedFrames

    public init(
        name: String, total: Int64 = 0, selfValue: Int64 = 0, baseTotal: Int64 = 0, children: [FlameFrame] = [],
        omitted: OmittedFrames = OmittedFrames()
    ) {
        self.name = name
        self.total = total
        self.selfValue = selfValue
        self.baseTotal = baseTotal
        self.children = children
        self.omitted = omitted
    }

    /// The deepest level below this frame (0 for a leaf).
    public var depth: Int {
        children.reduce(0) { max($0, $1.depth + 1) }
    }
}

/// Child frames too small to draw, left out of a tree: how many, their summed
/// value (wrapping as Go's int64), and the sum of their values' magnitudes (what
/// their boxes would span; a `Double`, which cannot overflow).
public struct OmittedFrames: Sendable, Equatable {
    public var count = 0
    public var total: Int64 = 0
    public var magnitude: Double = 0
    public init() {}
}

/// A stack that exists in the base profile and no longer in the new one
/// (shown as a list under a comparison flame graph instead of being dropped).
public struct VanishedStack: Sendable, Equatable {
    /// Frame names from the root to the vanished frame.
    public var path: [String]
    /// The vanished frame's total in the base profile.
    public var baseTotal: Int64
}

/// Stacks of a profile turned into flame graph trees: the whole call tree, or
/// the callees and callers of one pivot frame. Values are one sample index.
public struct FlameGraph: Sendable {
    /// Stacks deeper than this are cut (root side kept), so that a hostile
    /// profile cannot make the layout recurse without bound.
    public static let maximumDepth = 1024
    /// The frame that stands for the cut part of a too deep stack.
    public static let truncatedFrameName = "(deeper frames not shown)"

    /// Every distinct frame name.
    let names: [String]
    /// The stacks, root first, as frame-name indices into `names`, with their values.
    let stacks: PathSet
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
        var interner = NameInterner()
        var stacks = PathSet()
        let count = profile.samples.count
        stacks.reserve(paths: count + (base?.samples.count ?? 0))
        let collector = StackCollector(
            sampleIndex: sampleIndex, meanDivisorIndex: meanDivisorIndex, granularity: granularity, noInlines: noInlines)
        let split = count >= 100_000 && ProcessInfo.processInfo.activeProcessorCount > 1 ? count / 2 : count
        if split < count {
            let budget = WorkBudget.current
            let other = CollectedStacks()
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                WorkBudget.$current.withValue(budget) {
                    var secondNames = NameInterner()
                    var second = PathSet()
                    second.reserve(paths: count - split)
                    collector.add(profile, split..<count, isBase: false, interner: &secondNames, into: &second)
                    other.result = (secondNames.names, second)
                }
                done.signal()
            }
            thread.stackSize = 1 << 20
            thread.start()
            collector.add(profile, 0..<split, isBase: false, interner: &interner, into: &stacks)
            done.wait()
            if let (names, second) = other.result {
                stacks.append(second, renaming: names.map { Int32(interner.intern($0)) })
            }
        } else {
            collector.add(profile, 0..<count, isBase: false, interner: &interner, into: &stacks)
        }
        if let base {
            collector.add(base, base.samples.indices, isBase: true, interner: &interner, into: &stacks)
        }
        self.names = interner.names
        self.stacks = stacks
        self.isComparison = base != nil
    }

    /// Sum of all stack values (the root's total).
    public var total: Int64 { stacks.value.wrappingSum() }
    /// Sum of all base stack values.
    public var baseTotal: Int64 { stacks.base.wrappingSum() }

    /// Whether any frame is called `name`.
    public func contains(frame name: String) -> Bool { names.contains(name) }

    /// The whole call tree under a root frame called `rootName`. With a
    /// `minimumFraction`, frames whose value is a smaller fraction of the
    /// root's (boxes too small to draw) are left out and summed in their
    /// parent's `omitted`.
    public func callTree(rootName: String = "root", minimumFraction: Double = 0) -> FlameFrame {
        stacks.tree(rootName: rootName, names: names, minimumFraction: minimumFraction)
    }

    /// The callees of every frame named `pivot`, merged into one tree rooted
    /// at it. A recursive stack counts once, from its outermost occurrence.
    public func callees(of pivot: String, minimumFraction: Double = 0) -> FlameFrame {
        var paths = PathSet()
        if let id = names.firstIndex(of: pivot).map(Int32.init) {
            for i in 0..<stacks.count {
                let path = stacks.path(i)
                guard let at = path.firstIndex(of: id) else { continue }
                paths.append(path[(at + 1)...], value: stacks.value[i], base: stacks.base[i])
            }
        }
        return paths.tree(rootName: pivot, names: names, minimumFraction: minimumFraction)
    }

    /// The callers of every frame named `pivot`, as a tree rooted at it whose
    /// children are its callers (an icicle read from the pivot outwards).
    public func callers(of pivot: String, minimumFraction: Double = 0) -> FlameFrame {
        var paths = PathSet()
        if let id = names.firstIndex(of: pivot).map(Int32.init) {
            for i in 0..<stacks.count {
                let path = stacks.path(i)
                guard let at = path.firstIndex(of: id) else { continue }
                paths.append(path[..<at].reversed(), value: stacks.value[i], base: stacks.base[i])
            }
        }
        return paths.tree(rootName: pivot, names: names, minimumFraction: minimumFraction)
    }

    /// Stacks of the base profile that have no value in the new one: for each
    /// frame that vanished while its caller still exists, its base value and
    /// its path, continued to a leaf along its heaviest base callees.
    public func vanishedStacks(in tree: FlameFrame, limit: Int = 50) -> [VanishedStack] {
        var result: [VanishedStack] = []
        func walk(_ frame: FlameFrame, _ path: [String]) {
            for child in frame.children {
                let childPath = path + [child.name]
                if child.total == 0 && child.baseTotal != 0 {
                    // Down to the leaf along the heaviest base stack, so the
                    // list names where the value was, not only where it split.
                    var path = childPath
                    var step = child
                    while let next = step.children.max(by: { $0.baseTotal.magnitude < $1.baseTotal.magnitude }), path.count < 256 {
                        path.append(next.name)
                        step = next
                    }
                    result.append(VanishedStack(path: path, baseTotal: child.baseTotal))
                } else {
                    walk(child, childPath)
                }
            }
        }
        walk(tree, [tree.name])
        result.sort { $0.baseTotal.magnitude > $1.baseTotal.magnitude }
        return Array(result.prefix(limit))
    }
}

/// Gives each distinct string one small integer.
/// How `FlameGraph` turns samples into frame-name paths.
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
                if path.count > FlameGraph.maximumDepth {
                    path.removeLast(path.count - FlameGraph.maximumDepth + 1)
                    path.append(Int32(interner.intern(FlameGraph.truncatedFrameName)))
                }
                stacks.append(path[...], value: isBase ? 0 : value, base: isBase ? value : 0)
            }
        }
    }
}

/// Where the second thread of `FlameGraph.init` leaves its names and paths.
private final class CollectedStacks: @unchecked Sendable {
    var result: (names: [String], paths: PathSet)?
}

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
