/// Reads the memory map that ends legacy profiles: `/proc/self/maps` lines or the
/// brief `start-end file (@offset) buildid` form, as pprof's `ParseProcMaps`.
enum MemoryMapParser {
    /// Lines that start the memory-map section of text profiles.
    static let sentinels = ["--- Memory map: ---", "MAPPED_LIBRARIES:"].map { Array($0.utf8) }

    static func isSentinel(_ line: ArraySlice<UInt8>) -> Bool {
        sentinels.contains { GoText.firstIndex(of: $0, in: line) != nil }
    }

    // The two accepted layouts. Both start with an address range (hex, `0x`
    // optional, `-` or space between, `:` after), then an optional permission
    // field; /proc/self/maps continues with offset, device, inode and path, the
    // brief form with path, `(@offset)` and build ID.
    private static let hexRange = #"\s*(?:0x)?([[:xdigit:]]+)[\s-]?\s*(?:0x)?([[:xdigit:]]+):?"#
    private static let permissions = #"(?:\s+([-rwxp]+))?"#
    static let procMaps = GoRegex(
        "^" + hexRange + permissions + #"(?:\s+([[:xdigit:]]+))?"# + #"\s+[[:xdigit:]]+:[[:xdigit:]]+"#
            + #"\s+[[:digit:]]+"# + #"(?:\s+(\S+))?"#)
    static let briefMaps = GoRegex(
        "^" + hexRange + permissions + #"(?:\s+(\S+))?"# + #"(?:\s+\(@([[:xdigit:]]+)\))?"#
            + #"(?:\s+([[:xdigit:]]+))?"#)
    /// A glog prefix (`… file.cc:123] `) to strip before parsing.
    static let logPrefix = GoRegex(#"^[^\[\]]+:[0-9]+]\s"#)
    /// File names of shared libraries, which are never the main binary.
    static let libraryName = GoRegex(#"([.]so$|[.]so[._][0-9]+)"#)

    /// Reads mappings from the remaining lines of `scanner`. Lines that are not
    /// mappings are skipped, except `name=value` lines, which define `$name` for
    /// the lines after them.
    static func parse(_ scanner: inout LineScanner) throws -> [LegacyProfileBuilder.MappingNode] {
        var mappings: [LegacyProfileBuilder.MappingNode] = []
        var substitutions = Substitutions()
        while scanner.scan() {
            let line = substitutions.apply(removeLoggingPrefix(scanner.text))
            switch entry(line) {
            case .mapping(let m):
                mappings.append(m)
            case .skipped:
                continue
            case .unrecognized:
                if let eq = line.firstIndex(of: UInt8(ascii: "=")) {
                    let name = GoText.trimSpace(line[line.startIndex..<eq])
                    let value = GoText.trimSpace(line[(eq + 1)...])
                    substitutions.add(name: [UInt8(ascii: "$")] + name, value: Array(value))
                }
            }
        }
        try scanner.check()
        return mappings
    }

    enum Entry {
        case mapping(LegacyProfileBuilder.MappingNode)
        /// A mapping that is not executable.
        case skipped
        case unrecognized
    }

    /// One memory-map line (pprof's `parseMappingEntry`).
    static func entry(_ line: ArraySlice<UInt8>) -> Entry {
        let start, end, perm, file, offset, buildID: ArraySlice<UInt8>
        if let m = procMaps.firstMatch(in: line) {
            start = m[1] ?? []
            end = m[2] ?? []
            perm = m[3] ?? []
            offset = m[4] ?? []
            file = m[5] ?? []
            buildID = []
        } else if let m = briefMaps.firstMatch(in: line) {
            start = m[1] ?? []
            end = m[2] ?? []
            perm = m[3] ?? []
            file = m[4] ?? []
            offset = m[5] ?? []
            buildID = m[6] ?? []
        } else {
            return .unrecognized
        }
        if !perm.isEmpty && !perm.contains(UInt8(ascii: "x")) { return .skipped }
        guard case .success(let s) = GoText.parseUint(start, base: 16),
            case .success(let l) = GoText.parseUint(end, base: 16)
        else { return .unrecognized }
        var o: UInt64 = 0
        if !offset.isEmpty {
            guard case .success(let v) = GoText.parseUint(offset, base: 16) else { return .unrecognized }
            o = v
        }
        return .mapping(
            LegacyProfileBuilder.MappingNode(
                start: s, limit: l, offset: o, file: GoText.string(file), buildID: GoText.string(buildID)))
    }

    static func removeLoggingPrefix(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard let m = logPrefix.firstMatch(in: line), let whole = m[0] else { return line }
        return line[whole.endIndex...]
    }

    /// `$name` → value replacements, applied left to right without overlaps; at
    /// each position the earliest defined name that matches wins (Go's
    /// `strings.Replacer` semantics).
    struct Substitutions {
        private var pairs: [(name: [UInt8], value: [UInt8])] = []

        mutating func add(name: [UInt8], value: [UInt8]) {
            pairs.append((name, value))
        }

        func apply(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
            if pairs.isEmpty { return line }
            var out: [UInt8] = []
            out.reserveCapacity(line.count)
            var i = line.startIndex
            var changed = false
            scan: while i < line.endIndex {
                if line[i] == UInt8(ascii: "$") {
                    for pair in pairs
                    where line.endIndex - i >= pair.name.count
                        && line[i..<(i + pair.name.count)].elementsEqual(pair.name)
                    {
                        out.append(contentsOf: pair.value)
                        i += pair.name.count
                        changed = true
                        continue scan
                    }
                }
                out.append(line[i])
                i += 1
            }
            return changed ? out[...] : line
        }
    }
}
