import Foundation
import SwprofCore
import SwprofRender

/// The Source view: the listing of the functions matching `f` (only files
/// under the source roots), or without `f` the heaviest functions to pick from.
enum SourceView: PageView {
    static func content(of ui: WebUI, query: WebQuery, search: Pattern?) -> ViewContent {
        var (content, matched) = ViewContent.ofMatchingFunctions(ui, query: query, command: .list)
        guard let report = matched else {
            if content.context.report != nil { content.body = index(ui, query: query) }
            return content
        }
        do {
            // Only files under the source roots: the page shows them to whoever opens it.
            let access = SourceAccess.sourceRoots(
                sourcePath: report.options.sourcePath, workingDirectory: report.options.workingDirectory)
            let limit = ui.limits.rows(query, default: ui.limits.defaultRows)
            let (listing, omitted) = try report.sourceListing(access: access).keepingHeaviest(limit)
            content.sourceFiles = listing.filesRead
            var page = SourcePage(listing: listing)
            page.searchPath = searchPath(report.options)
            page.instructions = DisassemblyView.instructionsByLine(
                ui, query: query, functions: listing.functions.map(\.name))
            content.body = page.body(renderer: ui.renderer)
            if omitted > 0 {
                let more = query.setting(.nodeCount, String(PageLimits.more(than: limit))).url(WebView.source.path)
                content.body += "<p class=\"note\">\(omitted) more matching functions not shown (the heaviest "
                    + "\(listing.functions.count) are): <a \(ui.link(more))>show more</a>.</p>\n"
            }
        } catch let error as ProfileError {
            content.errors.append(error.description)
        } catch {
            content.errors.append("\(error)")
        }
        return content
    }

    /// The Source view without a function: the heaviest functions, each a
    /// link to its listing.
    static func index(_ ui: WebUI, query: WebQuery) -> String {
        var html = "<p class=\"note\">Pick a function (the names in Top link here too, or use Refine › Focus):</p>\n"
        let limit = ui.limits.rows(query, default: 40)
        let (rows, links, omitted) = ui.heaviestFunctions(query: query, limit: limit)
        guard !rows.isEmpty else { return html }
        html += "<ul class=\"pick\">\n"
        for row in rows {
            html += "<li><a \(ui.link(links.source(row.name)))>\(Escape.html(row.name))</a>"
            html += " <span>\(Escape.html(row.cumText)) cum</span></li>\n"
        }
        html += "</ul>\n"
        if omitted > 0 {
            let more = query.setting(.nodeCount, String(PageLimits.more(than: limit))).url(WebView.source.path)
            html += "<p class=\"note\">\(omitted) more functions not shown: <a \(ui.link(more))>show more</a>.</p>\n"
        }
        return html
    }

    /// Where the Source view looked for files: `-source_path`, else the
    /// working directory (as ``Report/sourceListing()`` searches).
    static func searchPath(_ options: ReportOptions) -> String {
        if !options.sourcePath.isEmpty { return options.sourcePath }
        if !options.workingDirectory.isEmpty { return options.workingDirectory }
        return FileManager.default.currentDirectoryPath
    }
}
