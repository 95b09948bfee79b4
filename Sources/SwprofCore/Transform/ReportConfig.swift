/// The settings that shape a report, as pprof's `config`: filled from
/// command-line flags, shell assignments (`focus=main`) or web query
/// parameters, then turned into a filtered profile and `ReportOptions` by
/// `ReportPreparation`. Field names follow pprof's variable names.
public struct ReportConfig: Sendable, Hashable {
    public enum Sort: String, Sendable, CaseIterable { case cum, flat }

    /// File for the report (`-output`); empty means standard output.
    public var output = ""

    public var callTree = false
    public var relativePercentages = false
    /// Unit for printed values; "minimum" picks the best unit per value.
    public var unit = "minimum"
    public var compactLabels = false
    public var sourcePath = ""
    public var trimPath = ""
    public var intelSyntax = false
    public var mean = false
    /// Sample type name or index; empty for the profile's default.
    public var sampleIndex = ""
    public var divideBy = 1.0
    public var normalize = false
    public var sort = Sort.flat

    public var tagRoot = ""
    public var tagLeaf = ""

    public var dropNegative = false
    /// Node limit; -1 means "the report's default" (unlimited for text, 80 for graphs).
    public var nodeCount = -1
    public var nodeFraction = 0.005
    public var edgeFraction = 0.001
    public var trim = true
    public var focus = ""
    public var ignore = ""
    public var pruneFrom = ""
    public var hide = ""
    public var show = ""
    public var showFrom = ""
    public var tagFocus = ""
    public var tagIgnore = ""
    public var tagShow = ""
    public var tagHide = ""
    public var noInlines = false
    /// `-showcolumns`: keep column numbers at line granularity.
    public var showColumns = false

    public var granularity = Granularity.functions {
        didSet { granularityChosen = true }
    }
    /// Whether a granularity was chosen; pprof's default (functions) reads as "".
    public private(set) var granularityChosen = false

    public init() {}

    /// The `name=value` list of filters in force, for the report legend.
    public var activeFilters: [String] {
        let named: [(String, String)] = [
            ("focus", focus), ("ignore", ignore), ("hide", hide), ("show", show), ("show_from", showFrom),
            ("tagfocus", tagFocus), ("tagignore", tagIgnore), ("tagshow", tagShow), ("taghide", tagHide),
        ]
        return named.filter { !$0.1.isEmpty }.map { "\($0.0)=\($0.1)" }
    }
}

// MARK: - Variables by name (flags, shell, URLs)

extension ReportConfig {
    /// How a variable's value is written.
    public enum ValueKind: Sendable, Equatable {
        case bool, int, float, string
        /// One of a group of choices, each of which is also a boolean flag
        /// (`-cum`/`-flat`, `-functions`/`-lines`/…).
        case choice([String])
    }

    /// One configurable variable: its pprof name, URL parameter (if the web UI
    /// keeps it in URLs), kind and one-line help.
    public struct Variable: Sendable {
        public let name: String
        public let urlParameter: QueryParameter?
        public let kind: ValueKind
        public let help: String
        let keyPath: (any WritableKeyPath<ReportConfig, String> & Sendable)?
        let boolPath: (any WritableKeyPath<ReportConfig, Bool> & Sendable)?
        let intPath: (any WritableKeyPath<ReportConfig, Int> & Sendable)?
        let floatPath: (any WritableKeyPath<ReportConfig, Double> & Sendable)?

        init(_ name: String, _ url: QueryParameter?, string path: any WritableKeyPath<ReportConfig, String> & Sendable, _ help: String) {
            self.name = name; urlParameter = url; kind = .string; self.help = help
            keyPath = path; boolPath = nil; intPath = nil; floatPath = nil
        }
        init(_ name: String, _ url: QueryParameter?, bool path: any WritableKeyPath<ReportConfig, Bool> & Sendable, _ help: String) {
            self.name = name; urlParameter = url; kind = .bool; self.help = help
            keyPath = nil; boolPath = path; intPath = nil; floatPath = nil
        }
        init(_ name: String, _ url: QueryParameter?, int path: any WritableKeyPath<ReportConfig, Int> & Sendable, _ help: String) {
            self.name = name; urlParameter = url; kind = .int; self.help = help
            keyPath = nil; boolPath = nil; intPath = path; floatPath = nil
        }
        init(_ name: String, _ url: QueryParameter?, float path: any WritableKeyPath<ReportConfig, Double> & Sendable, _ help: String) {
            self.name = name; urlParameter = url; kind = .float; self.help = help
            keyPath = nil; boolPath = nil; intPath = nil; floatPath = path
        }
        init(_ name: String, _ url: QueryParameter?, choices: [String], _ help: String) {
            self.name = name; urlParameter = url; kind = .choice(choices); self.help = help
            keyPath = nil; boolPath = nil; intPath = nil; floatPath = nil
        }
    }

    /// Every variable, in pprof's order (the order matters for which
    /// conflict is reported first).
    public static let variables: [Variable] = [
        Variable("output", nil, string: \.output, "Output filename for file-based outputs"),
        Variable("call_tree", .callTree, bool: \.callTree, "Create a context-sensitive call tree"),
        Variable("relative_percentages", .relativePercentages, bool: \.relativePercentages, "Show percentages relative to focused subgraph"),
        Variable("unit", .unit, string: \.unit, "Measurement units to display"),
        Variable("compact_labels", .compactLabels, bool: \.compactLabels, "Show minimal headers"),
        Variable("source_path", nil, string: \.sourcePath, "Search path for source files"),
        Variable("trim_path", nil, string: \.trimPath, "Path to trim from source paths before search"),
        Variable("intel_syntax", .intelSyntax, bool: \.intelSyntax, "Show assembly in Intel syntax"),
        Variable("mean", .mean, bool: \.mean, "Average sample value over first value (count)"),
        Variable("sample_index", .sampleIndex, string: \.sampleIndex, "Sample value to report (0-based index or name)"),
        Variable("divide_by", nil, float: \.divideBy, "Ratio to divide all samples before visualization"),
        Variable("normalize", .normalize, bool: \.normalize, "Scales profile based on the base profile."),
        Variable("sort", .sort, choices: Sort.allCases.map(\.rawValue), "Sort order"),
        Variable("tagroot", nil, string: \.tagRoot, "Adds pseudo stack frames for labels key/value pairs at the callstack root."),
        Variable("tagleaf", nil, string: \.tagLeaf, "Adds pseudo stack frames for labels key/value pairs at the callstack leaf."),
        Variable("drop_negative", .dropNegative, bool: \.dropNegative, "Ignore negative differences"),
        Variable("nodecount", .nodeCount, int: \.nodeCount, "Max number of nodes to show"),
        Variable("nodefraction", .nodeFraction, float: \.nodeFraction, "Hide nodes below <f>*total"),
        Variable("edgefraction", .edgeFraction, float: \.edgeFraction, "Hide edges below <f>*total"),
        Variable("trim", .trim, bool: \.trim, "Honor nodefraction/edgefraction/nodecount defaults"),
        Variable("focus", .focus, string: \.focus, "Restricts to samples going through a node matching regexp"),
        Variable("ignore", .ignore, string: \.ignore, "Skips paths going through any nodes matching regexp"),
        Variable("prune_from", .pruneFrom, string: \.pruneFrom, "Drops any functions below the matched frame."),
        Variable("hide", .hide, string: \.hide, "Skips nodes matching regexp"),
        Variable("show", .show, string: \.show, "Only show nodes matching regexp"),
        Variable("show_from", .showFrom, string: \.showFrom, "Drops functions above the highest matched frame."),
        Variable("tagfocus", .tagFocus, string: \.tagFocus, "Restricts to samples with tags in range or matched by regexp"),
        Variable("tagignore", .tagIgnore, string: \.tagIgnore, "Discard samples with tags in range or matched by regexp"),
        Variable("tagshow", .tagShow, string: \.tagShow, "Only consider tags matching this regexp"),
        Variable("taghide", .tagHide, string: \.tagHide, "Skip tags matching this regexp"),
        Variable("noinlines", .noInlines, bool: \.noInlines, "Ignore inlines."),
        Variable("showcolumns", .showColumns, bool: \.showColumns, "Show column numbers at the source code line level."),
        Variable("granularity", .granularity, choices: Granularity.allCases.map(\.rawValue), "Output granularity"),
    ]

    /// One-line help for the choices of the choice groups.
    public static let choiceHelp: [String: String] = [
        "cum": "Sort entries based on cumulative weight",
        "flat": "Sort entries based on own weight",
        "functions": "Aggregate at the function level.",
        "filefunctions": "Aggregate at the function level, keeping the file name.",
        "files": "Aggregate at the file level.",
        "lines": "Aggregate at the source code line level.",
        "addresses": "Aggregate at the address level.",
    ]

    /// The variable called `name`, or the choice group `name` is a choice of.
    public static func variable(named name: String) -> Variable? {
        variables.first { v in
            if v.name == name { return true }
            if case .choice(let choices) = v.kind { return choices.contains(name) }
            return false
        }
    }

    /// The variable's current value as text.
    public func value(of variable: Variable) -> String {
        if let p = variable.keyPath { return self[keyPath: p] }
        if let p = variable.boolPath { return self[keyPath: p] ? "true" : "false" }
        if let p = variable.intPath { return String(self[keyPath: p]) }
        if let p = variable.floatPath { return Self.formatFloat(self[keyPath: p]) }
        switch variable.name {
        case "sort": return sort.rawValue
        case "granularity": return granularityChosen ? granularity.rawValue : ""
        default: return ""
        }
    }

    /// Sets `variable` from text: booleans accept pprof's spellings (true, t,
    /// yes, y, 1, empty / false, f, no, n, 0); choices must be one of the
    /// choices. Throws `ProfileError(.invalidOption)` for a bad value.
    public mutating func set(_ variable: Variable, to text: String) throws {
        if let p = variable.keyPath {
            self[keyPath: p] = text
        } else if let p = variable.boolPath {
            switch text.lowercased() {
            case "true", "t", "yes", "y", "1", "": self[keyPath: p] = true
            case "false", "f", "no", "n", "0": self[keyPath: p] = false
            default: throw ProfileError(.invalidOption, "illegal value \"\(text)\" for bool variable")
            }
        } else if let p = variable.intPath {
            guard let v = Int(text) else {
                throw ProfileError(.invalidOption, "strconv.Atoi: parsing \"\(text)\": invalid syntax")
            }
            self[keyPath: p] = v
        } else if let p = variable.floatPath {
            guard let v = Double(text) else {
                throw ProfileError(.invalidOption, "strconv.ParseFloat: parsing \"\(text)\": invalid syntax")
            }
            self[keyPath: p] = v
        } else if case .choice(let choices) = variable.kind {
            guard choices.contains(text) else {
                throw ProfileError(.invalidOption, "invalid \"\(variable.name)\" value \"\(text)\"")
            }
            try setChoice(text)
        }
    }

    /// Selects the choice `choice` of its group (`cum`, `lines`, …).
    public mutating func setChoice(_ choice: String) throws {
        if let s = Sort(rawValue: choice) {
            sort = s
        } else if let g = Granularity(rawValue: choice) {
            granularity = g
        } else {
            throw ProfileError(.invalidOption, "unknown config field \"\(choice)\"")
        }
    }

    /// Go's `%v` for a float64: shortest representation, no trailing ".0".
    static func formatFloat(_ v: Double) -> String {
        if v == v.rounded(), v.magnitude < 1e21 { return String(format: "%.0f", v) }
        return String(v)
    }
}
