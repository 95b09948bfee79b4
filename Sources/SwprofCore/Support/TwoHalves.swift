import Foundation

/// Work over a large range split across two threads: the per-sample loops of
/// graph building, graph tags and the flame graph's stacks.
enum TwoHalves {
    /// Ranges shorter than this run on the calling thread alone.
    static let minimum = 100_000

    /// `work(0..<count)`, or for a large `count` on more than one core,
    /// `work` of the second half on a thread of its own (with the caller's
    /// ``WorkBudget``) beside the first half on the calling thread: the
    /// results in order, to be merged as one walk would have met them.
    static func map<T>(_ count: Int, _ work: (Range<Int>) -> T) -> [T] {
        let split = count >= minimum && ProcessInfo.processInfo.activeProcessorCount > 1 ? count / 2 : count
        guard split < count else { return [work(0..<count)] }
        return withoutActuallyEscaping(work) { work in
            let second = SecondHalf(work)
            let budget = WorkBudget.current
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                WorkBudget.$current.withValue(budget) { second.result = second.work?(split..<count) }
                done.signal()
            }
            thread.stackSize = 1 << 20
            thread.start()
            let first = work(0..<split)
            done.wait()
            // `work` must not outlive this call: the thread object may still hold `second`.
            second.work = nil
            return [first, second.result!]
        }
    }
}

/// The second half's work and result, handed between the two threads (the
/// semaphore orders the accesses).
private final class SecondHalf<T>: @unchecked Sendable {
    var work: ((Range<Int>) -> T)?
    var result: T?
    init(_ work: @escaping (Range<Int>) -> T) { self.work = work }
}
