/// Storage for the old-format reader's events in manually managed memory:
/// the merge reads and writes millions of events, and Swift arrays nested in
/// structs check uniqueness and retain on every change.

/// A growable array of plain values (events of one batch).
struct TraceValueBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 256) {
        self.capacity = max(1, capacity)
        base = .allocate(capacity: self.capacity)
    }

    @inline(__always) subscript(i: Int) -> Element { base[i] }

    @inline(__always) mutating func append(_ e: Element) {
        if count == capacity { grow() }
        base[count] = e
        count += 1
    }

    mutating func removeAll() { count = 0 }

    private mutating func grow() {
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }

    /// Frees the memory; the buffer is not used after.
    func deallocate() { base.deallocate() }
}

/// A FIFO of plain values in one circular buffer that doubles when full;
/// elements are read and changed in place by their position from the oldest.
final class TraceRing<Element: BitwiseCopyable> {
    private var storage: UnsafeMutablePointer<Element>
    private var mask: Int
    private var head = 0
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var c = 16
        while c < capacity { c *= 2 }
        storage = .allocate(capacity: c)
        mask = c - 1
    }

    deinit { storage.deallocate() }

    var isEmpty: Bool { count == 0 }

    @inline(__always) subscript(i: Int) -> Element {
        get { storage[(head &+ i) & mask] }
        set { storage[(head &+ i) & mask] = newValue }
    }

    @inline(__always) func append(_ e: Element) {
        if count > mask { grow() }
        storage[(head &+ count) & mask] = e
        count += 1
    }

    @inline(__always) func removeFirst() -> Element {
        let e = storage[head]
        head = (head &+ 1) & mask
        count -= 1
        return e
    }

    func removeAll() {
        head = 0
        count = 0
    }

    private func grow() {
        let capacity = (mask + 1) * 2
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
        for i in 0..<count { bigger[i] = storage[(head + i) & mask] }
        storage.deallocate()
        storage = bigger
        mask = capacity - 1
        head = 0
    }
}
