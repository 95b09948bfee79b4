import NIOCore
import SwprofCore
import SwprofViews

/// Rendered pages by (view, canonical query): the profile never changes while
/// the server runs, so a page is computed once. Least recently used pages are
/// dropped beyond `capacity` pages or `byteBudget` bytes.
///
/// Identical requests that arrive while their page computes wait for that one
/// computation. Each computation has its own ``WorkBudget``: when every
/// request waiting for it has gone (client disconnected), it is cancelled.
///
/// Every waiting request's continuation lives in one table (`waiting`) and
/// is resumed only by taking it out of that table, so it is resumed exactly
/// once whichever path answers it (result, deadline, disconnect, shutdown).
/// A watchdog per request answers it `grace` seconds past the deadline if
/// no other path has: a request never waits past deadline + grace.
actor PageCache {
    struct Entry {
        var page: RenderedPage
        var lastUse: UInt64
    }

    /// One page being computed and the requests waiting for it.
    private final class Flight {
        let number: Int
        let budget: WorkBudget
        /// The requests waiting for it (keys of `PageCache.waiting`).
        var waiters: Set<Int> = []
        init(number: Int, budget: WorkBudget) {
            self.number = number
            self.budget = budget
        }
    }

    private var entries: [String: Entry] = [:]
    private var clock: UInt64 = 0
    private var inFlight: [String: Flight] = [:]
    /// Every request waiting for a computation, by waiter number.
    private var waiting: [Int: CheckedContinuation<RenderedPage, Never>] = [:]
    /// Requests the watchdog had to answer (each one is a lost wakeup
    /// elsewhere; tests and the stress script read it).
    private(set) var overdueAnswers = 0
    /// Seconds past the deadline after which the watchdog answers a request.
    let grace: Double
    /// Tests only: false skips the flight's own deadline, leaving the
    /// watchdog as the only thing that ends the wait.
    var expiresFlights = true
    private var nextWaiter = 0
    private var flights = 0
    private var bytes = 0
    let capacity: Int
    let byteBudget: Int

    init(capacity: Int = 128, byteBudget: Int = 64 << 20, grace: Double = 5) {
        self.capacity = capacity
        self.byteBudget = byteBudget
        self.grace = grace
    }

    /// Tests only: see `expiresFlights`.
    func setExpiresFlights(_ value: Bool) { expiresFlights = value }

    /// The cached page for `key`, or the result of `make`, computed once even
    /// when several requests for the same page arrive together. `make` gets
    /// the computation's budget (`seconds` from now); a request whose task is
    /// cancelled stops waiting at once. When the budget runs out, the waiting
    /// requests get `expired()` at once, and the computation stops at its
    /// next checkpoint (if it finishes instead, its page is still cached).
    ///
    /// Computations get the server's `gate`. A `background` request (the
    /// warm-up's) starts computations that pause while the gate has demand,
    /// until a request that is not background comes to wait for them.
    func page(
        for key: String, seconds: Double? = nil, gate: PauseGate? = nil, background: Bool = false,
        make: @escaping @Sendable (WorkBudget) async -> RenderedPage,
        expired: @escaping @Sendable () -> RenderedPage = { .abandoned }
    ) async -> RenderedPage {
        clock += 1
        if var entry = entries[key] {
            entry.lastUse = clock
            entries[key] = entry
            return entry.page
        }
        let flight: Flight
        if let existing = inFlight[key] {
            flight = existing
            if !background { flight.budget.wantedNow() }
        } else {
            flights += 1
            flight = Flight(number: flights, budget: WorkBudget(seconds: seconds, gate: gate, background: background))
            inFlight[key] = flight
            let budget = flight.budget
            let id = flights
            Task.detached {
                let page = await make(budget)
                await self.finish(key, id, page)
            }
            if let seconds, seconds > 0, expiresFlights {
                Task.detached {
                    try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
                    await self.expire(key, id, expired)
                }
            }
        }
        let waiter = nextWaiter
        nextWaiter += 1
        if let seconds, seconds > 0 {
            let limit = seconds + grace
            Task.detached {
                try? await Task.sleep(nanoseconds: UInt64(limit * 1e9))
                await self.overdue(key, waiter: waiter, expired)
            }
        }
        // Registered in this actor turn, so `leave` (which runs on the actor
        // after it) always finds the waiter unless the page is done.
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                waiting[waiter] = continuation
                flight.waiters.insert(waiter)
            }
        } onCancel: {
            Task { await self.leave(key, waiter: waiter) }
        }
    }

    /// Answers `waiter` with `page` unless it was answered already; the
    /// only place a continuation is resumed.
    @discardableResult
    private func answer(_ waiter: Int, _ page: RenderedPage) -> Bool {
        guard let continuation = waiting.removeValue(forKey: waiter) else { return false }
        continuation.resume(returning: page)
        return true
    }

    /// The watchdog of `waiter`: past deadline + grace and still waiting, it
    /// gets the deadline page now (and its flight, if still current, is
    /// cancelled when nobody else waits for it).
    private func overdue(_ key: String, waiter: Int, _ page: @Sendable () -> RenderedPage) {
        guard waiting[waiter] != nil else { return }
        overdueAnswers += 1
        answer(waiter, page())
        if let flight = inFlight[key], flight.waiters.remove(waiter) != nil, flight.waiters.isEmpty {
            flight.budget.cancel()
            inFlight[key] = nil
        }
    }

    /// A waiting request went away: it gets an empty answer now, and the
    /// computation is cancelled when nobody else waits for it.
    private func leave(_ key: String, waiter: Int) {
        answer(waiter, RenderedPage.abandoned)
        guard let flight = inFlight[key], flight.waiters.remove(waiter) != nil else { return }
        if flight.waiters.isEmpty {
            flight.budget.cancel()
            inFlight[key] = nil
        }
    }

    /// The budget of computation `id` ran out: its requests get `page` now.
    private func expire(_ key: String, _ id: Int, _ page: @Sendable () -> RenderedPage) {
        guard let flight = inFlight[key], flight.number == id else { return }
        inFlight[key] = nil
        let stopped = page()
        for waiter in flight.waiters { answer(waiter, stopped) }
        flight.waiters = []
    }

    /// Cancels every computation and answers its requests (server stopping).
    func cancelAll() {
        for flight in inFlight.values {
            flight.budget.cancel()
            flight.waiters = []
        }
        inFlight = [:]
        for waiter in Array(waiting.keys) { answer(waiter, RenderedPage.abandoned) }
    }

    /// The computation `id` of `key` is done: its waiters get the page (a
    /// cancelled computation has none left), and the cache keeps it.
    private func finish(_ key: String, _ id: Int, _ page: RenderedPage) {
        if let flight = inFlight[key], flight.number == id {
            inFlight[key] = nil
            for waiter in flight.waiters { answer(waiter, page) }
            flight.waiters = []
        }
        clock += 1
        if page.cacheable && page.byteCount <= byteBudget && entries[key] == nil {
            entries[key] = Entry(page: page, lastUse: clock)
            bytes += page.byteCount
            while entries.count > capacity || bytes > byteBudget,
                let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse })
            {
                bytes -= oldest.value.page.byteCount
                entries[oldest.key] = nil
            }
        }
    }

    var count: Int { entries.count }
    var storedBytes: Int { bytes }
    /// Pages computing now.
    var computing: Int { inFlight.count }
    /// Requests waiting for a computation now.
    var waitingCount: Int { waiting.count }
}

/// A response body computed for a view.
///
/// The bytes are kept in one `ByteBuffer`: every response of a cached page
/// sends that same storage (NIO writes it without copying), so a hundred slow
/// readers of a large page cost one copy of it, not a hundred.
struct RenderedPage: Sendable {
    var status: Int = 200
    var contentType: String = "text/html; charset=utf-8"
    /// The body, shared by every response that sends it.
    var buffer: ByteBuffer
    /// With ``replacingFirst(_:within:with:)``: slices of `buffer` around the
    /// new bytes, sent in turn (the page itself is not copied).
    private var spliced: [ByteBuffer]? = nil
    /// The buffers a response sends, in order.
    var buffers: [ByteBuffer] { spliced ?? [buffer] }
    /// The body's bytes (a copy).
    var body: [UInt8] {
        get { spliced.map { $0.flatMap { Array($0.readableBytesView) } } ?? Array(buffer.readableBytesView) }
        set {
            buffer = ByteBuffer(bytes: newValue)
            spliced = nil
        }
    }
    /// Whether the page may be reused for the same query.
    var cacheable = true
    /// `Content-Disposition`, for downloads.
    var disposition: String? = nil
    /// The source files the page shows (Source pages), as found on disk.
    var sourceFiles: [String] = []

    init(
        status: Int = 200, contentType: String = "text/html; charset=utf-8", body: [UInt8], cacheable: Bool = true,
        disposition: String? = nil
    ) {
        self.status = status
        self.contentType = contentType
        self.buffer = ByteBuffer(bytes: body)
        self.cacheable = cacheable
        self.disposition = disposition
    }

    /// The page the views computed, in a buffer of its own.
    init(_ page: ViewPage) {
        self.init(
            status: page.status, contentType: page.contentType, body: page.body, cacheable: page.cacheable,
            disposition: page.disposition)
        self.sourceFiles = page.sourceFiles
    }

    var byteCount: Int { buffers.reduce(0) { $0 + $1.readableBytes } }

    /// This page with the first `marker` among its first `limit` bytes
    /// replaced by `text` (unchanged when there is none). The rest of the
    /// body stays the cached page's storage: a per-request part of a large
    /// page costs its own bytes, not a copy of the page.
    func replacingFirst(_ marker: [UInt8], within limit: Int, with text: String) -> RenderedPage {
        var rest = spliced == nil ? buffer : ByteBuffer(bytes: body)
        let view = rest.readableBytesView
        guard let found = view.prefix(limit).firstRange(of: marker) else { return self }
        guard let head = rest.readSlice(length: found.lowerBound - view.startIndex) else { return self }
        rest.moveReaderIndex(forwardBy: marker.count)
        var page = self
        page.spliced = [head, ByteBuffer(string: text), rest]
        return page
    }

    /// What a request that stopped waiting gets (its client is gone).
    static let abandoned = RenderedPage(
        status: 503, contentType: "text/plain; charset=utf-8", body: Array("request cancelled\n".utf8), cacheable: false)
}
