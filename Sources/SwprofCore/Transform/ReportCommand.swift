/// A report pprof can produce, named as its command-line flag and shell
/// command (`top`, `peek`, `svg`, …).
public struct ReportCommand: Sendable, Equatable {
    /// What to do with the report's bytes.
    public enum Output: Sendable, Equatable {
        /// Text or DOT: written as is.
        case text
        /// DOT laid out into SVG.
        case svg
        /// DOT laid out and rendered by libgvc as an image format (`png`, `pdf`,
        /// `gif`, `ps`); kept off a terminal like `.file`.
        case image(format: String)
        /// Binary or file-oriented output: kept off a terminal by writing it to
        /// a file `profileNNN.<suffix>` instead.
        case file(suffix: String)
    }

    public let name: String
    /// The report format; nil for pprof commands swprof does not provide.
    public let format: ReportOptions.Format?
    /// Whether the command takes a regexp (`-peek=RE`, `-list=RE`).
    public let hasParameter: Bool
    public let output: Output
    public let description: String

    public init(
        _ name: String, _ format: ReportOptions.Format?, hasParameter: Bool = false, output: Output = .text,
        _ description: String
    ) {
        self.name = name
        self.format = format
        self.hasParameter = hasParameter
        self.output = output
        self.description = description
    }

    // The commands, as constants: a misspelt one does not compile.
    public static let callgrind = ReportCommand(
        "callgrind", .callgrind, output: .file(suffix: "callgraph.out"), "Outputs a graph in callgrind format")
    public static let comments = ReportCommand("comments", .comments, "Output all profile comments")
    public static let disasm = ReportCommand(
        "disasm", .disasm, hasParameter: true, "Output assembly listings annotated with samples")
    public static let dot = ReportCommand("dot", .dot, "Outputs a graph in DOT format")
    public static let eog = ReportCommand("eog", nil, "Visualize graph through eog")
    public static let evince = ReportCommand("evince", nil, "Visualize graph through evince")
    public static let folded = ReportCommand(
        "folded", .folded, "Outputs stacks in folded form (root;...;leaf value), for flame graph tools")
    public static let gif = ReportCommand(
        "gif", .dot, output: .image(format: "gif"), "Outputs a graph image in GIF format")
    public static let gv = ReportCommand("gv", nil, "Visualize graph through gv")
    public static let kcachegrind = ReportCommand("kcachegrind", nil, "Visualize report in KCachegrind")
    public static let list = ReportCommand(
        "list", .list, hasParameter: true, "Output annotated source for functions matching regexp")
    public static let pdf = ReportCommand("pdf", .dot, output: .image(format: "pdf"), "Outputs a graph in PDF format")
    public static let peek = ReportCommand(
        "peek", .peek, hasParameter: true, "Output callers/callees of functions matching regexp")
    public static let png = ReportCommand(
        "png", .dot, output: .image(format: "png"), "Outputs a graph image in PNG format")
    public static let proto = ReportCommand(
        "proto", .proto, output: .file(suffix: "pb.gz"), "Outputs the profile in compressed protobuf format")
    public static let ps = ReportCommand("ps", .dot, output: .image(format: "ps"), "Outputs a graph in PS format")
    public static let raw = ReportCommand("raw", .raw, "Outputs a text representation of the raw profile")
    public static let svg = ReportCommand("svg", .dot, output: .svg, "Outputs a graph in SVG format")
    public static let tags = ReportCommand("tags", .tags, "Outputs all tags in the profile")
    public static let text = ReportCommand("text", .text, "Outputs top entries in text form")
    public static let top = ReportCommand("top", .text, "Outputs top entries in text form")
    public static let topproto = ReportCommand(
        "topproto", .topProto, output: .file(suffix: "pb.gz"), "Outputs top entries in compressed protobuf format")
    public static let traces = ReportCommand("traces", .traces, "Outputs all profile samples in text form")
    public static let tree = ReportCommand("tree", .tree, "Outputs a text rendering of call graph")
    public static let web = ReportCommand("web", nil, "Visualize graph through web browser")
    public static let weblist = ReportCommand(
        "weblist", nil, hasParameter: true, "Display annotated source in a web browser")

    /// Every command pprof knows, including those swprof does not provide
    /// (so that `-disasm=f` gets a clear "not supported" instead of
    /// "flag provided but not defined").
    public static let all: [ReportCommand] = [
        callgrind, comments, disasm, dot, eog, evince, folded, gif, gv, kcachegrind, list, pdf, peek, png,
        proto, ps, raw, svg, tags, text, top, topproto, traces, tree, web, weblist,
    ]

    public static func named(_ name: String) -> ReportCommand? {
        all.first { $0.name == name }
    }
}
