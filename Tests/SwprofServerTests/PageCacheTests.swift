import SwprofCore
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

    /// A request never waits past deadline + grace: with the computation's
    /// own deadline switched off (as if its wakeup were lost) and a
    /// computation that never ends, the watchdog answers every waiter of
    /// the shared computation once, with the deadline page.
    @Test(.timeLimit(.minutes(1))) func theWatchdogAnswersWaitersWhoseWakeupIsLost() async {
        let cache = PageCache(grace: 0.2)
        await cache.setExpiresFlights(false)
        let (held, release) = AsyncStream<Void>.makeStream()
        let make: @Sendable (WorkBudget) async -> RenderedPage = { _ in
            for await _ in held {}
            return RenderedPage(body: Array("late".utf8))
        }
        let expired: @Sendable () -> RenderedPage = { RenderedPage(status: 503, body: Array("stopped".utf8), cacheable: false) }
        async let first = cache.page(for: "k", seconds: 0.1, make: make, expired: expired)
        async let second = cache.page(for: "k", seconds: 0.1, make: make, expired: expired)
        let (a, b) = await (first, second)
        #expect(a.status == 503 && b.status == 503)
        #expect(String(decoding: a.body, as: UTF8.self) == "stopped")
        #expect(await cache.overdueAnswers == 2)
        #expect(await cache.waitingCount == 0)
        #expect(await cache.computing == 0, "the abandoned computation is no longer shared")
        release.finish()
    }

    /// With the deadline on, the flight's own expiry answers first and the
    /// watchdog finds nothing to do.
    @Test func theDeadlineAnswersBeforeTheWatchdog() async throws {
        let cache = PageCache(grace: 0.1)
        let (held, release) = AsyncStream<Void>.makeStream()
        let page = await cache.page(
            for: "k", seconds: 0.1,
            make: { _ in
                for await _ in held {}
                return RenderedPage(body: [])
            }, expired: { RenderedPage(status: 503, body: [], cacheable: false) })
        #expect(page.status == 503)
        try await Task.sleep(nanoseconds: 500_000_000)
        #expect(await cache.overdueAnswers == 0)
        #expect(await cache.waitingCount == 0)
        release.finish()
    }

    /// The per-request Config menu is spliced into the cached page: the bytes
    /// are the page's with the marker replaced, only the first marker within
    /// the limit counts, and a page without one is returned as it is.
    @Test func replacingTheMarkerSplicesWithoutChangingOtherBytes() {
        let page = RenderedPage(body: Array("<head>@@M@@</head><p>@@M@@</p>".utf8))
        let filled = page.replacingFirst(Array("@@M@@".utf8), within: 64, with: "<menu>")
        #expect(String(decoding: filled.body, as: UTF8.self) == "<head><menu></head><p>@@M@@</p>")
        #expect(filled.byteCount == filled.body.count)
        #expect(filled.buffers.count == 3)
        #expect(page.body == Array("<head>@@M@@</head><p>@@M@@</p>".utf8))
        let tooFar = page.replacingFirst(Array("@@M@@".utf8), within: 8, with: "<menu>")
        #expect(tooFar.body == page.body && tooFar.buffers.count == 1)
        var edited = filled
        edited.body.append(contentsOf: Array("!".utf8))
        #expect(String(decoding: edited.body, as: UTF8.self) == "<head><menu></head><p>@@M@@</p>!")
        #expect(edited.buffers.count == 1)
    }
}

actor Counter {
    var value = 0
    func increment() { value += 1 }
}
