/// Thread stack dumps (`--- threadz N ---`): one `--- Thread ID (name: NAME/TID)
/// stack: ---` block per thread with `0x…` addresses, where a block that says
/// "same as previous thread" adds one to the previous sample.
enum ThreadProfileParser {
    static let threadzHeader = GoRegex(#"--- threadz \d+ ---"#)
    static let threadHeader = GoRegex(#"--- Thread ([[:xdigit:]]+) \(name: (.*)/(\d+)\) stack: ---"#)

    static func parse(_ data: [UInt8]) throws -> LegacyProfileBuilder {
        var s = LineScanner(data)
        while s.scan() && GoText.isSpaceOrComment(s.text) {}
        var line = s.text
        if threadzHeader.matches(line) {
            // Skip the preamble up to the first thread (or the memory map).
            while s.scan() {
                line = s.text
                if MemoryMapParser.isSentinel(line) || GoText.hasPrefix(line, "-") { break }
            }
        } else if !threadHeader.matches(line) {
            throw LegacyParseError.unrecognized
        }

        var b = LegacyProfileBuilder()
        b.sampleTypes = [ValueType(type: "thread", unit: "count")]
        b.periodType = ValueType(type: "thread", unit: "count")
        b.period = 1

        var table: [UInt64: Int] = [:]
        while !MemoryMapParser.isSentinel(line) {
            if GoText.hasPrefix(line, "---- no stack trace for") {
                line = []
                break
            }
            guard threadHeader.matches(line) else { throw LegacyParseError.unrecognized }
            let (next, addresses) = try readStack(&s)
            line = next
            guard let addresses, !addresses.isEmpty else {
                // Same stack as the previous thread (or none): count it there.
                if !b.samples.isEmpty { b.samples[b.samples.count - 1].values[0] &+= 1 }
                continue
            }
            // All but the leaf are return addresses: step back onto the call.
            var stack: [Int] = []
            for (i, a) in addresses.enumerated() {
                stack.append(b.location(for: i > 0 ? a &- 1 : a, in: &table))
            }
            b.samples.append(.init(locations: stack, values: [1]))
        }
        try b.parseAdditionalSections(&s)
        b.cleanupDuplicateLocations()
        return b
    }

    /// Reads one thread's stack: returns the line that ended it (trimmed) and
    /// its addresses, or nil addresses when the block says it repeats the
    /// previous thread.
    static func readStack(_ s: inout LineScanner) throws -> (ArraySlice<UInt8>, [UInt64]?) {
        var line: ArraySlice<UInt8> = []
        var sameAsPrevious = false
        var addresses: [UInt64] = []
        while s.scan() {
            line = GoText.trimSpace(s.text)
            if line.isEmpty { continue }
            if GoText.hasPrefix(line, "---") { break }
            if GoText.contains(line, "same as previous thread") {
                sameAsPrevious = true
                continue
            }
            addresses += try LegacyAddresses.parse(line, line: GoText.string(line))
        }
        try s.check()
        return (line, sameAsPrevious ? nil : addresses)
    }
}
