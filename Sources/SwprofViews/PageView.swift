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

    /// The start of a view of the functions matching `f` (Source, Disassemble):
    /// the content with the basic legend, and its report when there is one and
    /// `f` is given (else the caller shows its index of functions).
    static func ofMatchingFunctions(_ ui: WebUI, query: WebQuery, command: ReportCommand) -> (ViewContent, Report?) {
        let context = ViewContext(input: ui.input, base: ui.config, query: query, command: command, argument: query[.focus])
        var content = ViewContent(context)
        content.legend = context.basicLegend
        return (content, query[.focus] == nil ? nil : context.report)
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
        case .disasm: DisassemblyView.self
        }
    }
}
