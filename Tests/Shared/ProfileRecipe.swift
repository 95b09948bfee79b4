import SwprofCore

/// Structure for the fuzzer: an input that starts with ``magic`` is not
/// decoded as a file but read as a recipe for a profile, so that mutations
/// explore shapes a byte-level mutator rarely reaches through gzip and
/// protobuf: values at the edges of `Int64` (`Int64.min`, sums that wrap),
/// huge counts, deep stacks, many sample types, extreme line numbers, IDs,
/// labels, period and times. The profile is then encoded, so it still goes
/// through the decoder like any file.
struct ProfileRecipe {
    static let magic: [UInt8] = [0xE7, 0x5F]

    private var bytes: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
    }

    /// The next byte (0 once the recipe is used up).
    mutating func byte() -> UInt8 {
        bytes.popFirst() ?? 0
    }

    mutating func int(below limit: Int) -> Int {
        limit <= 1 ? 0 : (Int(byte()) << 8 | Int(byte())) % limit
    }

    /// A value picked mostly from the edges.
    mutating func value() -> Int64 {
        let choice = byte()
        switch choice % 16 {
        case 0: return Int64.min
        case 1: return Int64.max
        case 2: return Int64.min + 1
        case 3: return Int64.max - 1
        case 4: return 0
        case 5: return -1
        case 6: return 1
        case 7: return 1 << 62
        case 8: return -(1 << 62)
        case 9: return Int64(Int32.max) + 1
        case 10, 11:
            var v: UInt64 = 0
            for _ in 0..<8 { v = v << 8 | UInt64(byte()) }
            return Int64(bitPattern: v)
        default: return Int64(choice) * 1000 - 4000
        }
    }

    mutating func id() -> UInt64 {
        switch byte() % 4 {
        case 0: return UInt64.max
        case 1: return UInt64(Int64.max) + 1
        default: return 0
        }
    }

    /// The profile the recipe describes.
    mutating func profile() -> Profile {
        var p = Profile()
        // Many sample types sometimes (pprof has no limit).
        let typeCount = byte() > 240 ? 1 + int(below: 64) : 1 + Int(byte() % 4)
        let units = ["count", "bytes", "nanoseconds", "seconds", "", "weird"]
        p.sampleTypes = (0..<typeCount).map { ValueType(type: "t\($0)", unit: units[Int(byte()) % units.count]) }
        if byte() % 2 == 0 { p.defaultSampleType = "t\(int(below: typeCount + 1))" }
        let functionCount = 1 + int(below: 48)
        let idBase = id()
        p.functions = (0..<functionCount).map {
            Function(
                id: idBase &+ UInt64($0) &+ 1, name: "pkg\($0 % 5).f\($0)", systemName: "f\($0)",
                filename: byte() % 3 == 0 ? "" : "src/f\($0 % 7).go", startLine: byte() % 4 == 0 ? value() : 0)
        }
        p.mappings = [Mapping(id: id() &+ 1, file: "/bin/x", hasFunctions: byte() % 2 == 0)]
        let locationCount = 1 + int(below: 64)
        let locationBase = id()
        p.locations = (0..<locationCount).map { i in
            let inlined = 1 + Int(byte() % 3)
            let lines = (0..<inlined).map { _ in
                Line(function: int(below: functionCount), line: byte() % 3 == 0 ? value() : Int64(byte()))
            }
            return Location(id: locationBase &+ UInt64(i) &+ 1, mapping: byte() % 4 == 0 ? nil : 0, address: UInt64(bitPattern: value()), lines: lines)
        }
        // Huge counts: up to a few thousand samples, values from the edges.
        let sampleCount = byte() > 230 ? 1 + int(below: 4000) : int(below: 64)
        for _ in 0..<sampleCount {
            // Deep stacks sometimes: past the flame graph's depth limit.
            let depth = byte() > 245 ? 900 + int(below: 1500) : 1 + Int(byte() % 12)
            let stride = 1 + Int(byte() % 3)
            let start = int(below: locationCount)
            let stack = (0..<depth).map { (start + $0 * stride) % locationCount }
            var values = (0..<typeCount).map { _ in value() }
            if byte() % 5 == 0 { values.removeLast() }  // a malformed sample: fewer values than types
            var sample = Sample(locations: stack, values: values)
            if byte() % 2 == 0 { sample.labels = ["k\(byte() % 3)": ["v\(byte() % 4)"]] }
            if byte() % 2 == 0 {
                sample.numLabels = ["bytes": [value()], "n\(byte() % 2)": [value(), value()]]
                if byte() % 2 == 0 { sample.numUnits = ["bytes": ["bytes"]] }
            }
            p.samples.append(sample)
        }
        p.timeNanos = value()
        p.durationNanos = value()
        if byte() % 2 == 0 { p.periodType = ValueType(type: "space", unit: units[Int(byte()) % units.count]) }
        p.period = value()
        return p
    }
}
