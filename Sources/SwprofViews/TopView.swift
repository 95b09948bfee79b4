import SwprofCore
import SwprofRender

/// The Top view: pprof's web Top (up to 500 rows), and with a base and
/// `cmp=side` the base's and the new profile's columns side by side.
enum TopView: PageView {
    static func content(of ui: WebUI, query: WebQuery, search: Pattern?) -> ViewContent {
        // pprof's web Top shows up to 500 rows.
        let context = ViewContext(input: ui.input, base: ui.config, query: query, command: .top) { config in
            if config.nodeCount == -1 { config.nodeCount = 500 }
        }
        var content = ViewContent(context)
        if let report = context.report {
            let top = report.topReport()
            content.legend = ViewContext.headerLegend(top.legend)
            var page = TopPage(report: top, links: ui.links(context), search: search)
            page.emptyMessage = context.emptyMessage
            if query[.layout] == "side", let sides = sides(ui, context) {
                page.sides = sides
            }
            content.body = page.body(renderer: ui.renderer)
        }
        return content
    }

    /// With a base, `cmp=side` on Top: each function's flat and cum in the
    /// base and in the new profile (same options on each side), by name.
    static func sides(_ ui: WebUI, _ context: ViewContext) -> TopPage.Sides? {
        guard let comparison = ui.input.comparison else { return nil }
        func rows(_ profile: Profile) -> [String: TopRow]? {
            let side = ViewContext(
                input: .init(profile: profile, name: ui.input.name), base: ui.config, query: context.query, command: .top
            ) {
                $0.trim = false
            }
            guard let report = side.report else { return nil }
            var byName: [String: TopRow] = [:]
            for row in report.topReport().rows { byName[row.name] = row }
            return byName
        }
        guard let base = rows(comparison.base), let new = rows(comparison.new) else { return nil }
        return TopPage.Sides(base: base, new: new, formatter: context.formatter)
    }
}
