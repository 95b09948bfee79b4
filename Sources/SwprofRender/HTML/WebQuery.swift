import SwprofCore

/// The query of a web UI URL: pprof's parameter names (`f i h s sf si tf ti g
/// sort n nf ef`) plus swprof's own (`p` flame graph pivot, `q` search,
/// `cmp` comparison layout), read and written by ``QueryParameter``. An
/// ordered list, so links keep the order the user's URL had.
public struct WebQuery: Sendable, Hashable {
    public struct Item: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public private(set) var items: [Item]

    public init(_ items: [Item] = []) {
        self.items = items
    }

    /// Parses a raw (percent-encoded) query string, without the `?`.
    public init(parsing raw: String) {
        var items: [Item] = []
        for pair in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Escape.decodeQueryComponent(parts[0])
            let value = parts.count > 1 ? Escape.decodeQueryComponent(parts[1]) : ""
            if name.isEmpty { continue }
            items.append(Item(name: name, value: value))
        }
        self.items = items
    }

    /// The first value of `parameter`, as Go's `url.Values.Get` (empty counts as absent).
    public subscript(_ parameter: QueryParameter) -> String? {
        self[raw: parameter.rawValue]
    }

    /// The first value of the parameter called `name`, known or not.
    public subscript(raw name: String) -> String? {
        guard let value = items.first(where: { $0.name == name })?.value, !value.isEmpty else { return nil }
        return value
    }

    /// This query with `parameter` set to `value` (replacing every earlier
    /// value, at the place of the first one), or removed when `value` is nil or empty.
    public func setting(_ parameter: QueryParameter, _ value: String?) -> WebQuery {
        let name = parameter.rawValue
        var copy = self
        let index = copy.items.firstIndex { $0.name == name }
        copy.items.removeAll { $0.name == name }
        if let value, !value.isEmpty {
            copy.items.insert(Item(name: name, value: value), at: min(index ?? copy.items.count, copy.items.count))
        }
        return copy
    }

    /// This query without any of `parameters`.
    public func removing(_ parameters: Set<QueryParameter>) -> WebQuery {
        let names = Set(parameters.map(\.rawValue))
        return WebQuery(items.filter { !names.contains($0.name) })
    }

    /// The percent-encoded query string (no leading `?`), empty values dropped.
    public var encoded: String {
        items.filter { !$0.value.isEmpty }
            .map { Escape.queryComponent($0.name) + "=" + Escape.queryComponent($0.value) }
            .joined(separator: "&")
    }

    /// `path` with this query appended. Percent-encoded, not HTML-escaped.
    public func url(_ path: String) -> String {
        let query = encoded
        return query.isEmpty ? path : path + "?" + query
    }

    /// A key that is equal for queries with the same meaning: sorted by
    /// name, empty values dropped.
    public var canonical: String {
        items.filter { !$0.value.isEmpty }
            .sorted { $0.name != $1.name ? $0.name < $1.name : false }
            .map { Escape.queryComponent($0.name) + "=" + Escape.queryComponent($0.value) }
            .joined(separator: "&")
    }

    /// Every parameter a page reads: the report variables' URL names
    /// (``ReportConfig/variables``) and swprof's own (`p` pivot, `q` search,
    /// `cmp` layout, `palette`, `stacks` trend rows, `prev` live comparison,
    /// `refine`/`re` the refine form, `sort` Top's order, `w` the flame graph's width
    /// in pixels).
    public static let pageParameters: Set<QueryParameter> = Set(ReportConfig.variables.compactMap(\.urlParameter))
        .union([.pivot, .search, .layout, .palette, .stacks, .previous, .refine, .refineExpression, .sort, .width])

    /// The query as pages read it: for each parameter a page uses, its first
    /// value (what the subscript returns), dropped when that is empty; other
    /// parameters left out. Pages are rendered from, linked with and cached
    /// by this, so two URLs share a cached page only when the page would read
    /// the same values from both, and unknown parameters reach no link.
    public var normalized: WebQuery {
        var seen = Set<String>()
        var kept: [Item] = []
        for item in items
        where QueryParameter(rawValue: item.name).map(Self.pageParameters.contains) == true && seen.insert(item.name).inserted {
            if !item.value.isEmpty { kept.append(item) }
        }
        return WebQuery(kept)
    }

    /// The report options this query sets (pprof's `applyURL`): each
    /// variable with a URL parameter present, with its parameter and value.
    /// Top's `sort=name` is left out: it orders rows, it is no report option.
    public var reportSettings: [(variable: ReportConfig.Variable, parameter: QueryParameter, value: String)] {
        ReportConfig.variables.compactMap { variable in
            guard let parameter = variable.urlParameter, let value = self[parameter] else { return nil }
            if parameter == .sort && value == "name" { return nil }
            return (variable, parameter, value)
        }
    }

    /// The parameters that select or filter data (pprof's refine options).
    public static let filterNames: Set<QueryParameter> = [
        .focus, .ignore, .hide, .show, .showFrom, .tagFocus, .tagIgnore, .tagShow, .tagHide, .pruneFrom,
    ]
}
