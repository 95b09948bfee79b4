import Testing
@testable import SwprofCore

/// A small hand-made profile: main calls f, f has g inlined, g calls h;
/// main also calls h and g directly. Aggregated to functions (no addresses,
/// lines or files), as the CLI hands profiles to reports by default.
enum SmallProfile {
    static func make() -> Profile {
        var p = Profile()
        p.sampleTypes = [ValueType(type: "samples", unit: "count")]
        p.functions = ["main", "f", "g", "h"].enumerated().map {
            Function(id: UInt64($0.offset + 1), name: $0.element)
        }
        p.locations = [
            Location(id: 1, lines: [Line(function: 0, line: 0)]),
            Location(id: 2, lines: [Line(function: 2, line: 0), Line(function: 1, line: 0)]),
            Location(id: 3, lines: [Line(function: 3, line: 0)]),
            Location(id: 4, lines: [Line(function: 2, line: 0)]),
        ]
        p.samples = [
            Sample(locations: [2, 1, 0], values: [10], labels: ["kind": ["a"]]),
            Sample(locations: [1, 0], values: [5]),
            Sample(locations: [2, 0], values: [3], labels: ["kind": ["b"]]),
            Sample(locations: [3, 0], values: [2]),
        ]
        return p
    }

    static func names(_ graph: Graph) -> [String] { graph.nodes.map(\.printableName) }
}

struct GraphTests {
    func node(_ graph: Graph, _ name: String) -> Graph.Node? {
        graph.nodes.first { $0.printableName == name }
    }

    func edge(_ graph: Graph, _ from: String, _ to: String) -> Graph.Edge? {
        guard let source = node(graph, from), let target = node(graph, to),
            let id = source.outEdges[target.id]
        else { return nil }
        return graph[edge: id]
    }

    @Test func buildsNodesAndEdgesWithInlineFlags() throws {
        let graph = Graph.build(SmallProfile.make(), options: GraphOptions(valueIndex: 0))
        #expect(Set(SmallProfile.names(graph)) == ["main", "f", "g", "h"])
        let g = try #require(node(graph, "g"))
        #expect(g.flat == 7 && g.cum == 17)
        #expect(node(graph, "main")?.cum == 20)
        #expect(node(graph, "h")?.flat == 13)
        #expect(edge(graph, "f", "g")?.inline == true)
        #expect(edge(graph, "main", "g")?.inline == false)
        #expect(edge(graph, "f", "g")?.weight == 15)
        #expect(edge(graph, "main", "h")?.weight == 3)
        #expect(g.labelTags["kind:a"]?.cum == 10)
    }

    @Test func nodesNotKeptLeaveResidualEdges() throws {
        var options = GraphOptions(valueIndex: 0)
        options.keptNodes = [NodeInfo(name: "main"), NodeInfo(name: "g"), NodeInfo(name: "h")]
        let graph = Graph.build(SmallProfile.make(), options: options)
        #expect(Set(SmallProfile.names(graph)) == ["main", "g", "h"])
        let e = try #require(edge(graph, "main", "g"))
        #expect(e.residual)
        #expect(e.weight == 17)
        #expect(edge(graph, "main", "h")?.residual == false)
    }

    @Test func callTreeSeparatesContexts() throws {
        var options = GraphOptions(valueIndex: 0)
        options.callTree = true
        var tree = Graph.build(SmallProfile.make(), options: options)
        // h is reached through main→f→g and directly from main.
        #expect(SmallProfile.names(tree).filter { $0 == "h" }.count == 2)
        #expect(tree.nodes.allSatisfy { $0.inEdges.count <= 1 })

        // Dropping f and g attaches the deeper h to main by a residual edge.
        let kept = Set(tree.nodeIDs.filter { !["f", "g"].contains(tree[node: $0].printableName) })
        tree.trimTree(keeping: kept)
        #expect(Set(SmallProfile.names(tree)) == ["main", "h"])
        let main = try #require(node(tree, "main"))
        let edges = main.outEdges.values.map { tree[edge: $0] }
        #expect(edges.count == 2)
        #expect(edges.filter(\.residual).map(\.weight) == [10])
    }

    @Test func redundantResidualEdgesAreRemoved() {
        var graph = Graph()
        var map: [NodeInfo: Int] = [:]
        let ids = ["a", "b", "c"].map { graph.findOrInsertNode(NodeInfo(name: $0), kept: nil, nodeMap: &map)! }
        for id in ids { graph.allNodes[id].cum = 10 }
        graph.nodeIDs = ids
        graph.addToEdge(from: ids[0], to: ids[1], weightDiv: 0, weight: 5, residual: false, inline: false)
        graph.addToEdge(from: ids[1], to: ids[2], weightDiv: 0, weight: 5, residual: false, inline: false)
        graph.addToEdge(from: ids[0], to: ids[2], weightDiv: 0, weight: 1, residual: true, inline: false)
        graph.removeRedundantEdges()
        #expect(graph[node: ids[0]].outEdges[ids[2]] == nil)
        #expect(graph[node: ids[0]].outEdges[ids[1]] != nil)
    }

    @Test func sortsByFlatThenNameThenCum() {
        var graph = Graph.build(SmallProfile.make(), options: GraphOptions(valueIndex: 0))
        graph.sortNodes(cum: false, visual: false)
        #expect(SmallProfile.names(graph) == ["h", "g", "f", "main"])
        graph.sortNodes(cum: true, visual: false)
        #expect(SmallProfile.names(graph) == ["main", "g", "f", "h"])
    }

    @Test func trimsLowFrequencyEdges() {
        var graph = Graph.build(SmallProfile.make(), options: GraphOptions(valueIndex: 0))
        #expect(graph.trimLowFrequencyEdges(4) == 2)  // main→h (3) and main→g (2)
        #expect(edge(graph, "main", "h") == nil)
    }

    @Test func printableNames() {
        #expect(NodeInfo(name: "f", address: 0x4a, file: "a.go", lineno: 3).printableName == "000000000000004a f a.go:3")
        #expect(NodeInfo(file: "a.go").printableName == "a.go")
        #expect(NodeInfo(objfile: "/usr/lib/libc.so.6").printableName == "[libc.so.6]")
        #expect(NodeInfo().printableName == "<unknown>")
    }

    @Test(arguments: [
        ("net/http.(*conn).serve", "http.(*conn).serve"),
        ("main.main", "main.main"),
        ("github.com/google/pprof/internal/graph.New", "graph.New"),
        ("example.com/mod/v2/pkg.F", "pkg.F"),
        ("example.com/mod/v10/pkg.(*T).M", "pkg.(*T).M"),
        ("gopkg.in/yaml.v3.Unmarshal", "yaml.v3.Unmarshal"),
        ("a/b/", "b/"),
        ("/abs/path.F", "/abs/path.F"),
        ("java.lang.String.indexOf(I)", "String.indexOf"),
        ("com.google.Foo.<init>", "Foo.<init>"),
        ("Foo.bar$1", "Foo.bar$1"),
        ("com.x.Foo.Bar.baz", "com.x.Foo.Bar.baz"),
        ("std::vector<int>::push_back", "std::vector<int>::push_back"),
        ("ns::inner::Foo::~Foo", "Foo::~Foo"),
        ("(anonymous namespace)::Foo::bar", "Foo::bar"),
        ("foo::Bar::baz<int>(x)", "Bar::baz<int>"),
        ("ns::_Foo::bar", "_Foo::bar"),
        ("ns::Foo::Bar::baz", "Bar::baz"),
        ("pkg-with-dash/sub.F", "sub.F"),
        ("x/y.z/w.F", "w.F"),
        ("type..eq.[2]interface {}", "type..eq.[2]interface {}"),
    ])
    func shortensFunctionNamesLikePprof(name: String, expected: String) {
        #expect(FunctionName.shorten(name) == expected)
    }

    @Test(arguments: [
        ("", ".", ".", "."),
        ("a//b/../c/.", "a/c", ".", "a/c"),
        ("/../x", "/x", "x", "/"),
        ("../../a", "../../a", "a", "../.."),
        ("/", "/", "/", "/"),
        ("./a/", "a", "a", "a"),
        ("a/b/..", "a", "..", "a/b"),
    ])
    func pathsAreCleanedLikeGo(path: String, clean: String, base: String, dir: String) {
        #expect(GoFilePath.clean(path) == clean)
        #expect(GoFilePath.base(path) == base)
        #expect(GoFilePath.dir(path) == dir)
    }

    @Test(arguments: [
        (0.0, "#b2b2b2", "#ededed"),
        (0.05, "#b2a085", "#edeae7"),
        (0.5, "#b22100", "#edd9d5"),
        (2, "#b20000", "#edd5d5"),
        (-0.3, "#36b200", "#dcedd5"),
        (-1, "#00b200", "#d5edd5"),
    ])
    func dotColorsMatchPprof(score: Double, foreground: String, background: String) {
        #expect(DotColor.color(score: score, background: false) == foreground)
        #expect(DotColor.color(score: score, background: true) == background)
    }

    @Test func dotEscapesNames() {
        #expect(DotEscaping.escape("a\"b\\c\nd") == "a\\\"b\\\\c\\ld")
        let info = NodeInfo(name: "std::vector<T>::at[...]", file: "/x/y.cc", lineno: 4)
        #expect(DotEscaping.multilineName(info) == "std\\nvector<T>\\nat[…]\\ny.cc:4\\n")
    }
}
