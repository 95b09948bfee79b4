/// The header's Config menu (pprof's CONFIG menu): saved configurations as
/// links, a form to save the page's options under a name, and a delete
/// button per saved one. Forms post to `/ui/saveconfig` and
/// `/ui/deleteconfig` with the page's view and query, so the server sends
/// the browser back to the same page; they work without script.
public struct ConfigMenu: Sendable {
    public struct Entry: Sendable {
        public var name: String
        public var href: String
        /// Saved by a user (Default is not).
        public var deletable: Bool
        public var current = false
        public init(name: String, href: String, deletable: Bool) {
            self.name = name
            self.href = href
            self.deletable = deletable
        }
    }

    public var entries: [Entry]
    /// The page the forms return to: its view and encoded query.
    public var view: String
    public var query: String
    /// Why the settings file could not be read, if it could not.
    public var problem: String?

    public init(entries: [Entry], view: String, query: String, problem: String? = nil) {
        self.entries = entries
        self.view = view
        self.query = query
        self.problem = problem
    }

    /// Where page headers hold the menu: it is filled in when a page is
    /// served, so cached pages show the configurations saved since.
    public static let marker = "<!--swprof:config-menu-->"

    /// The menu's markup (every value escaped here).
    public var html: String {
        let back = "<input type=\"hidden\" name=\"view\" value=\"\(Escape.html(view))\">"
            + "<input type=\"hidden\" name=\"query\" value=\"\(Escape.html(query))\">"
        var out = "<details class=\"menu configs\"><summary>Config</summary><div class=\"panel\"><ul>"
        for entry in entries {
            out += "<li><a href=\"\(Escape.html(entry.href))\"\(entry.current ? " class=\"current\" aria-current=\"true\"" : "")>"
            out += Escape.html(entry.name) + "</a>"
            if entry.deletable {
                out += "<form method=\"post\" action=\"/ui/deleteconfig\">" + back
                out += "<input type=\"hidden\" name=\"config\" value=\"\(Escape.html(entry.name))\">"
                out += "<button type=\"submit\" title=\"Delete \(Escape.html(entry.name))\" aria-label=\"Delete \(Escape.html(entry.name))\">×</button></form>"
            }
            out += "</li>"
        }
        out += "</ul>"
        if let problem { out += "<p class=\"error\">\(Escape.html(problem))</p>" }
        out += "<form method=\"post\" action=\"/ui/saveconfig\" class=\"save\">" + back
        out += "<label>Save these options as <input type=\"text\" name=\"config\" required placeholder=\"name\"></label>"
        out += "<button type=\"submit\">Save</button></form></div></details>"
        return out
    }
}
