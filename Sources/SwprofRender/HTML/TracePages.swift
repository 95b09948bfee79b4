import Foundation
import SwprofCore

/// The pages of the web UI for a Go execution trace that are not profile
/// views: the landing page and the goroutine analysis. Server-rendered HTML
/// that works without script; every name from the trace is escaped.
public enum TracePages {
    /// What the landing page tells about the trace.
    public struct Facts: Sendable {
        public var name: String
        public var version: Int
        public var duration: Int64
        public var events: Int
        public var goroutines: Int
        public var procs: Int
        public var gcCycles: Int
        public var userLogs: Int
        /// Set when only the trace's first part could be read.
        public var partial: String?
        public var tasks: Int
        public var regions: Int

        public init(name: String, version: Int, duration: Int64, events: Int, goroutines: Int, procs: Int,
                    gcCycles: Int, userLogs: Int, partial: String?, tasks: Int = 0, regions: Int = 0) {
            self.tasks = tasks
            self.regions = regions
            self.name = name
            self.version = version
            self.duration = duration
            self.events = events
            self.goroutines = goroutines
            self.procs = procs
            self.gcCycles = gcCycles
            self.userLogs = userLogs
            self.partial = partial
        }
    }

    /// The views each profile has, as (path under /ui/, title).
    static let views = WebView.reportViews.map { ($0.rawValue, $0.title) }

    static func document(links: PageLinks, title: String, body: String, style: String = "") -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(Escape.html(title))</title>
        <link rel="stylesheet" href="\(Escape.html(links.stylesheet))">
        <link rel="icon" href="data:,">
        <style>
        .trace-page{padding:0 1em 2em}.trace-page table{border-collapse:collapse;margin:.5em 0}
        .trace-page td,.trace-page th{border:1px solid #ccc;padding:.2em .6em;text-align:right}
        .trace-page td.name,.trace-page th.name{text-align:left}.trace-page dt{font-weight:bold;float:left;width:10em}
        .trace-page dd{margin-left:11em}.trace-page .warning{color:#a00}
        .trace-page .scroll{overflow-x:auto;max-width:100%}
        \(style)
        </style></head>
        <body><div class="trace-page">\(body)</div></body></html>

        """
    }

    /// `/trace`: the trace's facts and links to everything about it.
    public static func landing(_ f: Facts, links: PageLinks = .server()) -> String {
        var b = "<h1>Execution trace: \(Escape.html(f.name))</h1>\n"
        if let partial = f.partial {
            b += "<p class=\"warning\">\(Escape.html(partial))</p>\n"
        }
        b += "<dl>\n"
        b += "<dt>Format</dt><dd>Go 1.\(f.version)\(f.version < 22 ? " (the format before Go 1.22)" : "")</dd>\n"
        b += "<dt>Duration</dt><dd>\(Escape.html(TraceSummary.durationText(f.duration)))</dd>\n"
        b += "<dt>Events</dt><dd>\(f.events)</dd>\n"
        b += "<dt>Goroutines</dt><dd>\(f.goroutines)</dd>\n"
        b += "<dt>Procs</dt><dd>\(f.procs)</dd>\n"
        b += "<dt>GC cycles</dt><dd>\(f.gcCycles)</dd>\n"
        b += "<dt>User logs</dt><dd>\(f.userLogs)</dd>\n"
        b += "</dl>\n<h2>Timeline and utilization</h2>\n"
        b += "<p><a \(links.attribute("/trace/timeline"))>Timeline</a>: goroutines running on each proc, GC and stop-the-world "
        b += "pauses, zoomed and panned by links. <a \(links.attribute("/trace/mmu"))>Minimum mutator utilization</a>: the worst "
        b += "share of the procs left to the program for each window size.</p>\n"
        b += "<h2>User annotations</h2>\n<p><a \(links.attribute("/trace/tasks"))>Tasks</a> (\(f.tasks)) · "
        b += "<a \(links.attribute("/trace/regions"))>Regions</a> (\(f.regions)) · <a \(links.attribute("/trace/logs"))>Logs</a> (\(f.userLogs)): "
        b += "counts and latency distributions by type, each linking to its window in the timeline.</p>\n"
        b += "<h2>Goroutines</h2>\n"
        b += "<p><a \(links.attribute("/trace/goroutines"))>Goroutine analysis</a>: goroutines grouped by start function, "
        b += "with their time split into execution, waits and system calls.</p>\n"
        b += "<h2>Blocking profiles</h2>\n<table>\n<tr><th class=\"name\">Profile</th><th class=\"name\">Views</th></tr>\n"
        for kind in TraceProfileKind.allCases {
            let items = views.map { "<a \(links.attribute("/trace/\(kind.rawValue)/ui/\($0.0)"))>\($0.1)</a>" }.joined(separator: " · ")
            b += "<tr><td class=\"name\">\(Escape.html(kind.title)) (\(kind.rawValue))</td><td class=\"name\">\(items)</td></tr>\n"
        }
        b += "</table>\n<p>Each profile is what <code>go tool trace -pprof=KIND</code> writes: sample types "
        b += "contentions (waits begun at the stack) and delay (their time); "
        b += "<code>swprof -top -trace_profile=KIND TRACE</code> prints the same reports.</p>\n"
        return document(links: links, title: "swprof: \(f.name)", body: b)
    }

    /// The page for a path the trace's site does not have (404), with links
    /// to every page it has.
    public static func notFound(path: String, name: String, links: PageLinks = .server()) -> String {
        var b = "<h1>No page at \(Escape.html(path))</h1>\n<p>This server shows the trace "
        b += "<a \(links.attribute("/trace"))>\(Escape.html(name))</a>: its <a \(links.attribute("/trace/timeline"))>timeline</a>, "
        b += "<a \(links.attribute("/trace/mmu"))>MMU</a>, <a \(links.attribute("/trace/tasks"))>tasks</a>, <a \(links.attribute("/trace/regions"))>regions</a>, "
        b += "<a \(links.attribute("/trace/logs"))>logs</a>, <a \(links.attribute("/trace/goroutines"))>goroutine analysis</a> "
        b += "and the blocking profiles "
        b += TraceProfileKind.allCases.map { "<a \(links.attribute("/trace/\($0.rawValue)/ui/flamegraph"))>\($0.rawValue)</a>" }
            .joined(separator: " · ")
        b += ".</p>\n"
        return document(links: links, title: "swprof: no such page", body: b)
    }

    /// The columns of the goroutine analysis, as (query value, title).
    public static let columns: [(String, String)] = [
        ("total", "Total"), ("exec", "Execution"), ("net", "Network wait"), ("sync", "Sync block"),
        ("syscall", "Syscall"), ("sched", "Scheduler wait"), ("gc", "GC"), ("other", "Other wait"),
    ]

    /// One goroutine's (or group's) times per column.
    public struct Split: Sendable {
        public var values: [String: Int64] = [:]

        public init(_ g: TraceSummary.Goroutine) {
            var net: Int64 = 0, sync: Int64 = 0, other: Int64 = 0
            for (reason, t) in g.blockTimeByReason {
                if reason == "network" {
                    net += t
                } else if reason.contains("chan") || reason.contains("sync") || reason.contains("select") {
                    sync += t
                } else {
                    other += t
                }
            }
            values = [
                "total": g.totalTime, "exec": g.execTime, "net": net, "sync": sync,
                "syscall": g.syscallTime + g.syscallBlockTime, "sched": g.schedWaitTime,
                "gc": g.rangeTime.values.reduce(0, +), "other": other + g.unknownTime,
            ]
        }

        init() {}

        mutating func add(_ other: Split) {
            for (k, v) in other.values { values[k, default: 0] += v }
        }
    }

    /// `/trace/goroutines`: groups by start function, or with `group`, that
    /// group's goroutines; rows sorted by the `sort` column, largest first.
    public static func goroutines(_ summary: TraceSummary, name: String, group: String?, sort: String,
                                  trace: (start: Int64, end: Int64)? = nil, links: PageLinks = .server()) -> String {
        let sortKey = columns.contains { $0.0 == sort } ? sort : "exec"
        let groupQuery = group.map { "&group=" + Escape.queryComponent($0) } ?? ""
        var b = "<p><a \(links.attribute("/trace"))>← \(Escape.html(name))</a></p>\n"
        var header = "<tr><th class=\"name\">\(group == nil ? "Start function" : "Goroutine")</th>"
        if group == nil { header += "<th>Count</th>" }
        for (key, title) in columns {
            let label = key == sortKey ? "\(title) ▼" : title
            header += "<th><a \(links.attribute("/trace/goroutines?sort=\(key)\(groupQuery)"))>\(label)</a></th>"
        }
        header += "</tr>\n"
        func cells(_ s: Split) -> String {
            columns.map { "<td>\(Escape.html(TraceSummary.durationText(s.values[$0.0] ?? 0)))</td>" }.joined()
        }
        if let group {
            let members = summary.goroutines.values.filter { $0.name == group }
                .map { ($0, Split($0)) }
                .sorted { ($0.1.values[sortKey] ?? 0, $1.0.id) > ($1.1.values[sortKey] ?? 0, $0.0.id) }
            b += "<h1>Goroutines of \(Escape.html(group.isEmpty ? "(no start function seen)" : group))</h1>\n"
            b += profileLinks(group, links: links) + "<div class=\"scroll\"><table>\n"
            b += trace == nil ? header : header.replacingOccurrences(of: "</tr>\n", with: "<th>Timeline</th></tr>\n")
            for (g, split) in members {
                b += "<tr><td class=\"name\">\(g.id)</td>\(cells(split))"
                if let trace {
                    // The goroutine's life (from creation, or the trace's start) in the timeline.
                    let start = g.creationTime > 0 ? g.creationTime : (g.startTime > 0 ? g.startTime : trace.start)
                    let end = g.endTime > 0 ? g.endTime : trace.end
                    let href = TraceLinks.timeline(around: start, end, traceStart: trace.start, traceEnd: trace.end, focus: g.id)
                    b += "<td><a \(links.attribute(href))>timeline</a></td>"
                }
                b += "</tr>\n"
            }
            b += "</table></div>\n"
            return document(links: links, title: "swprof: goroutines of \(group)", body: b)
        }
        var groups: [String: (count: Int, split: Split)] = [:]
        for g in summary.goroutines.values {
            var entry = groups[g.name] ?? (0, Split())
            entry.count += 1
            entry.split.add(Split(g))
            groups[g.name] = entry
        }
        let rows = groups.sorted { ($0.value.split.values[sortKey] ?? 0, $1.key) > ($1.value.split.values[sortKey] ?? 0, $0.key) }
        b += "<h1>Goroutines</h1>\n<p>\(summary.goroutines.count) goroutines grouped by start function. "
        b += "Times are summed over each group's goroutines; GC is time in GC ranges (mark assist, sweeping, "
        b += "stop-the-world), which overlaps execution. Click a column to sort by it, a group to list its goroutines.</p>\n"
        b += "<div class=\"scroll\"><table>\n" + header
        for (groupName, entry) in rows {
            let label = groupName.isEmpty ? "(no start function seen)" : groupName
            b += "<tr><td class=\"name\"><a \(links.attribute("/trace/goroutines?group=\(Escape.queryComponent(groupName))&sort=\(sortKey)"))>"
            b += "\(Escape.html(label))</a></td><td>\(entry.count)</td>\(cells(entry.split))</tr>\n"
        }
        b += "</table></div>\n"
        return document(links: links, title: "swprof: goroutines", body: b)
    }

    /// Links from a group to the blocking profiles focused on its start function.
    static func profileLinks(_ function: String, links: PageLinks) -> String {
        guard !function.isEmpty else { return "" }
        let focus = Escape.queryComponent(Pattern.quoteMeta(function))
        let items = TraceProfileKind.allCases.map {
            "<a \(links.attribute("/trace/\($0.rawValue)/ui/top?f=\(focus)"))>\($0.rawValue)</a>"
        }.joined(separator: " · ")
        return "<p>Blocking profiles focused on this function: \(items)</p>\n"
    }
}
