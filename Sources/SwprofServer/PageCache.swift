import NIOCore

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
        if page.cacheable && page.byteCount <= byteBudget {
            entries[key] = Entry(page: page, lastUse: clock)
            bytes += page.byteCount
            while entries.count > capacity || bytes > byteBudget,
                let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse })
            {
                bytes -= oldest.value.page.byteCount
                entries[oldest.key] = nil
            }
        }
        return page
    }

    var count: Int { entries.count }
    var storedBytes: Int { bytes }
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
    /// The body's bytes (a copy).
    var body: [UInt8] {
        get { Array(buffer.readableBytesView) }
        set { buffer = ByteBuffer(bytes: newValue) }
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

    var byteCount: Int { buffer.readableBytes }
}
