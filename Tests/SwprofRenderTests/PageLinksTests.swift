import Testing

@testable import SwprofRender

/// Where rendered pages' links lead: the server's URLs (under a prefix for a
/// trace's profiles) or a static site's files.
@Suite struct PageLinksTests {
    @Test func serverLinksAreTheURLsMovedUnderThePrefix() {
        let plain = PageLinks.server()
        #expect(plain.href("/ui/top?si=alloc_space") == "/ui/top?si=alloc_space")
        #expect(!plain.isStatic)
        #expect(plain.stylesheet == "/ui/static/style.css")
        let sync = PageLinks.server(prefix: "/trace/sync")
        #expect(sync.href("/ui/top?f=main") == "/trace/sync/ui/top?f=main")
        #expect(sync.href("/ui/download") == "/trace/sync/ui/download")
        // The trace's own pages and the shared static files stay where they are.
        #expect(sync.href("/trace") == "/trace")
        #expect(sync.href("/trace/net/ui/top") == "/trace/net/ui/top")
        #expect(sync.href("/ui/static/style.css") == "/ui/static/style.css")
    }

    @Test func attributesAreEscapedOrNoLink() {
        let server = PageLinks.server()
        #expect(server.attribute("/ui/top?f=a&i=\"b\"") == "href=\"/ui/top?f=a&amp;i=&quot;b&quot;\"")
        #expect(server.attribute("/ui/top", name: "xlink:href") == "xlink:href=\"/ui/top\"")
        #expect(server.attribute(nil) == "data-no-link=\"\"")
    }

    @Test func staticSitesLinkWrittenFilesAndNothingElse() {
        let files = ["/ui/": "index.html", "/ui/flamegraph": "flamegraph.html", "/ui/top": "top.html",
                     "/ui/flamegraph?palette=cb": "flamegraph-cb.html", "/trace": "../index.html"]
        let links = PageLinks.staticSite(.init(files: files, current: "source.html", graphNodes: ["/ui/graph?f=x": "source-1.html"]))
        #expect(links.isStatic)
        #expect(links.stylesheet == "style.css")
        #expect(links.href("/ui/top") == "top.html")
        #expect(links.href("/trace") == "../index.html")
        #expect(links.href("#frame") == "#frame")
        // Not written: no link.
        #expect(links.href("/ui/top?si=alloc_space") == nil)
        #expect(links.attribute("/ui/peek?f=main") == "data-no-link=\"\"")
        // The flame graph's look alone differs: the written page that shows the same data.
        #expect(links.href("/ui/top?palette=cb") == "top.html")
        #expect(links.href("/ui/flamegraph?palette=cb&cmp=side") == "flamegraph-cb.html")
        // Graph nodes open the function's Source page; other nodes follow the links' rules.
        #expect(links.graphNode("/ui/graph?f=x") == "source-1.html")
        #expect(links.graphNode("/ui/graph?f=y") == nil)
    }

    @Test func aToggleToItselfIsNoLink() {
        let files = ["/ui/flamegraph": "flamegraph.html", "/ui/": "index.html"]
        let onFlame = PageLinks.staticSite(.init(files: files, current: "index.html"))
        // The colour-blind page was not written: its toggle on the flame graph page leads nowhere.
        #expect(onFlame.href("/ui/flamegraph?palette=cb") == nil)
        let onTop = PageLinks.staticSite(.init(files: files, current: "top.html"))
        #expect(onTop.href("/ui/flamegraph?palette=cb") == "flamegraph.html")
    }
}
