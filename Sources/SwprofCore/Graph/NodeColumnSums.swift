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
            ColumnSumVisitor.walk(&sums, profile, columns: columns) { visitor in
                StackWalk.run(stacks, range, table: table, &visitor)
            }
            return sums
        }
        var sums = halves.removeFirst()
        if let later = halves.first {
            for i in sums.cum.indices {
                sums.cum[i] &+= later.cum[i]
                sums.flat[i] &+= later.flat[i]
            }
        }
        cum = sums.cum
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
    struct Sums {
        var cum: [Int64]
        var flat: [Int64]
        var stamp: [Int32]

        init(nodeCount: Int, columns: Int) {
            cum = [Int64](repeating: 0, count: nodeCount * columns)
            flat = [Int64](repeating: 0, count: nodeCount * columns)
            stamp = [Int32](repeating: -1, count: nodeCount)
        }
    }

    private let samples: UnsafeBufferPointer<Sample>
    private let columns: Int
    private let cum: UnsafeMutablePointer<Int64>
    private let flat: UnsafeMutablePointer<Int64>
    private let stamps: UnsafeMutablePointer<Int32>
    /// The current stack's values.
    private let values: UnsafeMutablePointer<Int64>
    private var stamp: Int32 = 0

    /// Runs `body` (a walk) with a visitor that adds to `sums`; the visitor
    /// lives only inside `body`.
    static func walk(_ sums: inout Sums, _ profile: Profile, columns: Int, _ body: (inout ColumnSumVisitor) -> Void) {
        let values = UnsafeMutablePointer<Int64>.allocate(capacity: max(1, columns))
        defer { values.deallocate() }
        profile.samples.withUnsafeBufferPointer { samples in
            sums.cum.withUnsafeMutableBufferPointer { cum in
                sums.flat.withUnsafeMutableBufferPointer { flat in
                    sums.stamp.withUnsafeMutableBufferPointer { stamps in
                        guard let cum = cum.baseAddress, let flat = flat.baseAddress, let stamps = stamps.baseAddress
                        else { return }
                        var visitor = ColumnSumVisitor(
                            samples: samples, columns: columns, cum: cum, flat: flat, stamps: stamps, values: values)
                        body(&visitor)
                    }
                }
            }
        }
    }

    private init(
        samples: UnsafeBufferPointer<Sample>, columns: Int, cum: UnsafeMutablePointer<Int64>,
        flat: UnsafeMutablePointer<Int64>, stamps: UnsafeMutablePointer<Int32>, values: UnsafeMutablePointer<Int64>
    ) {
        self.samples = samples
        self.columns = columns
        self.cum = cum
        self.flat = flat
        self.stamps = stamps
        self.values = values
    }

    @inline(__always)
    mutating func start(_ stack: Int) -> Bool {
        var any = false
        samples[stack].values.withUnsafeBufferPointer { sample in
            for c in 0..<columns {
                let v = c < sample.count ? sample[c] : 0
                values[c] = v
                if v != 0 { any = true }
            }
        }
        stamp = Int32(truncatingIfNeeded: stack)
        return any
    }

    @inline(__always)
    mutating func node(_ node: Int32, parent: Int32, residual: Bool, inline: Bool) {
        let n = Int(node)
        if stamps[n] != stamp {
            stamps[n] = stamp
            let row = cum + n * columns
            for c in 0..<columns { row[c] &+= values[c] }
        }
    }

    @inline(__always)
    mutating func leaf(_ node: Int32) {
        let row = flat + Int(node) * columns
        for c in 0..<columns { row[c] &+= values[c] }
    }
}
