import Foundation
import SwprofCore
import SwprofRender
import Testing

@testable import SwprofServer

/// Names from profiles are untrusted: every page must show them as text.
@Suite(.serialized) struct EscapingTests {
    static let hostile = TestProfiles.hostileName

    /// A page must contain no markup the profile brought in.
    static let forbidden = [
        "<script>alert", "<img src=x", "onerror=alert(1)>",
        // A quote followed by a combining mark must be escaped too.
        "\"\u{0301}", "'\u{0301}",
    ]

    static func checkNoInjection(_ page: String, _ target: String) {
        for text in forbidden {
            let found = page.contains(text)
            #expect(!found, "\(target): \(text)")
        }
    }

    @Test func everyViewEscapesHostileNames() async throws {
        let name = Escape.queryComponent("^" + NSRegularExpression.escapedPattern(for: Self.hostile) + "( |$)")
        try await withServer { port in
            let targets = [
                "/ui/top", "/ui/graph", "/ui/flamegraph", "/ui/peek", "/ui/source?f=evil",
                "/ui/flamegraph?p=" + Escape.queryComponent(Self.hostile), "/ui/peek?f=" + name,
                "/ui/top?q=" + Escape.queryComponent(Self.hostile), "/ui/flamegraph?q=evil",
                "/ui/graph?q=evil&f=" + Escape.queryComponent("<b>\"'&"),
                "/ui/top?si=" + Escape.queryComponent("<script>alert(1)</script>"),
            ]
            for target in targets {
                let response = try await HTTPTestClient.get(port: port, target)
                // A sample type that does not exist is a bad parameter.
                #expect(response.status == (target.contains("si=") ? 400 : 200), "\(target)")
                Self.checkNoInjection(response.text, target)
            }
            let top = try await HTTPTestClient.get(port: port, "/ui/top").text
            #expect(top.contains(Escape.html(Self.hostile)))
        }
    }

    @Test func flameGraphSVGIsWellFormedWithHostileNames() async throws {
        try await withServer { port in
            for target in ["/ui/flamegraph", "/ui/flamegraph?p=main.main&q=evil", "/ui/flamegraph?p=" + Escape.queryComponent(Self.hostile)] {
                let page = try await HTTPTestClient.get(port: port, target).text
                var rest = page[...]
                var count = 0
                while let start = rest.range(of: "<svg class=\"flame\""), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
                    let svg = String(rest[start.lowerBound..<end.upperBound])
                    #expect(isWellFormedXML(svg), "\(target)")
                    count += 1
                    rest = rest[end.upperBound...]
                }
                #expect(count >= 1, "\(target)")
            }
        }
    }

    @Test func graphSVGIsWellFormedWithHostileNames() async throws {
        try await withServer { port in
            let page = try await HTTPTestClient.get(port: port, "/ui/graph?nf=0&ef=0").text
            let svg = try #require(ReportPageTests.svgElement(in: page, startingWith: "<svg"))
            #expect(isWellFormedXML(svg))
            #expect(svg.contains("evil&lt;script&gt;") || svg.contains("evil&lt;"))
        }
    }

    @Test func escapeWorksOnScalars() {
        let combining = "a\"\u{0301}b"
        let escaped = "a&quot;\u{0301}b"
        #expect(Escape.html(combining) == escaped)
        #expect(Escape.html("<&>'\"") == "&lt;&amp;&gt;&#39;&quot;")
        #expect(Escape.html("bell\u{07}") == "bell\u{FFFD}")
        #expect(Escape.queryComponent("a b&c=d/é") == "a%20b%26c%3Dd%2F%C3%A9")
        #expect(Escape.decodeQueryComponent("a+b%26c%3D%C3%A9%zz") == "a b&c=é%zz")
    }

    @Test func queryRoundTrips() {
        let query = WebQuery(parsing: "f=%5Emain%5C.x%24&q=a+b&si=alloc_space&empty=")
        #expect(query[.focus] == "^main\\.x$")
        #expect(query[.search] == "a b")
        #expect(query[raw: "empty"] == nil)
        #expect(WebQuery(parsing: query.encoded) == WebQuery(query.items.filter { $0.name != "empty" }))
        #expect(query.setting(.focus, nil)[.focus] == nil)
        #expect(query.setting(.sampleIndex, "inuse_space").url("/ui/top") == "/ui/top?f=%5Emain%5C.x%24&q=a%20b&si=inuse_space")
    }
}
