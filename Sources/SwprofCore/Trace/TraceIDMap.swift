/// Values keyed by a trace's IDs (goroutines, procs, string and stack IDs),
/// which are mostly small and dense: IDs below `denseLimit` index an array,
/// the rest a dictionary. A lookup is an array access instead of a hash, and
/// the array grows only as far as the largest ID seen (at most `denseLimit`
/// slots, so a hostile ID costs a dictionary entry, not memory).
struct TraceIDMap<Value> {
    private var dense: [Value?] = []
    private var sparse: [Int64: Value] = [:]
    static var denseLimit: Int64 { 1 << 20 }

    init() {}

    /// Whether no ID has a value.
    var isEmpty: Bool { count == 0 }
    /// How many IDs have a value.
    private(set) var count = 0

    subscript(id: Int64) -> Value? {
        @inline(__always) get {
            if UInt64(bitPattern: id) < UInt64(dense.count) { return dense[Int(id)] }
            if sparse.isEmpty || (id >= 0 && id < Self.denseLimit) { return nil }
            return sparse[id]
        }
        set {
            if id >= 0 && id < Self.denseLimit {
                let i = Int(id)
                if i >= dense.count {
                    if newValue == nil { return }
                    dense.append(contentsOf: repeatElement(nil, count: max(i + 1, min(Int(Self.denseLimit), dense.count * 2)) - dense.count))
                }
                count += (newValue == nil ? 0 : 1) - (dense[i] == nil ? 0 : 1)
                dense[i] = newValue
            } else {
                count += (newValue == nil ? 0 : 1) - (sparse[id] == nil ? 0 : 1)
                sparse[id] = newValue
            }
        }
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

    /// Every ID with its value: dense IDs in increasing order, then the others
    /// in the dictionary's order.
    func forEach(_ body: (Int64, Value) throws -> Void) rethrows {
        for (i, v) in dense.enumerated() {
            if let v { try body(Int64(i), v) }
        }
        for (id, v) in sparse { try body(id, v) }
    }
}

extension TraceIDMap: Sendable where Value: Sendable {}
