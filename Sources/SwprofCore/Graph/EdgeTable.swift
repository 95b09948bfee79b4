/// The edges met while building a graph, by (caller, callee) node pair:
/// open addressing over a power-of-two table with a multiplicative hash. A
/// slot holds everything the per-frame loop touches (weight, divisor, the
/// last stack that counted, flags), so a frame costs one cache miss at most.
struct EdgeTable {
    struct Slot {
        /// `caller << 32 | callee`, or `.max` for an empty slot.
        var key: UInt64 = .max
        var weight: Int64 = 0
        var divisor: Int64 = 0
        /// The last stack that added to the edge.
        var stamp: Int32 = -1
        /// Creation order (bits 0...29), residual (bit 30), not inline (bit 31).
        var info: UInt32 = 0
    }

    static let residualBit: UInt32 = 1 << 30
    static let notInlineBit: UInt32 = 1 << 31
    static let idMask: UInt32 = (1 << 30) - 1

    private(set) var slots: [Slot]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Slot](repeating: Slot(), count: size)
        mask = size - 1
    }

    @inline(__always)
    static func key(_ from: Int32, _ to: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: from)) << 32 | UInt64(UInt32(bitPattern: to))
    }

    @inline(__always)
    private static func hash(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 24)
    }

    /// Adds a stack's weight to edge `key`, creating the edge the first time:
    /// a stack counts once per edge, and only its first pass sets the flags
    /// (an edge becomes residual if any stack's path was, and stays inline only
    /// if every stack's was).
    @inline(__always)
    mutating func add(_ key: UInt64, stack: Int32, weight: Int64, divisor: Int64, residual: Bool, inline: Bool) {
        if (count + 1) * 2 > slots.count { grow() }
        slots.withUnsafeMutableBufferPointer { slots in
            var i = Self.hash(key) & mask
            while true {
                let k = slots[i].key
                if k == key {
                    if slots[i].stamp != stack {
                        slots[i].stamp = stack
                        slots[i].weight &+= weight
                        slots[i].divisor &+= divisor
                        if residual { slots[i].info |= Self.residualBit }
                        if !inline { slots[i].info |= Self.notInlineBit }
                    }
                    return
                }
                if k == .max {
                    var info = UInt32(truncatingIfNeeded: count) & Self.idMask
                    if residual { info |= Self.residualBit }
                    if !inline { info |= Self.notInlineBit }
                    slots[i] = Slot(key: key, weight: weight, divisor: divisor, stamp: stack, info: info)
                    count += 1
                    return
                }
                i = (i + 1) & mask
            }
        }
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(), count: old.count * 2)
        mask = slots.count - 1
        for slot in old where slot.key != .max {
            var i = Self.hash(slot.key) & mask
            while slots[i].key != .max { i = (i + 1) & mask }
            slots[i] = slot
        }
    }

    /// Adds the edges of `later`, met after this table's: sums add up, flags
    /// combine (residual if either was, inline only if both were), and new
    /// edges follow this table's in `later`'s order.
    mutating func merge(_ later: EdgeTable) {
        for edge in later.edgesInOrder() {
            if (count + 1) * 2 > slots.count { grow() }
            var i = Self.hash(edge.key) & mask
            while slots[i].key != .max && slots[i].key != edge.key { i = (i + 1) & mask }
            let flags = edge.info & (Self.residualBit | Self.notInlineBit)
            if slots[i].key == edge.key {
                slots[i].weight &+= edge.weight
                slots[i].divisor &+= edge.divisor
                slots[i].info |= flags
            } else {
                slots[i] = Slot(
                    key: edge.key, weight: edge.weight, divisor: edge.divisor, stamp: -1,
                    info: UInt32(truncatingIfNeeded: count) & Self.idMask | flags)
                count += 1
            }
        }
    }

    /// The edges in creation order.
    func edgesInOrder() -> [Slot] {
        var ordered = [Slot](repeating: Slot(), count: count)
        for slot in slots where slot.key != .max {
            ordered[Int(slot.info & Self.idMask)] = slot
        }
        return ordered
    }
}
