import SwprofCore

/// `/trace/tasks`, `/trace/regions` and `/trace/logs`: user tasks and regions
/// grouped by type (regions also by the frame they began at, as `go tool
/// trace` groups them) with counts, percentiles and a duration histogram, a
/// group's instances with links to their windows in the timeline, and the
/// user logs. Every page is bounded; names from the trace are escaped.
public enum TraceAnnotationPages {
    /// Groups listed on a page, and instances or logs at most on one page.
    public static let maxGroups = 1000
    public static let defaultRows = 200
    public static let maxRows = 5000

    public struct Context {
        public var name: String
        public var traceStart: Int64
        public var traceEnd: Int64
        /// Task types by ID, for naming a region's or log's task.
        public var taskNames: [UInt64: String]
        /// Where the pages' links lead.
        public var links = PageLinks.server()
        public init(name: String, traceStart: Int64, traceEnd: Int64, taskNames: [UInt64: String]) {
            self.name = name
            self.traceStart = traceStart
            self.traceEnd = traceEnd
            self.taskNames = taskNames
        }

        func duration(_ d: Int64) -> String { Escape.html(TraceSummary.durationText(d)) }
        func offset(_ t: Int64?) -> String { t.map { duration($0 - traceStart) } ?? "—" }
    }

    public enum Kind: String, Sendable {
        case tasks, regions

        var singular: String { self == .tasks ? "task" : "region" }
    }

    static let style = """
        .hist{border-collapse:collapse;margin:0}.trace-page .hist td{border:0;padding:0 .3em;font-size:90%}
        .hist .bar{background:#4a7fc1;height:.8em}.trace-page td.dist{text-align:left}
        """

    /// A group's key in URLs: its type, and for regions the PC of its frame.
    public static func groupQuery(_ kind: Kind, _ g: TraceAnnotationGroup) -> String {
        var q = "type=" + Escape.queryComponent(g.name)
        if kind == .regions { q += "&pc=" + String(g.frame?.pc ?? 0, radix: 16) }
        return q
    }

    /// The summary table of every group of `kind`.
    public static func groups(_ kind: Kind, _ groups: [TraceAnnotationGroup], _ c: Context) -> String {
        let title = kind == .tasks ? "User tasks" : "User regions"
        var b = "<p><a \(c.links.attribute("/trace"))>← \(Escape.html(c.name))</a> · <a \(c.links.attribute("/trace/tasks"))>Tasks</a> · "
        b += "<a \(c.links.attribute("/trace/regions"))>Regions</a> · <a \(c.links.attribute("/trace/logs"))>Logs</a></p>\n<h1>\(title)</h1>\n"
        if kind == .tasks {
            b += "<p>Tasks (<code>trace.NewTask</code>) by type. Count is every task the trace mentions; the latency "
            b += "columns and the distribution count the tasks that began and ended in the trace.</p>\n"
        } else {
            b += "<p>Regions (<code>trace.StartRegion</code>, <code>WithRegion</code>) by type and the function they "
            b += "began in. A region begun before the trace or still open at its end counts from the trace's start or "
            b += "to its end; <code>\"\"</code> is a goroutine started inside a region.</p>\n"
        }
        if groups.isEmpty {
            b += "<p>The trace has no user \(kind.rawValue).</p>\n"
            return TracePages.document(links: c.links, title: "swprof: \(title.lowercased())", body: b, style: style)
        }
        b += "<div class=\"scroll\"><table>\n<tr><th class=\"name\">Type</th>"
        if kind == .regions { b += "<th class=\"name\">Began in</th>" }
        b += "<th>Count</th>"
        if kind == .tasks { b += "<th>Complete</th>" }
        b += "<th>p50</th><th>p90</th><th>p99</th><th>Max</th><th class=\"name\">Distribution</th><th>Timeline</th></tr>\n"
        for g in groups.prefix(maxGroups) {
            let label = g.name.isEmpty ? "(none)" : g.name
            b += "<tr><td class=\"name\"><a \(c.links.attribute("/trace/\(kind.rawValue)?" + groupQuery(kind, g)))>"
            b += "\(Escape.html(label))</a></td>"
            if kind == .regions {
                b += "<td class=\"name\">\(Escape.html(g.frame.map { "\($0.function) (\(fileLine($0)))" } ?? "—"))</td>"
            }
            b += "<td>\(g.count)</td>"
            if kind == .tasks { b += "<td>\(g.histogram.count)</td>" }
            for p in [50.0, 90, 99, 100] {
                b += "<td>\(g.percentile(p).map { c.duration($0) } ?? "—")</td>"
            }
            b += "<td class=\"dist\">\(histogram(g.histogram))</td>"
            let (s, e) = g.window(traceStart: c.traceStart, traceEnd: c.traceEnd)
            b += "<td><a \(c.links.attribute(TraceLinks.timeline(around: s, e, traceStart: c.traceStart, traceEnd: c.traceEnd)))>window</a></td></tr>\n"
        }
        b += "</table></div>\n"
        if groups.count > maxGroups { b += "<p>\(groups.count - maxGroups) more types are not shown.</p>\n" }
        return TracePages.document(links: c.links, title: "swprof: \(title.lowercased())", body: b, style: style)
    }

    /// The non-empty buckets of Go's duration histogram as bars.
    static func histogram(_ h: TraceTimeHistogram) -> String {
        let buckets = h.nonEmpty
        guard let most = buckets.map(\.count).max() else { return "" }
        var b = "<table class=\"hist\">"
        for (bucket, count) in buckets {
            let width = max(1, count * 120 / most)
            b += "<tr><td>≥ \(Escape.html(TraceSummary.durationText(TraceTimeHistogram.bucketMin(bucket))))</td>"
            b += "<td><div class=\"bar\" style=\"width:\(width)px\"></div></td><td>\(count)</td></tr>"
        }
        return b + "</table>"
    }

    static func fileLine(_ f: ExecutionTraceFrame) -> String {
        let file = f.file.split(separator: "/").last.map(String.init) ?? f.file
        return "\(file):\(f.line)"
    }

    /// One group's instances, the longest first, `rows` of them.
    public static func instances(_ kind: Kind, _ group: TraceAnnotationGroup?, _ c: Context, requested: String,
                                 rows: Int) -> String {
        var b = "<p><a \(c.links.attribute("/trace/\(kind.rawValue)"))>← all \(kind.rawValue)</a></p>\n"
        guard let group else {
            b += "<h1>No \(kind.singular) type \(Escape.html(requested))</h1>\n"
            return TracePages.document(links: c.links, title: "swprof: no such \(kind.singular) type", body: b)
        }
        let label = group.name.isEmpty ? "(none)" : group.name
        b += "<h1>\(kind == .tasks ? "Tasks" : "Regions") of type \(Escape.html(label))</h1>\n"
        if let f = group.frame { b += "<p>Began in \(Escape.html(f.function)) (\(Escape.html(fileLine(f))))</p>\n" }
        let sorted = group.instances.sorted { ($0.duration, $1.start ?? 0) > ($1.duration, $0.start ?? 0) }
        let shown = min(sorted.count, min(max(1, rows), maxRows))
        b += "<p>\(group.count) \(kind.rawValue), the longest first.</p>\n<div class=\"scroll\"><table>\n<tr>"
        b += kind == .tasks ? "<th>Task</th>" : "<th>Goroutine</th><th class=\"name\">Task</th>"
        b += "<th>Start</th><th>Duration</th><th>Timeline</th></tr>\n"
        for i in sorted.prefix(shown) {
            b += "<tr>"
            if kind == .tasks {
                b += "<td>\(i.task)</td>"
            } else {
                let task = c.taskNames[i.task].map { "\(i.task) \($0)" } ?? "\(i.task)"
                b += "<td>\(i.goroutine.map { "G\($0)" } ?? "—")</td><td class=\"name\">\(Escape.html(task))</td>"
            }
            b += "<td>\(c.offset(i.start))</td>"
            let complete = i.start != nil && i.end != nil
            b += "<td>\(kind == .tasks && !complete ? "incomplete" : c.duration(i.duration))\(kind == .regions && !complete ? " (cut by the trace)" : "")</td>"
            let href = TraceLinks.timeline(around: i.start ?? c.traceStart, i.end ?? c.traceEnd, traceStart: c.traceStart,
                                           traceEnd: c.traceEnd, focus: i.goroutine)
            b += "<td><a \(c.links.attribute(href))>window</a></td></tr>\n"
        }
        b += "</table></div>\n"
        if shown < sorted.count {
            let more = min(maxRows, shown * 4)
            b += "<p>\(sorted.count - shown) more not shown. "
            if shown < maxRows {
                let q = groupQuery(kind, group) + "&n=\(more)"
                b += "<a \(c.links.attribute("/trace/\(kind.rawValue)?" + q))>Show \(more)</a>"
            }
            b += "</p>\n"
        }
        return TracePages.document(links: c.links, title: "swprof: \(kind.rawValue) of type \(label)", body: b)
    }

    /// The user logs in order from index `from`, `rows` of them.
    public static func logs(_ a: TraceUserAnnotations, _ c: Context, from: Int, rows: Int) -> String {
        var b = "<p><a \(c.links.attribute("/trace"))>← \(Escape.html(c.name))</a> · <a \(c.links.attribute("/trace/tasks"))>Tasks</a> · "
        b += "<a \(c.links.attribute("/trace/regions"))>Regions</a></p>\n<h1>User logs</h1>\n"
        if a.logCount == 0 {
            b += "<p>The trace has no user logs (<code>trace.Log</code>).</p>\n"
            return TracePages.document(links: c.links, title: "swprof: user logs", body: b)
        }
        let start = min(max(0, from), a.logs.count)
        let count = min(max(1, rows), maxRows)
        let end = min(a.logs.count, start + count)
        b += "<p>\(a.logCount) logs; \(start + 1)–\(end) shown."
        if a.logCount > a.logs.count { b += " swprof keeps the first \(a.logs.count)." }
        b += "</p>\n<div class=\"scroll\"><table>\n<tr><th>Time</th><th>Goroutine</th><th class=\"name\">Task</th>"
        b += "<th class=\"name\">Category</th><th class=\"name\">Message</th></tr>\n"
        for log in a.logs[start..<end] {
            let task = log.task == 0 || log.task == TraceUserAnnotations.noTask
                ? "—" : (c.taskNames[log.task].map { "\(log.task) \($0)" } ?? "\(log.task)")
            let window = TraceLinks.timeline(around: log.time - 50_000, log.time + 50_000, traceStart: c.traceStart,
                                             traceEnd: c.traceEnd, focus: log.goroutine >= 0 ? log.goroutine : nil)
            b += "<tr><td><a \(c.links.attribute(window))>\(c.offset(log.time))</a></td>"
            b += "<td>\(log.goroutine >= 0 ? "G\(log.goroutine)" : "—")</td><td class=\"name\">\(Escape.html(task))</td>"
            b += "<td class=\"name\">\(Escape.html(String(log.category.prefix(200))))</td>"
            b += "<td class=\"name\">\(Escape.html(String(log.message.prefix(2000))))</td></tr>\n"
        }
        b += "</table></div>\n<p>"
        if end < a.logs.count {
            let more = min(maxRows, count * 4)
            if start == 0 && count < maxRows { b += "<a \(c.links.attribute("/trace/logs?n=\(more)"))>Show more (\(more))</a> · " }
            b += "<a \(c.links.attribute("/trace/logs?from=\(end)&n=\(count)"))>Next \(count)</a>"
        }
        if start > 0 {
            b += " · <a \(c.links.attribute("/trace/logs?from=\(max(0, start - count))&n=\(count)"))>Previous \(count)</a>"
        }
        b += "</p>\n"
        return TracePages.document(links: c.links, title: "swprof: user logs", body: b)
    }
}
