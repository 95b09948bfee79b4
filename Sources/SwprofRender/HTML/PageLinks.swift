import SwprofCore

/// Where a rendered page's links lead.
///
/// Pages name the pages they link to by the server's URLs (`/ui/top?si=…`,
/// `/trace/mmu`); a `PageLinks` turns such a URL into what the page is
/// rendered with:
/// - on the server, the URL itself, with the `/ui/` pages of a trace's
///   blocking profile moved under their prefix (`/trace/sync/ui/top`);
/// - in a static site (`swprof -html=DIR`), the relative name of the file the
///   page was written to, or no link at all when that page was not written.
///   A static page also leaves out its script and forms, which nothing could
///   answer, and takes its style sheet from beside it.
public struct PageLinks: Sendable {
    /// A static site's pages: the server URL each written file holds.
    public struct Site: Sendable {
        /// Server URL → file name relative to the page being rendered.
        public var files: [String: String]
        /// The file being rendered (a link to it from a toggle is no link).
        public var current: String
        /// Graph nodes' links (focus on a function) → a page to open instead
        /// (the function's Source page).
        public var graphNodes: [String: String]
        /// The style sheet's file name, relative to the page.
        public var stylesheet: String

        public init(files: [String: String], current: String, graphNodes: [String: String] = [:], stylesheet: String = "style.css") {
            self.files = files
            self.current = current
            self.graphNodes = graphNodes
            self.stylesheet = stylesheet
        }
    }

    /// The prefix of `/ui/` pages on the server (empty but for a trace's profiles).
    public private(set) var prefix = ""
    /// Set for a static site.
    public private(set) var site: Site?

    /// The server's links, `/ui/` pages under `prefix` (e.g. `/trace/sync`).
    public static func server(prefix: String = "") -> PageLinks {
        var links = PageLinks()
        links.prefix = prefix
        return links
    }

    /// A static site's links.
    public static func staticSite(_ site: Site) -> PageLinks {
        var links = PageLinks()
        links.site = site
        return links
    }

    public var isStatic: Bool { site != nil }

    /// The style sheet's URL.
    public var stylesheet: String { site?.stylesheet ?? "/ui/static/style.css" }

    /// The `href` for the server URL `url`, or nil when the page has no
    /// such page to link to (a static site's unwritten page).
    public func href(_ url: String) -> String? {
        guard let site else {
            return prefix.isEmpty || !url.hasPrefix("/ui/") || url.hasPrefix("/ui/static/") ? url : prefix + url
        }
        if url.hasPrefix("#") { return url }
        return Self.file(for: url, in: site)
    }

    /// The link of a Graph node: in a static site, the function's Source page.
    public func graphNode(_ url: String) -> String? {
        site?.graphNodes[url] ?? href(url)
    }

    /// The link as an attribute of `<a>`: `href="…"` (escaped), or
    /// `data-no-link=""` when there is no page to link to.
    public func attribute(_ url: String?, name: String = "href") -> String {
        guard let url, let target = href(url) else { return "data-no-link=\"\"" }
        return name + "=\"" + Escape.html(target) + "\""
    }

    /// The written file for `url`. `palette` and `layout` only change how the
    /// flame graph looks: a link that differs from a written page by these
    /// alone goes to that page (Top from the colour-blind flame graph is plain
    /// `top.html`), unless that is the page itself (a toggle whose page was
    /// not written).
    static func file(for url: String, in site: Site) -> String? {
        if let file = site.files[url] { return file }
        let parts = url.split(separator: "?", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        let query = WebQuery(parsing: String(parts[1]))
        // Fewest parameters dropped first: the side-by-side toggle of the
        // colour-blind page is the side-by-side page, not the plain one.
        for dropped in [[.palette], [.layout], [.palette, .layout]] as [Set<QueryParameter>] {
            guard let file = site.files[query.removing(dropped).url(String(parts[0]))] else { continue }
            let flame: Set = ["index.html", "flamegraph.html"]  // the same page twice
            let isSelf = file == site.current || (flame.contains(file) && flame.contains(site.current))
            return isSelf ? nil : file
        }
        return nil
    }
}
