/// Folded stacks, the text flame graph tools exchange (Brendan Gregg's
/// stackcollapse scripts, `-folded` output): one stack per line, frames from
/// the root to the leaf separated by `;`, then a space and the value.
///
///     main;handler;leakHeap 94
///
/// The profile has one sample type, `samples/count`, one sample per line
/// (leaf first, as always) and one function and location per frame name.
/// Lines that are empty or start with `#` are skipped.
enum FoldedStacksParser {
    static func parse(_ data: [UInt8]) throws -> Profile {
        if data.contains(0) { throw LegacyParseError.unrecognized }
        var s = LineScanner(data)
        var p = Profile()
        p.sampleTypes = [ValueType(type: "samples", unit: "count")]
        p.periodType = ValueType(type: "samples", unit: "count")
        p.period = 1
        p.mappings = [Mapping(id: 1, hasFunctions: true)]
        var locationByName: [String: Int] = [:]
        var lineNumber = 0
        while s.scan() {
            lineNumber += 1
            let line = GoText.trimSpace(s.text)
            if line.isEmpty || line.first == UInt8(ascii: "#") { continue }
            guard let (stack, value) = split(line) else {
                // The first stack decides whether this is folded text at all.
                if p.samples.isEmpty { throw LegacyParseError.unrecognized }
                throw LegacyParseError.malformed(
                    "malformed folded stack on line \(lineNumber): want \"frame;frame;… value\", got \(goQuoted(GoText.string(line)))")
            }
            var locations: [Int] = []
            for frame in stack.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: true).reversed() {
                let name = GoText.string(frame)
                if let l = locationByName[name] {
                    locations.append(l)
                    continue
                }
                let index = p.locations.count
                p.functions.append(Function(id: UInt64(index + 1), name: name, systemName: name))
                p.locations.append(Location(id: UInt64(index + 1), mapping: 0, lines: [Line(function: index, line: 0)]))
                locationByName[name] = index
                locations.append(index)
            }
            p.samples.append(Sample(locations: locations, values: [value]))
        }
        try s.check()
        if p.samples.isEmpty { throw LegacyParseError.unrecognized }
        return p
    }

    /// The stack and value of `line`: the value is the last space- or
    /// tab-separated field and must be an integer; the stack is what precedes
    /// it and must not be empty.
    static func split(_ line: ArraySlice<UInt8>) -> (ArraySlice<UInt8>, Int64)? {
        guard let gap = line.lastIndex(where: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) else {
            return nil
        }
        let stack = GoText.trimSpace(line[line.startIndex..<gap])
        let number = line[(gap + 1)...]
        guard !stack.isEmpty, case .success(let value) = GoText.parseInt(number, base: 10) else { return nil }
        return (stack, value)
    }
}
