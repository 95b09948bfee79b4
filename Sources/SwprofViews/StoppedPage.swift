import Foundation
import SwprofCore
import SwprofRender

/// The page a request gets when its page was stopped: it took longer than
/// the server's budget (`-http_deadline`), or every request for it went away.
/// It says what was too big (the view, the profile's size, the options in
/// play) and links to narrower versions of the same page. Never cached: the
/// next request computes again.
package struct StoppedPage {
    let ui: WebUI
    let view: WebView
    let query: WebQuery
    let reason: WorkStopped.Reason

    package init(ui: WebUI, view: WebView, query: WebQuery, reason: WorkStopped.Reason) {
        self.ui = ui
        self.view = view
        self.query = query
        self.reason = reason
    }

    package func rendered() -> ViewPage {
        let profile = ui.input.profile
        let header = PageHeader(
            view: view, query: query, title: ui.input.name, sampleTypes: profile.sampleTypes.map(\.type),
            sampleType: query[.sampleIndex] ?? ui.config.sampleIndex, granularity: query[.granularity] ?? ui.config.granularity.rawValue,
            legend: [], errors: [headline], isComparison: ui.input.comparison != nil, live: ui.live)
        let html = ui.renderer.page(header: header, body: body)
        return ViewPage(status: 503, body: Array(html.utf8), cacheable: false)
    }

    var headline: String {
        switch reason {
        case .deadline:
            let seconds = ui.limits.seconds.map { Self.seconds($0) } ?? "its time budget"
            return "The \(view.title) page took longer than \(seconds) (-http_deadline) and was stopped."
        case .cancelled:
            return "The \(view.title) page was stopped: its request was cancelled."
        }
    }

    var body: String {
        let profile = ui.input.profile
        var html = "<p class=\"empty\">" + Escape.html(headline) + "</p>\n"
        html += "<p class=\"note\">What it had to go through: \(profile.samples.count) samples over "
            + "\(profile.locations.count) locations and \(profile.functions.count) functions"
        let options = query.items.filter { $0.name != QueryParameter.search.rawValue }.map { "\($0.name)=\($0.value)" }
        if !options.isEmpty {
            html += ", with " + Escape.html(options.joined(separator: " "))
        }
        html += ".</p>\n<p class=\"note\">Narrow it, then try again:</p>\n<ul class=\"pick\">\n"
        for (label, target) in narrower {
            html += "<li><a \(ui.link(target.url(view.path)))>\(Escape.html(label))</a></li>\n"
        }
        html += "<li>focus on a function: Refine › Focus (<code>f=</code>), or pick one in "
            + "<a \(ui.link(query.removing([.nodeCount, .callTree]).url(WebView.top.path)))>Top</a></li>\n"
        html += "<li>hide what you do not need: Refine › Hide (<code>h=</code>) or Ignore (<code>i=</code>)</li>\n"
        return html + "</ul>\n"
    }

    /// Versions of the page that compute less: fewer nodes or rows, a coarser
    /// granularity, no call tree.
    var narrower: [(String, WebQuery)] {
        var links: [(String, WebQuery)] = []
        if query[.callTree] != nil { links.append(("without the call tree", query.setting(.callTree, nil))) }
        if let n = query[.nodeCount].flatMap(Int.init), n > 10 {
            links.append(("fewer nodes (n=\(n / 4))", query.setting(.nodeCount, String(n / 4))))
        } else if view == .graph || view == .top {
            links.append(("fewer nodes (n=20)", query.setting(.nodeCount, "20")))
        }
        let granularity = query[.granularity] ?? ui.config.granularity.rawValue
        if granularity != "functions" && granularity != "files" {
            links.append(("coarser granularity: functions", query.setting(.granularity, "functions")))
        }
        if granularity != "files" { links.append(("coarser granularity: files", query.setting(.granularity, "files"))) }
        if query[.search] != nil { links.append(("without the search", query.setting(.search, nil))) }
        return links
    }

    /// `20 s`, `0.5 s`.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
