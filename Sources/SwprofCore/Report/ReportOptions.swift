/// What report to produce and how: the one options value that the CLI, the
/// interactive shell and the web UI all fill in (pprof's `report.Options`).
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
    }

    public var format: Format = .text

    public var cumSort = false
    public var callTree = false
    public var dropNegative = false
    public var compactLabels = false
    /// Scales every value (used for -base normalisation); 1 means unchanged.
    public var ratio: Double = 1
    /// Title printed in the header, usually the main binary's name.
    public var title = ""
    /// Extra legend lines (pprof's ProfileLabels).
    public var profileLabels: [String] = []
    /// `name=value` descriptions of the filters in force, shown in the legend.
    public var activeFilters: [String] = []
    /// Units for numeric labels, by key (from -tagfocus parsing and profile units).
    public var numLabelUnits: [String: String] = [:]

    public var nodeCount = 0
    public var nodeFraction = 0.005
    public var edgeFraction = 0.001

    /// Which value of `Sample.values` is reported.
    public var sampleIndex = 0
    /// When set (-mean), values are divided by this sample index's value (pprof's SampleMeanDivisor).
    public var meanDivisorIndex: Int? = nil
    /// Name of the reported sample type (e.g. "inuse_space"), and its unit in the profile.
    public var sampleType = ""
    public var sampleUnit = ""
    /// Unit for printing (-unit); "minimum" picks the best unit per number.
    public var outputUnit = "minimum"

    /// Functions shown by -list / -peek / weblist.
    public var symbol: Pattern? = nil
    /// Search path for source files (-source_path) and prefixes to trim (-trim_path).
    public var sourcePath = ""
    public var trimPath = ""

    public init() {}
}
