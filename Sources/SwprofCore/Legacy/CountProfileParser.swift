/// Go's `debug=1` count profiles: `goroutine profile: total N`,
/// `threadcreate profile: total N` (any `NAME profile: total N`), then lines
/// `count @ pc…`, each followed by `#` lines that name the frames.
///
/// pprof reads only the counts and addresses; the `#` lines are comments to it.
/// `stackComments` collects them per sample, so naming frames from them can be
/// added without changing how the profile itself is read.
enum CountProfileParser {
    static let header = GoRegex(#"\A(\S+) profile: total \d+\z"#)
    static let sampleLine = GoRegex(#"\A(\d+) @(( 0x[0-9a-f]+)+)\z"#)

    /// The parsed profile and, for each sample, the comment lines after its line.
    struct Result {
        var builder: LegacyProfileBuilder
        var stackComments: [[ArraySlice<UInt8>]]
    }

    static func parse(_ data: [UInt8]) throws -> LegacyProfileBuilder {
        try parseWithComments(data).builder
    }

    static func parseWithComments(_ data: [UInt8]) throws -> Result {
        var s = LineScanner(data)
        while s.scan() && GoText.isSpaceOrComment(s.text) {}
        try s.check()
        guard let h = header.submatches(s.text) else { throw LegacyParseError.unrecognized }
        let kind = h[1]
        var b = LegacyProfileBuilder()
        b.periodType = ValueType(type: kind, unit: "count")
        b.period = 1
        b.sampleTypes = [ValueType(type: kind, unit: "count")]

        var comments: [[ArraySlice<UInt8>]] = []
        var table: [UInt64: Int] = [:]
        while s.scan() {
            let line = s.text
            if GoText.isSpaceOrComment(line) {
                if !comments.isEmpty { comments[comments.count - 1].append(line) }
                continue
            }
            if GoText.hasPrefix(line, "---") { break }
            guard let m = sampleLine.firstMatch(in: line) else { throw LegacyParseError.malformedFormat }
            guard case .success(let n) = GoText.parseInt(m[1] ?? [], base: 0) else {
                throw LegacyParseError.malformedFormat
            }
            var stack: [Int] = []
            for field in GoText.fields(m[2] ?? []) {
                guard case .success(let address) = GoText.parseUint(field, base: 0) else {
                    throw LegacyParseError.malformedFormat
                }
                // Return addresses: step back onto the call instruction.
                stack.append(b.location(for: address &- 1, in: &table))
            }
            b.samples.append(.init(locations: stack, values: [n]))
            comments.append([])
        }
        try s.check()
        try b.parseAdditionalSections(&s)
        return Result(builder: b, stackComments: comments)
    }
}
