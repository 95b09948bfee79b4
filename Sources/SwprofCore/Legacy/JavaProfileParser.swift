/// Java agent text profiles: `--- heapz 1 ---` and `--- contentionz 1 ---`, with
/// `name = value` attributes, sample lines `value count @ id…` (the two numbers
/// in the opposite order to the C++ formats), then symbol lines
/// `0xID function (File.java:line)`. The Java CPU profile shares the symbol lines
/// (see `CPUProfileParser`).
///
/// Locations are keyed by id; after naming, their addresses are cleared (pprof
/// does so, so that profiles merge by name).
enum JavaProfileParser {
    static let attribute = GoRegex(#"([\w ]+)=([\w ]+)"#)
    static let sampleLine = GoRegex(#" *(\d+) +(\d+) +@ +([ x0-9a-f]*)"#)
    static let symbolLine = GoRegex(#"^\s*0x([[:xdigit:]]+)\s+(.*)\s*$"#)
    static let functionFileLine = GoRegex(#"^(.*)\s+\((.+):(-?[[:digit:]]+)\)$"#)
    static let functionPath = GoRegex(#"^(.*)\s+\((.*)\)$"#)

    /// The Java agent samples heap allocations every 512 KiB on average.
    static let heapSamplingRate: Int64 = 524_288

    enum Kind: String {
        case heap
        case contention
    }

    static func parse(_ data: [UInt8]) throws -> LegacyProfileBuilder {
        guard let newline = data.firstIndex(of: 0x0A) else { throw LegacyParseError.unrecognized }
        var b = LegacyProfileBuilder()
        b.periodType = ValueType(type: "", unit: "")
        let kind: Kind
        switch GoText.string(GoText.trimSpace(data[..<newline])) {
        case "--- heapz 1 ---": kind = .heap
        case "--- contentionz 1 ---": kind = .contention
        default: throw LegacyParseError.unrecognized
        }
        var rest = data[(newline + 1)...]
        rest = try parseHeader(kind, rest, into: &b)
        let (remaining, locations) = try parseSamples(kind, rest, into: &b)
        try parseLocations(remaining, locations: locations, into: &b)
        try stripAddresses(&b)
        return b
    }

    /// Reads attribute lines; returns the data from the first line that is not one.
    static func parseHeader(_ kind: Kind, _ data: ArraySlice<UInt8>, into b: inout LegacyProfileBuilder) throws
        -> ArraySlice<UInt8>
    {
        var rest = data
        while let newline = rest.firstIndex(of: 0x0A) {
            let line = GoText.trimSpace(rest[rest.startIndex..<newline])
            if !line.isEmpty {
                guard let h = attribute.submatches(line) else { return rest }
                let name = GoText.trimSpace(h[1])
                let value = GoText.trimSpace(h[2])
                let text = GoText.string(line)
                func integer() throws -> Int64 {
                    switch GoText.parseInt(value, base: 0) {
                    case .success(let v): return v
                    case .failure(let e):
                        throw LegacyParseError.malformed(
                            "failed to parse attribute \(text): "
                                + GoText.numberErrorText(function: "ParseInt", Array(value.utf8)[...], e))
                    }
                }
                switch (kind, name) {
                case (_, "format"):
                    if value != "java" { throw LegacyParseError.unrecognized }
                case (.heap, "resolution"):
                    b.sampleTypes = [ValueType(type: "inuse_objects", unit: "count"), ValueType(type: "inuse_space", unit: value)]
                case (.contention, "resolution"):
                    b.sampleTypes = [ValueType(type: "contentions", unit: "count"), ValueType(type: "delay", unit: value)]
                case (.contention, "sampling period"):
                    b.periodType = ValueType(type: "contentions", unit: "count")
                    b.period = try integer()
                case (.contention, "ms since reset"):
                    b.durationNanos = try integer() &* 1000 &* 1000
                default:
                    throw LegacyParseError.unrecognized
                }
            }
            rest = rest[(newline + 1)...]
        }
        return rest
    }

    /// Reads sample lines; returns the data from the first line that is not one,
    /// and the location made for each id.
    static func parseSamples(_ kind: Kind, _ data: ArraySlice<UInt8>, into b: inout LegacyProfileBuilder) throws
        -> (ArraySlice<UInt8>, [UInt64: Int])
    {
        var rest = data
        var table: [UInt64: Int] = [:]
        while let newline = rest.firstIndex(of: 0x0A) {
            let line = GoText.trimSpace(rest[rest.startIndex..<newline])
            if !line.isEmpty {
                guard let m = sampleLine.firstMatch(in: line) else { return (rest, table) }
                let text = GoText.string(line)
                let addresses = try LegacyAddresses.parse(m[3] ?? [], line: text)
                let stack = addresses.map { b.location(for: $0, in: &table) }
                func number(_ s: ArraySlice<UInt8>) throws -> Int64 {
                    switch GoText.parseInt(s, base: 0) {
                    case .success(let v): return v
                    case .failure(let e):
                        throw LegacyParseError.malformed(
                            "parsing sample \(text): \(GoText.numberErrorText(function: "ParseInt", s, e))")
                    }
                }
                // The count is the second number, the value (bytes or delay) the first.
                var values = [try number(m[2] ?? []), try number(m[1] ?? [])]
                var numLabels: [String: [Int64]] = [:]
                switch kind {
                case .heap:
                    if values[0] == 0 {
                        throw LegacyParseError.malformed("parsing sample \(text): second value must be non-zero")
                    }
                    numLabels["bytes"] = [GoText.divide(values[1], values[0])]
                    (values[0], values[1]) = HeapProfileParser.scale(
                        count: values[0], size: values[1], rate: heapSamplingRate)
                case .contention:
                    if b.period != 0 {
                        values[0] = values[0] &* b.period
                        values[1] = values[1] &* b.period
                    }
                }
                b.samples.append(.init(locations: stack, values: values, numLabels: numLabels))
            }
            rest = rest[(newline + 1)...]
        }
        return (rest, table)
    }

    /// Names the sampled locations from `0xID function (file:line)` lines, then
    /// renumbers the profile. Lines for ids no sample uses are ignored.
    static func parseLocations(
        _ data: ArraySlice<UInt8>, locations: [UInt64: Int], into b: inout LegacyProfileBuilder
    ) throws {
        var functions: [String: Int] = [:]
        var rest = data
        while !rest.isEmpty {
            let line: ArraySlice<UInt8>
            if let newline = rest.firstIndex(of: 0x0A) {
                line = GoText.trimSpace(rest[rest.startIndex..<newline])
                rest = rest[(newline + 1)...]
            } else {
                line = GoText.trimSpace(rest)
                rest = []
            }
            if line.isEmpty { continue }
            guard let m = symbolLine.firstMatch(in: line), let idText = m[1], let description = m[2] else {
                continue
            }
            let id: UInt64
            switch GoText.parseUint(idText, base: 16) {
            case .success(let v): id = v
            case .failure(let e):
                throw LegacyParseError.malformed(
                    "parsing sample \(GoText.string(line)): \(GoText.numberErrorText(function: "ParseUint", idText, e))")
            }
            guard let location = locations[id] else { continue }
            var name: String
            var file = ""
            var lineNumber: Int64 = 0
            if let fl = functionFileLine.submatches(description) {
                name = fl[1]
                file = fl[2]
                if case .success(let n) = GoText.parseInt(fl[3], base: 10), n > 0 { lineNumber = n }
            } else if let fp = functionPath.submatches(description) {
                // A shared library path: only its file name is of interest.
                name = fp[1]
                file = GoText.baseName(fp[2])
            } else if GoText.contains(description, "generated stub/JIT") {
                name = "STUB"
            } else {
                // Agent states such as "GC" or "VM" stand for a function.
                name = GoText.string(description)
            }
            let function: Int
            if let f = functions[name] {
                function = f
            } else {
                function = b.newFunction(name: name, systemName: name, filename: file)
                functions[name] = function
            }
            b.locationPool[location].lines = [(function, lineNumber)]
            b.locationPool[location].address = 0
        }
        b.remapLocationIDs()
        b.remapFunctionIDs()
        b.remapMappingIDs()
    }

    /// pprof's `Aggregate(…, address: false)`: clears every location's address,
    /// then checks the profile (which fails, for example, for a heap profile
    /// without a `resolution` attribute: it has no sample types).
    static func stripAddresses(_ b: inout LegacyProfileBuilder) throws {
        for h in b.locationOrder { b.locationPool[h].address = 0 }
        if let problem = b.validityProblem() { throw ProfileError(.malformed, problem) }
    }
}
