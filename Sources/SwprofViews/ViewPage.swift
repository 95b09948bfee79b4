/// A page the views computed: status, content type and bytes. The server
/// sends it (from its cache, see the server's `RenderedPage`); the static
/// site writes it to a file.
package struct ViewPage: Sendable {
    package var status: Int = 200
    package var contentType: String = "text/html; charset=utf-8"
    package var body: [UInt8]
    /// Whether the page may be reused for the same query.
    package var cacheable = true
    /// `Content-Disposition`, for downloads.
    package var disposition: String? = nil
    /// The source files the page shows (Source pages), as found on disk.
    package var sourceFiles: [String] = []

    package init(
        status: Int = 200, contentType: String = "text/html; charset=utf-8", body: [UInt8], cacheable: Bool = true,
        disposition: String? = nil
    ) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.cacheable = cacheable
        self.disposition = disposition
    }
}
