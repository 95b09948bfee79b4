import Foundation
import Testing

@testable import SwprofCore
@testable import SwprofServer

/// The warm-up's computations and the pages requests wait for.
@Suite struct WarmUpSharingTests {
    /// A request for the page the warm-up is computing waits for that
    /// computation (computed once), and the computation, paused while
    /// requests wait for other pages, no longer pauses once a request waits
    /// for it.
    @Test(.timeLimit(.minutes(1))) func aRequestWaitsForTheWarmUpsComputationInsteadOfRepeatingIt() async throws {
        let cache = PageCache()
        let gate = PauseGate()
        let counter = Counter()
        let budgets = BudgetBox()
        let (held, release) = AsyncStream<Void>.makeStream()
        let make: @Sendable (WorkBudget) async -> RenderedPage = { budget in
            await counter.increment()
            budgets.set(budget)
            for await _ in held {}
            return RenderedPage(body: Array("warm".utf8))
        }
        async let warmUp = cache.page(for: "k", gate: gate, background: true, make: make)
        while budgets.budget == nil { try await Task.sleep(nanoseconds: 10_000_000) }
        let budget = try #require(budgets.budget)
        gate.beginDemand()
        #expect(budget.yields, "background work yields while nobody waits for it")
        async let request = cache.page(for: "k", gate: gate, make: make)
        while budget.yields { try await Task.sleep(nanoseconds: 10_000_000) }
        while await cache.waitingCount < 2 { try await Task.sleep(nanoseconds: 10_000_000) }
        #expect(await cache.computing == 1)
        release.finish()
        let (a, b) = await (warmUp, request)
        gate.endDemand()
        #expect(String(decoding: a.body, as: UTF8.self) == "warm")
        #expect(String(decoding: b.body, as: UTF8.self) == "warm")
        #expect(await counter.value == 1)
    }
}

/// The budget a computation was given, seen from the test.
private final class BudgetBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: WorkBudget?
    func set(_ budget: WorkBudget) { lock.withLock { stored = budget } }
    var budget: WorkBudget? { lock.withLock { stored } }
}
