/// Values keyed by a trace's IDs (goroutines, procs, string and stack IDs),
/// which are mostly small and dense: IDs below `denseLimit` index an array,
/// the rest a dictionary. A lookup is an array access instead of a hash, a
/// change is made in place, and the array grows only as far as the largest
/// ID seen (at most `denseLimit` slots, so a hostile ID costs a dictionary
/// entry, not memory).
struct TraceIDMap<Value> {
    private var dense: [Value?] = []
    private var sparse: [Int64: Value] = [:]
    static var denseLimit: Int64 { 1 << 20 }

    init() {}

    subscript(id: Int64) -> Value? {
        @inline(__always) get {
            if UInt64(bitPattern: id) < UInt64(dense.count) { return dense[Int(id)] }
            if sparse.isEmpty || (id >= 0 && id < Self.denseLimit) { return nil }
            return sparse[id]
        }
        // A plain store (`map[id] = value`) needs no coroutine, whose frame
        // is allocated on the heap.
        @inline(__always) set {
            if UInt64(bitPattern: id) >= UInt64(dense.count) { reserve(id) }
            if UInt64(bitPattern: id) < UInt64(dense.count) {
                dense[Int(id)] = newValue
            } else {
                sparse[id] = newValue
            }
        }
        @inline(__always) _modify {
            if UInt64(bitPattern: id) >= UInt64(dense.count) { reserve(id) }
            if UInt64(bitPattern: id) < UInt64(dense.count) {
                yield &dense[Int(id)]
            } else {
                yield &sparse[id]
            }
        }
    }

    /// Makes room for `id` in the array when it belongs there.
    private mutating func reserve(_ id: Int64) {
        guard id >= 0 && id < Self.denseLimit else { return }
        let size = max(Int(id) + 1, min(Int(Self.denseLimit), dense.count * 2))
        dense.append(contentsOf: repeatElement(nil, count: size - dense.count))
    }

    /// Changes the value of `id` in place, if it has one; false when it has none.
    @inline(__always) @discardableResult
    mutating func update(_ id: Int64, _ change: (inout Value) -> Void) -> Bool {
        if UInt64(bitPattern: id) < UInt64(dense.count) {
            guard dense[Int(id)] != nil else { return false }
            change(&dense[Int(id)]!)
            return true
        }
        guard !sparse.isEmpty, sparse[id] != nil else { return false }
        change(&sparse[id]!)
        return true
    }
}

extension TraceIDMap: Sendable where Value: Sendable {}
