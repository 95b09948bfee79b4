/// Units and their formatting, as pprof's `measurement` package: scaling a
/// value between units, the labels reports print (`1.50MB`, `30ms`), and
/// percentages.
public enum Measurement {
    /// One unit of a family: its printed name, the spellings that select it
    /// and its size in the family's base unit.
    struct Unit: Sendable {
        let canonicalName: String
        let aliases: [String]
        let factor: Double
    }

    /// A family of convertible units (memory, time, GCU) and the unit used
    /// when a requested unit is not in the family.
    struct UnitFamily: Sendable {
        let defaultUnit: Unit
        let units: [Unit]

        func find(alias: String) -> Unit? {
            units.first { $0.aliases.contains(alias) }
        }

        /// Finds the unit for a spelling, ignoring case and a plural `s`
        /// (only for spellings longer than two bytes, so `ms` stays `ms`).
        func sniff(_ name: String) -> Unit? {
            var name = name.lowercased()
            if name.utf8.count > 2, name.hasSuffix("s") {
                name.removeLast()
            }
            return find(alias: name)
        }

        /// The largest unit in which `value` (in base units) is at least 1.
        func autoScale(_ value: Double) -> (Double, String)? {
            var factor = 0.0
            var unitName = ""
            for unit in units where unit.factor >= factor && value / unit.factor >= 1 {
                factor = unit.factor
                unitName = unit.canonicalName
            }
            return factor == 0 ? nil : (value / factor, unitName)
        }

        func convert(_ value: Int64, from fromName: String, to toName: String) -> (Double, String)? {
            guard let from = sniff(fromName) else { return nil }
            let base = Double(value) * from.factor
            if toName == "minimum" || toName == "auto" {
                if let scaled = autoScale(base) { return scaled }
                return (base / defaultUnit.factor, defaultUnit.canonicalName)
            }
            guard let to = sniff(toName) else {
                return (base / defaultUnit.factor, defaultUnit.canonicalName)
            }
            return (base / to.factor, to.canonicalName)
        }
    }

    static let families: [UnitFamily] = {
        let byte = Unit(canonicalName: "B", aliases: ["b", "byte"], factor: 1)
        let memory = UnitFamily(defaultUnit: byte, units: [
            byte,
            Unit(canonicalName: "kB", aliases: ["kb", "kbyte", "kilobyte"], factor: 1024),
            Unit(canonicalName: "MB", aliases: ["mb", "mbyte", "megabyte"], factor: 1_048_576),
            Unit(canonicalName: "GB", aliases: ["gb", "gbyte", "gigabyte"], factor: 1_073_741_824),
            Unit(canonicalName: "TB", aliases: ["tb", "tbyte", "terabyte"], factor: 1_099_511_627_776),
            Unit(canonicalName: "PB", aliases: ["pb", "pbyte", "petabyte"], factor: 1_125_899_906_842_624),
        ])
        let time = UnitFamily(defaultUnit: Unit(canonicalName: "s", aliases: [], factor: 1e9), units: [
            Unit(canonicalName: "ns", aliases: ["ns", "nanosecond"], factor: 1),
            Unit(canonicalName: "us", aliases: ["μs", "us", "microsecond"], factor: 1e3),
            Unit(canonicalName: "ms", aliases: ["ms", "millisecond"], factor: 1e6),
            Unit(canonicalName: "s", aliases: ["s", "sec", "second"], factor: 1e9),
            Unit(canonicalName: "hrs", aliases: ["hour", "hr"], factor: 3600e9),
        ])
        let gcu = UnitFamily(defaultUnit: Unit(canonicalName: "GCU", aliases: [], factor: 1), units: [
            Unit(canonicalName: "n*GCU", aliases: ["nanogcu"], factor: 1e-9),
            Unit(canonicalName: "u*GCU", aliases: ["microgcu"], factor: 1e-6),
            Unit(canonicalName: "m*GCU", aliases: ["milligcu"], factor: 1e-3),
            Unit(canonicalName: "GCU", aliases: ["gcu"], factor: 1),
            Unit(canonicalName: "k*GCU", aliases: ["kilogcu"], factor: 1e3),
            Unit(canonicalName: "M*GCU", aliases: ["megagcu"], factor: 1e6),
            Unit(canonicalName: "G*GCU", aliases: ["gigagcu"], factor: 1e9),
            Unit(canonicalName: "T*GCU", aliases: ["teragcu"], factor: 1e12),
            Unit(canonicalName: "P*GCU", aliases: ["petagcu"], factor: 1e15),
        ])
        return [memory, time, gcu]
    }()

    /// Converts `value` from `fromUnit` to `toUnit` and returns the number
    /// with the unit to print after it. `toUnit` may be `minimum` or `auto`
    /// (pick the largest unit keeping the number ≥ 1). The returned unit is
    /// empty for plain counts (`count`, `sample`, `unit`, or an unknown unit
    /// asked for as `minimum`/`auto`).
    public static func scale(_ value: Int64, from fromUnit: String, to toUnit: String) -> (value: Double, unit: String) {
        if value < 0 && value != .min {
            let (v, u) = scale(-value, from: fromUnit, to: toUnit)
            return (-v, u)
        }
        for family in families {
            if let converted = family.convert(value, from: fromUnit, to: toUnit) {
                return converted
            }
        }
        switch toUnit {
        case "count", "sample", "unit", "minimum", "auto":
            return (Double(value), "")
        default:
            return (Double(value), toUnit)
        }
    }

    /// The label for a measurement, each value in its own best unit.
    public static func label(_ value: Int64, unit: String) -> String {
        scaledLabel(value, from: unit, to: "auto")
    }

    /// The label for a measurement converted to `toUnit`: two decimals, with
    /// a `.00` dropped (`1.50MB`, `30ms`, `0`).
    public static func scaledLabel(_ value: Int64, from fromUnit: String, to toUnit: String) -> String {
        let (v, u) = scale(value, from: fromUnit, to: toUnit)
        var text = CFormat.double("%.2f", v)
        if text.hasSuffix(".00") {
            text.removeLast(3)
        }
        if text == "0" || text == "-0" {
            return "0"
        }
        return text + u
    }

    /// `value` as a percentage of `total`, always six columns wide for
    /// ordinary values: `  100%`, `12.34%`, ` 0.05%`.
    public static func percentage(_ value: Int64, of total: Int64) -> String {
        var ratio = 0.0
        if total != 0 {
            ratio = abs(Double(value) / Double(total)) * 100
        }
        if ratio >= 99.95 && ratio <= 100.05 {
            return "  100%"
        }
        if ratio >= 1.0 {
            return CFormat.double("%5.2f%%", ratio)
        }
        return CFormat.double("%5.2g%%", ratio)
    }

    /// Whether two value types describe the same kind of measurement in
    /// convertible units (a trailing `s` in the type is ignored).
    static func compatible(_ a: ValueType, _ b: ValueType) -> Bool {
        if trimmingOneS(a.type) != trimmingOneS(b.type) {
            return false
        }
        if a.unit == b.unit {
            return true
        }
        return families.contains { $0.sniff(a.unit) != nil && $0.sniff(b.unit) != nil }
    }

    private static func trimmingOneS(_ s: String) -> String {
        s.hasSuffix("s") ? String(s.dropLast()) : s
    }

    /// The finest of a set of compatible value types, or nil for fewer than
    /// two types. Throws when two of them cannot be compared.
    public static func commonValueType(_ types: [ValueType]) throws -> ValueType? {
        guard types.count > 1, var finest = types.first else { return nil }
        for t in types.dropFirst() {
            if !compatible(finest, t) {
                throw ProfileError(
                    .incompatible, "incompatible types: {\(finest.type) \(finest.unit)} {\(t.type) \(t.unit)}")
            }
            if scale(1, from: t.unit, to: finest.unit).value < 1 {
                finest = t
            }
        }
        return finest
    }
}
