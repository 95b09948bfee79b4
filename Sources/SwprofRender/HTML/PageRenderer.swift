import Mustache
import SwprofCore
import SwprofWebAssets

/// Renders the web UI's pages from the Mustache templates in web/templates.
///
/// Templates declare `{{% CONTENT_TYPE: SWPROF_HTML}}`: `{{name}}` is then
/// escaped by ``Escape/html(_:)`` (by Unicode scalar) rather than by
/// swift-mustache's default, which compares `Character`s and so lets a quote
/// followed by a combining mark through. `{{{name}}}` is used only for markup
/// this module built itself (SVG, tables).
public struct PageRenderer: Sendable {
    private let library: MustacheLibrary
    /// Where the pages' links lead: the server's URLs unless set otherwise.
    public var links = PageLinks.server()
    /// Trusted markup atop every page's body (a trace's profile pages: the
    /// way back to the trace).
    public var banner = ""

    /// Parses the embedded templates.
    /// - Throws: ``ProfileError`` when a template does not parse (a build defect).
    public init() throws {
        MustacheContentTypes.register(ScalarHTMLContentType(), named: "SWPROF_HTML")
        var library = MustacheLibrary()
        for (name, text) in WebAssets.templates {
            do {
                try library.register(text, named: name)
            } catch {
                throw ProfileError(.malformed, source: "web/templates/\(name).mustache", "the template does not parse: \(error)")
            }
        }
        self.library = library
    }

    /// A whole page: the header and `body` (trusted markup).
    public func page(header: PageHeader, body: String, bodyClass: String = "") -> String {
        var context = header.context(links: links)
        context["body"] = body
        context["banner"] = banner
        context["bodyClass"] = bodyClass
        return render("page", context)
    }

    /// Renders template `name` with `context`.
    func render(_ name: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: name) ?? "template \(Escape.html(name)) is missing"
    }
}

/// HTML escaping for swift-mustache through ``Escape/html(_:)``.
struct ScalarHTMLContentType: MustacheContentType {
    func escapeText(_ text: String) -> String { Escape.html(text) }
}
