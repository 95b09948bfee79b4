import SwprofViews
import Foundation
import SwprofCore
import SwprofRender
import Testing

@testable import SwprofServer

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Every page of the web UI over a profile full of hostile names
/// (``HostileProfile``), with hostile `q` and `f` parameters too: no markup
/// from the profile or the URL reaches the page unescaped, inline SVG is
/// well-formed, and no request path reads files the server does not serve.
@Suite(.serialized) struct HostileInputServerTests {
    static func input() throws -> WebServer.Input {
        let bytes = HostileProfile.bytes()
        let profile = try ProfileParser.parse(bytes: bytes, source: "hostile.pb.gz")
        return WebServer.Input(profile: profile, name: "hostile<script>.pb.gz", download: bytes)
    }

    static let hostileQueries: [String] = [
        "", "?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "?f=%3Cscript%3E", "?f=evil", "?f=ns%3A%3AWrapper399",
        "?f=quote%22d&q=%22%27%26", "?f=pkg.before", "?q=%28unclosed", "?f=%5C", "?si=alloc_space&f=.&g=files",
        "?g=lines&f=line", "?p=evil%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%27%26", "?f=%E2%80%A6%FF%FE",
    ]

    /// Queries with a pattern that does not compile: answered 400 with the page and the message.
    static let badQueries: Set<String> = ["?q=%28unclosed", "?f=%5C"]

    /// The page's markup holds no element or attribute a name or parameter could have injected.
    static func expectNoInjectedMarkup(_ text: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!text.contains("<script>alert"), "\(what): unescaped <script> from the profile", sourceLocation: sourceLocation)
        #expect(!text.contains("<img"), "\(what): unescaped <img> from the profile", sourceLocation: sourceLocation)
        #expect(!text.contains("\"'&amp;<"), "\(what): raw quotes from the profile", sourceLocation: sourceLocation)
    }

    /// Each `<svg …>…</svg>` element in `html` parses as XML.
    static func expectWellFormedSVG(_ html: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        var rest = html[...]
        while let start = rest.range(of: "<svg"), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
            let svg = String(rest[start.lowerBound..<end.upperBound])
            let parser = XMLParser(data: Data(svg.utf8))
            #expect(parser.parse(), "\(what): inline SVG not well-formed: \(String(describing: parser.parserError))", sourceLocation: sourceLocation)
            rest = rest[end.upperBound...]
        }
    }

    @Test func everyViewEscapesHostileNamesAndParameters() async throws {
        try await withServer(Self.input()) { port in
            for view in WebView.reportViews {
                for query in Self.hostileQueries {
                    let target = view.path + query
                    let response = try await HTTPTestClient.get(port: port, target)
                    #expect(response.status == (Self.badQueries.contains(query) ? 400 : 200), "\(target): \(response.status)")
                    Self.expectNoInjectedMarkup(response.text, target)
                    Self.expectWellFormedSVG(response.text, target)
                }
            }
        }
    }

    @Test func graphShortensTheLongTemplateName() async throws {
        try await withServer(Self.input()) { port in
            let response = try await HTTPTestClient.get(port: port, "/ui/graph?nf=1&n=100")
            #expect(response.status == 200)
            #expect(response.text.contains("<svg"), "the graph was not laid out")
            #expect(!response.text.contains("Error"), "\(response.text.prefix(2000))")
        }
    }

    @Test func requestPathsReadNoFilesOutsideTheServedSet() async throws {
        try await withServer(Self.input()) { port in
            let targets = [
                "/ui/static/../../../../etc/passwd", "/ui/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                "/ui/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/ui/static//etc/passwd", "/ui/static/..%2f..%2fPackage.swift",
                "/../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "//etc/passwd", "/etc/passwd",
                "/ui/source?f=%2Fetc%2Fpasswd", "/ui/source?f=..%2F..%2F..%2Fetc%2Fpasswd&source_path=%2F",
                "/ui/static/%00", "/ui/../ui/static/style.css/../../../../etc/passwd",
            ]
            for target in targets {
                let response = try await HTTPTestClient.get(port: port, target)
                #expect(!response.text.contains("root:x:0:0"), "\(target) served /etc/passwd")
                #expect(!response.text.contains("swift-tools-version"), "\(target) served a source file")
            }
        }
    }
}

@Suite(.serialized) struct EmptyPatternPageTests {
    /// Peek and Source without `f` are pages, not regexp errors: Go compiles the
    /// empty pattern, so pprof's peek shows every function.
    @Test func peekAndSourceWithoutAFunction() async throws {
        try await withServer { port in
            for path in ["/ui/peek", "/ui/source"] {
                let response = try await HTTPTestClient.get(port: port, path)
                #expect(response.status == 200)
                #expect(!response.text.contains("invalid regular expression"), "\(path)")
            }
            let peek = try await HTTPTestClient.get(port: port, "/ui/peek")
            #expect(peek.text.contains("main.leakHeap"))
        }
    }
}
