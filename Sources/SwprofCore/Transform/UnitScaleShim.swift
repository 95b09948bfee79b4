// TEMPORARY (cli helper): unit conversion as pprof's measurement.Scale does it,
// used by tag filters and label nodes until the report helper's measurement
// code lands on main; then these calls switch to it and this file goes away.

import Foundation

/// A family of units that convert into each other (bytes, time, GCU).
private struct TransformUnitFamily {
    /// Canonical name, aliases, factor in the family's base unit.
    let units: [(name: String, aliases: [String], factor: Double)]
    let defaultName: String
    let defaultFactor: Double

    func find(_ unit: String) -> (name: String, aliases: [String], factor: Double)? {
        var u = unit.lowercased()
        if u.utf8.count > 2, u.hasSuffix("s") { u.removeLast() }
        return units.first { $0.aliases.contains(u) }
    }

    func convert(_ value: Int64, from: String, to: String) -> (Double, String)? {
        guard let fromUnit = find(from) else { return nil }
        let v = Double(value) * fromUnit.factor
        if to == "minimum" || to == "auto" {
            var best = 0.0
            var name = ""
            for u in units where u.factor >= best && v / u.factor >= 1 {
                best = u.factor
                name = u.name
            }
            if best == 0 { return (v / defaultFactor, defaultName) }
            return (v / best, name)
        }
        guard let toUnit = find(to) else { return (v / defaultFactor, defaultName) }
        return (v / toUnit.factor, toUnit.name)
    }
}

private let transformUnitFamilies: [TransformUnitFamily] = [
    TransformUnitFamily(
        units: [
            ("B", ["b", "byte"], 1), ("kB", ["kb", "kbyte", "kilobyte"], 1024),
            ("MB", ["mb", "mbyte", "megabyte"], 1024 * 1024),
            ("GB", ["gb", "gbyte", "gigabyte"], 1024 * 1024 * 1024),
            ("TB", ["tb", "tbyte", "terabyte"], 1024 * 1024 * 1024 * 1024),
            ("PB", ["pb", "pbyte", "petabyte"], 1024 * 1024 * 1024 * 1024 * 1024),
        ], defaultName: "B", defaultFactor: 1),
    TransformUnitFamily(
        units: [
            ("ns", ["ns", "nanosecond"], 1), ("us", ["μs", "us", "microsecond"], 1e3),
            ("ms", ["ms", "millisecond"], 1e6), ("s", ["s", "sec", "second"], 1e9),
            ("hrs", ["hour", "hr"], 3600e9),
        ], defaultName: "s", defaultFactor: 1e9),
    TransformUnitFamily(
        units: [
            ("n*GCU", ["nanogcu"], 1e-9), ("u*GCU", ["microgcu"], 1e-6), ("m*GCU", ["milligcu"], 1e-3),
            ("GCU", ["gcu"], 1), ("k*GCU", ["kilogcu"], 1e3), ("M*GCU", ["megagcu"], 1e6),
            ("G*GCU", ["gigagcu"], 1e9), ("T*GCU", ["teragcu"], 1e12), ("P*GCU", ["petagcu"], 1e15),
        ], defaultName: "GCU", defaultFactor: 1),
]

/// `value` in `fromUnit` expressed in `toUnit` (or the best unit for
/// "minimum"/"auto"), with the canonical name of the unit used.
func transformScale(_ value: Int64, from fromUnit: String, to toUnit: String) -> (Double, String) {
    if value < 0, value != Int64.min {
        let (v, u) = transformScale(-value, from: fromUnit, to: toUnit)
        return (-v, u)
    }
    for family in transformUnitFamilies {
        if let result = family.convert(value, from: fromUnit, to: toUnit) { return result }
    }
    switch toUnit {
    case "count", "sample", "unit", "minimum", "auto": return (Double(value), "")
    default: return (Double(value), toUnit)
    }
}

/// pprof's ScaledLabel: the value in `toUnit`, `%.2f` with a trailing `.00` removed.
func transformScaledLabel(_ value: Int64, from fromUnit: String, to toUnit: String) -> String {
    let (v, u) = transformScale(value, from: fromUnit, to: toUnit)
    var text = String(format: "%.2f", v)
    if text.hasSuffix(".00") { text.removeLast(3) }
    if text == "0" || text == "-0" { return "0" }
    return text + u
}
