/// A report over one profile: the values behind pprof's text reports and the
/// text itself, byte for byte as `go tool pprof` writes it.
///
/// The CLI, the interactive shell and the web UI all create a `Report` with
/// the same `ReportOptions`; `text()` writes the format in the options, and
/// the value functions (`trimmedGraph()`, `topReport()`, `treeReport()`,
/// `sourceListing()`, `dot()`, …) give the numbers for other renderings.
public struct Report: Sendable {
    /// The profile as given (already filtered and aggregated by the caller).
    public let profile: Profile
    /// The options, with title, sample type and unit filled in.
    public let options: ReportOptions
    /// The total percentages refer to (see `ReportOptions.total`).
    public let total: Int64
    /// Data derived from `profile` that other reports of it reuse (the web UI
    /// passes the one of its `PreparedReport`); nil computes everything.
    public let derived: DerivedReportData?

    public init(profile: Profile, options: ReportOptions, derived: DerivedReportData? = nil) throws {
        self.derived = derived
        guard !profile.sampleTypes.isEmpty else {
            throw ProfileError(.invalidOption, "profile has no samples")
        }
        let count = profile.sampleTypes.count
        guard options.sampleIndex >= 0 && options.sampleIndex < count else {
            throw ProfileError(
                .invalidOption, "sample_index \(options.sampleIndex) is outside the range [0..\(count - 1)]")
        }
        if let divisor = options.meanDivisorIndex, divisor < 0 || divisor >= count {
            throw ProfileError(.invalidOption, "sample_index \(divisor) is outside the range [0..\(count - 1)]")
        }
        if options.ratio.isNaN || options.ratio.isInfinite {
            throw ProfileError(.invalidOption, "zero divisor specified")
        }
        var o = options
        let type = profile.sampleTypes[o.sampleIndex]
        if o.sampleType.isEmpty {
            o.sampleType = (o.meanDivisorIndex != nil ? "mean_" : "") + type.type
        }
        if o.sampleUnit.isEmpty {
            o.sampleUnit = type.unit
        }
        if o.title.isEmpty, let first = profile.mappings.first, !first.file.isEmpty {
            o.title = GoFilePath.base(first.file)
        }
        if o.format == .peek {
            // pprof never trims peek reports.
            o.nodeCount = 0
            o.nodeFraction = 0
            o.edgeFraction = 0
        }
        self.profile = profile
        self.options = o
        self.total = o.total ?? Report.total(of: profile, options: o)
    }

    /// The sum of the magnitudes of the reported values (divided by the
    /// sum of divisors with `-mean`). In a `-diff_base` profile only the base
    /// samples (label `pprof::base=true`) count.
    public static func total(of profile: Profile, options: ReportOptions) -> Int64 {
        var total: Int64 = 0
        var div: Int64 = 0
        var diffTotal: Int64 = 0
        var diffDiv: Int64 = 0
        let graphOptions = GraphOptions(valueIndex: options.sampleIndex, divisorIndex: options.meanDivisorIndex)
        for sample in profile.samples {
            let v = goAbs(graphOptions.value(sample))
            let d = graphOptions.divisor(sample)
            total &+= v
            div &+= d
            if sample.isDiffBase {
                diffTotal &+= v
                diffDiv &+= d
            }
        }
        if diffTotal > 0 {
            total = diffTotal
            div = diffDiv
        }
        return div != 0 ? total.dividedReportingOverflow(by: div).partialValue : total
    }

    /// The report in the format of its options, as `go tool pprof` prints it.
    /// `.proto` and `.topProto` are binary: encode `profile` or
    /// `topProtoProfile()` instead.
    public func text() throws -> String {
        switch options.format {
        case .text: return topReport().text
        case .traces: return tracesText()
        case .tree, .peek: return try treeReport().text()
        case .list: return try sourceListing().text
        case .disasm: return try assemblyListing().text
        case .tags: return tagsText()
        case .dot: return dot()
        case .comments: return profile.comments.map { $0 + "\n" }.joined()
        case .callgrind: return callgrindText()
        case .folded: return foldedText()
        case .raw: return rawText()
        case .proto, .topProto:
            throw ProfileError(.invalidOption, "the proto formats are binary; encode the profile instead of printing it")
        }
    }

    /// Formats a value with the options' output unit (`minimum` scales each
    /// value on its own), after applying the ratio.
    public func formatValue(_ value: Int64) -> String {
        formatter(unit: options.outputUnit).format(value)
    }

    func formatter(unit: String) -> ValueFormatter {
        ValueFormatter(sampleUnit: options.sampleUnit, outputUnit: unit, ratio: options.ratio)
    }

    func sampleValue(_ sample: Sample) -> Int64 {
        options.sampleIndex < sample.values.count ? sample.values[options.sampleIndex] : 0
    }

    func sampleDivisor(_ sample: Sample) -> Int64? {
        guard let index = options.meanDivisorIndex else { return nil }
        return index < sample.values.count ? sample.values[index] : 0
    }
}

/// Formats report values: ratio applied, then scaled to the output unit.
public struct ValueFormatter: Sendable {
    public var sampleUnit: String
    public var outputUnit: String
    public var ratio: Double

    public init(sampleUnit: String, outputUnit: String, ratio: Double = 1) {
        self.sampleUnit = sampleUnit
        self.outputUnit = outputUnit
        self.ratio = ratio
    }

    public func format(_ value: Int64) -> String {
        var v = value
        if ratio > 0 && ratio != 1 {
            v = goInt64(Double(value) * ratio)
        }
        return Measurement.scaledLabel(v, from: sampleUnit, to: outputUnit)
    }

    /// `.` for zero, as source listings print empty cells.
    func formatOrDot(_ value: Int64) -> String {
        value == 0 ? "." : format(value)
    }
}
