import Foundation
import SwprofCore

/// Links from a function name to the other views.
public struct FunctionLinks: Sendable {
    public var query: WebQuery
    /// The granularity in force: names carry file and line for the finer ones.
    public var granularity: Granularity

    public init(query: WebQuery, granularity: Granularity) {
        self.query = query
        self.granularity = granularity
    }

    /// A regexp matching exactly the function of a report name (for
    /// granularities finer than functions, the function part of the name).
    /// It also matches the names of that function at line granularity
    /// ("main.f main.go:12"), which Peek uses.
    public func pattern(for name: String) -> String {
        "^" + Pattern.quoteMeta(functionPart(name)) + "( |$)"
    }

    public func source(_ name: String) -> String {
        query.removing([.pivot, .sort]).setting(.focus, pattern(for: name)).url(WebView.source.path)
    }
    /// The Disassemble view of a function: its name as a whole word, since
    /// `-disasm` matches names that begin with the address at address granularity.
    public func disasm(_ name: String) -> String {
        query.removing([.pivot, .sort]).setting(.focus, Self.symbolPattern([functionPart(name)])).url(WebView.disasm.path)
    }

    /// A regexp matching any of these function names as a whole word.
    public static func symbolPattern(_ names: [String]) -> String {
        "(^| )(" + names.map(Pattern.quoteMeta).joined(separator: "|") + ")( |$)"
    }

    private func functionPart(_ name: String) -> String {
        if granularity != .functions, let space = name.firstIndex(of: " ") { return String(name[..<space]) }
        return name
    }
    public func peek(_ name: String) -> String {
        query.removing([.pivot, .sort]).setting(.focus, pattern(for: name)).url(WebView.peek.path)
    }
    public func focus(_ name: String, view: WebView) -> String {
        query.setting(.focus, pattern(for: name)).url(view.path)
    }
    public func ignore(_ name: String, view: WebView) -> String {
        let expression = pattern(for: name)
        let value = query[.ignore].map { $0 + "|" + expression } ?? expression
        return query.setting(.ignore, value).url(view.path)
    }
    public func flame(_ name: String) -> String {
        query.removing([.sort]).setting(.pivot, name).url(WebView.flamegraph.path)
    }
}

/// The Top view: pprof's top table with links, sortable by Flat, Cum or Name.
public struct TopPage {
    public var report: TopReport
    public var links: FunctionLinks
    public var search: Pattern?
    /// What the page says when there are no rows (see Core's `EmptyReason`).
    public var emptyMessage = "No samples match these options."
    /// In a comparison shown side by side (`cmp=side`): each side's rows.
    public var sides: Sides? = nil

    /// The base and new profiles' rows by name, for `cmp=side`.
    public struct Sides {
        public var base: [String: TopRow]
        public var new: [String: TopRow]
        public var formatter: ValueFormatter
        public init(base: [String: TopRow], new: [String: TopRow], formatter: ValueFormatter) {
            self.base = base
            self.new = new
            self.formatter = formatter
        }
    }

    public init(report: TopReport, links: FunctionLinks, search: Pattern? = nil) {
        self.report = report
        self.links = links
        self.search = search
    }

    public func body(renderer: PageRenderer) -> String {
        let query = links.query
        let site = renderer.links
        let order = query[.sort] ?? "flat"
        var rows = report.rows
        if order == "name" {
            rows.sort { $0.name < $1.name }
        }
        let maxCum = rows.map(\.cum.magnitude).max() ?? 0
        let rowContexts: [[String: Any]] = rows.map { row in
            let share = maxCum == 0 ? 0 : row.cum.magnitudeValue / Double(maxCum) * 100
            var side: [String: Any] = [:]
            if let sides {
                let f = sides.formatter
                let base = sides.base[row.name]
                let new = sides.new[row.name]
                side = [
                    "baseFlat": base.map { f.format($0.flat) } ?? "–", "newFlat": new.map { f.format($0.flat) } ?? "–",
                    "baseCum": base.map { f.format($0.cum) } ?? "–", "newCum": new.map { f.format($0.cum) } ?? "–",
                ]
            }
            return side.merging([
                "name": row.name, "flat": row.flatText, "cum": row.cumText,
                "flatPercent": row.flatPercent.trimmingCharacters(in: .whitespaces),
                "sumPercent": row.sumPercent.trimmingCharacters(in: .whitespaces),
                "cumPercent": row.cumPercent.trimmingCharacters(in: .whitespaces),
                "cumShare": String(format: "%.1f", share),
                "hasInline": !row.inlineLabel.isEmpty, "inline": row.inlineLabel,
                "matched": search?.matches(row.name) ?? false,
                "sourceLink": site.attribute(links.source(row.name)), "peekLink": site.attribute(links.peek(row.name)),
                "focusLink": site.attribute(links.focus(row.name, view: .top)),
                "ignoreLink": site.attribute(links.ignore(row.name, view: .top)), "flameLink": site.attribute(links.flame(row.name)),
            ]) { a, _ in a }
        }
        let context: [String: Any] = [
            "hasRows": !rows.isEmpty, "rows": rowContexts, "emptyMessage": emptyMessage,
            "sortFlatLink": site.attribute(query.setting(.sort, "flat").url(WebView.top.path)),
            "sortCumLink": site.attribute(query.setting(.sort, "cum").url(WebView.top.path)),
            "sortNameLink": site.attribute(query.setting(.sort, "name").url(WebView.top.path)),
            "byFlat": order == "flat", "byCum": order == "cum", "byName": order == "name",
            "sides": sides != nil, "plain": sides == nil,
        ]
        return renderer.render("top", context)
    }
}

/// The Graph view: the call graph laid out by libgvc, inline SVG.
public struct GraphPage {
    /// SVG from ``Graphviz`` (made inlineable here), or nil for an empty graph.
    public var svg: String?
    /// What the page says when there is no graph (see Core's `EmptyReason`).
    public var emptyMessage = "No samples match these options."

    public init(svg: String?) {
        self.svg = svg
    }

    public func body(renderer: PageRenderer) -> String {
        var context: [String: Any] = ["hasGraph": svg != nil, "emptyMessage": emptyMessage]
        if let svg {
            // Graph links open in the same tab; the DOT asks for a new one.
            context["svg"] = SVGPanZoom.inlineable(svg).replacingOccurrences(of: " target=\"_blank\"", with: "")
        }
        return renderer.render("graph", context)
    }

    /// The link a graph node gets, written as Graphviz needs it in `URL`:
    /// percent-encoded, with `&amp;` between parameters (Graphviz copies
    /// `URL` into the SVG without escaping it).
    public static func nodeURL(_ url: String) -> String {
        url.replacingOccurrences(of: "&", with: "&amp;")
    }
}

/// The Peek view: callers and callees of the matched functions.
public struct PeekPage {
    public var report: TreeReport
    public var links: FunctionLinks
    /// The `f` pattern the entries were selected by.
    public var pattern: String?
    /// The `q` search: matching callers and callees are highlighted.
    public var search: Pattern?
    /// The link to the same page with more entries, when some are left out
    /// (`report.omitted`).
    public var moreHref: String?

    public init(report: TreeReport, links: FunctionLinks, pattern: String?, search: Pattern? = nil) {
        self.report = report
        self.links = links
        self.pattern = pattern
        self.search = search
    }

    public func body(renderer: PageRenderer) -> String {
        func edges(_ list: [TreeEdge]) -> [[String: Any]] {
            list.map { edge in
                [
                    "name": edge.name, "weight": edge.weightText, "inline": edge.inline,
                    "percent": edge.percent.trimmingCharacters(in: .whitespaces), "link": renderer.links.attribute(links.peek(edge.name)),
                    "matched": search?.matches(edge.name) ?? false,
                ]
            }
        }
        let entries: [[String: Any]] = report.entries.map { entry in
            [
                "name": entry.name, "flat": entry.flatText, "cum": entry.cumText,
                "flatPercent": entry.flatPercent.trimmingCharacters(in: .whitespaces),
                "cumPercent": entry.cumPercent.trimmingCharacters(in: .whitespaces),
                "callers": edges(entry.callers), "callees": edges(entry.callees),
                "sourceLink": renderer.links.attribute(links.source(entry.name)),
            ]
        }
        var hint = ""
        if pattern == nil {
            hint = report.omitted > 0
                ? "Showing the \(report.entries.count) heaviest functions by cumulative value. Pick one from Top, or use Refine › Focus, to peek at it alone."
                : "Showing every function. Pick one from Top, or use Refine › Focus, to peek at it alone."
        } else if report.omitted > 0 {
            hint = "Showing the \(report.entries.count) heaviest matching functions by cumulative value."
        }
        var context: [String: Any] = [
            "entries": entries, "hasPattern": pattern != nil, "pattern": pattern ?? "",
            "hasHint": !hint.isEmpty, "hint": hint,
        ]
        if report.omitted > 0, let moreHref {
            context["more"] = ["count": report.omitted, "link": renderer.links.attribute(moreHref)]
        }
        return renderer.render("peek", context)
    }
}

/// The Source view: pprof's weblist idea, per-line flat and cum beside the
/// source of the matched functions, hot lines shaded.
public struct SourcePage {
    public var listing: SourceListing
    public var hint: String
    /// Where files were looked for (said when one is missing).
    public var searchPath = ""
    /// Instructions by `base-name:line` (`DisassemblyPage.byLine`): sampled
    /// lines with instructions expand into them (pprof's weblist).
    public var instructions: [String: [AssemblyInstruction]] = [:]

    public init(listing: SourceListing, hint: String = "") {
        self.listing = listing
        self.hint = hint
    }

    public func body(renderer: PageRenderer) -> String {
        let f = listing.formatter
        let functions: [[String: Any]] = listing.functions.map { function in
            let files: [[String: Any]] = function.files.map { file in
                let hottest = (file.lines + file.sampledLines).map(\.cum.magnitude).max() ?? 0
                let base = file.file.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? file.file
                let lines: [[String: Any]] = file.lines.map { line in
                    var row: [String: Any] = [
                        "number": line.number, "text": line.text,
                        "flat": line.flat == 0 ? "" : f.format(line.flat),
                        "cum": line.cum == 0 ? "" : f.format(line.cum),
                        "heat": Self.heat(line.cum, hottest: hottest),
                    ]
                    if line.cum != 0, let asm = instructions["\(base):\(line.number)"] {
                        row["asm"] = DisassemblyPage.instructionTable(asm, formatter: f, withLocation: false)
                    }
                    return row
                }
                // Without the file: the sampled lines with their values, as pprof shows them.
                let sampled: [[String: Any]] = file.sampledLines.map { line in
                    var row: [String: Any] = [
                        "number": line.number, "text": line.text,
                        "flat": line.flat == 0 ? "" : f.format(line.flat), "cum": line.cum == 0 ? "" : f.format(line.cum),
                        "heat": Self.heat(line.cum, hottest: hottest),
                    ]
                    if line.cum != 0, let asm = instructions["\(base):\(line.number)"] {
                        row["asm"] = DisassemblyPage.instructionTable(asm, formatter: f, withLocation: false)
                    }
                    return row
                }
                let shown = lines.isEmpty ? sampled : lines
                var context: [String: Any] = [
                    "function": file.function, "file": file.file, "flat": f.format(file.flat), "cum": f.format(file.cum),
                    "cumPercent": Measurement.percentage(file.cum, of: listing.total).trimmingCharacters(in: .whitespaces),
                    "hasError": file.error != nil, "error": file.error ?? "", "hasLines": !shown.isEmpty, "lines": shown,
                ]
                if file.error != nil {
                    // An absolute path is opened as it is; a relative one is looked for under each search directory.
                    context["missing"] = [
                        "looked": searchPath.isEmpty ? "the working directory" : searchPath,
                        "file": file.file, "absolute": file.file.hasPrefix("/"),
                    ]
                }
                return context
            }
            return ["name": function.name, "files": files]
        }
        let context: [String: Any] = [
            "functions": functions, "total": f.format(listing.total), "hasHint": !hint.isEmpty, "hint": hint,
        ]
        return renderer.render("source", context)
    }

    /// The shading class of a line: four steps by its share of the hottest line.
    static func heat(_ cum: Int64, hottest: UInt64) -> String {
        guard cum != 0, hottest > 0 else { return "" }
        let share = cum.magnitudeValue / Double(hottest)
        switch share {
        case 0.75...: return "hot4"
        case 0.4..<0.75: return "hot3"
        case 0.15..<0.4: return "hot2"
        default: return "hot1"
        }
    }
}
