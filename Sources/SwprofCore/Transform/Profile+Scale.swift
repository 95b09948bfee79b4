import Foundation

extension Profile {
    /// Multiplies every sample value by `ratio` (rounded half away from zero)
    /// and drops the samples whose values all became zero. A ratio of 1 changes
    /// nothing. `-base` subtracts a profile by scaling it by -1 and merging.
    public mutating func scale(by ratio: Double) {
        if ratio == 1 { return }
        // Cannot fail: one ratio per sample type.
        try? scale(byEach: Array(repeating: ratio, count: sampleTypes.count))
    }

    /// Multiplies each sample type's values by its own ratio and drops samples
    /// whose scaled values are all zero (values whose ratio is 1 are left alone
    /// and do not count). Throws when the ratio count differs from the number
    /// of sample types.
    public mutating func scale(byEach ratios: [Double]) throws {
        guard ratios.count == sampleTypes.count else {
            throw ProfileError(.incompatible, "mismatched scale ratios, got \(ratios.count), want \(sampleTypes.count)")
        }
        if ratios.allSatisfy({ $0 == 1 }) { return }
        var kept: [Sample] = []
        kept.reserveCapacity(samples.count)
        for var sample in samples {
            var keep = false
            for i in sample.values.indices where i < ratios.count && ratios[i] != 1 {
                let scaled = Self.roundedInt64(Double(sample.values[i]) * ratios[i])
                sample.values[i] = scaled
                keep = keep || scaled != 0
            }
            if keep { kept.append(sample) }
        }
        samples = kept
    }

    /// pprof's `Normalize`: scales this profile so that each sample type's
    /// total equals `base`'s total for that type (`-normalize` with `-base`).
    public mutating func normalize(by base: Profile) throws {
        guard periodType == base.periodType else {
            throw ProfileError(
                .incompatible,
                "incompatible period types \(Self.describe(periodType)) and \(Self.describe(base.periodType))")
        }
        guard sampleTypes == base.sampleTypes else {
            throw ProfileError(
                .incompatible,
                "incompatible sample types \(Self.describe(sampleTypes)) and \(Self.describe(base.sampleTypes))")
        }
        var baseTotals = [Int64](repeating: 0, count: sampleTypes.count)
        for sample in base.samples {
            for (i, v) in sample.values.enumerated() where i < baseTotals.count { baseTotals[i] &+= v }
        }
        var totals = [Int64](repeating: 0, count: sampleTypes.count)
        for sample in samples {
            for (i, v) in sample.values.enumerated() where i < totals.count { totals[i] &+= v }
        }
        let ratios = zip(baseTotals, totals).map { base, own in own == 0 ? 0 : Double(base) / Double(own) }
        try scale(byEach: ratios)
    }

    /// Sets string label `key` to `values` on every sample (pprof's SetLabel).
    public mutating func setLabel(_ key: String, _ values: [String]) {
        for i in samples.indices { samples[i].labels[key] = values }
    }

    /// Removes string label `key` from every sample.
    public mutating func removeLabel(_ key: String) {
        for i in samples.indices { samples[i].labels[key] = nil }
    }

    /// Go converts out-of-range floats to int64 without trapping; swprof clamps.
    static func roundedInt64(_ value: Double) -> Int64 {
        let r = value.rounded(.toNearestOrAwayFromZero)
        if r.isNaN { return 0 }
        if r >= 9.223372036854775807e18 { return .max }
        if r <= -9.223372036854775808e18 { return .min }
        return Int64(r)
    }

    private static func describe(_ types: [ValueType]) -> String {
        "[" + types.map { describe($0) }.joined(separator: " ") + "]"
    }

    private static func describe(_ t: ValueType?) -> String {
        guard let t else { return "<nil>" }
        return "{\(t.type) \(t.unit)}"
    }
}

extension Sample {
    /// The label key marking samples of a `-diff_base` profile.
    public static let diffBaseLabel = "pprof::base"

    /// Whether the sample has string label `key` with `value`.
    public func hasLabel(_ key: String, _ value: String) -> Bool {
        labels[key]?.contains(value) ?? false
    }

    /// Whether the sample comes from a `-diff_base` profile.
    public var isDiffBase: Bool { hasLabel(Sample.diffBaseLabel, "true") }
}
