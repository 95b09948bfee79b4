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
        let x = StringIndices(p)
        var w = ProtoWriter(capacity: 64 + p.samples.count * 40 + p.locations.count * 24)

        for st in x.sampleTypes {
            w.message(1) { w in
                w.int64Opt(1, st.type)
                w.int64Opt(2, st.unit)
            }
        }
        let locationIDs = p.locations.map(\.id)
        for (n, s) in p.samples.enumerated() {
            w.message(2) { w in
                w.uint64s(1, s.locations.lazy.map { locationIDs.indices.contains($0) ? locationIDs[$0] : 0 })
                w.int64s(2, s.values)
                for label in x.labels(ofSample: n) {
                    w.message(3) { w in
                        w.int64Opt(1, label.key)
                        w.int64Opt(2, label.str)
                        w.int64Opt(3, label.num)
                        w.int64Opt(4, label.unit)
                    }
                }
            }
        }
        for (m, mx) in zip(p.mappings, x.mappings) {
            w.message(3) { w in
                w.uint64Opt(1, m.id)
                w.uint64Opt(2, m.start)
                w.uint64Opt(3, m.limit)
                w.uint64Opt(4, m.offset)
                w.int64Opt(5, mx.file)
                w.int64Opt(6, mx.buildID)
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
                        w.int64Opt(3, line.column)
                    }
                }
                w.boolOpt(5, l.isFolded)
            }
        }
        for (f, fx) in zip(p.functions, x.functions) {
            w.message(5) { w in
                w.uint64Opt(1, f.id)
                w.int64Opt(2, fx.name)
                w.int64Opt(3, fx.systemName)
                w.int64Opt(4, fx.filename)
                w.int64Opt(5, f.startLine)
            }
        }
        for s in x.strings {
            w.string(6, s)
        }
        w.int64Opt(7, x.dropFrames)
        w.int64Opt(8, x.keepFrames)
        w.int64Opt(9, p.timeNanos)
        w.int64Opt(10, p.durationNanos)
        if let pt = x.periodType, pt.type != 0 || pt.unit != 0 {
            w.message(11) { w in
                w.int64Opt(1, pt.type)
                w.int64Opt(2, pt.unit)
            }
        }
        w.int64Opt(12, p.period)
        w.int64s(13, x.comments)
        w.int64(14, x.defaultSampleType)
        w.int64Opt(15, x.docURL)
        return w.bytes
    }
}

/// The string table, built in the order pprof's encoder builds it ("" first, then
/// the strings of sample types, sample labels (keys sorted), mappings, functions,
/// drop/keep frames, the period type, comments and the default sample type),
/// with the index of every string field, so writing needs no lookups.
private struct StringIndices {
    typealias Label = (key: Int64, str: Int64, num: Int64, unit: Int64)

    private(set) var strings: [String] = []
    private var index: [ExactString: Int64] = [:]

    var sampleTypes: [(type: Int64, unit: Int64)] = []
    /// The labels of all samples, in order; sample n's are `labelStarts[n]..<labelStarts[n+1]`
    /// (`labelStarts` is empty when no sample has labels).
    var labelRecords: [Label] = []
    var labelStarts: [Int] = []
    var mappings: [(file: Int64, buildID: Int64)] = []
    var functions: [(name: Int64, systemName: Int64, filename: Int64)] = []
    var dropFrames: Int64 = 0
    var keepFrames: Int64 = 0
    var periodType: (type: Int64, unit: Int64)? = nil
    var comments: [Int64] = []
    var defaultSampleType: Int64 = 0
    var docURL: Int64 = 0

    init(_ p: Profile) {
        add("")
        sampleTypes = p.sampleTypes.map { (add($0.type), add($0.unit)) }
        if p.samples.contains(where: { !$0.labels.isEmpty || !$0.numLabels.isEmpty }) {
            labelStarts.reserveCapacity(p.samples.count + 1)
            for s in p.samples {
                labelStarts.append(labelRecords.count)
                if !s.labels.isEmpty || !s.numLabels.isEmpty {
                    addLabels(of: s)
                }
            }
            labelStarts.append(labelRecords.count)
        }
        mappings = p.mappings.map { (add($0.file), add($0.buildID)) }
        functions = p.functions.map { (add($0.name), add($0.systemName), add($0.filename)) }
        dropFrames = add(p.dropFrames)
        keepFrames = add(p.keepFrames)
        if let pt = p.periodType {
            periodType = (add(pt.type), add(pt.unit))
        }
        comments = p.comments.map { add($0) }
        defaultSampleType = add(p.defaultSampleType)
        docURL = add(p.docURL)
    }

    func labels(ofSample n: Int) -> ArraySlice<Label> {
        labelStarts.isEmpty ? [] : labelRecords[labelStarts[n]..<labelStarts[n + 1]]
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

    /// pprof's order: string labels by sorted key, then numeric labels by sorted key;
    /// a numeric label's unit is written only when the key has units.
    private mutating func addLabels(of s: Sample) {
        for key in s.labels.keys.sorted(by: { $0.precedesByBytes($1) }) {
            for v in s.labels[key] ?? [] {
                let k = add(key)
                labelRecords.append((k, add(v), 0, 0))
            }
        }
        for key in s.numLabels.keys.sorted(by: { $0.precedesByBytes($1) }) {
            let k = add(key)
            let units = s.numUnits[key] ?? []
            for (i, v) in (s.numLabels[key] ?? []).enumerated() {
                var unit: Int64 = 0
                if !units.isEmpty {
                    unit = add(i < units.count ? units[i] : "")
                }
                labelRecords.append((k, 0, v, unit))
            }
        }
    }
}
