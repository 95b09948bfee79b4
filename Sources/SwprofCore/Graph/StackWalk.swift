/// What one walk over a graph's stacks does with the nodes it meets
/// (`StackWalk.run`): node and edge sums, tag sums, or several at once.
protocol StackVisitor {
    /// Starts stack `stack`; false skips it (no `node` or `leaf` calls).
    mutating func start(_ stack: Int) -> Bool
    /// A kept node of the stack, root first (the innermost line of a location
    /// last): `parent` is the kept node met before it (-1 for none),
    /// `residual` whether frames were left out between them, `inline`
    /// whether it is not its location's outermost line.
    mutating func node(_ node: Int32, parent: Int32, residual: Bool, inline: Bool)
    /// The stack's leaf, when its innermost frame is a kept node.
    mutating func leaf(_ node: Int32)
}

/// The one per-frame loop over a graph's stacks: every graph sum (nodes,
/// edges, tags, all sample types) is a `StackVisitor` of it, so walks that
/// need several of them make one pass.
enum StackWalk {
    /// Walks stacks `range` of `shape` root first through `table`'s nodes,
    /// telling `visitor` what it meets; stops early when the work budget is spent.
    @inline(__always)
    static func run<V: StackVisitor>(_ shape: StackShape, _ range: Range<Int>, table: LocationNodeTable, _ visitor: inout V) {
        let locationCount = table.locationCount
        table.start.withUnsafeBufferPointer { start in
            table.nodes.withUnsafeBufferPointer { locationNodes in
                shape.locations.withUnsafeBufferPointer { locations in
                    shape.start.withUnsafeBufferPointer { stackStart in
                        for stack in range {
                            if WorkBudget.isStopped(at: stack) { break }
                            guard visitor.start(stack) else { continue }
                            var parent: Int32 = -1
                            var residual = false
                            let bottom = stackStart[stack]
                            var li = stackStart[stack + 1]
                            while li > bottom {
                                li -= 1
                                let location = Int(locations[li])
                                guard location >= 0, location < locationCount else {
                                    residual = true
                                    continue
                                }
                                let first = Int(start[location])
                                let end = Int(start[location + 1])
                                var ni = end
                                while ni > first {
                                    ni -= 1
                                    let n = locationNodes[ni]
                                    if n < 0 {
                                        residual = true
                                        continue
                                    }
                                    visitor.node(n, parent: parent, residual: residual, inline: ni != end - 1)
                                    parent = n
                                    residual = false
                                }
                            }
                            if parent >= 0 && !residual { visitor.leaf(parent) }
                        }
                    }
                }
            }
        }
    }
}

/// Two visitors in one walk: a stack either skips is still shown to the other.
struct PairedVisitor<First: StackVisitor, Second: StackVisitor>: StackVisitor {
    var first: First
    var second: Second
    private var inFirst = false
    private var inSecond = false

    init(_ first: First, _ second: Second) {
        self.first = first
        self.second = second
    }

    @inline(__always)
    mutating func start(_ stack: Int) -> Bool {
        inFirst = first.start(stack)
        inSecond = second.start(stack)
        return inFirst || inSecond
    }

    @inline(__always)
    mutating func node(_ node: Int32, parent: Int32, residual: Bool, inline: Bool) {
        if inFirst { first.node(node, parent: parent, residual: residual, inline: inline) }
        if inSecond { second.node(node, parent: parent, residual: residual, inline: inline) }
    }

    @inline(__always)
    mutating func leaf(_ node: Int32) {
        if inFirst { first.leaf(node) }
        if inSecond { second.leaf(node) }
    }
}
