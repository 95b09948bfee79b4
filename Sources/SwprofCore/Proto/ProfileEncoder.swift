import Foundation

/// Writes a `Profile` as profile.proto, laid out as pprof writes it (string table in
/// pprof's order, label keys sorted, repeated scalars packed past two values), so
/// `go tool pprof` reads back the same numbers and an uncompressed encoding of a
/// profile pprof wrote is the same bytes pprof writes.
public enum ProfileEncoder {
    /// The encoded profile, gzip-compressed unless `compress` is false.
    public static func encode(_ p: Profile, compress: Bool = true) -> Data {
        let bytes = encodeBytes(p)
        return Data(compress ? Gzip.compress(bytes) : bytes)
    }

    /// The uncompressed profile.proto bytes.
    public static func encodeBytes(_ p: Profile) -> [UInt8] {
        let table = StringTable(p)
        var w = ProtoWriter(capacity: 64 + p.samples.count * 32 + p.locations.count * 24)

        for st in p.sampleTypes {
            w.message(1) { w in
                w.int64Opt(1, table[st.type])
                w.int64Opt(2, table[st.unit])
            }
        }
        var ids: [UInt64] = []
        for s in p.samples {
            ids.removeAll(keepingCapacity: true)
            for index in s.locations {
                ids.append(p.locations.indices.contains(index) ? p.locations[index].id : 0)
            }
            w.message(2) { w in
                w.uint64s(1, ids)
                w.int64s(2, s.values)
                if !s.labels.isEmpty || !s.numLabels.isEmpty {
                    StringTable.forEachLabel(of: s, { table[$0] }) { key, str, num, unit in
                        w.message(3) { w in
                            w.int64Opt(1, key)
                            w.int64Opt(2, str)
                            w.int64Opt(3, num)
                            w.int64Opt(4, unit)
                        }
                    }
                }
            }
        }
        for m in p.mappings {
            w.message(3) { w in
                w.uint64Opt(1, m.id)
                w.uint64Opt(2, m.start)
                w.uint64Opt(3, m.limit)
                w.uint64Opt(4, m.offset)
                w.int64Opt(5, table[m.file])
                w.int64Opt(6, table[m.buildID])
                w.boolOpt(7, m.hasFunctions)
                w.boolOpt(8, m.hasFilenames)
                w.boolOpt(9, m.hasLineNumbers)
                w.boolOpt(10, m.hasInlineFrames)
            }
        }
        for l in p.locations {
            w.message(4) { w in
                w.uint64Opt(1, l.id)
                if let m = l.mapping, p.mappings.indices.contains(m) {
                    w.uint64Opt(2, p.mappings[m].id)
                }
                w.uint64Opt(3, l.address)
                for line in l.lines {
                    w.message(4) { w in
                        if p.functions.indices.contains(line.function) {
                            w.uint64Opt(1, p.functions[line.function].id)
                        }
                        w.int64Opt(2, line.line)
                    }
                }
                w.boolOpt(5, l.isFolded)
            }
        }
        for f in p.functions {
            w.message(5) { w in
                w.uint64Opt(1, f.id)
                w.int64Opt(2, table[f.name])
                w.int64Opt(3, table[f.systemName])
                w.int64Opt(4, table[f.filename])
                w.int64Opt(5, f.startLine)
            }
        }
        for s in table.strings {
            w.string(6, s)
        }
        w.int64Opt(7, table[p.dropFrames])
        w.int64Opt(8, table[p.keepFrames])
        w.int64Opt(9, p.timeNanos)
        w.int64Opt(10, p.durationNanos)
        if let pt = p.periodType, table[pt.type] != 0 || table[pt.unit] != 0 {
            w.message(11) { w in
                w.int64Opt(1, table[pt.type])
                w.int64Opt(2, table[pt.unit])
            }
        }
        w.int64Opt(12, p.period)
        w.int64s(13, p.comments.map { table[$0] })
        w.int64(14, table[p.defaultSampleType])
        return w.bytes
    }
}

/// The string table in the order pprof's encoder builds it: "" first, then the
/// strings of sample types, sample labels (keys sorted), mappings, functions,
/// drop/keep frames, the period type, comments and the default sample type.
private struct StringTable {
    private(set) var strings: [String] = []
    private var index: [ExactString: Int64] = [:]

    init(_ p: Profile) {
        add("")
        for st in p.sampleTypes {
            add(st.type)
            add(st.unit)
        }
        for s in p.samples where !s.labels.isEmpty || !s.numLabels.isEmpty {
            Self.forEachLabel(of: s, { add($0) }) { _, _, _, _ in }
        }
        for m in p.mappings {
            add(m.file)
            add(m.buildID)
        }
        for f in p.functions {
            add(f.name)
            add(f.systemName)
            add(f.filename)
        }
        add(p.dropFrames)
        add(p.keepFrames)
        if let pt = p.periodType {
            add(pt.type)
            add(pt.unit)
        }
        for c in p.comments { add(c) }
        add(p.defaultSampleType)
    }

    @discardableResult
    private mutating func add(_ s: String) -> Int64 {
        let key = ExactString(s)
        if let i = index[key] { return i }
        let i = Int64(strings.count)
        index[key] = i
        strings.append(s)
        return i
    }

    /// The index of a string added when the table was built.
    subscript(_ s: String) -> Int64 {
        index[ExactString(s)] ?? 0
    }

    /// Calls `body` with (key, str, num, unit) string-table indices for each label of
    /// `s` in pprof's order: string labels by sorted key, then numeric labels by sorted key.
    /// `x` turns a string into its index (adding it while the table is built).
    static func forEachLabel(
        of s: Sample, _ x: (String) -> Int64, _ body: (Int64, Int64, Int64, Int64) -> Void
    ) {
        for key in s.labels.keys.sorted(by: { $0.precedesByBytes($1) }) {
            for v in s.labels[key] ?? [] {
                let k = x(key)
                body(k, x(v), 0, 0)
            }
        }
        for key in s.numLabels.keys.sorted(by: { $0.precedesByBytes($1) }) {
            let k = x(key)
            let units = s.numUnits[key] ?? []
            for (i, v) in (s.numLabels[key] ?? []).enumerated() {
                var unit: Int64 = 0
                if !units.isEmpty {
                    unit = x(i < units.count ? units[i] : "")
                }
                body(k, 0, v, unit)
            }
        }
    }
}
