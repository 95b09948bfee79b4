/// The web UI's files from web/static and web/templates, embedded in the
/// binary at build time (SwiftPM `embedInCode`), so an installed swprof reads
/// nothing from disk to serve its UI.
public enum WebAssets {
    /// A static file served under `/ui/static/NAME`.
    public struct File: Sendable {
        public let bytes: [UInt8]
        public let contentType: String
    }

    /// Static files by name.
    public static let files: [String: File] = [
        "style.css": File(bytes: PackageResources.style_css, contentType: "text/css; charset=utf-8"),
        "swprof.js": File(bytes: PackageResources.swprof_js, contentType: "text/javascript; charset=utf-8"),
    ]

    /// Mustache templates by name (file name without `.mustache`).
    public static let templates: [String: String] = [
        "page": String(decoding: PackageResources.page_mustache, as: UTF8.self),
        "flamegraph": String(decoding: PackageResources.flamegraph_mustache, as: UTF8.self),
        "top": String(decoding: PackageResources.top_mustache, as: UTF8.self),
        "graph": String(decoding: PackageResources.graph_mustache, as: UTF8.self),
        "peek": String(decoding: PackageResources.peek_mustache, as: UTF8.self),
        "source": String(decoding: PackageResources.source_mustache, as: UTF8.self),
        "trend": String(decoding: PackageResources.trend_mustache, as: UTF8.self),
        "goroutines": String(decoding: PackageResources.goroutines_mustache, as: UTF8.self),
    ]
}
