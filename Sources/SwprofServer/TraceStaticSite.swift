import Foundation
import SwprofCore
import SwprofRender
import SwprofViews
import SwprofWebAssets

/// `swprof -html=DIR trace.out`: the trace's web UI written as a static site,
/// as ``StaticSite`` writes a profile's. The pages are the server's own
/// (``TraceWebSite``); links between written pages become relative file
/// names, other links plain text. DIR holds the landing page, the goroutine
/// analysis (every sort order and group), the timeline of the whole trace and
/// of each tenth of it, the MMU plot, the task and region tables with each
/// type's instances, the logs, and each blocking profile's own static site in
/// `net/`, `sync/`, `syscall/` and `sched/`.
public enum TraceStaticSite {
    /// Groups (goroutine start functions, task and region types) that get pages of their own.
    static let maxGroupPages = 500

    public static func export(_ site: TraceWebSite, to directory: String) async throws -> StaticSite.Written {
        try StaticSite.prepare(directory)
        var pages: [(url: String, file: String)] = [
            ("/trace", "index.html"), ("/trace/timeline", "timeline.html"), ("/trace/mmu", "mmu.html"),
            ("/trace/tasks", "tasks.html"), ("/trace/regions", "regions.html"),
            ("/trace/logs?n=\(TraceAnnotationPages.maxRows)", "logs.html"),
            ("/trace/goroutines", "goroutines.html"),
        ]
        var aliases: [String: String] = ["/trace/logs": "logs.html", "/trace/goroutines?sort=exec": "goroutines.html"]
        let whole = TraceTimelineWindow(start: site.traceStart, end: site.traceEnd)
        aliases[TraceLinks.timeline(whole, traceStart: site.traceStart)] = "timeline.html"
        for part in 0..<10 {
            let window = whole.part(part, of: 10, traceStart: site.traceStart, traceEnd: site.traceEnd)
            pages.append((TraceLinks.timeline(window, traceStart: site.traceStart), "timeline-\(part + 1).html"))
        }
        for (key, _) in TracePages.columns where key != "exec" {
            pages.append(("/trace/goroutines?sort=\(key)", "goroutines-\(key).html"))
        }
        let groups = Set(site.summary.goroutines.values.map(\.name)).sorted()
        for (i, group) in groups.prefix(maxGroupPages).enumerated() {
            let file = "goroutines-group-\(i + 1).html"
            pages.append(("/trace/goroutines?group=\(Escape.queryComponent(group))&sort=exec", file))
        }
        for (kind, groups) in [(TraceAnnotationPages.Kind.tasks, site.taskGroups), (.regions, site.regionGroups)] {
            for (i, group) in groups.prefix(maxGroupPages).enumerated() {
                pages.append(("/trace/\(kind.rawValue)?" + TraceAnnotationPages.groupQuery(kind, group), "\(kind.rawValue)-\(i + 1).html"))
            }
        }
        var files: [String: String] = aliases
        for page in pages { files[page.url] = page.file }
        for kind in TraceProfileKind.allCases {
            for (view, file) in [("flamegraph", "index.html"), ("top", "top.html"), ("graph", "graph.html"),
                                 ("source", "source.html"), ("download", "profile.pb.gz")] {
                files["/trace/\(kind.rawValue)/ui/\(view)"] = "\(kind.rawValue)/\(file)"
            }
        }
        var written: [String] = []
        for page in pages {
            let parts = page.url.split(separator: "?", maxSplits: 1)
            let query = WebQuery(parsing: parts.count > 1 ? String(parts[1]) : "")
            let links = PageLinks.staticSite(.init(files: files, current: page.file))
            guard let rendered = await site.page(path: String(parts[0]), query: query, links: links) else { continue }
            try StaticSite.write(rendered.body, to: directory, file: page.file)
            written.append(page.file)
        }
        try StaticSite.writeStyleSheet(to: directory, files: &written)
        // Each profile's pages lead back to the trace's (their banner).
        var elsewhere = ["/trace": "../index.html"]
        for kind in TraceProfileKind.allCases { elsewhere["/trace/\(kind.rawValue)/ui/top"] = "../\(kind.rawValue)/top.html" }
        var sourceFiles: [String] = []
        for kind in TraceProfileKind.allCases {
            guard let ui = site.uis[kind] else { continue }
            let sub = (directory as NSString).appendingPathComponent(kind.rawValue)
            let result = try await StaticSite.export(ui.views, to: sub, elsewhere: elsewhere)
            written += result.files.map { "\(kind.rawValue)/\($0)" }
            sourceFiles += result.sourceFiles.filter { !sourceFiles.contains($0) }
        }
        return StaticSite.Written(files: written, sourceFiles: sourceFiles)
    }
}
