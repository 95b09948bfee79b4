import SwprofCore
import SwprofRender

/// The Peek view: pprof's web Peek (lines granularity unless `g` is given)
/// at the callers and callees of the functions matching `f`; without a
/// pattern, of the heaviest `n` functions.
enum PeekView: PageView {
    static func content(of ui: WebUI, query: WebQuery, search: Pattern?) -> ViewContent {
        let pattern = query[.focus]
        let context = ViewContext(input: ui.input, base: ui.config, query: query, command: .peek, argument: pattern) { config in
            if query[.granularity] == nil { config.granularity = .lines }
        }
        var content = ViewContent(context)
        if let report = context.report {
            // Without a pattern (or with a broad one) every function is an
            // entry: the heaviest `n` of them.
            let rows = ui.limits.rows(query)
            let tree = report.treeReport(heaviest: rows)
            content.legend = ViewContext.headerLegend(tree.legend)
            var page = PeekPage(report: tree, links: ui.links(context), pattern: pattern, search: search)
            page.moreHref = query.setting(.nodeCount, String(PageLimits.more(than: rows))).url(WebView.peek.path)
            content.body = page.body(renderer: ui.renderer)
        }
        return content
    }
}
