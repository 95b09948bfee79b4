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

    public init(name: String, total: Int64 = 0, selfValue: Int64 = 0, baseTotal: Int64 = 0, children: [FlameFrame] = []) {
        self.name = name
        self.total = total
        self.selfValue = selfValue
        self.baseTotal = baseTotal
        self.children = children
    }

    /// The deepest level below this frame (0 for a leaf).
    public var depth: Int {
        children.reduce(0) { max($0, $1.depth + 1) }
    }
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

    /// Stacks root first, as frame-name indices into `names`, with their values.
    struct Stack {
        var frames: [Int]
        var value: Int64
        var base: Int64
    }

    /// Every distinct frame name.
    let names: [String]
    let stacks: [Stack]
    /// Whether a base profile was given.
    public let isComparison: Bool

    /// Collects the stacks of `profile` (and `base`, for a comparison).
    /// - Parameters:
    ///   - sampleIndex: which of `Sample.values` to use.
    ///   - meanDivisorIndex: with `-mean`, each value is divided by this one.
    ///   - noInlines: keep only the outermost function of each location.
    public init(
        profile: Profile, base: Profile? = nil, sampleIndex: Int, meanDivisorIndex: Int? = nil,
        granularity: Granularity = .functions, noInlines: Bool = false
    ) {
        var interner = NameInterner()
        var byPath: [[Int]: Int] = [:]
        var stacks: [Stack] = []
        func add(_ profile: Profile, isBase: Bool) {
            let namer = FrameNamer(profile: profile, granularity: granularity, noInlines: noInlines)
            var frameCache: [Int: [Int]] = [:]
            for sample in profile.samples {
                guard sampleIndex >= 0, sampleIndex < sample.values.count else { continue }
                var value = sample.values[sampleIndex]
                if let divisor = meanDivisorIndex, divisor >= 0, divisor < sample.values.count {
                    let count = sample.values[divisor]
                    value = count == 0 ? 0 : value / count
                }
                if value == 0 { continue }
                var path: [Int] = []
                // Sample locations are leaf first; the flame graph wants root first.
                for location in sample.locations.reversed() {
                    if let cached = frameCache[location] {
                        path.append(contentsOf: cached)
                    } else {
                        let frames = namer.frames(location: location).map { interner.intern($0) }
                        frameCache[location] = frames
                        path.append(contentsOf: frames)
                    }
                }
                if path.count > FlameGraph.maximumDepth {
                    path.removeLast(path.count - FlameGraph.maximumDepth + 1)
                    path.append(interner.intern(FlameGraph.truncatedFrameName))
                }
                if let index = byPath[path] {
                    if isBase { stacks[index].base += value } else { stacks[index].value += value }
                } else {
                    byPath[path] = stacks.count
                    stacks.append(Stack(frames: path, value: isBase ? 0 : value, base: isBase ? value : 0))
                }
            }
        }
        add(profile, isBase: false)
        if let base { add(base, isBase: true) }
        self.names = interner.names
        self.stacks = stacks
        self.isComparison = base != nil
    }

    /// Sum of all stack values (the root's total).
    public var total: Int64 { stacks.reduce(0) { $0 + $1.value } }
    /// Sum of all base stack values.
    public var baseTotal: Int64 { stacks.reduce(0) { $0 + $1.base } }

    /// Whether any frame is called `name`.
    public func contains(frame name: String) -> Bool { names.contains(name) }

    /// The whole call tree under a root frame called `rootName`.
    public func callTree(rootName: String = "root") -> FlameFrame {
        var tree = TreeBuilder(names: names)
        for stack in stacks {
            tree.add(stack.frames[...], value: stack.value, base: stack.base)
        }
        return tree.frame(rootName: rootName)
    }

    /// The callees of every frame named `pivot`, merged into one tree rooted
    /// at it. A recursive stack counts once, from its outermost occurrence.
    public func callees(of pivot: String) -> FlameFrame {
        var tree = TreeBuilder(names: names)
        if let id = names.firstIndex(of: pivot) {
            for stack in stacks {
                guard let at = stack.frames.firstIndex(of: id) else { continue }
                tree.add(stack.frames[(at + 1)...], value: stack.value, base: stack.base)
            }
        }
        return tree.frame(rootName: pivot)
    }

    /// The callers of every frame named `pivot`, as a tree rooted at it whose
    /// children are its callers (an icicle read from the pivot outwards).
    public func callers(of pivot: String) -> FlameFrame {
        var tree = TreeBuilder(names: names)
        if let id = names.firstIndex(of: pivot) {
            for stack in stacks {
                guard let at = stack.frames.firstIndex(of: id) else { continue }
                tree.add(stack.frames[..<at].reversed()[...], value: stack.value, base: stack.base, countSelf: true)
            }
        }
        return tree.frame(rootName: pivot)
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
                    while let next = step.children.max(by: { abs($0.baseTotal) < abs($1.baseTotal) }), path.count < 256 {
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
        result.sort { abs($0.baseTotal) > abs($1.baseTotal) }
        return Array(result.prefix(limit))
    }
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

/// Builds a prefix tree of frame-name paths, then turns it into `FlameFrame`s.
struct TreeBuilder {
    struct Node {
        var name: Int
        var total: Int64 = 0
        var selfValue: Int64 = 0
        var base: Int64 = 0
        var children: [Int: Int] = [:]
    }

    let names: [String]
    var nodes: [Node] = [Node(name: -1)]

    init(names: [String]) { self.names = names }

    /// Adds one path below the root. `countSelf` puts the value as "self" on
    /// the root when the path is empty (callers of a root frame).
    mutating func add(_ path: ArraySlice<Int>, value: Int64, base: Int64, countSelf: Bool = true) {
        var current = 0
        nodes[0].total += value
        nodes[0].base += base
        for name in path {
            let next: Int
            if let existing = nodes[current].children[name] {
                next = existing
            } else {
                next = nodes.count
                nodes.append(Node(name: name))
                nodes[current].children[name] = next
            }
            nodes[next].total += value
            nodes[next].base += base
            current = next
        }
        if countSelf { nodes[current].selfValue += value }
    }

    func frame(rootName: String) -> FlameFrame {
        convert(0, name: rootName)
    }

    private func convert(_ index: Int, name: String) -> FlameFrame {
        let node = nodes[index]
        var children = node.children.values.map { convert($0, name: names[nodes[$0].name]) }
        children.sort { lhs, rhs in
            let l = max(abs(lhs.total), abs(lhs.baseTotal))
            let r = max(abs(rhs.total), abs(rhs.baseTotal))
            return l != r ? l > r : lhs.name < rhs.name
        }
        return FlameFrame(name: name, total: node.total, selfValue: node.selfValue, baseTotal: node.base, children: children)
    }
}
