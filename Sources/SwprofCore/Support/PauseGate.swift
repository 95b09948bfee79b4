import Foundation

/// Where background work (the web UI's warm-up) gives the cores to the pages
/// requests wait for: while the gate has demand (requests waiting for pages),
/// the checkpoints of its background work (``WorkBudget/background``) pause.
/// They go on at once when a request waits for that very work
/// (``WorkBudget/wantedNow()``), when it is stopped, or while other work of
/// the gate waits for a result that some work computes
/// (``WorkBudget/waitingForSharedWork(_:)``: a page waiting for a profile the
/// paused work prepares must not wait forever).
public final class PauseGate: @unchecked Sendable {
    private let condition = NSCondition()
    private var demand = 0
    private var sharedWaits = 0

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
        return demand > 0 && sharedWaits == 0
    }

    /// Wakes paused work to look again at why it pauses.
    func wake() {
        condition.lock()
        condition.broadcast()
        condition.unlock()
    }

    /// Returns once `budget`'s work may go on: no demand, work waiting for
    /// shared results, or the work no longer yields (wanted, stopped, past
    /// its deadline). Looks again every 50 ms whatever wakes it.
    func pause(_ budget: WorkBudget) {
        condition.lock()
        while demand > 0 && sharedWaits == 0 && budget.yields {
            _ = condition.wait(until: Date(timeIntervalSinceNow: 0.05))
        }
        condition.unlock()
    }

    /// Runs `wait` counted as a wait for shared work (see the type's comment).
    func blocked(_ wait: () -> Void) {
        condition.lock()
        sharedWaits += 1
        condition.broadcast()
        condition.unlock()
        defer {
            condition.lock()
            sharedWaits -= 1
            condition.unlock()
        }
        wait()
    }
}
