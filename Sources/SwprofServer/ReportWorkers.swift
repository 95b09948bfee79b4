import Foundation
import SwprofCore

/// The threads that compute pages: report work (filters, graph building,
/// Graphviz layout, rendering) runs here, never on Swift's cooperative pool,
/// so the event loops and the page cache keep answering while heavy pages
/// compute. At most `count` pages compute at once; the rest wait in order.
final class ReportWorkers: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var next = 0
    /// Pages computing or waiting (for tests and the load report).
    private(set) var pending = 0
    let count: Int

    /// The process's workers: two per core, at least four, so that pages
    /// waiting for the one Graphviz context (layouts run one at a time and
    /// cannot be interrupted) leave threads for the other views.
    static let shared = ReportWorkers(count: max(4, 2 * ProcessInfo.processInfo.activeProcessorCount))

    init(count: Int) {
        self.count = max(1, count)
        for index in 0..<self.count {
            // At the process's priority: at nice +10 (as before) a page got a
            // few per cent of a core beside other processes' work on a loaded
            // machine and hit its deadline, while the event loops, idle most of
            // the time, are scheduled promptly when they wake anyway.
            let thread = Thread { [unowned self] in self.loop() }
            thread.name = "swprof-report-\(index)"
            // Deep stacks and big pages recurse further than the 512 kB default.
            thread.stackSize = 16 << 20
            thread.start()
        }
    }

    /// Runs `work` on a worker with `budget` as its ``WorkBudget/current``.
    /// Throws ``WorkStopped`` when the budget ran out or was cancelled, before
    /// or while the work ran (its result is then thrown away).
    func run<Value: Sendable>(budget: WorkBudget, _ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            submit {
                if let reason = budget.stopped {
                    continuation.resume(throwing: WorkStopped(reason: reason))
                    return
                }
                do {
                    let value = try WorkBudget.$current.withValue(budget) { try work() }
                    if let reason = budget.stopped { throw WorkStopped(reason: reason) }
                    continuation.resume(returning: value)
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    private func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        pending += 1
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while next == jobs.count { condition.wait() }
            let job = jobs[next]
            next += 1
            if next == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                next = 0
            }
            condition.unlock()
            job()
            condition.lock()
            pending -= 1
            condition.unlock()
        }
    }
}
