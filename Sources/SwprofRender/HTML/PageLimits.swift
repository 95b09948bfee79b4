/// How far the web UI lets one page go: the time it may compute
/// (`-http_deadline`) and how many rows a list that grows with the profile
/// shows before "show more" (Peek without a pattern, the Source index,
/// Trend). The URL's `n` asks for more rows, up to `maximumRows`.
public struct PageLimits: Sendable {
    /// Seconds one page may compute before it is stopped; nil: no limit.
    public var seconds: Double?
    /// Rows shown when the URL has no `n`.
    public var defaultRows: Int
    /// The most rows a page shows, whatever `n` says.
    public var maximumRows: Int

    public init(seconds: Double? = 20, defaultRows: Int = 50, maximumRows: Int = 2000) {
        self.seconds = seconds
        self.defaultRows = defaultRows
        self.maximumRows = maximumRows
    }

    /// The rows to show for `query` (its `n` when it is a positive number).
    public func rows(_ query: WebQuery, default fallback: Int? = nil) -> Int {
        guard let text = query[.nodeCount], let n = Int(text), n > 0 else { return fallback ?? defaultRows }
        return min(n, maximumRows)
    }

    /// The `n` of a "show more" link from a page showing `rows`.
    public static func more(than rows: Int) -> Int {
        rows > Int.max / 4 ? rows : max(rows, 1) * 4
    }
}
