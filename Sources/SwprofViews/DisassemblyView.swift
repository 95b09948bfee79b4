import SwprofCore
import SwprofRender

/// The Disassemble view: the instructions of the functions matching `f`, with
/// flat and cumulative values (`-disasm`'s listing), or without `f` the heaviest
/// functions to pick from. In the menu only when the profile's binary can be read.
enum DisassemblyView: PageView {
    static func content(of ui: WebUI, query: WebQuery, search: Pattern?) -> ViewContent {
        var (content, matched) = ViewContent.ofMatchingFunctions(ui, query: query, command: .disasm)
        guard let report = matched else {
            if content.context.report != nil { content.body = index(ui, query: query) }
            return content
        }
        do {
            content.body = DisassemblyPage(listing: try report.assemblyListing(demangledNames: true)).body()
        } catch {
            content.errors.append("\(error)")
        }
        return content
    }

    /// Without a function: the heaviest functions, each a link to its instructions.
    static func index(_ ui: WebUI, query: WebQuery) -> String {
        let limit = ui.limits.rows(query, default: 40)
        let (rows, links, _) = ui.heaviestFunctions(query: query, limit: limit)
        var html = "<p class=\"note\">Pick a function (the binary's symbols matching the name are disassembled):</p>\n<ul class=\"pick\">\n"
        for row in rows {
            html += "<li><a \(ui.link(links.disasm(row.name)))>\(Escape.html(row.name))</a></li>\n"
        }
        return html + "</ul>\n"
    }

    /// The instructions of the Source view's functions, by source line (none
    /// when there is no binary or objdump): the Source view opens each line into them.
    static func instructionsByLine(_ ui: WebUI, query: WebQuery, functions: [String]) -> [String: [AssemblyInstruction]] {
        guard ui.hasBinary, !functions.isEmpty else { return [:] }
        let pattern = FunctionLinks.symbolPattern(functions)
        let context = ViewContext(input: ui.input, base: ui.config, query: query, command: .disasm, argument: pattern)
        guard let listing = try? context.report?.assemblyListing(demangledNames: true) else { return [:] }
        return DisassemblyPage.byLine(listing)
    }
}
