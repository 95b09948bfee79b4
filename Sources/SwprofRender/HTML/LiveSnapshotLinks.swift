import Foundation
import SwprofCore

/// The header's links for a profile fetched over HTTP: "Refresh" fetches the
/// sources again, "Compare with previous" shows the newest snapshot against
/// the one before it (as `-base` would), selected by the `prev` URL parameter.
public struct LiveSnapshotLinks: Sendable {
    /// The URL parameter that asks for the newest snapshot against the previous one.
    public static let compareParameter = QueryParameter.previous
    /// The path prefix of the refresh route: `/ui/refresh/VIEW?QUERY`.
    public static let refreshPath = "/ui/refresh/"

    /// Which snapshot is the newest (1 for the first fetch).
    public var snapshot: Int
    /// When the newest snapshot was fetched.
    public var fetched: Date
    /// Whether there is an older snapshot to compare with.
    public var hasPrevious: Bool
    /// Whether the page shows the newest snapshot against the previous one.
    public var comparingPrevious: Bool
    /// False when the sources are already compared with `-base`/`-diff_base`:
    /// no "Compare with previous" then.
    public var canCompare: Bool

    public init(snapshot: Int, fetched: Date, hasPrevious: Bool, comparingPrevious: Bool, canCompare: Bool = true) {
        self.snapshot = snapshot
        self.fetched = fetched
        self.hasPrevious = hasPrevious
        self.comparingPrevious = comparingPrevious
        self.canCompare = canCompare
    }

    /// Whether `query` asks for the comparison with the previous snapshot.
    public static func wantsPrevious(_ query: WebQuery) -> Bool {
        guard let value = query[compareParameter] else { return false }
        return !["", "0", "false"].contains(value)
    }

    /// The template context of the links on `view` with `query`.
    func context(view: WebView, query: WebQuery, links: PageLinks) -> [String: Any] {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "HH:mm:ss"
        var snapshotText = "Snapshot \(snapshot), fetched \(formatter.string(from: fetched))"
        if comparingPrevious { snapshotText = "Snapshot \(snapshot) − snapshot \(snapshot - 1)" }
        var context: [String: Any] = [
            "refreshHref": links.href(query.url(Self.refreshPath + view.rawValue)) ?? "",
            "snapshot": snapshotText,
        ]
        if comparingPrevious {
            context["compare"] = [
                "link": links.attribute(query.setting(Self.compareParameter, nil).setting(.layout, nil).url(view.path)),
                "label": "Show newest only", "current": true,
            ]
        } else if hasPrevious {
            context["compare"] = [
                "link": links.attribute(query.setting(Self.compareParameter, "1").url(view.path)), "label": "Compare with previous",
            ]
        } else if canCompare {
            context["compareDisabled"] = "Compare with previous"
        }
        return context
    }
}
