import Foundation
import SwprofCore

/// The Disassembly view (pprof's web `disasm`): for each symbol matching the
/// pattern, a header with its flat and cum values, then its instructions with
/// the samples at each address and the source line they come from. The same
/// `AssemblyListing` as `-disasm` prints.
public struct DisassemblyPage {
    public var listing: AssemblyListing

    public init(listing: AssemblyListing) {
        self.listing = listing
    }

    public func body() -> String {
        let f = listing.formatter
        var html = "<p class=\"note\">Total: \(Escape.html(f.format(listing.total)))</p>\n"
        for routine in listing.routines {
            let percent = Measurement.percentage(routine.cum, of: listing.total).trimmingCharacters(in: [" "])
            html += "<section class=\"listing\">\n<h2>\(Escape.html(routine.name)) <span class=\"sub\">flat "
                + "\(Escape.html(f.format(routine.flat))) · cum \(Escape.html(f.format(routine.cum))) "
                + "(\(Escape.html(percent)) of total)</span></h2>\n"
            html += Self.instructionTable(routine.instructions, formatter: f, withLocation: true)
            html += "</section>\n"
        }
        return html
    }

    /// Instructions as a table: address, flat, cum, text, and (with
    /// `withLocation`) the function and file:line whenever they change.
    /// Rows with samples are shaded by their share of the hottest.
    public static func instructionTable(_ instructions: [AssemblyInstruction], formatter f: ValueFormatter, withLocation: Bool) -> String {
        let hottest = instructions.map(\.cum.magnitude).max() ?? 0
        var html = "<table class=\"report source asm\">\n<thead><tr><th class=\"num\">Flat</th><th class=\"num\">Cum</th>"
            + "<th class=\"num\">Address</th><th>Instruction</th>" + (withLocation ? "<th>Source</th>" : "") + "</tr></thead>\n<tbody>\n"
        var last: (String, String, Int)? = nil
        for i in instructions {
            var location = ""
            if withLocation, last.map({ $0 != (i.function, i.file, i.line) }) ?? true {
                last = (i.function, i.file, i.line)
                location = [i.function, i.file.isEmpty ? "" : i.file + (i.line != 0 ? ":\(i.line)" : "")]
                    .filter { !$0.isEmpty }.joined(separator: " ")
            }
            let heat = SourcePage.heat(i.cum, hottest: hottest)
            html += "<tr class=\"\(heat)\"><td class=\"num\">\(i.flat == 0 ? "" : Escape.html(f.format(i.flat)))</td>"
                + "<td class=\"num\">\(i.cum == 0 ? "" : Escape.html(f.format(i.cum)))</td>"
                + "<td class=\"line\">\(String(i.address, radix: 16))</td><td class=\"code\">\(Escape.html(i.text))</td>"
                + (withLocation ? "<td class=\"loc\">\(Escape.html(location))</td>" : "") + "</tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    /// The instructions of a listing by the source line they come from
    /// (`file`'s base name and line), for the Source view's expandable lines.
    public static func byLine(_ listing: AssemblyListing) -> [String: [AssemblyInstruction]] {
        var result: [String: [AssemblyInstruction]] = [:]
        for routine in listing.routines {
            for i in routine.instructions where !i.file.isEmpty && i.line != 0 {
                result["\(i.file):\(i.line)", default: []].append(i)
            }
        }
        return result
    }
}
