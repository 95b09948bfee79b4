import Testing

@testable import SwprofCore

/// Trace timestamps (ticks) to nanoseconds as Go's `frequency.mul` does,
/// and no trap on the values a hostile trace may hold.
@Suite struct TraceTicksTests {
    @Test func ticksConvertAsGoDoes() {
        #expect(TraceGeneration.nanos(0, perTick: 1) == 0)
        #expect(TraceGeneration.nanos(1000, perTick: 1.0 / (15.625e6 / 1e9)) == 64000)
        #expect(TraceGeneration.nanos(3, perTick: 0.4) == 1)  // 1.2000000000000002, truncated
        // Above 2^63, through the unsigned conversion.
        let big: UInt64 = 1 << 63 + 4096
        #expect(TraceGeneration.nanos(big, perTick: 0.5) == Int64(Double(big) * 0.5))
    }

    @Test func outOfRangeProductsGiveInt64Min() {
        #expect(TraceGeneration.nanos(UInt64.max, perTick: 1) == Int64.min)
        #expect(TraceGeneration.nanos(1 << 62, perTick: 1e9) == Int64.min)
        #expect(TraceGeneration.nanos(1, perTick: .nan) == Int64.min)
    }
}
