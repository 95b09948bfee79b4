/// Rendered pages by (view, canonical query): the profile never changes while
/// the server runs, so a page is computed once. Least recently used pages are
/// dropped beyond `capacity` pages or `byteBudget` bytes.
actor PageCache {
    struct Entry {
        var page: RenderedPage
        var lastUse: UInt64
    }

    private var entries: [String: Entry] = [:]
    private var clock: UInt64 = 0
    private var inFlight: [String: Task<RenderedPage, Never>] = [:]
    private var bytes = 0
    let capacity: Int
    let byteBudget: Int

    init(capacity: Int = 128, byteBudget: Int = 64 << 20) {
        self.capacity = capacity
        self.byteBudget = byteBudget
    }

    /// The cached page for `key`, or the result of `make`, computed once even
    /// when several requests for the same page arrive together.
    func page(for key: String, make: @escaping @Sendable () async -> RenderedPage) async -> RenderedPage {
        clock += 1
        if var entry = entries[key] {
            entry.lastUse = clock
            entries[key] = entry
            return entry.page
        }
        if let task = inFlight[key] {
            return await task.value
        }
        let task = Task { await make() }
        inFlight[key] = task
        let page = await task.value
        inFlight[key] = nil
        if page.cacheable && page.body.count <= byteBudget {
            entries[key] = Entry(page: page, lastUse: clock)
            bytes += page.body.count
            while entries.count > capacity || bytes > byteBudget,
                let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse })
            {
                bytes -= oldest.value.page.body.count
                entries[oldest.key] = nil
            }
        }
        return page
    }

    var count: Int { entries.count }
    var storedBytes: Int { bytes }
}

/// A response body computed for a view.
struct RenderedPage: Sendable {
    var status: Int = 200
    var contentType: String = "text/html; charset=utf-8"
    var body: [UInt8]
    /// Whether the page may be reused for the same query.
    var cacheable = true
    /// `Content-Disposition`, for downloads.
    var disposition: String? = nil
}
