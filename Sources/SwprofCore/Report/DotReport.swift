extension Report {
    /// The trimmed graph and the DOT settings pprof uses for it (legend with
    /// full headers, values in the chosen unit).
    public func dotGraph() -> (graph: Graph, config: DotConfig) {
        var prepared = preparedProfile(for: .dot)
        let trimmed = trimmedGraph(&prepared, format: .dot)
        var config = DotConfig()
        config.title = options.title
        config.labels = legend(for: trimmed, fullHeaders: true, includeDroppedEdges: true)
        let f = trimmed.formatter
        config.formatValue = { f.format($0) }
        config.total = total
        return (trimmed.graph, config)
    }

    /// The call graph in Graphviz DOT, as `go tool pprof -dot` writes it.
    public func dot() -> String {
        let (graph, config) = dotGraph()
        return graph.dot(config: config)
    }
}
