import Foundation
import SwprofCore
import SwprofRender
import SwprofWebAssets

/// `swprof -html=DIR`: the web UI's pages written as a static site that opens
/// from disk, with no server and no JavaScript.
///
/// The pages are the server's own (``WebUI``), rendered for a fixed list of
/// views and queries. Their links are then rewritten: a link to a page that
/// was written becomes a relative file name; any other link (another sample
/// type, a pivot, a filter) becomes plain text, and forms (search, refine)
/// are removed, since nothing can answer them.
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
        let ui = try WebUI(input: input, config: config)
        let pages = plan(ui, functions: functions)
        try prepare(directory)
        var byURL: [String: String] = [:]
        for page in pages where byURL[page.query.url(page.view.path)] == nil {
            byURL[page.query.url(page.view.path)] = page.file
        }
        byURL["/ui/"] = "index.html"
        byURL["/ui/download"] = "profile.pb.gz"
        let nodes = graphNodeTargets(ui, pages: pages)
        var written: [String] = []
        var sourceFiles: [String] = []
        for page in pages {
            let rendered = try ui.render(view: page.view, query: page.query)
            sourceFiles += rendered.sourceFiles.filter { !sourceFiles.contains($0) }
            let html = rewrite(
                String(decoding: rendered.body, as: UTF8.self), files: byURL, graphNodes: nodes, current: page.file)
            try write(Array(html.utf8), to: directory, file: page.file)
            written.append(page.file)
        }
        // The header's Download link: the loaded profile, as the server sends it.
        try write(ui.download().body, to: directory, file: "profile.pb.gz")
        written.append("profile.pb.gz")
        if let css = WebAssets.files["style.css"] {
            try write(css.bytes, to: directory, file: "style.css")
            written.append("style.css")
        }
        return Written(files: written, sourceFiles: sourceFiles)
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

    /// The written file for the URL `value` on page `current`, if any.
    /// `palette` and `cmp` only change how the flame graph looks: a link that
    /// differs from a written page by these alone goes to that page (Top
    /// from the colour-blind flame graph is plain `top.html`), unless that is
    /// the page itself (a toggle whose page was not written).
    static func target(_ value: String, files: [String: String], current: String? = nil) -> String? {
        if let file = files[value] { return file }
        let parts = value.split(separator: "?", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        let query = WebQuery(parsing: String(parts[1]))
        // Fewest parameters dropped first: the side-by-side toggle of the
        // colour-blind page is the side-by-side page, not the plain one.
        for dropped in [[.palette], [.layout], [.palette, .layout]] as [Set<QueryParameter>] {
            guard let file = files[query.removing(dropped).url(String(parts[0]))] else { continue }
            let flame: Set = ["index.html", "flamegraph.html"]  // the same page twice
            let isSelf = file == current || (flame.contains(file) && flame.contains(current ?? ""))
            return isSelf ? nil : file
        }
        return nil
    }

    /// Links to written pages made relative; others, the script and forms removed.
    /// `graphNodes` maps the Graph view's node links (`xlink:href`) to pages.
    static func rewrite(
        _ html: String, files: [String: String], graphNodes: [String: String] = [:], current: String? = nil
    ) -> String {
        var text = html.replacingOccurrences(of: "href=\"/ui/static/style.css\"", with: "href=\"style.css\"")
            .replacingOccurrences(of: "<body class=\"", with: "<body class=\"static-export ")
        text = text.replacingOccurrences(
            of: "<script[^>]*></script>\\n?", with: "", options: .regularExpression)
        text = text.replacingOccurrences(
            of: "(?s)<form[^>]*>.*?</form>\\n?", with: "", options: [.regularExpression])
        let pattern = try! NSRegularExpression(pattern: "(xlink:href|href)=\"([^\"]*)\"", options: [.dotMatchesLineSeparators])
        var out = ""
        var last = text.startIndex
        for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let whole = Range(match.range, in: text), let valueRange = Range(match.range(at: 2), in: text),
                let nameRange = Range(match.range(at: 1), in: text)
            else { continue }
            out += text[last..<whole.lowerBound]
            let value = unescape(String(text[valueRange]))
            let node = text[nameRange] == "xlink:href" ? graphNodes[value] : nil
            if let file = node ?? target(value, files: files, current: current) {
                out += "\(text[nameRange])=\"\(file)\""
            } else if value == "style.css" || value.hasPrefix("#") {
                out += text[whole]
            } else {
                out += "data-no-link=\"\""  // a page that was not written
            }
            last = whole.upperBound
        }
        out += text[last...]
        return out
    }

    /// The entities ``Escape/html(_:)`` writes in attribute values.
    static func unescape(_ value: String) -> String {
        value.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    static func prepare(_ directory: String) throws {
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

    static func write(_ bytes: [UInt8], to directory: String, file: String) throws {
        let path = (directory as NSString).appendingPathComponent(file)
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        } catch {
            throw ProfileError(
                .unwritable, "-html=\(directory): cannot write \(file): \(error.localizedDescription)", cause: error)
        }
    }
}
