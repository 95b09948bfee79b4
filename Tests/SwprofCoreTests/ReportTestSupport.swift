import Foundation
@testable import SwprofCore

/// Test-only helpers for report tests: a minimal profile.proto reader (until
/// the real decoder is on main) and the preparation pprof's driver does
/// before building a report (merging duplicate samples, choosing the sample
/// index, aggregating to a granularity).
enum ReportTestSupport {
    // MARK: Reading

    static func load(_ name: String) throws -> Profile {
        var data = try Fixtures.data(name)
        if data.starts(with: [0x1f, 0x8b]) {
            data = try gunzip(Fixtures.profile(name))
        }
        return try ProtoReader.decode(data)
    }

    private static func gunzip(_ url: URL) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }

    // MARK: Driver steps

    struct Settings {
        var granularity = "functions"
        var noInlines = false
        var sampleIndex: String = ""
        var mean = false
        /// A fixture subtracted from the profile (`-base`), and whether as `-diff_base`.
        var base: String? = nil
        var diffBase = false
    }

    /// Options and profile as pprof's driver would hand them to the report.
    static func prepare(_ raw: Profile, format: ReportOptions.Format, settings: Settings = Settings())
        throws -> (Profile, ReportOptions)
    {
        var p = merged(raw)
        var o = ReportOptions()
        o.format = format
        o.sampleIndex = try sampleIndex(p, settings.sampleIndex)
        if settings.mean { o.meanDivisorIndex = 0 }
        o.numLabelUnits = numLabelUnits(p)
        var granularity = settings.granularity
        var noInlines = settings.noInlines
        switch format {
        case .text:
            o.nodeCount = 0
        case .list:
            granularity = "lines"
            o.nodeCount = 0; o.nodeFraction = 0; o.edgeFraction = 0
        case .peek:
            o.nodeCount = 0; o.nodeFraction = 0; o.edgeFraction = 0
        case .raw, .proto, .callgrind:
            granularity = "addresses"; noInlines = false
            o.nodeCount = 0; o.nodeFraction = 0; o.edgeFraction = 0
        default:
            o.nodeCount = 80
        }
        // The total comes from the profile before filtering; pprof's name
        // filter (which always runs) then drops samples without locations.
        o.total = Report.total(of: p, options: o)
        p.samples.removeAll { $0.locations.isEmpty }
        aggregate(&p, granularity: granularity, inlines: !noInlines)
        return (p, o)
    }

    static func sampleIndex(_ p: Profile, _ name: String) throws -> Int {
        if name.isEmpty {
            if !p.defaultSampleType.isEmpty, let i = p.sampleTypes.firstIndex(where: { $0.type == p.defaultSampleType }) {
                return i
            }
            return p.sampleTypes.count - 1
        }
        if let i = Int(name) { return i }
        let trimmed = name.hasPrefix("inuse_") ? String(name.dropFirst(6)) : name
        guard let i = p.sampleTypes.firstIndex(where: { $0.type == name || $0.type == trimmed }) else {
            throw ProfileError(.invalidOption, "no sample type \(name)")
        }
        return i
    }

    static func numLabelUnits(_ p: Profile) -> [String: String] {
        var units: [String: String] = [:]
        var keys = Set<String>()
        for s in p.samples {
            for key in s.numLabels.keys {
                keys.insert(key)
                for u in s.numUnits[key] ?? [] where !u.isEmpty && units[key] == nil {
                    units[key] = u
                }
            }
        }
        for key in keys where units[key] == nil {
            units[key] = (key == "alignment" || key == "request") ? "bytes" : key
        }
        return units
    }

    /// Samples with the same stack and labels combined, zero samples dropped.
    static func merged(_ p: Profile) -> Profile {
        struct Frame: Hashable {
            var address: UInt64
            var mapping: String
            var lines: [String]
        }
        struct Key: Hashable {
            var locations: [Frame]
            var labels: [String: [String]]
            var numLabels: [String: [Int64]]
        }
        var out = p
        out.samples = []
        var index: [Key: Int] = [:]
        for s in p.samples where s.values.contains(where: { $0 != 0 }) {
            let key = Key(
                locations: s.locations.map { index in
                    let l = p.locations[index]
                    return Frame(
                        address: l.address, mapping: l.mapping.map { p.mappings[$0].file } ?? "",
                        lines: l.lines.map { line in
                            let f = p.functions[line.function]
                            return "\(f.name) \(f.filename) \(line.line)"
                        })
                }, labels: s.labels,
                numLabels: s.numLabels)
            if let i = index[key] {
                for j in s.values.indices { out.samples[i].values[j] += s.values[j] }
            } else {
                index[key] = out.samples.count
                out.samples.append(s)
            }
        }
        out.samples.removeAll { !$0.values.contains { $0 != 0 } }
        return out
    }

    /// `p` with `base` subtracted, as `-base` (or `-diff_base`) combines them.
    static func subtracting(_ base: Profile, from p: Profile, diff: Bool) -> Profile {
        var out = p
        let mappingOffset = p.mappings.count
        let functionOffset = p.functions.count
        let locationOffset = p.locations.count
        out.mappings += base.mappings
        out.functions += base.functions
        out.locations += base.locations.map { loc in
            var l = loc
            l.mapping = l.mapping.map { $0 + mappingOffset }
            l.lines = l.lines.map { Line(function: $0.function + functionOffset, line: $0.line) }
            return l
        }
        for var s in base.samples {
            s.locations = s.locations.map { $0 + locationOffset }
            s.values = s.values.map { -$0 }
            if diff { s.labels["pprof::base"] = ["true"] }
            out.samples.append(s)
        }
        return out
    }

    static func aggregate(_ p: inout Profile, granularity: String, inlines: Bool) {
        var function = false, filename = false, linenumber = false, address = false
        switch granularity {
        case "addresses":
            if inlines { return }
            function = true; filename = true; linenumber = true; address = true
        case "lines": function = true; filename = true; linenumber = true
        case "files": filename = true
        case "functions": function = true
        case "filefunctions": function = true; filename = true
        default: return
        }
        if !function || !filename {
            for i in p.functions.indices {
                if !function { p.functions[i].name = ""; p.functions[i].systemName = "" }
                if !filename { p.functions[i].filename = "" }
            }
        }
        for i in p.locations.indices {
            if !inlines && p.locations[i].lines.count > 1 {
                p.locations[i].lines = [p.locations[i].lines.last!]
            }
            if !linenumber {
                for j in p.locations[i].lines.indices { p.locations[i].lines[j].line = 0 }
            }
            if !address { p.locations[i].address = 0 }
        }
    }

    // MARK: pprof

    static var goAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/go")
    }

    /// Runs `go tool pprof` with TZ=UTC; returns its standard output and error.
    static func pprof(_ args: [String], cwd: String? = nil) throws -> (out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/go")
        process.arguments = ["tool", "pprof"] + args
        var env = ProcessInfo.processInfo.environment
        env["TZ"] = "UTC"
        process.environment = env
        if let cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}

/// Just enough of a profile.proto decoder for tests.
enum ProtoReader {
    struct Reader {
        let bytes: [UInt8]
        var pos = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }
        var atEnd: Bool { pos >= bytes.count }
        mutating func varint() throws -> UInt64 {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard pos < bytes.count else { throw ProfileError(.malformed, "truncated varint") }
                let b = bytes[pos]
                pos += 1
                result |= UInt64(b & 0x7f) << shift
                if b & 0x80 == 0 { return result }
                shift += 7
            }
        }
        mutating func field() throws -> (Int, Int) {
            let key = try varint()
            return (Int(key >> 3), Int(key & 7))
        }
        mutating func bytesField() throws -> [UInt8] {
            let n = Int(try varint())
            guard pos + n <= bytes.count else { throw ProfileError(.malformed, "truncated") }
            defer { pos += n }
            return Array(bytes[pos..<(pos + n)])
        }
        mutating func skip(_ wire: Int) throws {
            switch wire {
            case 0: _ = try varint()
            case 1: pos += 8
            case 2: _ = try bytesField()
            case 5: pos += 4
            default: throw ProfileError(.malformed, "bad wire type")
            }
        }
        /// Values of a repeated integer field, packed or not.
        mutating func integers(_ wire: Int) throws -> [UInt64] {
            if wire == 2 {
                var sub = Reader(try bytesField())
                var out: [UInt64] = []
                while !sub.atEnd { out.append(try sub.varint()) }
                return out
            }
            return [try varint()]
        }
    }

    static func decode(_ data: Data) throws -> Profile {
        var r = Reader([UInt8](data))
        var strings: [String] = []
        var sampleTypes: [(Int, Int)] = []
        var periodType: (Int, Int)? = nil
        struct RawLabel { var key = 0, str = 0, num: Int64 = 0, unit = 0 }
        var rawSamples: [([UInt64], [Int64], [RawLabel])] = []
        var rawMappings: [(UInt64, UInt64, UInt64, UInt64, Int, Int, [Bool])] = []
        var rawLocations: [(UInt64, UInt64, UInt64, [(UInt64, Int64)], Bool)] = []
        var rawFunctions: [(UInt64, Int, Int, Int, Int64)] = []
        var dropFrames = 0, keepFrames = 0, defaultType = 0
        var comments: [Int] = []
        var p = Profile()
        func valueType(_ bytes: [UInt8]) throws -> (Int, Int) {
            var s = Reader(bytes)
            var t = 0, u = 0
            while !s.atEnd {
                let (f, w) = try s.field()
                switch f {
                case 1: t = Int(try s.varint())
                case 2: u = Int(try s.varint())
                default: try s.skip(w)
                }
            }
            return (t, u)
        }
        while !r.atEnd {
            let (f, w) = try r.field()
            switch f {
            case 1: sampleTypes.append(try valueType(try r.bytesField()))
            case 2:
                var s = Reader(try r.bytesField())
                var locs: [UInt64] = [], vals: [Int64] = [], labels: [RawLabel] = []
                while !s.atEnd {
                    let (sf, sw) = try s.field()
                    switch sf {
                    case 1: locs += try s.integers(sw)
                    case 2: vals += try s.integers(sw).map { Int64(bitPattern: $0) }
                    case 3:
                        var l = Reader(try s.bytesField())
                        var label = RawLabel()
                        while !l.atEnd {
                            let (lf, lw) = try l.field()
                            switch lf {
                            case 1: label.key = Int(try l.varint())
                            case 2: label.str = Int(try l.varint())
                            case 3: label.num = Int64(bitPattern: try l.varint())
                            case 4: label.unit = Int(try l.varint())
                            default: try l.skip(lw)
                            }
                        }
                        labels.append(label)
                    default: try s.skip(sw)
                    }
                }
                rawSamples.append((locs, vals, labels))
            case 3:
                var s = Reader(try r.bytesField())
                var m: (UInt64, UInt64, UInt64, UInt64, Int, Int, [Bool]) = (0, 0, 0, 0, 0, 0, [false, false, false, false])
                while !s.atEnd {
                    let (sf, sw) = try s.field()
                    switch sf {
                    case 1: m.0 = try s.varint()
                    case 2: m.1 = try s.varint()
                    case 3: m.2 = try s.varint()
                    case 4: m.3 = try s.varint()
                    case 5: m.4 = Int(try s.varint())
                    case 6: m.5 = Int(try s.varint())
                    case 7, 8, 9, 10: m.6[sf - 7] = try s.varint() != 0
                    default: try s.skip(sw)
                    }
                }
                rawMappings.append(m)
            case 4:
                var s = Reader(try r.bytesField())
                var loc: (UInt64, UInt64, UInt64, [(UInt64, Int64)], Bool) = (0, 0, 0, [], false)
                while !s.atEnd {
                    let (sf, sw) = try s.field()
                    switch sf {
                    case 1: loc.0 = try s.varint()
                    case 2: loc.1 = try s.varint()
                    case 3: loc.2 = try s.varint()
                    case 4:
                        var l = Reader(try s.bytesField())
                        var line: (UInt64, Int64) = (0, 0)
                        while !l.atEnd {
                            let (lf, lw) = try l.field()
                            switch lf {
                            case 1: line.0 = try l.varint()
                            case 2: line.1 = Int64(bitPattern: try l.varint())
                            default: try l.skip(lw)
                            }
                        }
                        loc.3.append(line)
                    case 5: loc.4 = try s.varint() != 0
                    default: try s.skip(sw)
                    }
                }
                rawLocations.append(loc)
            case 5:
                var s = Reader(try r.bytesField())
                var fn: (UInt64, Int, Int, Int, Int64) = (0, 0, 0, 0, 0)
                while !s.atEnd {
                    let (sf, sw) = try s.field()
                    switch sf {
                    case 1: fn.0 = try s.varint()
                    case 2: fn.1 = Int(try s.varint())
                    case 3: fn.2 = Int(try s.varint())
                    case 4: fn.3 = Int(try s.varint())
                    case 5: fn.4 = Int64(bitPattern: try s.varint())
                    default: try s.skip(sw)
                    }
                }
                rawFunctions.append(fn)
            case 6: strings.append(String(decoding: try r.bytesField(), as: UTF8.self))
            case 7: dropFrames = Int(try r.varint())
            case 8: keepFrames = Int(try r.varint())
            case 9: p.timeNanos = Int64(bitPattern: try r.varint())
            case 10: p.durationNanos = Int64(bitPattern: try r.varint())
            case 11: periodType = try valueType(try r.bytesField())
            case 12: p.period = Int64(bitPattern: try r.varint())
            case 13: comments += try r.integers(w).map { Int($0) }
            case 14: defaultType = Int(try r.varint())
            default: try r.skip(w)
            }
        }
        func str(_ i: Int) -> String { i >= 0 && i < strings.count ? strings[i] : "" }
        p.sampleTypes = sampleTypes.map { ValueType(type: str($0.0), unit: str($0.1)) }
        if let pt = periodType { p.periodType = ValueType(type: str(pt.0), unit: str(pt.1)) }
        p.dropFrames = str(dropFrames)
        p.keepFrames = str(keepFrames)
        p.defaultSampleType = str(defaultType)
        p.comments = comments.map(str)
        var mappingIndex: [UInt64: Int] = [:]
        for m in rawMappings {
            mappingIndex[m.0] = p.mappings.count
            p.mappings.append(
                Mapping(
                    id: m.0, start: m.1, limit: m.2, offset: m.3, file: str(m.4), buildID: str(m.5),
                    hasFunctions: m.6[0], hasFilenames: m.6[1], hasLineNumbers: m.6[2], hasInlineFrames: m.6[3]))
        }
        var functionIndex: [UInt64: Int] = [:]
        for f in rawFunctions {
            functionIndex[f.0] = p.functions.count
            p.functions.append(
                Function(id: f.0, name: str(f.1), systemName: str(f.2), filename: str(f.3), startLine: f.4))
        }
        var locationIndex: [UInt64: Int] = [:]
        for l in rawLocations {
            locationIndex[l.0] = p.locations.count
            p.locations.append(
                Location(
                    id: l.0, mapping: l.1 == 0 ? (p.mappings.isEmpty ? nil : 0) : mappingIndex[l.1], address: l.2,
                    lines: l.3.compactMap { line in functionIndex[line.0].map { Line(function: $0, line: line.1) } },
                    isFolded: l.4))
        }
        for s in rawSamples {
            var sample = Sample(locations: s.0.compactMap { locationIndex[$0] }, values: s.1)
            for label in s.2 {
                let key = str(label.key)
                if label.str != 0 {
                    sample.labels[key, default: []].append(str(label.str))
                } else {
                    sample.numLabels[key, default: []].append(label.num)
                    sample.numUnits[key, default: []].append(str(label.unit))
                }
            }
            if sample.numUnits.values.allSatisfy({ $0.allSatisfy(\.isEmpty) }) { sample.numUnits = [:] }
            p.samples.append(sample)
        }
        return p
    }
}
