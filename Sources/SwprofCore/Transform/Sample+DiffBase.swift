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
