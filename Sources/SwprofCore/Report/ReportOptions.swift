/// What report to produce and how: the one options value that the CLI, the
/// interactive shell and the web UI all fill in (pprof's `report.Options`).
///
/// The report does not filter or aggregate the profile: focus/ignore/hide/…
/// and granularity (`-lines`, `-noinlines`, …) are applied by the caller
/// before it creates the `Report`. Defaults that depend on the command
/// (pprof's `applyCommandOverrides`) are also the caller's job:
/// - `nodeCount`: 0 for `top`/`text`, 80 for the other graph reports unless set;
/// - `-list`, `-peek`, `-raw`, `-proto`, `-callgrind` and `-trim=false`
///   use `nodeCount = 0`, `nodeFraction = 0`, `edgeFraction = 0`
///   (the report enforces this for `.peek`, `.list` and `.callgrind` itself).
public struct ReportOptions: Sendable {
    public enum Format: Sendable, Equatable {
        case text      // -top / -text
        case traces
        case tree
        case peek      // pprof implements peek as a tree restricted to the matched symbols
        case list
        case tags
        case raw
        case dot
        case comments
        case proto
        case topProto
        case callgrind
        case folded    // swprof's -folded: root;…;leaf value lines
        case disasm    // assembly of the matching functions (objdump)
    }

    public var format: Format = .text

    /// Sort by cumulative value (`-cum`) instead of flat.
    public var cumSort = false
    /// Context-sensitive call tree (`-call_tree`); honoured by `.dot` and `.callgrind` only.
    public var callTree = false
    /// Leave out nodes with negative values (`-drop_negative`).
    public var dropNegative = false
    /// Leave the profile lines (`File:`, `Type:`, …) out of text legends.
    public var compactLabels = false
    /// Scales every value (1 / `-divide_by`); 1 means unchanged.
    public var ratio: Double = 1
    /// Title printed in the header, usually the main binary's name. When
    /// empty, the base name of the profile's first mapping is used.
    public var title = ""
    /// Replaces the profile lines of the legend when not empty (pprof's ProfileLabels).
    public var profileLabels: [String] = []
    /// `name=value` descriptions of the filters in force, shown in the legend.
    public var activeFilters: [String] = []
    /// Units for numeric labels, by key (pprof's `Profile.NumLabelUnits`).
    public var numLabelUnits: [String: String] = [:]

    public var nodeCount = 0
    public var nodeFraction = 0.005
    public var edgeFraction = 0.001

    /// Which value of `Sample.values` is reported.
    public var sampleIndex = 0
    /// When set (-mean), values are divided by this sample index's value (pprof's SampleMeanDivisor).
    public var meanDivisorIndex: Int? = nil
    /// Name of the reported sample type as printed after `Type:` (e.g.
    /// "inuse_space", "mean_delay"), and its unit in the profile. When empty,
    /// they are taken from `Profile.sampleTypes[sampleIndex]` (with `mean_`
    /// prepended when `meanDivisorIndex` is set).
    public var sampleType = ""
    public var sampleUnit = ""
    /// Unit for printing (-unit); "minimum" picks the best unit per report.
    public var outputUnit = "minimum"

    /// Functions shown by -list / -peek / weblist.
    public var symbol: Pattern? = nil
    /// Search path for source files (-source_path) and prefixes to trim (-trim_path).
    public var sourcePath = ""
    public var trimPath = ""
    /// The directory the command runs in: source files are searched there
    /// when `sourcePath` is empty, and relative `sourcePath` entries start
    /// from it. Empty means the process's current directory. Unlike
    /// `sourcePath`, it does not change the file names reports print.
    public var workingDirectory = ""
    /// `-disasm`: Intel syntax (`-intel_syntax`), and where to look for
    /// objdump (`-tools`, `PPROF_TOOLS`: `dir,objdump:dir,...`).
    public var intelSyntax = false
    public var tools = ""

    /// The total that percentages refer to. pprof computes it before the
    /// focus filters run (unless `-relative_percentages`): the caller sets it
    /// with `Report.total(of: unfilteredProfile, options:)`. When nil, the
    /// total of the profile given to the report is used.
    public var total: Int64? = nil

    public init() {}
}
