import Foundation

/// How long a computation may run and whether its requester still wants it:
/// the web UI gives each page one, and the long loops of report work (filters,
/// graph building, flame graphs, page rendering) call ``checkpoint()``, which
/// throws ``WorkStopped`` once the deadline has passed or the work was
/// cancelled. Without a budget (the CLI) checkpoints cost one task-local read.
public final class WorkBudget: @unchecked Sendable {
    /// The budget of the work running on this thread or task.
    @TaskLocal public static var current: WorkBudget?

    /// Uptime (nanoseconds) after which the work stops; nil: no deadline.
    public let deadline: UInt64?
    /// The gate of the server the work is for: background work pauses
    /// there while requests wait for other work, and other work waiting
    /// for shared results tells it so.
    public let gate: PauseGate?
    /// Whether this is background work that pauses at `gate`.
    public let background: Bool
    private let lock = NSLock()
    private var stopReason: WorkStopped.Reason?
    private var wanted = false

    /// A budget of `seconds` from now (nil or ≤ 0: no deadline). With a
    /// `gate`, `background` work pauses at its checkpoints while the gate has
    /// demand, until a request waits for this work (`wantedNow`).
    public init(seconds: Double?, gate: PauseGate? = nil, background: Bool = false) {
        if let seconds, seconds > 0 {
            deadline = DispatchTime.now().uptimeNanoseconds &+ UInt64(seconds * 1e9)
        } else {
            deadline = nil
        }
        self.gate = gate
        self.background = background && gate != nil
    }

    /// Stops the work at its next checkpoint.
    public func cancel() {
        lock.withLock { if stopReason == nil { stopReason = .cancelled } }
        gate?.wake()
    }

    /// A request waits for this (background) work now: it no longer pauses.
    public func wantedNow() {
        lock.withLock { wanted = true }
        gate?.wake()
    }

    /// Whether this work pauses for others now.
    var yields: Bool {
        guard background, stopped == nil else { return false }
        return lock.withLock { !wanted }
    }

    /// Pauses background work while its gate has demand (see `PauseGate`).
    @inline(__always)
    private func pauseIfAsked() {
        if background, let gate { gate.pause(self) }
    }

    /// Runs `wait`, a wait for a result other work computes, telling the
    /// current work's gate: its background work then does not pause, since
    /// the result waited for may be its own.
    public static func waitingForSharedWork(_ wait: () -> Void) {
        if let gate = current?.gate {
            gate.blocked(wait)
        } else {
            wait()
        }
    }

    /// Why the work must stop, or nil when it may go on.
    public var stopped: WorkStopped.Reason? {
        if let deadline, DispatchTime.now().uptimeNanoseconds >= deadline {
            lock.withLock { if stopReason == nil { stopReason = .deadline } }
        }
        return lock.withLock { stopReason }
    }

    /// Throws ``WorkStopped`` when the current budget is spent or cancelled.
    public static func checkpoint() throws {
        guard let budget = current else { return }
        budget.pauseIfAsked()
        if let reason = budget.stopped { throw WorkStopped(reason: reason) }
    }

    /// Whether the current budget is spent or cancelled, for loops that
    /// cannot throw: they stop early, and the worker that ran them throws the
    /// partial result away (it checks the budget after the work).
    public static var isStopped: Bool {
        guard let budget = current else { return false }
        budget.pauseIfAsked()
        return budget.stopped != nil
    }

    /// `isStopped`, looked at every 1024th `iteration` only (for tight loops).
    @inline(__always)
    public static func isStopped(at iteration: Int) -> Bool {
        iteration & 1023 == 0 && isStopped
    }

    /// `checkpoint()` every 4096th `iteration` (for tight loops).
    @inline(__always)
    public static func checkpoint(every iteration: Int) throws {
        if iteration & 4095 == 0 { try checkpoint() }
    }
}

/// Thrown by ``WorkBudget/checkpoint()``: the work was stopped before it
/// finished, and its partial results must be thrown away.
public struct WorkStopped: Error, Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        /// The budget's time ran out.
        case deadline
        /// The requester went away (or the server is stopping).
        case cancelled
    }
    public let reason: Reason

    public init(reason: Reason) {
        self.reason = reason
    }
}
