import SwprofCore

/// The Goroutines view: Core's ``GoroutineGroups``, one block per distinct
/// stack with its goroutine count, states and longest wait, largest first;
/// each frame links to its source. Groups compared with a base (see
/// ``GoroutineGroups/comparing(against:)``) also show their change.
public struct GoroutinesPage {
    public var groups: GoroutineGroups
    public var links: FunctionLinks
    /// Groups shown; the rest are counted below (0: all).
    public var limit: Int
    /// The `q` search: only groups with a matching frame are shown, the
    /// matching frames highlighted.
    public var search: Pattern?

    public init(groups: GoroutineGroups, links: FunctionLinks, limit: Int = 200, search: Pattern? = nil) {
        self.groups = groups
        self.links = links
        self.limit = limit
        self.search = search
    }

    /// The body markup, rendered with `renderer`'s templates.
    public func body(renderer: PageRenderer) -> String {
        renderer.render("goroutines", context(site: renderer.links))
    }

    func context(site: PageLinks = .server()) -> [String: Any] {
        var matching = groups.groups
        if let search {
            matching = matching.filter { group in group.frames.contains { search.matches($0.function) } }
        }
        let shown = limit > 0 ? Array(matching.prefix(limit)) : matching
        let contexts: [[String: Any]] = shown.enumerated().map { index, group in
            var context: [String: Any] = [
                "count": "\(group.count)", "noun": group.count == 1 ? "goroutine" : "goroutines",
                "leaf": group.owner?.function ?? "(no stack recorded)", "open": index < 3,
                // Dumps show their states; profiles without states get the reason read from the stack.
                "reason": group.states.isEmpty ? (group.waitReason ?? "") : "",
                "states": group.states.map { ["state": $0.state, "count": "\($0.count)", "many": group.states.count > 1] },
                "frames": group.frames.map { frame -> [String: Any] in
                    [
                        "function": frame.function, "file": frame.file, "line": frame.line > 0 ? "\(frame.line)" : "",
                        "sourceLink": site.attribute(links.source(frame.function)),
                        "matched": search?.matches(frame.function) ?? false,
                    ]
                },
                "createdBy": group.createdBy,
            ]
            if !group.ids.isEmpty {
                let shown = group.ids.prefix(Self.idLimit).map(String.init).joined(separator: ", ")
                let more = group.ids.count > Self.idLimit ? " and \(group.ids.count - Self.idLimit) more" : ""
                context["ids"] = [
                    "summary": group.ids.count == 1 ? "Goroutine ID" : "\(group.ids.count) goroutine IDs", "list": shown + more,
                ]
            }
            if let change = group.change {
                context["change"] = change == 0 ? "unchanged" : Self.signed(change) + " since the base"
                context["grew"] = change > 0
            }
            if let wait = group.longestWaitMinutes, wait > 0 {
                context["wait"] = wait == 1 ? "1 minute" : "\(wait) minutes"
            }
            return context
        }
        var context: [String: Any] = [
            "summary": Self.summary(groups),
            "groups": contexts, "hasGroups": !contexts.isEmpty,
        ]
        if let search {
            let count = matching.reduce(Int64(0)) { $0 &+ $1.count }
            context["searchNote"] = "\(matching.count) of \(groups.groups.count) stacks (\(count) goroutines) have a frame matching \(search.source)."
        }
        if shown.count < matching.count {
            context["more"] = "\(matching.count - shown.count) more stacks not shown."
            context["moreLink"] = site.attribute(
                links.query.setting(.nodeCount, String(PageLimits.more(than: limit))).url(WebView.goroutines.path))
        }
        return context
    }

    /// Goroutine IDs listed per group; the rest are counted.
    public static let idLimit = 500

    /// `N goroutines in M distinct stacks`, singular where it is one.
    static func summary(_ groups: GoroutineGroups) -> String {
        let goroutines = groups.total == 1 ? "1 goroutine" : "\(groups.total) goroutines"
        let stacks = groups.groups.count == 1 ? "1 distinct stack" : "\(groups.groups.count) distinct stacks"
        var change = ""
        if let total = groups.totalChange {
            change = " (\(signed(total)) since the base"
            if groups.vanished > 0 {
                change += "; \(groups.vanished) on stacks since gone"
            }
            change += ")"
        }
        return "\(goroutines) in \(stacks)\(change), largest groups first."
    }

    /// `+3`, `−2` (a minus sign), `0`.
    static func signed(_ value: Int64) -> String {
        value > 0 ? "+\(value)" : value < 0 ? "−\(value.magnitude)" : "0"
    }
}
