import SwprofCore

/// The web UI's views, in menu order.
public enum WebView: String, CaseIterable, Sendable {
    case top, graph, flamegraph, peek, source
    /// Growth over snapshots; only with `-trend`.
    case trend
    /// Goroutines grouped by stack; only for goroutine profiles.
    case goroutines
    /// Instructions with their samples; in the menu when a binary is at hand.
    case disasm

    /// The views every profile has, in menu order.
    public static let reportViews: [WebView] = [.top, .graph, .flamegraph, .peek, .source]

    public var title: String {
        switch self {
        case .top: "Top"
        case .graph: "Graph"
        case .flamegraph: "Flame Graph"
        case .peek: "Peek"
        case .source: "Source"
        case .trend: "Trend"
        case .goroutines: "Goroutines"
        case .disasm: "Disassemble"
        }
    }

    /// The URL path of the view.
    public var path: String { "/ui/" + rawValue }
}

/// What the header of every page shows: view menu, sample-type menu,
/// granularity, refine menu, search box, legend and active filters.
public struct PageHeader: Sendable {
    public var view: WebView
    public var query: WebQuery
    /// The profile's name and type, for the browser tab: "leaky.bin inuse_space".
    public var title: String
    /// The names `si` may take, and the one in use.
    public var sampleTypes: [String]
    public var sampleType: String
    /// The granularity in use (pprof's `g`).
    public var granularity: String
    /// Legend lines from the report ("File: …", "Type: …", "Time: …", …).
    public var legend: [String]
    /// Problems to show above the view (bad regexp, no matches, …).
    public var errors: [String]
    /// Whether a base profile is loaded (`-base`/`-diff_base`).
    public var isComparison: Bool
    /// For sources fetched over HTTP: the snapshot shown, for the Refresh
    /// and "Compare with previous" links. Nil for files (no links).
    public var live: LiveSnapshotLinks?
    /// The views in the menu (Trend joins them with `-trend`).
    public var views: [WebView] = WebView.reportViews
    /// Trusted markup for the Config menu (usually ``ConfigMenu/marker``).
    public var configs = ""
    /// Whether `view` is marked current in the menu; false on error pages,
    /// which show the views and search but no options or legend.
    public var marksView = true

    public init(
        view: WebView, query: WebQuery, title: String, sampleTypes: [String], sampleType: String,
        granularity: String, legend: [String], errors: [String] = [], isComparison: Bool = false,
        live: LiveSnapshotLinks? = nil
    ) {
        self.view = view
        self.query = query
        self.title = title
        self.sampleTypes = sampleTypes
        self.sampleType = sampleType
        self.granularity = granularity
        self.legend = legend
        self.errors = errors
        self.isComparison = isComparison
        self.live = live
    }

    /// Human names of the refine parameters, in menu order.
    public static let refineActions: [(parameter: QueryParameter, title: String)] = [
        (.focus, "Focus"), (.ignore, "Ignore"), (.hide, "Hide"), (.show, "Show"), (.showFrom, "Show from"),
    ]

    static let filterTitles: [QueryParameter: String] = [
        .focus: "focus", .ignore: "ignore", .hide: "hide", .show: "show", .showFrom: "show from", .tagFocus: "tag focus",
        .tagIgnore: "tag ignore", .tagShow: "tag show", .tagHide: "tag hide", .pruneFrom: "prune from", .pivot: "pivot",
    ]

    /// The template context for the header part of `page.mustache`, its links
    /// made by `links`.
    func context(links: PageLinks) -> [String: Any] {
        let views: [[String: Any]] = self.views.map { item in
            ["name": item.title, "link": links.attribute(query.url(item.path)), "current": marksView && item == view]
        } + [["name": "Download", "link": links.attribute("/ui/download"), "current": false, "download": true]]

        let sampleTypeLinks: [[String: Any]] = sampleTypes.map { name in
            ["name": name, "link": links.attribute(query.setting(.sampleIndex, name).url(view.path)), "current": name == sampleType]
        }
        let granularities: [[String: Any]] = ["functions", "filefunctions", "files", "lines", "addresses"].map { name in
            ["name": name, "link": links.attribute(query.setting(.granularity, name).url(view.path)), "current": name == granularity]
        }
        let hiddenForSearch = query.removing([.search]).items.map { ["name": $0.name, "value": $0.value] }
        let hiddenForRefine = query.removing([.refine, .refineExpression]).items.map { ["name": $0.name, "value": $0.value] }
        let refine: [[String: Any]] = Self.refineActions.map { ["parameter": $0.parameter.rawValue, "title": $0.title] }

        var filters: [[String: Any]] = []
        for item in query.items where !item.value.isEmpty {
            guard let parameter = QueryParameter(rawValue: item.name), let title = Self.filterTitles[parameter] else { continue }
            filters.append([
                "title": title, "value": item.value, "removeLink": links.attribute(query.setting(parameter, nil).url(view.path)),
            ])
        }
        var context: [String: Any] = [
            "title": title, "viewTitle": view.title, "view": view.rawValue, "path": links.href(view.path) ?? view.path,
            "static": links.isStatic, "stylesheet": links.stylesheet, "brandLink": links.attribute("/ui/"),
            "views": views, "sampleTypes": sampleTypeLinks, "sampleType": sampleType,
            "hasSampleTypes": sampleTypes.count > 1,
            "granularities": granularities, "granularity": granularity,
            "searchHidden": hiddenForSearch, "q": query[.search] ?? "",
            "refineHidden": hiddenForRefine, "refine": refine,
            "resetLink": links.attribute(query.removing(WebQuery.filterNames.union([.pivot, .search])).url(view.path)),
            "legend": legend, "filters": filters, "hasFilters": !filters.isEmpty, "errors": errors,
            "configs": configs, "errorPage": !marksView,
        ]
        if view == .goroutines {
            // Groups are identical stacks of file:line frames: the menu would change nothing.
            context["granularityFixed"] = "Goroutines are grouped by identical stacks of file:line frames"
        }
        // Only the views that draw base and new apart offer the toggle.
        if isComparison && (view == .flamegraph || view == .top) {
            let sideBySide = query[.layout] == "side"
            context["comparison"] = [
                "link": links.attribute(query.setting(.layout, sideBySide ? nil : "side").url(view.path)),
                "label": sideBySide ? "Show difference" : "Base and new side by side",
            ]
        }
        if let live {
            context["live"] = live.context(view: view, query: query, links: links)
        }
        return context
    }
}
