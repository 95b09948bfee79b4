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
    /// Stacks deeper than this are cut (see ``StackSet/maximumDepth``).
    public static let maximumDepth = StackSet.maximumDepth
    /// The frame that stands for the cut part of a too deep stack.
    public static let truncatedFrameName = StackSet.truncatedFrameName

    /// Every distinct frame name.
    let names: [String]
    /// The stacks, root first, as frame-name indices into `names`, with their values.
    let stacks: PathSet
    /// Whether a base profile was given.
    public let isComparison: Bool

    /// The flame graph of `stacks`.
    public init(_ stacks: StackSet) {
        self.names = stacks.names
        self.stacks = stacks.paths
        self.isComparison = stacks.isComparison
    }

    /// The flame graph of `profile`'s stacks (and `base`'s, for a comparison);
    /// see ``StackSet``.
    public init(
        profile: Profile, base: Profile? = nil, sampleIndex: Int, meanDivisorIndex: Int? = nil,
        granularity: Granularity = .functions, noInlines: Bool = false
    ) {
        self.init(StackSet(
            profile: profile, base: base, sampleIndex: sampleIndex, meanDivisorIndex: meanDivisorIndex,
            granularity: granularity, noInlines: noInlines))
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
