import Foundation
import SwprofCore
import Testing

@testable import SwprofRender

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Quotes `text` as a DOT string literal.
func dotQuoted(_ text: String) -> String {
    "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}

/// Whether `xml` parses as well-formed XML.
func isWellFormedXML(_ xml: String) -> Bool {
    let parser = XMLParser(data: Data(xml.utf8))
    parser.shouldResolveExternalEntities = false
    return parser.parse()
}

@Suite struct GraphvizTests {
    static let hostileNames = [
        "<script>alert(1)</script>",
        "std::vector<int, std::allocator<int>>::push_back&",
        "a & b && c &amp; d &; e &#",
        "quote \" and 'single' and `back`",
        "comment -- dashes --> <!-- x",
        "]]> cdata end",
        String(repeating: "very<long>&name", count: 1400),  // ~21 kB
    ]

    /// A link as a DOT producer must write it: Graphviz copies `URL` into
    /// `xlink:href` without escaping, so the producer percent-encodes the name
    /// and writes `&amp;` between parameters.
    static func urlFor(_ name: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return "source?f=" + (name.addingPercentEncoding(withAllowedCharacters: allowed) ?? "") + "&amp;g=lines"
    }

    static func hostileDOT() -> String {
        var dot = "digraph \"unnamed\" {\nnode [style=filled fillcolor=\"#f8f8f8\"]\n"
        for (i, name) in hostileNames.enumerated() {
            dot += "N\(i) [label=\(dotQuoted(name)) tooltip=\(dotQuoted(name)) URL=\(dotQuoted(urlFor(name)))]\n"
        }
        for i in 1..<hostileNames.count {
            dot += "N\(i - 1) -> N\(i) [label=\(dotQuoted(hostileNames[i])) tooltip=\(dotQuoted(hostileNames[i - 1] + " -> " + hostileNames[i]))]\n"
        }
        return dot + "}\n"
    }

    @Test func rendersHostileNamesAsWellFormedSVG() throws {
        let svg = try Graphviz.svg(fromDOT: Self.hostileDOT())
        #expect(svg.contains("<svg"))
        #expect(svg.contains("&amp;g=lines"))
        #expect(svg.contains("</svg>"))
        #expect(!svg.contains("<script>alert"))
        #expect(isWellFormedXML(svg))
        // Every node made it into the picture.
        let nodeCount = svg.components(separatedBy: "class=\"node\"").count - 1
        #expect(nodeCount == Self.hostileNames.count)
    }

    @Test func interactiveSVGIsWellFormedAndFillsTheWindow() throws {
        let svg = try Graphviz.interactiveSVG(fromDOT: Self.hostileDOT())
        #expect(isWellFormedXML(svg))
        #expect(svg.contains("<script type=\"text/ecmascript\"><![CDATA["))
        let root = try #require(SVGPanZoom.rootTagRange(in: svg))
        let tag = String(svg[root])
        #expect(tag.contains("width=\"100%\""))
        #expect(tag.contains("height=\"100%\""))
        #expect(tag.contains("viewBox=\""))
    }

    @Test func inlineableDropsTheProlog() throws {
        let svg = SVGPanZoom.inlineable(try Graphviz.svg(fromDOT: "digraph { a -> b }"))
        #expect(svg.hasPrefix("<svg"))
        #expect(!svg.contains("<!DOCTYPE"))
        #expect(isWellFormedXML(svg))
    }

    @Test func bareAmpersandIsRepaired() {
        #expect(SVGPanZoom.fixingBareAmpersands("<t>a&;b</t>") == "<t>a&amp;;b</t>")
    }

    @Test func syntaxErrorThrowsASentence() {
        #expect {
            _ = try Graphviz.svg(fromDOT: "digraph { a -> ; }}}")
        } throws: { error in
            guard let error = error as? ProfileError else { return false }
            return error.description.contains("could not parse") && error.description.contains("syntax error")
        }
        // The engine still works after an error.
        #expect((try? Graphviz.svg(fromDOT: "digraph { x }")) != nil)
    }

    @Test func missingPluginConfigurationSuggestsDotC() {
        let error = GraphvizEngine.layoutError("Layout type: \"dot\" not recognized. Use one of:")
        #expect(error.description.contains("dot -c"))
        #expect(error.code == .invalidOption)
    }

    @Test func concurrentLayoutsAreSerialisedAndAllSucceed() async throws {
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<24 {
                group.addTask {
                    let dot = "digraph { n\(i) [label=\(dotQuoted("<task \(i)>"))]; n\(i) -> m\(i) -> k\(i); m\(i) -> n\(i) }"
                    // Mix the blocking and the async entry points.
                    let svg = i % 2 == 0 ? try Graphviz.svg(fromDOT: dot) : try await Graphviz.svg(laying: dot)
                    return svg.contains("&lt;task \(i)&gt;") && isWellFormedXML(svg)
                }
            }
            var all: [Bool] = []
            for try await ok in group { all.append(ok) }
            return all
        }
        #expect(results.count == 24)
        #expect(results.allSatisfy { $0 })
        #expect(Graphviz.maximumConcurrentLayouts == 1)
    }
}
