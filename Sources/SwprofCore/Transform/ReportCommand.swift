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

    /// Every command pprof knows, including those swprof does not provide
    /// (so that `-disasm=f` gets a clear "not supported" instead of
    /// "flag provided but not defined").
    public static let all: [ReportCommand] = [
        ReportCommand("callgrind", .callgrind, output: .file(suffix: "callgraph.out"), "Outputs a graph in callgrind format"),
        ReportCommand("comments", .comments, "Output all profile comments"),
        ReportCommand("disasm", .disasm, hasParameter: true, "Output assembly listings annotated with samples"),
        ReportCommand("dot", .dot, "Outputs a graph in DOT format"),
        ReportCommand("eog", nil, "Visualize graph through eog"),
        ReportCommand("evince", nil, "Visualize graph through evince"),
        ReportCommand("folded", .folded, "Outputs stacks in folded form (root;...;leaf value), for flame graph tools"),
        ReportCommand("gif", .dot, output: .image(format: "gif"), "Outputs a graph image in GIF format"),
        ReportCommand("gv", nil, "Visualize graph through gv"),
        ReportCommand("kcachegrind", nil, "Visualize report in KCachegrind"),
        ReportCommand("list", .list, hasParameter: true, "Output annotated source for functions matching regexp"),
        ReportCommand("pdf", .dot, output: .image(format: "pdf"), "Outputs a graph in PDF format"),
        ReportCommand("peek", .peek, hasParameter: true, "Output callers/callees of functions matching regexp"),
        ReportCommand("png", .dot, output: .image(format: "png"), "Outputs a graph image in PNG format"),
        ReportCommand("proto", .proto, output: .file(suffix: "pb.gz"), "Outputs the profile in compressed protobuf format"),
        ReportCommand("ps", .dot, output: .image(format: "ps"), "Outputs a graph in PS format"),
        ReportCommand("raw", .raw, "Outputs a text representation of the raw profile"),
        ReportCommand("svg", .dot, output: .svg, "Outputs a graph in SVG format"),
        ReportCommand("tags", .tags, "Outputs all tags in the profile"),
        ReportCommand("text", .text, "Outputs top entries in text form"),
        ReportCommand("top", .text, "Outputs top entries in text form"),
        ReportCommand("topproto", .topProto, output: .file(suffix: "pb.gz"), "Outputs top entries in compressed protobuf format"),
        ReportCommand("traces", .traces, "Outputs all profile samples in text form"),
        ReportCommand("tree", .tree, "Outputs a text rendering of call graph"),
        ReportCommand("web", nil, "Visualize graph through web browser"),
        ReportCommand("weblist", nil, hasParameter: true, "Display annotated source in a web browser"),
    ]

    public static func named(_ name: String) -> ReportCommand? {
        all.first { $0.name == name }
    }
}
