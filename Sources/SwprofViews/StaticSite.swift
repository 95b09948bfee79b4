import Foundation
import SwprofCore
import SwprofRender
import SwprofWebAssets

/// `swprof -html=DIR`: the web UI's pages written as a static site that opens
/// from disk, with no server and no JavaScript.
///
/// The pages are the server's own (``WebUI``), rendered for a fixed list of
/// views and queries with a static site's ``PageLinks``: a link to a page
/// that is written is its relative file name; any other link (another sample
/// type, a pivot, a filter) is plain text; the script and forms (search,
/// refine), which nothing could answer, are left out.
public enum StaticSite {
    /// One page to write: a view with its query, and the file it goes to.
    struct Page {
        var view: WebView
        var query: WebQuery
        var file: String
    }

    /// What an export wrote.
    public struct Written: Sendable {
        /// The files written, `index.html` first.
        public var files: [String] = []
        /// The source files shown on its Source pages, as found on disk: only
        /// files under the source roots (`-source_path`, else the working directory).
        public var sourceFiles: [String] = []

        public init(files: [String] = [], sourceFiles: [String] = []) {
            self.files = files
            self.sourceFiles = sourceFiles
        }
    }

    /// Writes the site for `input` into `directory` (created if missing) and
    /// says what it wrote.
    /// - Parameter functions: how many of the heaviest functions get Source
    ///   and Peek pages of their own.
    /// - Throws: ``ProfileError`` naming `directory` when it cannot be written.
    public static func export(
        _ input: ViewInput, config: ReportConfig, to directory: String, functions: Int = 20
    ) async throws -> Written {
        try await export(try WebUI(input: input, config: config), to: directory, functions: functions)
    }

    /// Writes the site of `ui`'s pages into `directory`.
    /// - Parameter elsewhere: server URLs of pages written outside this site
    ///   (a trace's pages, beside a blocking profile's site), by relative file.
    package static func export(
        _ ui: WebUI, to directory: String, functions: Int = 20, elsewhere: [String: String] = [:]
    ) async throws -> Written {
        let pages = plan(ui, functions: functions)
        try prepare(directory)
        var byURL = elsewhere
        for page in pages where byURL[page.query.url(page.view.path)] == nil {
            byURL[page.query.url(page.view.path)] = page.file
        }
        byURL["/ui/"] = "index.html"
        byURL["/ui/download"] = "profile.pb.gz"
        let nodes = graphNodeTargets(ui, pages: pages)
        var written: [String] = []
        var sourceFiles: [String] = []
        for page in pages {
            let links = PageLinks.staticSite(.init(files: byURL, current: page.file, graphNodes: nodes))
            let rendered = try ui.linking(links).render(view: page.view, query: page.query)
            sourceFiles += rendered.sourceFiles.filter { !sourceFiles.contains($0) }
            try write(rendered.body, to: directory, file: page.file)
            written.append(page.file)
        }
        // The header's Download link: the loaded profile, as the server sends it.
        try write(ui.download().body, to: directory, file: "profile.pb.gz")
        written.append("profile.pb.gz")
        try writeStyleSheet(to: directory, files: &written)
        return Written(files: written, sourceFiles: sourceFiles)
    }

    /// Writes the style sheet the pages link to (``PageLinks/stylesheet``).
    public static func writeStyleSheet(to directory: String, files: inout [String]) throws {
        guard let css = WebAssets.files["style.css"] else { return }
        try write(css.bytes, to: directory, file: "style.css")
        files.append("style.css")
    }

    /// The line `-html` prints about the source files it included.
    public static func sourceSummary(_ files: [String]) -> String {
        let rule = "only files under -source_path, else the working directory, are included"
        if files.isEmpty { return "Included no source files (\(rule))\n" }
        let list = files.count == 1 ? "1 source file" : "\(files.count) source files"
        return "Included \(list) (\(rule)): " + files.joined(separator: ", ") + "\n"
    }

    /// The pages: the flame graph as `index.html` and `flamegraph.html`, Top,
    /// Graph and the Source index, the diff flame graph's colour-blind and
    /// side-by-side pages in a comparison, Trend (functions and stacks) and
    /// Goroutines when they apply, and Source and Peek pages for the heaviest
    /// functions. A new view is one more `Page` here: links to its URL from
    /// the other pages then point at its file.
    static func plan(_ ui: WebUI, functions: Int) -> [Page] {
        let none = WebQuery()
        var pages = [
            Page(view: .flamegraph, query: none, file: "index.html"),
            Page(view: .flamegraph, query: none, file: "flamegraph.html"),
            Page(view: .top, query: none, file: "top.html"),
            Page(view: .graph, query: none, file: "graph.html"),
            Page(view: .source, query: none, file: "source.html"),
        ]
        if ui.input.comparison != nil {
            // The diff flame graph's palette toggle and the header's side-by-side toggle.
            pages.append(Page(view: .flamegraph, query: none.setting(.palette, "cb"), file: "flamegraph-cb.html"))
            pages.append(Page(view: .flamegraph, query: none.setting(.layout, "side"), file: "flamegraph-side.html"))
        }
        if ui.input.trend != nil {
            pages.append(Page(view: .trend, query: none, file: "trend.html"))
            pages.append(Page(view: .trend, query: none.setting(.stacks, "1"), file: "trend-stacks.html"))
        }
        if GoroutineGroups.applies(to: ui.input.profile) {
            pages.append(Page(view: .goroutines, query: none, file: "goroutines.html"))
        }
        // The heaviest functions by cumulative value, as the Source index lists them.
        let (heaviest, links, _) = ui.heaviestFunctions(query: none, limit: functions)
        var used = Set(pages.map(\.file))
        for (number, row) in heaviest.enumerated() {
            let stem = safeStem(row.name)
            for (kind, url) in [("source", links.source(row.name)), ("peek", links.peek(row.name))] {
                var file = "\(kind)-\(number + 1)-\(stem).html"
                if used.contains(file) { file = "\(kind)-\(number + 1).html" }
                used.insert(file)
                let parts = url.split(separator: "?", maxSplits: 1)
                let view: WebView = kind == "source" ? .source : .peek
                pages.append(Page(view: view, query: WebQuery(parsing: parts.count > 1 ? String(parts[1]) : ""), file: file))
            }
        }
        return pages
    }

    /// A file-name part from a function name: letters, digits, `.`, `_` and
    /// `-` only, at most 48 characters, never `.` or `..` alone.
    static func safeStem(_ name: String) -> String {
        var stem = ""
        for scalar in name.unicodeScalars {
            if stem.unicodeScalars.count >= 48 { break }
            let ok = scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar))
            stem.unicodeScalars.append(ok ? scalar : "_")
        }
        let trimmed = stem.trimmingCharacters(in: CharacterSet(charactersIn: "."))
        return trimmed.isEmpty ? "function" : trimmed
    }

    /// The Graph view's node links (focus on the function) of the functions
    /// that have a Source page, mapped to that page: in the static site a
    /// click on a node opens the function's source.
    static func graphNodeTargets(_ ui: WebUI, pages: [Page]) -> [String: String] {
        let links = ui.heaviestFunctions(query: WebQuery(), limit: 0).links
        var targets: [String: String] = [:]
        for page in pages where page.view == .source {
            guard let pattern = page.query[.focus] else { continue }
            targets[links.query.setting(.focus, pattern).url(WebView.graph.path)] = page.file
        }
        return targets
    }

    public static func prepare(_ directory: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw ProfileError(.invalidOption, "-html=\(directory): it is a file, not a directory")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            // The system's reason reads better than Foundation's ("No such file or directory").
            let reason = mkdir(directory, 0o777) != 0 ? String(cString: strerror(errno)) : error.localizedDescription
            throw ProfileError(.unwritable, "-html=\(directory): cannot create the directory: \(reason)", cause: error)
        }
    }

    public static func write(_ bytes: [UInt8], to directory: String, file: String) throws {
        let path = (directory as NSString).appendingPathComponent(file)
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        } catch {
            throw ProfileError(
                .unwritable, "-html=\(directory): cannot write \(file): \(error.localizedDescription)", cause: error)
        }
    }
}
