/// Every parameter of the web UI's URLs and forms, by name: pprof's (the
/// report options' URL names, see ``ReportConfig/variables``) and swprof's
/// own. Code reads and writes queries through these cases, so a misspelt
/// parameter does not compile.
public enum QueryParameter: String, CaseIterable, Sendable {
    // The report options (pprof's URL names).
    case callTree = "calltree", relativePercentages = "rel", unit, compactLabels = "compact", intelSyntax = "intel"
    case mean, sampleIndex = "si", normalize = "norm", sort, dropNegative = "dropneg"
    case nodeCount = "n", nodeFraction = "nf", edgeFraction = "ef", trim
    case focus = "f", ignore = "i", pruneFrom = "prunefrom", hide = "h", show = "s", showFrom = "sf"
    case tagFocus = "tf", tagIgnore = "ti", tagShow = "ts", tagHide = "th"
    case noInlines = "noinlines", showColumns = "showcolumns", granularity = "g"
    // swprof's pages.
    /// The flame graph's pivot frame.
    case pivot = "p"
    /// The search pattern.
    case search = "q"
    /// `cmp=side`: base and new side by side.
    case layout = "cmp"
    /// `palette=cb`: colour-blind-safe comparison colours.
    case palette
    /// `stacks=1`: the Trend view ranks whole stacks.
    case stacks
    /// `prev=1`: the newest snapshot against the previous one.
    case previous = "prev"
    /// The refine form: which filter (`f`, `i`, …) and its expression.
    case refine, refineExpression = "re"
    /// The flame graph's width in pixels.
    case width = "w"
    /// The trace's goroutine analysis: one group's goroutines.
    case group
    // The saved-configuration forms (POST bodies, not page URLs).
    case configName = "config", view, query
}
