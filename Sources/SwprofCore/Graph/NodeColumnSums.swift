/// The node sums of a graph built without a kept set, for every sample type
/// at once (the values are columns of one walk): `cum[node * columns + c]`
/// and `flat[node * columns + c]` are what `Graph.accumulate(edges: false)`
/// gives node `node` with `valueIndex` `c`. `DerivedReportData` keeps them,
/// so that a graph of another sample type skips its first walk.
final class NodeColumnSums: Sendable {
    let nodeCount: Int
    let columns: Int
    let cum: [Int64]
    let flat: [Int64]

    /// Sums `stacks` of `profile` (`columns` values per sample; a sample
    /// with fewer counts 0 for the others) through `table`, in two halves on
    /// two threads for large profiles.
    init(_ profile: Profile, stacks: StackShape, table: LocationNodeTable, nodeCount: Int, columns: Int) {
        self.nodeCount = nodeCount
        self.columns = columns
        var halves = TwoHalves.map(stacks.count) { range in
            var sums = ColumnSumVisitor.Sums(nodeCount: nodeCount, columns: columns)
            let values = ColumnSumVisitor.values(profile, range, columns: columns)
            ColumnSumVisitor.walk(&sums, values: values, first: range.lowerBound, columns: columns) { visitor in
                StackWalk.run(stacks, range, table: table, &visitor)
            }
            return sums
        }
        var sums = halves.removeFirst()
        if let later = halves.first { sums.add(later) }
        cum = sums.cumulative()
        flat = sums.flat
    }

    /// Whether a graph with these value and divisor indices can take its sums from here.
    func covers(valueIndex: Int, divisorIndex: Int?) -> Bool {
        valueIndex >= 0 && valueIndex < columns && (divisorIndex.map { $0 >= 0 && $0 < columns } ?? true)
    }
}

extension Graph {
    /// Sets every node's values from `sums` (built for this graph's nodes), as
    /// `accumulate(edges: false)` of that sample type would have summed them.
    mutating func setValues(_ sums: NodeColumnSums, valueIndex: Int, divisorIndex: Int?) {
        let c = sums.columns
        for node in allNodes.indices {
            allNodes[node].cum = sums.cum[node * c + valueIndex]
            allNodes[node].flat = sums.flat[node * c + valueIndex]
            if let d = divisorIndex {
                allNodes[node].cumDiv = sums.cum[node * c + d]
                allNodes[node].flatDiv = sums.flat[node * c + d]
            } else {
                allNodes[node].cumDiv = 0
                allNodes[node].flatDiv = 0
            }
        }
    }
}

/// Every column's node sums as a walk fills them: a node counts a stack
/// once, the leaf in its flat sums too.
private struct ColumnSumVisitor: StackVisitor {
    /// Per node a row of its last stack and its cum sums
    /// (`rows[node * (columns + 1)]` the stack, then the columns), and its
    /// flat sums.
    struct Sums {
        let columns: Int
        var rows: [Int64]
        var flat: [Int64]

        init(nodeCount: Int, columns: Int) {
            self.columns = columns
            rows = [Int64](repeating: 0, count: nodeCount * (columns + 1))
            flat = [Int64](repeating: 0, count: nodeCount * columns)
            for node in 0..<nodeCount { rows[node * (columns + 1)] = -1 }
        }

        /// Adds the sums of other stacks.
        mutating func add(_ other: Sums) {
            for i in rows.indices where i % (columns + 1) != 0 { rows[i] &+= other.rows[i] }
            for i in flat.indices { flat[i] &+= other.flat[i] }
        }

        /// The cum sums without the stamps: `[node * columns + c]`.
        func cumulative() -> [Int64] {
            var cum: [Int64] = []
            cum.reserveCapacity(flat.count)
            for i in rows.indices where i % (columns + 1) != 0 { cum.append(rows[i]) }
            return cum
        }
    }

    private let values: UnsafePointer<Int64>
    private let first: Int
    private let columns: Int
    private let rows: UnsafeMutablePointer<Int64>
    private let flat: UnsafeMutablePointer<Int64>
    private var current: UnsafePointer<Int64>
    private var stamp: Int64 = 0

    /// The values of samples `range` in one flat array (`columns` per
    /// sample, 0 where a sample has fewer), read in order once instead of
    /// through each sample's own array during the walk.
    static func values(_ profile: Profile, _ range: Range<Int>, columns: Int) -> [Int64] {
        var values = [Int64](repeating: 0, count: range.count * columns)
        profile.samples.withUnsafeBufferPointer { samples in
            values.withUnsafeMutableBufferPointer { values in
                var at = 0
                for s in range {
                    samples[s].values.withUnsafeBufferPointer { sample in
                        for c in 0..<min(columns, sample.count) { values[at + c] = sample[c] }
                    }
                    at += columns
                }
            }
        }
        return values
    }

    /// Runs `body` (a walk of stacks from `first` on) with a visitor that
    /// adds `values` to `sums`; the visitor lives only inside `body`.
    static func walk(
        _ sums: inout Sums, values: [Int64], first: Int, columns: Int, _ body: (inout ColumnSumVisitor) -> Void
    ) {
        values.withUnsafeBufferPointer { values in
            sums.rows.withUnsafeMutableBufferPointer { rows in
                sums.flat.withUnsafeMutableBufferPointer { flat in
                    guard let values = values.baseAddress, let rows = rows.baseAddress, let flat = flat.baseAddress
                    else { return }
                    var visitor = ColumnSumVisitor(
                        values: values, first: first, columns: columns, rows: rows, flat: flat, current: values)
                    body(&visitor)
                }
            }
        }
    }

    @inline(__always)
    mutating func start(_ stack: Int) -> Bool {
        current = values + (stack - first) * columns
        stamp = Int64(stack)
        for c in 0..<columns where current[c] != 0 { return true }
        return false
    }

    @inline(__always)
    mutating func node(_ node: Int32, parent: Int32, residual: Bool, inline: Bool) {
        let row = rows + Int(node) * (columns + 1)
        if row[0] != stamp {
            row[0] = stamp
            for c in 0..<columns { row[1 + c] &+= current[c] }
        }
    }

    @inline(__always)
    mutating func leaf(_ node: Int32) {
        let row = flat + Int(node) * columns
        for c in 0..<columns { row[c] &+= current[c] }
    }
}
