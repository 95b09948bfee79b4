import SwprofCore
import SwprofRender

/// The Graph view: the call graph laid out by Graphviz, each node a link that
/// focuses on its function, search matches filled as pprof fills them.
enum GraphView: PageView {
    /// The fill of graph nodes that match the search (as pprof fills them).
    static let searchMatchFill = "#f5a8f0"

    static func content(of ui: WebUI, query: WebQuery, search: Pattern?) -> ViewContent {
        let context = ViewContext(input: ui.input, base: ui.config, query: query, command: .svg)
        var content = ViewContent(context)
        guard let report = context.report else { return content }
        let (graph, dotConfig) = report.dotGraph()
        content.legend = ViewContext.headerLegend(dotConfig.labels)
        var svg: String? = nil
        if !graph.nodeIDs.isEmpty {
            let links = ui.links(context)
            var attributes: [Int: DotNodeAttributes] = [:]
            for id in graph.nodeIDs {
                var attribute = DotNodeAttributes()
                let name = graph[node: id].printableName
                attribute.url = ui.renderer.links.graphNode(links.focus(name, view: .graph)).map(GraphPage.nodeURL) ?? ""
                if let search, search.matches(name) {
                    attribute.bold = true
                    attribute.peripheries = 2
                    attribute.fillColor = searchMatchFill
                }
                attributes[id] = attribute
            }
            var labelless = dotConfig
            labelless.labels = []  // the legend is in the page header
            do {
                let dot = graph.dot(config: labelless, attributes: attributes)
                try WorkBudget.checkpoint()
                svg = try Graphviz.svg(fromDOT: dot)
            } catch {
                content.errors.append("\(error)")
            }
        }
        var page = GraphPage(svg: svg)
        page.emptyMessage = context.emptyMessage
        content.body = page.body(renderer: ui.renderer)
        return content
    }
}
