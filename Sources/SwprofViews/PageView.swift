import SwprofCore
import SwprofRender

/// One view of the web UI (one type per ``WebView``): what it prepares and
/// what its page holds. ``WebUI/render(view:query:)`` picks the type in an
/// exhaustive switch and wraps the content in the page with its header.
protocol PageView {
    /// The view's content for `query`; `search` is the compiled `q` pattern.
    static func content(of ui: WebUI, query: WebQuery, search: Pattern?) -> ViewContent
}

/// What a view puts in its page: the body, and for the header the prepared
/// context (title, sample types, granularity), legend lines and errors.
struct ViewContent {
    var context: ViewContext
    var errors: [String]
    var legend: [String] = []
    var body = ""
    /// The source files the page shows (Source pages), as found on disk.
    var sourceFiles: [String] = []

    init(_ context: ViewContext) {
        self.context = context
        self.errors = context.errors
    }
}

extension WebView {
    /// The type that computes this view's page.
    var pageView: any PageView.Type {
        switch self {
        case .top: TopView.self
        case .graph: GraphView.self
        case .flamegraph: FlameGraphView.self
        case .peek: PeekView.self
        case .source: SourceView.self
        case .trend: TrendView.self
        case .goroutines: GoroutinesView.self
        }
    }
}
