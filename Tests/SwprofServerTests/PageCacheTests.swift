import Testing

@testable import SwprofServer

@Suite struct PageCacheTests {
    @Test func computesOncePerKeyAndStaysWithinBudget() async {
        let cache = PageCache(capacity: 3, byteBudget: 250)
        let counter = Counter()
        for round in 0..<2 {
            for key in ["a", "b"] {
                let page = await cache.page(for: key) { _ in
                    await counter.increment()
                    return RenderedPage(body: Array(repeating: 0, count: 100))
                }
                #expect(page.body.count == 100, "round \(round)")
            }
        }
        #expect(await counter.value == 2)
        _ = await cache.page(for: "c") { _ in RenderedPage(body: Array(repeating: 0, count: 100)) }
        #expect(await cache.count == 2)
        #expect(await cache.storedBytes <= 250)
        // Too big for the budget: served, not kept.
        _ = await cache.page(for: "huge") { _ in RenderedPage(body: Array(repeating: 0, count: 1000)) }
        #expect(await cache.storedBytes <= 250)
    }
}

actor Counter {
    var value = 0
    func increment() { value += 1 }
}
