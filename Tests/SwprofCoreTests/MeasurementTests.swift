import Testing
@testable import SwprofCore

struct MeasurementTests {
    @Test(arguments: [
        (Int64(1536), "bytes", "minimum", "1.50kB"),
        (1_048_576, "bytes", "auto", "1MB"),
        (0, "bytes", "minimum", "0"),
        (-2048, "bytes", "kb", "-2kB"),
        (30_000_000, "nanoseconds", "minimum", "30ms"),
        (1_500_000_000, "nanoseconds", "ms", "1500ms"),
        (7_200_000_000_000, "nanoseconds", "auto", "2hrs"),
        (42, "count", "minimum", "42"),
        (42, "objects", "objects", "42objects"),
        (5, "", "minimum", "5"),
        (2_500_000_000, "nanoseconds", "bytes", "2.50s"),
        (1, "nanoseconds", "seconds", "0"),
        (3, "gigagcu", "auto", "3G*GCU"),
        (1234, "ms", "s", "1.23s"),
    ])
    func scaledLabels(value: Int64, from: String, to: String, expected: String) {
        #expect(Measurement.scaledLabel(value, from: from, to: to) == expected)
    }

    @Test func unitSpellingsAreSniffedLikePprof() {
        // Case and a plural "s" are ignored, but not for two-letter names.
        #expect(Measurement.scale(2, from: "Seconds", to: "ms") == (2000, "ms"))
        #expect(Measurement.scale(2, from: "kbytes", to: "b") == (2048, "B"))
        // "μs" is three bytes long, so its "s" is dropped and the alias misses.
        #expect(Measurement.scale(2, from: "μs", to: "ns") == (2, "ns"))
        // An unknown target unit in a known family falls back to its default.
        #expect(Measurement.scale(3_000_000_000, from: "ns", to: "furlongs") == (3, "s"))
    }

    @Test(arguments: [
        (Int64(50), Int64(100), "50.00%"),
        (1000, 1000, "  100%"),
        (9996, 10000, "  100%"),
        (5, 1000, "  0.5%"),
        (1, 3000, "0.033%"),
        (0, 0, "    0%"),
        (-30, 100, "30.00%"),
        (1, 100_000_000, "1e-06%"),
    ])
    func percentages(value: Int64, total: Int64, expected: String) {
        #expect(Measurement.percentage(value, of: total) == expected)
    }

    @Test func commonValueTypePicksTheFinestUnit() throws {
        let types = [
            ValueType(type: "cpu", unit: "milliseconds"), ValueType(type: "cpu", unit: "nanoseconds"),
            ValueType(type: "cpu", unit: "seconds"),
        ]
        #expect(try Measurement.commonValueType(types) == ValueType(type: "cpu", unit: "nanoseconds"))
        #expect(try Measurement.commonValueType([types[0]]) == nil)
        #expect(throws: ProfileError.self) {
            try Measurement.commonValueType([ValueType(type: "cpu", unit: "ns"), ValueType(type: "alloc", unit: "ns")])
        }
        // A trailing "s" in the type name is tolerated.
        #expect(
            try Measurement.commonValueType([ValueType(type: "sample", unit: "count"), ValueType(type: "samples", unit: "count")])
                != nil)
    }

    @Test func scaleProfilesConvertsToTheFinestUnit() throws {
        func profile(unit: String, value: Int64, period: Int64) -> Profile {
            var p = Profile()
            p.sampleTypes = [ValueType(type: "samples", unit: "count"), ValueType(type: "cpu", unit: unit)]
            p.periodType = ValueType(type: "cpu", unit: unit)
            p.period = period
            p.samples = [Sample(locations: [], values: [1, value]), Sample(locations: [], values: [3, 0])]
            return p
        }
        var profiles = [profile(unit: "milliseconds", value: 7, period: 10), profile(unit: "nanoseconds", value: 5, period: 10)]
        try scaleProfiles(&profiles)
        #expect(profiles[0].sampleTypes[1].unit == "nanoseconds")
        #expect(profiles[0].periodType?.unit == "nanoseconds")
        #expect(profiles[0].period == 10_000_000)
        #expect(profiles[0].samples.map(\.values) == [[1, 7_000_000]])  // the all-zero rescaled sample is dropped
        #expect(profiles[1].samples.map(\.values) == [[1, 5], [3, 0]])  // unchanged: ratio 1

        var mismatched = [profile(unit: "ms", value: 1, period: 1), Profile()]
        #expect(throws: ProfileError.self) { try scaleProfiles(&mismatched) }
        var incompatible = [profile(unit: "ms", value: 1, period: 1), profile(unit: "bytes", value: 1, period: 1)]
        #expect(throws: ProfileError.self) { try scaleProfiles(&incompatible) }
    }
}
