import SwprofCore
import SwprofRender

/// The Trend view (with `-trend`): Core's ranking of the snapshots for the
/// page's options (sample type, filters), with `stacks=1` ranking whole stacks.
enum TrendView: PageView {
    static func content(of ui: WebUI, query: WebQuery, search: Pattern?) -> ViewContent {
        let context = ViewContext(input: ui.input, base: ui.config, query: query, command: .top)
        var content = ViewContent(context)
        content.legend = context.basicLegend
        guard let snapshots = ui.input.trend else {
            content.body = "<p class=\"empty\">No trend here: start swprof with <code>-trend</code> and two or more profiles "
                + "(<code>swprof -http=:8080 -trend heap.1 heap.2 heap.3</code>).</p>"
            return content
        }
        do {
            let report = try TrendReport(snapshots: snapshots, config: context.config, stacks: context.query[.stacks] == "1")
            content.body = TrendPage(report: report, links: ui.links(context), limit: ui.limits.rows(context.query, default: 100))
                .body(renderer: ui.renderer)
        } catch let error as ProfileError {
            content.errors.append(error.description)
        } catch {
            content.errors.append("\(error)")
        }
        return content
    }
}
