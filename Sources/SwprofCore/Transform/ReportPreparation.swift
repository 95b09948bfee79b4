/// A profile filtered and aggregated for one report, with the options to
/// render it: what pprof's driver hands to its report package.
public struct PreparedReport: Sendable {
    /// The profile after label nodes, filters and aggregation.
    public var profile: Profile
    /// The options for `Report(profile:options:)`. Their `total` (the 100% of
    /// percentages) is set: pprof takes it before `-focus` and the other
    /// filters unless `-relative_percentages` is given, so percentages stay
    /// relative to the whole profile.
    public var options: ReportOptions
    /// Messages pprof prints on stderr while preparing ("Focus expression
    /// matched no samples", "tagfocus:Interpreted '1kb:' as range, not regexp").
    public var warnings: [String]
    /// What reports of `profile` can share (from a `PreparationCache`), for
    /// `Report(profile:options:derived:)`.
    public var derived: DerivedReportData? = nil
}

extension ReportConfig {
    /// The config a command actually runs with (pprof's
    /// applyCommandOverrides): `-list` works on lines, `-peek`/`-list` and the
    /// profile-writing formats ignore trimming, and a node count left at its
    /// default becomes 0 (unlimited) for text reports and 80 for the others.
    public func overridden(for command: ReportCommand) -> ReportConfig {
        var cfg = self
        var trim = cfg.trim
        switch command {
        case .disasm:
            trim = false
            cfg.granularity = .addresses
            cfg.noInlines = true
        case .weblist:
            trim = false
            cfg.granularity = .addresses
            cfg.noInlines = false
        case .peek:
            trim = false
        case .list:
            trim = false
            cfg.granularity = .lines
        case .text, .top, .topproto:
            if cfg.nodeCount == -1 { cfg.nodeCount = 0 }
        default:
            if cfg.nodeCount == -1 { cfg.nodeCount = 80 }
        }
        switch command.format {
        case .proto?, .raw?, .callgrind?:
            trim = false
            cfg.granularity = .addresses
        default:
            break
        }
        if !trim {
            cfg.nodeCount = 0
            cfg.nodeFraction = 0
            cfg.edgeFraction = 0
        }
        return cfg
    }

    /// Report options for `profile` under this config (pprof's reportOptions):
    /// the sample value to show, `mean_` type naming, the divisor, the legend's
    /// active filters and the title from the main mapping's file name.
    public func reportOptions(for profile: Profile, numLabelUnits: [String: String]) throws -> ReportOptions {
        if profile.sampleTypes.isEmpty {
            throw ProfileError(.invalidOption, "profile has no samples")
        }
        let index = try profile.sampleIndex(byName: sampleIndex)
        let sampleType = profile.sampleTypes[index]
        if divideBy == 0 {
            throw ProfileError(.invalidOption, "zero divisor specified")
        }
        var o = ReportOptions()
        o.cumSort = sort == .cum
        o.callTree = callTree
        o.dropNegative = dropNegative
        o.compactLabels = compactLabels
        o.ratio = 1 / divideBy
        o.nodeCount = nodeCount
        o.nodeFraction = nodeFraction
        o.edgeFraction = edgeFraction
        o.activeFilters = activeFilters
        o.numLabelUnits = numLabelUnits
        o.sampleIndex = index
        o.meanDivisorIndex = mean ? 0 : nil
        o.sampleType = mean ? "mean_" + sampleType.type : sampleType.type
        o.sampleUnit = sampleType.unit
        o.outputUnit = unit
        o.sourcePath = sourcePath
        o.trimPath = trimPath
        if let main = profile.mappings.first, !main.file.isEmpty {
            o.title = main.file.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? main.file
        }
        return o
    }
}

public enum ReportPreparation {
    /// Prepares `profile` for `command` as pprof's driver does: label
    /// nodes (`-tagroot`/`-tagleaf`), then the name, tag and prune filters,
    /// then aggregation to the granularity. `argument` is the command's regexp
    /// (`-peek=RE`, `-list=RE`).
    public static func prepare(
        _ profile: Profile, command: ReportCommand, argument: String?, config: ReportConfig,
        cache: PreparationCache? = nil
    ) throws -> PreparedReport {
        guard let format = command.format else {
            throw ProfileError(.invalidOption, "the \(command.name) report is not supported by swprof")
        }
        let cfg = config.overridden(for: command)
        let key = PreparationCache.Key(cfg)
        guard let cache else {
            return try prepare(profile, command: command, format: format, argument: argument, cfg: cfg, key: key, cache: nil)
        }
        return try cache.exclusively(key) {
            try prepare(profile, command: command, format: format, argument: argument, cfg: cfg, key: key, cache: cache)
        }
    }

    /// `prepare` for the overridden config `cfg`, reusing what `cache` holds for `key`.
    private static func prepare(
        _ profile: Profile, command: ReportCommand, format: ReportOptions.Format, argument: String?, cfg: ReportConfig,
        key: PreparationCache.Key, cache: PreparationCache?
    ) throws -> PreparedReport {
        let labelled = cache?.labelled(key) ?? labelNodes(profile, config: cfg)
        try WorkBudget.checkpoint()
        cache?.store(labelled: labelled, key)
        var warnings = labelled.warnings

        /// The profile after filters and aggregation, and the filters' warnings.
        func filtered() throws -> (profile: Profile, warnings: [String]) {
            if let done = cache?.filtered(key) { return done }
            var p = labelled.profile
            var filterWarnings: [String] = []
            try applyFilters(&p, numLabelUnits: labelled.numLabelUnits, config: cfg, warnings: &filterWarnings)
            try WorkBudget.checkpoint()
            p.aggregate(granularity: cfg.granularity, noInlines: cfg.noInlines, showColumns: cfg.showColumns)
            // A stopped page's profile may be cut short: never kept.
            try WorkBudget.checkpoint()
            cache?.store(filtered: (p, filterWarnings), key)
            return (p, filterWarnings)
        }

        var relative: (profile: Profile, warnings: [String])? = nil
        if cfg.relativePercentages {
            relative = try filtered()
            warnings += relative?.warnings ?? []
        }
        // Filters leave the sample types and mappings that options are taken from as they are.
        var options = try cfg.reportOptions(for: labelled.profile, numLabelUnits: labelled.numLabelUnits)
        options.format = format
        options.intelSyntax = cfg.intelSyntax
        if let argument, command.hasParameter {
            do {
                options.symbol = try Pattern(argument)
            } catch let error as ProfileError {
                throw ProfileError(.invalidOption, "parsing argument regexp \(argument): \(error.message)")
            }
        }
        if let relative {
            // pprof aggregates after taking the total; aggregation leaves values alone.
            options.total = Report.total(of: relative.profile, options: options)
            return PreparedReport(
                profile: relative.profile, options: options, warnings: warnings,
                derived: cache?.derived(key, for: relative.profile))
        }
        options.total = Report.total(of: labelled.profile, options: options)
        let result = try filtered()
        warnings += result.warnings
        return PreparedReport(
            profile: result.profile, options: options, warnings: warnings, derived: cache?.derived(key, for: result.profile))
    }

    /// The first step of preparation: numeric label units and label nodes
    /// (`-tagroot`, `-tagleaf`), with their warnings.
    static func labelNodes(_ profile: Profile, config cfg: ReportConfig) -> PreparationCache.Labelled {
        var p = profile
        var warnings: [String] = []
        let (numLabelUnits, ignoredUnits) = p.numLabelUnits()
        for key in ignoredUnits.keys.sorted() {
            warnings.append(
                "For tag \(key) used unit \(numLabelUnits[key] ?? ""), also encountered unit(s) \(ignoredUnits[key]!.joined(separator: ", "))"
            )
        }
        let rootKeys = cfg.tagRoot.split(separator: ",").map(String.init)
        let leafKeys = cfg.tagLeaf.split(separator: ",").map(String.init)
        let (rootMatched, leafMatched) = p.addLabelNodes(rootKeys: rootKeys, leafKeys: leafKeys, outputUnit: cfg.unit)
        if !cfg.tagRoot.isEmpty && !rootMatched { warnings.append(noMatchWarning("TagRoot")) }
        if !cfg.tagLeaf.isEmpty && !leafMatched { warnings.append(noMatchWarning("TagLeaf")) }
        return PreparationCache.Labelled(profile: p, numLabelUnits: numLabelUnits, warnings: warnings)
    }

    /// pprof's applyFocus: `-focus -ignore -hide -show`, then `-show_from`,
    /// `-tagfocus -tagignore`, `-tagshow -taghide`, and `-prune_from`, each
    /// warning when it matched nothing. Every regexp is compiled before the
    /// profile is touched.
    public static func applyFilters(
        _ p: inout Profile, numLabelUnits: [String: String], config cfg: ReportConfig, warnings: inout [String]
    ) throws {
        let focus = try Pattern.compile(option: "focus", cfg.focus)
        let ignore = try Pattern.compile(option: "ignore", cfg.ignore)
        let hide = try Pattern.compile(option: "hide", cfg.hide)
        let show = try Pattern.compile(option: "show", cfg.show)
        let showFrom = try Pattern.compile(option: "show_from", cfg.showFrom)
        let tagFocus = try TagFilter.compile(option: "tagfocus", value: cfg.tagFocus, numLabelUnits: numLabelUnits)
        if let tagFocus, tagFocus.isRange { warnings.append(rangeWarning("tagfocus", cfg.tagFocus)) }
        let tagIgnore = try TagFilter.compile(option: "tagignore", value: cfg.tagIgnore, numLabelUnits: numLabelUnits)
        if let tagIgnore, tagIgnore.isRange { warnings.append(rangeWarning("tagignore", cfg.tagIgnore)) }
        let pruneFrom = try Pattern.compile(option: "prune_from", cfg.pruneFrom)
        let tagShow = try Pattern.compile(option: "tagshow", cfg.tagShow)
        let tagHide = try Pattern.compile(option: "taghide", cfg.tagHide)

        let names = p.filterSamplesByName(focus: focus, ignore: ignore, hide: hide, show: show)
        if focus != nil && !names.focus { warnings.append(noMatchWarning("Focus")) }
        if ignore != nil && !names.ignore { warnings.append(noMatchWarning("Ignore")) }
        if hide != nil && !names.hide { warnings.append(noMatchWarning("Hide")) }
        if show != nil && !names.show { warnings.append(noMatchWarning("Show")) }

        let showFromMatched = p.showFrom(showFrom)
        if showFrom != nil && !showFromMatched { warnings.append(noMatchWarning("ShowFrom")) }

        let tags = p.filterSamplesByTag(focus: tagFocus, ignore: tagIgnore)
        if tagFocus != nil && !tags.focus { warnings.append(noMatchWarning("TagFocus")) }
        if tagIgnore != nil && !tags.ignore { warnings.append(noMatchWarning("TagIgnore")) }

        let tagNames = p.filterTagsByName(show: tagShow, hide: tagHide)
        if tagShow != nil && !tagNames.show { warnings.append(noMatchWarning("TagShow")) }
        if tagHide != nil && !tagNames.hide { warnings.append(noMatchWarning("TagHide")) }

        if let pruneFrom {
            p.pruneFrom(pruneFrom)
        }
    }

    static func noMatchWarning(_ option: String) -> String {
        "\(option) expression matched no samples"
    }

    static func rangeWarning(_ option: String, _ value: String) -> String {
        var v = value
        if let eq = v.firstIndex(of: "=") { v = String(v[v.index(after: eq)...]) }
        return "\(option):Interpreted '\(v)' as range, not regexp"
    }
}
