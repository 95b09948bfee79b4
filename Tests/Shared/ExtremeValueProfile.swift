import SwprofCore

/// Profiles whose numbers sit at the edges of `Int64`: sample values of
/// `Int64.min` and `Int64.max`, sums that wrap around, extreme numeric
/// labels, line numbers, IDs, period and times. pprof's Go arithmetic wraps
/// on them; swprof must neither trap nor print other numbers. Shared by the
/// CLI, render and server tests (this file is linked into each test target).
enum ExtremeValueProfile {
    /// Function names, leaf-most last in no particular order.
    static let names = ["main.main", "main.big", "main.min", "main.wrap", "runtime.main", "main.zero"]

    /// The profile; `variant` (0 or 1) picks another set of values, so a base
    /// and a new profile differ. `timeNanos` is 0 by default: Go 1.19 and 1.27
    /// print times differently, and the committed fixtures should compare
    /// with either; the server tests pass an extreme one.
    static func profile(variant: Int = 0, timeNanos: Int64 = 0) -> Profile {
        var p = Profile()
        p.sampleTypes = [
            ValueType(type: "alloc_objects", unit: "count"), ValueType(type: "alloc_space", unit: "bytes"),
            ValueType(type: "inuse_space", unit: "bytes"), ValueType(type: "inuse_objects", unit: "count"),
        ]
        p.defaultSampleType = "alloc_space"
        p.mappings = [Mapping(id: UInt64.max, file: "/bin/extreme", hasFunctions: true)]
        p.functions = names.enumerated().map {
            Function(
                id: UInt64.max - UInt64($0.offset), name: $0.element, systemName: $0.element,
                filename: "extreme/\($0.element).go", startLine: $0.offset == 2 ? Int64.min : 0)
        }
        let lineNumbers: [Int64] = [1, Int64.max, Int64.min, -5, 0, 1 << 40]
        p.locations = names.indices.map {
            Location(
                id: UInt64.max - UInt64($0), mapping: 0, address: UInt64.max - UInt64($0 * 16),
                lines: [Line(function: $0, line: lineNumbers[$0])])
        }
        let min = Int64.min, max = Int64.max
        // Stacks leaf first: 4 = runtime.main is the root of every stack.
        // inuse_objects (the last value) totals exactly Int64.min: the flame
        // graph's root, and the frames on its one stack, are Int64.min.
        let rows: [([Int], [Int64])] = [
            ([1, 0, 4], [max, max, 1, 0]),
            ([2, 0, 4], [min, min, -1, 0]),
            ([3, 1, 0, 4], [max, max, max, 0]),  // main.big's cum wraps: max + max
            ([3, 2, 0, 4], [min, min, min, 0]),  // main.min's cum wraps: min + min
            ([5, 4], [variant == 0 ? 0 : max, 0, variant == 0 ? min : 7, variant == 0 ? min : 0]),
            ([1, 4], [variant == 0 ? 1 : min, -1, 0, variant == 0 ? 0 : min]),
        ]
        p.samples = rows.map { stack, values in
            Sample(
                locations: stack, values: values, labels: ["k": ["v"]],
                numLabels: ["bytes": [min, max], "request": [variant == 0 ? min : max]])
        }
        p.timeNanos = timeNanos
        p.durationNanos = max
        p.periodType = ValueType(type: "space", unit: "bytes")
        p.period = min
        return p
    }

    /// The gzipped profile.proto of ``profile(variant:)``.
    static func bytes(variant: Int = 0, timeNanos: Int64 = 0) -> [UInt8] {
        Gzip.compress(ProfileEncoder.encodeBytes(profile(variant: variant, timeNanos: timeNanos)))
    }
}
