/// Lock contention text profiles: gperftools' `--- contentionz` and the Go
/// runtime's `debug=1` block and mutex output (`--- contention:`, `--- mutex:`).
///
/// After the header come `name = value` attributes (cycles/second, sampling
/// period, ms since reset), then lines `delay-cycles count @ pc…`. With a
/// sampling period the values are unsampled: counts times the period, delays
/// converted from cycles to nanoseconds and times the period.
enum ContentionProfileParser {
    static let sampleLine = GoRegex(#"(\d+) *(\d+) @([ x0-9a-f]*)"#)

    static func parse(_ data: [UInt8]) throws -> LegacyProfileBuilder {
        var s = LineScanner(data)
        guard s.scan() else {
            try s.check()
            throw LegacyParseError.unrecognized
        }
        let first = s.text
        guard GoText.hasPrefix(first, "--- contentionz ") || GoText.hasPrefix(first, "--- mutex:")
            || GoText.hasPrefix(first, "--- contention:")
        else { throw LegacyParseError.unrecognized }

        var b = LegacyProfileBuilder()
        b.periodType = ValueType(type: "contentions", unit: "count")
        b.period = 1
        b.sampleTypes = [ValueType(type: "contentions", unit: "count"), ValueType(type: "delay", unit: "nanoseconds")]

        var cyclesPerSecond: Int64 = 0
        while s.scan() {
            let line = GoText.trimSpace(s.text)
            if GoText.isSpaceOrComment(line) { continue }
            if GoText.hasPrefix(line, "---") { break }
            guard let eq = line.firstIndex(of: UInt8(ascii: "=")) else { break }
            let key = GoText.string(GoText.trimSpace(line[line.startIndex..<eq]))
            let value = GoText.trimSpace(line[(eq + 1)...])
            func integer() throws -> Int64 {
                guard case .success(let v) = GoText.parseInt(value, base: 0) else {
                    throw LegacyParseError.unrecognized
                }
                return v
            }
            switch key {
            case "cycles/second": cyclesPerSecond = try integer()
            case "sampling period": b.period = try integer()
            case "ms since reset": b.durationNanos = try integer() &* 1000 &* 1000
            // gperftools' C++ profiles have neither; Java ones do (parsed elsewhere).
            case "format", "resolution": throw LegacyParseError.unrecognized
            case "discarded samples": break
            default: throw LegacyParseError.unrecognized
            }
        }
        try s.check()

        // The line that ended the attributes is the first sample line.
        var table: [UInt64: Int] = [:]
        while true {
            let line = GoText.trimSpace(s.text)
            if GoText.hasPrefix(line, "---") { break }
            if !GoText.isSpaceOrComment(line) {
                let (values, addresses) = try parseSample(line, period: b.period, cyclesPerSecond: cyclesPerSecond)
                let stack = addresses.map { b.location(for: $0 &- 1, in: &table) }
                b.samples.append(.init(locations: stack, values: values))
            }
            if !s.scan() { break }
        }
        try s.check()
        try b.parseAdditionalSections(&s)
        return b
    }

    /// `[count, delay]` and the stack of one sample line.
    static func parseSample(
        _ line: ArraySlice<UInt8>, period: Int64, cyclesPerSecond: Int64
    ) throws -> ([Int64], [UInt64]) {
        guard let m = sampleLine.firstMatch(in: line) else { throw LegacyParseError.unrecognized }
        let text = GoText.string(line)
        func number(_ s: ArraySlice<UInt8>) throws -> Int64 {
            switch GoText.parseInt(s, base: 10) {
            case .success(let v): return v
            case .failure(let e):
                throw LegacyParseError.malformed(
                    "malformed sample: \(text): \(GoText.numberErrorText(function: "ParseInt", s, e))")
            }
        }
        var delay = try number(m[1] ?? [])
        var count = try number(m[2] ?? [])
        if period > 0 {
            if cyclesPerSecond > 0 {
                let gigahertz = Double(cyclesPerSecond) / 1e9
                delay = GoText.int64(Double(delay) * Double(period) / gigahertz)
            }
            count = count &* period
        }
        let addresses = try LegacyAddresses.parse(m[3] ?? [], line: text)
        return ([count, delay], addresses)
    }
}
