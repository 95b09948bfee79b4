import Foundation

/// Reads one source ahead on another thread: while the caller folds source `i`,
/// source `i + 1` is read and decoded, so a fleet's inflating and decoding run
/// beside its merging on two cores.
///
/// One read is in flight at a time, and `take` waits for it, so `read` runs on
/// one thread at a time and whatever it records (failures) is seen by the caller
/// after `take` returns.
final class ReadAhead<Item>: @unchecked Sendable {
    private let read: (Int) throws -> Item
    private let done = DispatchSemaphore(value: 0)
    /// The index read or being read ahead, if any.
    private var pendingIndex: Int?
    private var result: Result<Item, any Error>?

    init(_ read: @escaping (Int) throws -> Item) {
        self.read = read
    }

    /// Starts reading source `i` on another thread.
    func start(_ i: Int) {
        precondition(pendingIndex == nil, "one read ahead at a time")
        pendingIndex = i
        let thread = Thread { [self] in
            result = Result { try read(i) }
            done.signal()
        }
        // Decoding recurses little, but as deep as the calling thread may.
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Source `i`: the read started ahead for it, or a read on this thread.
    func take(_ i: Int) throws -> Item {
        guard let pending = pendingIndex else { return try read(i) }
        precondition(pending == i, "sources are taken in the order started")
        return try finishPending().get()
    }

    /// Waits for a read still in flight and forgets it (before the caller reads
    /// the sources again or returns).
    func drain() {
        if pendingIndex != nil { _ = finishPending() }
    }

    private func finishPending() -> Result<Item, any Error> {
        done.wait()
        pendingIndex = nil
        defer { result = nil }
        return result!
    }
}
