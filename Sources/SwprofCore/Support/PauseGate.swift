import Foundation

/// Where background work (the web UI's warm-up) gives the cores to the pages
/// requests wait for: while the gate has demand (requests waiting for pages),
/// the checkpoints of work whose ``WorkBudget`` yields to it pause. They go
/// on at once when a request waits for that very work
/// (``WorkBudget/wantedNow()``), when it is stopped, or while any thread
/// waits for a result other work computes (``WorkBudget/waitingForSharedWork(_:)``:
/// a page waiting for a profile the paused work prepares must not wait forever).
public final class PauseGate: @unchecked Sendable {
    private let condition = NSCondition()
    private var demand = 0

    public init() {}

    /// A request waits for a page from now on.
    public func beginDemand() {
        condition.lock()
        demand += 1
        condition.unlock()
    }

    /// A request no longer waits (its page came, or it went away).
    public func endDemand() {
        condition.lock()
        demand -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Whether background work would pause now (tests).
    public var hasDemand: Bool {
        condition.lock()
        defer { condition.unlock() }
        return demand > 0 && !SharedWaits.any
    }

    /// Wakes paused work to look again at why it pauses.
    func wake() {
        condition.lock()
        condition.broadcast()
        condition.unlock()
    }

    /// Returns once `budget`'s work may go on: no demand, nobody waiting for
    /// shared work, or the work no longer yields (wanted, stopped, past its
    /// deadline). Looks again every 50 ms whatever wakes it.
    func pause(_ budget: WorkBudget) {
        condition.lock()
        while demand > 0 && !SharedWaits.any && budget.yields {
            _ = condition.wait(until: Date(timeIntervalSinceNow: 0.05))
        }
        condition.unlock()
    }

    /// Runs `wait` counted as a wait for shared work (see the type's comment).
    static func blocked(_ wait: () -> Void) {
        SharedWaits.add(1)
        defer { SharedWaits.add(-1) }
        wait()
    }
}

/// Threads of the process waiting for results other work computes.
private enum SharedWaits {
    private static let counter = Counter()

    static var any: Bool { counter.value > 0 }
    static func add(_ delta: Int) { counter.add(delta) }

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add(_ delta: Int) { lock.withLock { count += delta } }
        var value: Int { lock.withLock { count } }
    }
}
