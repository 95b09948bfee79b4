/// Why decoding profile.proto failed.
struct ProfileProtoError: Error, Sendable {
    enum Kind: Sendable {
        /// The bytes are not well-formed protobuf, or a field has the wrong wire type.
        case wire
        /// Well-formed protobuf whose content does not make a profile
        /// (string index out of range, reference to a missing ID, ...).
        case content
        /// Two profiles were concatenated (a second `time_nanos`), as pprof rejects.
        case concatenated
        /// A profile.proto that decodes but is not a valid profile (what `checkValid`
        /// would reject), found early so a hostile input cannot make the decoder
        /// build millions of useless samples first.
        case invalid
    }
    var kind: Kind
    var message: String

    static func content(_ message: String) -> ProfileProtoError {
        ProfileProtoError(kind: .content, message: message)
    }

    /// What pprof's `CheckValid` rejects, in its words.
    static func invalid(_ message: String) -> ProfileProtoError {
        ProfileProtoError(kind: .invalid, message: message)
    }
}

/// Decodes profile.proto bytes into the `Profile` model: pprof's `unmarshal`
/// followed by its `postDecode` (string table lookups, proto IDs turned into
/// indices, labels split into string and numeric labels).
///
/// It reads the buffer in place with `ProtoReader` and keeps no per-field objects:
/// a first pass over the top-level message records where each sub-message lies and
/// decodes the string table; a second pass builds mappings, functions, locations and
/// samples, in that order, so every ID a message refers to is already known.
/// Unknown fields are skipped; repeated scalars may be packed or not.
///
/// Measured (release, 2 shared cores, user CPU per decode, on a synthetic 42 MB
/// profile with 500k samples of 5–45 frames, 60k locations, labels on 10%):
/// this decoder into the finished `Profile` (strings resolved, IDs turned into
/// indices, labels split, `checkValid` included) takes about 0.24 s; swift-protobuf
/// 1.39's generated `Perftools_Profiles_Profile(serializedBytes:)` takes about
/// 0.25 s to build only its raw message, before any conversion to this model.
enum ProfileProtoDecoder {
    static func decode(_ bytes: [UInt8]) throws(ProfileProtoError) -> Profile {
        let result = bytes.withUnsafeBufferPointer { buffer in
            decoding { try TopLevel(buffer) }
        }
        return try result.get().profile
    }

    /// Decodes the bytes of `stream` as they are inflated (see `InflatingStream`).
    static func decode(arriving stream: InflatingStream, progress: LoadProgress?) throws(ProfileProtoError) -> Decoded {
        try decoding { try TopLevel(UnsafeBufferPointer(start: nil, count: 0), arriving: stream, progress: progress) }.get()
    }

    /// A decoded profile, with per sample a number shared by exactly the samples
    /// whose label messages are the same (-1 for none), when the first pass read
    /// them all (what a merge keys once per number rather than per sample).
    struct Decoded {
        var profile: Profile
        var labelSetOf: [Int32]?
    }

    private static func decoding(_ firstPass: () throws -> TopLevel) -> Result<Decoded, ProfileProtoError> {
        do {
            var top = try firstPass()
            let profile = try top.makeProfile()
            return .success(Decoded(profile: profile, labelSetOf: top.labelSetOf))
        } catch let error as ProfileProtoError {
            return .failure(error)
        } catch let error as ProtoWireError {
            return .failure(ProfileProtoError(kind: .wire, message: error.message))
        } catch {
            return .failure(ProfileProtoError(kind: .wire, message: "\(error)"))
        }
    }
}

/// How many elements to reserve for `count` messages. Capped: a message can be two
/// bytes while its decoded form is some forty, so hostile input must not make the
/// decoder ask for tens of gigabytes before it has seen a single valid element.
private func reservation(_ count: Int) -> Int {
    min(count, 1 << 20)
}

/// A map from proto IDs to array indices: a dense table for the usual small IDs
/// (1...count, capped at 16M entries), a dictionary for the others.
struct IDIndex {
    private var dense: [Int]
    private var sparse: [UInt64: Int] = [:]

    init(count: Int) {
        dense = [Int](repeating: -1, count: min(count, 1 << 24) + 1)
    }

    /// Records `id` → `index`; false when the ID was already present.
    mutating func insert(_ id: UInt64, _ index: Int) -> Bool {
        if id < UInt64(dense.count) {
            if dense[Int(id)] >= 0 { return false }
            dense[Int(id)] = index
            return true
        }
        return sparse.updateValue(index, forKey: id) == nil
    }

    @inline(__always)
    func index(of id: UInt64) -> Int? {
        if id < UInt64(dense.count) {
            let i = dense[Int(id)]
            return i >= 0 ? i : nil
        }
        return sparse[id]
    }
}

/// The top-level Profile message after the first pass.
private struct TopLevel {
    var buffer: UnsafeBufferPointer<UInt8>
    var sampleTypes: [Range<Int>] = []
    var samples: [Range<Int>] = []
    var mappings: [Range<Int>] = []
    var locations: [Range<Int>] = []
    var functions: [Range<Int>] = []
    var strings: [String] = []
    var dropFramesX: Int64 = 0
    var keepFramesX: Int64 = 0
    var timeNanos: Int64 = 0
    var durationNanos: Int64 = 0
    var periodType: (type: Int64, unit: Int64)? = nil
    var period: Int64 = 0
    var commentX: [Int64] = []
    var defaultSampleTypeX: Int64 = 0
    var docURLX: Int64 = 0
    /// The samples as read in the first pass (stacks of location IDs).
    var rawSamples = RawSamples()
    /// Each sample's label set, once samples are resolved from `rawSamples`.
    var labelSetOf: [Int32]? = nil

    /// The first pass over `whole`, or over the bytes of `arriving` as they come
    /// (`buffer` is then what has arrived; a field is read once it is all there).
    init(_ whole: UnsafeBufferPointer<UInt8>, arriving: InflatingStream? = nil, progress: LoadProgress? = nil) throws {
        var complete = true
        buffer = whole
        if let arriving { (buffer, complete) = arriving.wait(beyond: 0) }
        var position = 0
        defer { progress?.setDecoded(inflated: buffer.count, stacks: samples.count) }
        while true {
            if position >= buffer.count {
                guard !complete, let arriving else { break }
                (buffer, complete) = arriving.wait(beyond: buffer.count)
                continue
            }
            var reader = ProtoReader(buffer, start: position, end: buffer.count)
            var field: ProtoField? = nil
            do {
                field = try reader.readField()
            } catch {
                if complete { throw error }
            }
            guard let f = field else {
                // The field's end has not arrived yet.
                (buffer, complete) = arriving!.wait(beyond: buffer.count)
                continue
            }
            position = reader.position
            switch f.number {
            case 1: sampleTypes.append(try f.payload("sample_type"))
            case 2:
                let range = try f.payload("sample")
                samples.append(range)
                rawSamples.read(buffer, range)
                if samples.count & 0xFFF == 0 { progress?.setDecoded(inflated: buffer.count, stacks: samples.count) }
            case 3: mappings.append(try f.payload("mapping"))
            case 4: locations.append(try f.payload("location"))
            case 5: functions.append(try f.payload("function"))
            case 6:
                let range = try f.payload("string_table")
                // Bytes that are not UTF-8 are kept (see RawBytes), as pprof keeps them.
                strings.append(RawBytes.string(UnsafeBufferPointer(rebasing: buffer[range])))
                if strings.count == 1 && !strings[0].isEmpty {
                    throw ProfileProtoError.content("the string table's first entry must be the empty string")
                }
            case 7: dropFramesX = Int64(bitPattern: try f.varint("drop_frames"))
            case 8: keepFramesX = Int64(bitPattern: try f.varint("keep_frames"))
            case 9:
                if timeNanos != 0 {
                    throw ProfileProtoError(kind: .concatenated, message: "concatenated profiles detected")
                }
                timeNanos = Int64(bitPattern: try f.varint("time_nanos"))
            case 10: durationNanos = Int64(bitPattern: try f.varint("duration_nanos"))
            case 11: periodType = try Self.valueType(buffer, try f.payload("period_type"))
            case 12: period = Int64(bitPattern: try f.varint("period"))
            case 13:
                try f.forEachVarint(in: buffer, "comment") { commentX.append(Int64(bitPattern: $0)) }
            case 14: defaultSampleTypeX = Int64(bitPattern: try f.varint("default_sample_type"))
            case 15: docURLX = Int64(bitPattern: try f.varint("doc_url"))
            default: break
            }
        }
    }

    static func valueType(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws -> (type: Int64, unit: Int64) {
        var reader = ProtoReader(buffer, start: range.lowerBound, end: range.upperBound)
        var result: (type: Int64, unit: Int64) = (0, 0)
        while !reader.isAtEnd {
            let f = try reader.readField()
            switch f.number {
            case 1: result.type = Int64(bitPattern: try f.varint("ValueType.type"))
            case 2: result.unit = Int64(bitPattern: try f.varint("ValueType.unit"))
            default: break
            }
        }
        return result
    }

    @inline(__always)
    func string(_ index: Int64, _ what: @autoclosure () -> String) throws -> String {
        guard index >= 0 && index < Int64(strings.count) else {
            throw ProfileProtoError.content(
                "\(what()) refers to string \(index), but the string table has \(strings.count) entries")
        }
        return strings[Int(index)]
    }

    mutating func makeProfile() throws -> Profile {
        guard !strings.isEmpty else {
            throw ProfileProtoError.content("the string table is missing")
        }
        var p = Profile()

        // Mappings.
        var mappingIndex = IDIndex(count: mappings.count)
        p.mappings.reserveCapacity(reservation(mappings.count))
        for (n, range) in mappings.enumerated() {
            let m = try mapping(range, n)
            guard m.id != 0 else { throw ProfileProtoError.invalid("found mapping with reserved ID=0") }
            guard mappingIndex.insert(m.id, n) else {
                throw ProfileProtoError.invalid("multiple mappings with same id: \(m.id)")
            }
            p.mappings.append(m)
        }

        // Functions.
        var functionIndex = IDIndex(count: functions.count)
        p.functions.reserveCapacity(reservation(functions.count))
        for (n, range) in functions.enumerated() {
            let f = try function(range, n)
            guard f.id != 0 else { throw ProfileProtoError.invalid("found function with reserved ID=0") }
            guard functionIndex.insert(f.id, n) else {
                throw ProfileProtoError.invalid("multiple functions with same id: \(f.id)")
            }
            p.functions.append(f)
        }

        // Locations.
        var locationIndex = IDIndex(count: locations.count)
        p.locations.reserveCapacity(reservation(locations.count))
        for (n, range) in locations.enumerated() {
            let l = try location(range, n, mappingIndex, functionIndex)
            guard l.id != 0 else { throw ProfileProtoError.invalid("found location with reserved id=0") }
            guard locationIndex.insert(l.id, n) else {
                throw ProfileProtoError.invalid("multiple locations with same id: \(l.id)")
            }
            p.locations.append(l)
        }

        // Sample types, then samples.
        p.sampleTypes.reserveCapacity(reservation(sampleTypes.count))
        for (n, range) in sampleTypes.enumerated() {
            let x = try Self.valueType(buffer, range)
            p.sampleTypes.append(
                ValueType(type: try string(x.type, "sample type \(n)"), unit: try string(x.unit, "sample type \(n)")))
        }
        try decodeSamples(into: &p, locationIndex)

        p.dropFrames = try string(dropFramesX, "drop_frames")
        p.keepFrames = try string(keepFramesX, "keep_frames")
        p.timeNanos = timeNanos
        p.durationNanos = durationNanos
        let pt = periodType ?? (0, 0)
        p.periodType = ValueType(type: try string(pt.type, "the period type"), unit: try string(pt.unit, "the period type"))
        p.period = period
        p.comments = try commentX.enumerated().map { n, x in try string(x, "comment \(n)") }
        p.defaultSampleType = try string(defaultSampleTypeX, "default_sample_type")
        p.docURL = try string(docURLX, "doc_url")
        return p
    }

    func mapping(_ range: Range<Int>, _ n: Int) throws -> Mapping {
        var reader = ProtoReader(buffer, start: range.lowerBound, end: range.upperBound)
        var m = Mapping(id: 0)
        var fileX: Int64 = 0
        var buildIDX: Int64 = 0
        while !reader.isAtEnd {
            let f = try reader.readField()
            switch f.number {
            case 1: m.id = try f.varint("Mapping.id")
            case 2: m.start = try f.varint("Mapping.memory_start")
            case 3: m.limit = try f.varint("Mapping.memory_limit")
            case 4: m.offset = try f.varint("Mapping.file_offset")
            case 5: fileX = Int64(bitPattern: try f.varint("Mapping.filename"))
            case 6: buildIDX = Int64(bitPattern: try f.varint("Mapping.build_id"))
            case 7: m.hasFunctions = try f.varint("Mapping.has_functions") != 0
            case 8: m.hasFilenames = try f.varint("Mapping.has_filenames") != 0
            case 9: m.hasLineNumbers = try f.varint("Mapping.has_line_numbers") != 0
            case 10: m.hasInlineFrames = try f.varint("Mapping.has_inline_frames") != 0
            default: break
            }
        }
        m.file = try string(fileX, "the file name of mapping \(n)")
        m.buildID = try string(buildIDX, "the build ID of mapping \(n)")
        return m
    }

    func function(_ range: Range<Int>, _ n: Int) throws -> Function {
        var reader = ProtoReader(buffer, start: range.lowerBound, end: range.upperBound)
        var id: UInt64 = 0
        var nameX: Int64 = 0
        var systemNameX: Int64 = 0
        var filenameX: Int64 = 0
        var startLine: Int64 = 0
        while !reader.isAtEnd {
            let f = try reader.readField()
            switch f.number {
            case 1: id = try f.varint("Function.id")
            case 2: nameX = Int64(bitPattern: try f.varint("Function.name"))
            case 3: systemNameX = Int64(bitPattern: try f.varint("Function.system_name"))
            case 4: filenameX = Int64(bitPattern: try f.varint("Function.filename"))
            case 5: startLine = Int64(bitPattern: try f.varint("Function.start_line"))
            default: break
            }
        }
        return Function(
            id: id, name: try string(nameX, "the name of function \(n)"),
            systemName: try string(systemNameX, "the system name of function \(n)"),
            filename: try string(filenameX, "the file name of function \(n)"), startLine: startLine)
    }

    func location(_ range: Range<Int>, _ n: Int, _ mappingIndex: IDIndex, _ functionIndex: IDIndex) throws -> Location {
        var reader = ProtoReader(buffer, start: range.lowerBound, end: range.upperBound)
        var l = Location(id: 0)
        var mappingID: UInt64 = 0
        while !reader.isAtEnd {
            let f = try reader.readField()
            switch f.number {
            case 1: l.id = try f.varint("Location.id")
            case 2: mappingID = try f.varint("Location.mapping_id")
            case 3: l.address = try f.varint("Location.address")
            case 4:
                let lineRange = try f.payload("Location.line")
                var lr = ProtoReader(buffer, start: lineRange.lowerBound, end: lineRange.upperBound)
                var functionID: UInt64 = 0
                var line: Int64 = 0
                var column: Int64 = 0
                while !lr.isAtEnd {
                    let lf = try lr.readField()
                    switch lf.number {
                    case 1: functionID = try lf.varint("Line.function_id")
                    case 2: line = Int64(bitPattern: try lf.varint("Line.line"))
                    case 3: column = Int64(bitPattern: try lf.varint("Line.column"))
                    default: break
                    }
                }
                guard functionID != 0 else {
                    throw ProfileProtoError.invalid("location id: \(l.id) has a line with nil function")
                }
                guard let fi = functionIndex.index(of: functionID) else {
                    throw ProfileProtoError.invalid("location id: \(l.id) has a line with nil function")
                }
                l.lines.append(Line(function: fi, line: line, column: column))
            case 5: l.isFolded = try f.varint("Location.is_folded") != 0
            default: break
            }
        }
        // As pprof: a mapping ID of 0, or one not in the profile, leaves the location unmapped.
        if mappingID != 0 {
            l.mapping = mappingIndex.index(of: mappingID)
        }
        return l
    }

    typealias RawLabel = (key: Int64, str: Int64, num: Int64, unit: Int64)

    /// Decodes the samples from `samples`' ranges, for when the first pass could
    /// not read them all (`RawSamples.failed`): it finds and words the problem.
    /// Location indices and values go to reusable scratch buffers, then into
    /// arrays of exactly their size (see ScratchBuffer).
    mutating func decodeSamples(into p: inout Profile, _ locationIndex: IDIndex) throws {
        if !rawSamples.failed && rawSamples.samples.count == samples.count {
            return try resolveRawSamples(into: &p, locationIndex)
        }
        var decoded = [Sample]()
        decoded.reserveCapacity(reservation(samples.count))
        let locs = ScratchBuffer<Int>()
        let values = ScratchBuffer<Int64>()
        var rawLabels: [RawLabel] = []
        for (n, range) in samples.enumerated() {
            locs.removeAll()
            values.removeAll()
            rawLabels.removeAll(keepingCapacity: true)
            var missing: UInt64? = nil
            var reader = ProtoReader(buffer, start: range.lowerBound, end: range.upperBound)
            while !reader.isAtEnd {
                let f = try reader.readField()
                switch f.number {
                case 1:
                    try f.forEachVarint(in: buffer, "Sample.location_id") { id in
                        if let index = locationIndex.index(of: id) {
                            locs.append(index)
                        } else if missing == nil {
                            missing = id
                        }
                    }
                case 2:
                    try f.forEachVarint(in: buffer, "Sample.value") { values.append(Int64(bitPattern: $0)) }
                case 3:
                    rawLabels.append(try RawSamples.label(buffer, try f.payload("Sample.label")))
                default: break
                }
            }
            if values.count != p.sampleTypes.count {
                throw ProfileProtoError(
                    kind: .invalid,
                    message: p.sampleTypes.isEmpty
                        ? "missing sample type information"
                        : "mismatch: sample has \(values.count) values vs. \(p.sampleTypes.count) types")
            }
            if missing != nil {
                throw ProfileProtoError.invalid("sample has nil location")
            }
            var sample = Sample(locations: locs.array(), values: values.array())
            if !rawLabels.isEmpty {
                try resolveLabels(rawLabels, into: &sample, n)
            }
            decoded.append(sample)
        }
        p.samples = decoded
    }

    /// The second half of decoding samples read in the first pass: location IDs
    /// turned into indices in place, values checked, label sets resolved once
    /// each. Errors come in the order, and with the words, of `decodeSamples`.
    mutating func resolveRawSamples(into p: inout Profile, _ locationIndex: IDIndex) throws {
        var decoded: [Sample] = []
        swap(&decoded, &rawSamples.samples)
        let setOf = rawSamples.labelSetOf
        var resolved = [ResolvedLabels?](repeating: nil, count: rawSamples.labelSets.count)
        let sampleTypeCount = p.sampleTypes.count
        try decoded.withUnsafeMutableBufferPointer { decoded in
            for n in decoded.indices {
                var missing = false
                decoded[n].locations.withUnsafeMutableBufferPointer { stack in
                    for i in stack.indices {
                        if let index = locationIndex.index(of: UInt64(UInt(bitPattern: stack[i]))) {
                            stack[i] = index
                        } else {
                            missing = true
                        }
                    }
                }
                let valueCount = decoded[n].values.count
                if valueCount != sampleTypeCount {
                    throw ProfileProtoError(
                        kind: .invalid,
                        message: sampleTypeCount == 0
                            ? "missing sample type information"
                            : "mismatch: sample has \(valueCount) values vs. \(sampleTypeCount) types")
                }
                if missing {
                    throw ProfileProtoError.invalid("sample has nil location")
                }
                let set = Int(setOf[n])
                if set < 0 { continue }
                if let shared = resolved[set] {
                    shared.apply(to: &decoded[n])
                } else {
                    let key = rawSamples.labelSets[set]
                    let raw: [RawLabel] = stride(from: 0, to: key.count, by: 4).map { (key[$0], key[$0 + 1], key[$0 + 2], key[$0 + 3]) }
                    try resolveLabels(raw, into: &decoded[n], n)
                    resolved[set] = ResolvedLabels(
                        labels: decoded[n].labels, numLabels: decoded[n].numLabels, numUnits: decoded[n].numUnits)
                }
            }
        }
        labelSetOf = setOf
        rawSamples = RawSamples()
        p.samples = decoded
    }

    /// One sample's labels as decoded, to give to other samples with the same raw labels.
    struct ResolvedLabels {
        var labels: [String: [String]]
        var numLabels: [String: [Int64]]
        var numUnits: [String: [String]]

        func apply(to sample: inout Sample) {
            sample.labels = labels
            sample.numLabels = numLabels
            sample.numUnits = numUnits
        }
    }

    /// pprof's label rules: a label with a string value is a string label; otherwise,
    /// when it has a number or a unit, a numeric label (units padded with "" so they
    /// line up with the numbers); a label with neither is dropped.
    func resolveLabels(_ raw: [RawLabel], into sample: inout Sample, _ n: Int) throws {
        var labels: [String: [String]] = [:]
        var numLabels: [String: [Int64]] = [:]
        var numUnits: [String: [String]] = [:]
        for l in raw {
            let key = try string(l.key, "a label key of sample \(n)")
            if l.str != 0 {
                labels[key, default: []].append(try string(l.str, "the label \"\(key)\" of sample \(n)"))
            } else if l.num != 0 || l.unit != 0 {
                if l.unit != 0 {
                    let unit = try string(l.unit, "the unit of label \"\(key)\" of sample \(n)")
                    let count = numLabels[key]?.count ?? 0
                    numUnits[key, default: []].padEmpty(to: count)
                    numUnits[key, default: []].append(unit)
                }
                numLabels[key, default: []].append(l.num)
            }
        }
        for key in numUnits.keys {
            numUnits[key]!.padEmpty(to: numLabels[key]?.count ?? 0)
        }
        sample.labels = labels
        sample.numLabels = numLabels
        sample.numUnits = numUnits
    }
}

/// Samples read in the first pass, while the bytes arrive and before the
/// locations and strings they refer to are known (profile.proto puts samples
/// first): stacks hold location IDs (their bit patterns), values are final, and
/// labels are numbered sets of raw string-table references, so that samples
/// with the same labels are resolved once and share their dictionaries.
/// A sample that does not decode stops the reading (`failed`): the second
/// pass then decodes every sample itself and reports the problem.
struct RawSamples {
    var samples: [Sample] = []
    /// Per sample, its label set (an index into `labelSets`), or -1.
    var labelSetOf: [Int32] = []
    /// Label sets: (key, str, num, unit) for each label, flattened.
    var labelSets: [[Int64]] = []
    private var labelSetNumbers: [[Int64]: Int32] = [:]
    private(set) var failed = false
    private let ids = ScratchBuffer<Int>()
    private let values = ScratchBuffer<Int64>()
    private var key: [Int64] = []

    /// Reads the sample message at `range` of `buffer`.
    mutating func read(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        guard !failed else { return }
        do {
            try readOne(buffer, range)
        } catch {
            failed = true
            samples = []
            labelSetOf = []
            labelSets = []
            labelSetNumbers = [:]
        }
    }

    /// The string-table references of the Label message at `range`.
    static func label(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws
        -> (key: Int64, str: Int64, num: Int64, unit: Int64)
    {
        var reader = ProtoReader(buffer, start: range.lowerBound, end: range.upperBound)
        var label: (key: Int64, str: Int64, num: Int64, unit: Int64) = (0, 0, 0, 0)
        while !reader.isAtEnd {
            let f = try reader.readField()
            switch f.number {
            case 1: label.key = Int64(bitPattern: try f.varint("Label.key"))
            case 2: label.str = Int64(bitPattern: try f.varint("Label.str"))
            case 3: label.num = Int64(bitPattern: try f.varint("Label.num"))
            case 4: label.unit = Int64(bitPattern: try f.varint("Label.num_unit"))
            default: break
            }
        }
        return label
    }

    private mutating func readOne(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws {
        ids.removeAll()
        values.removeAll()
        key.removeAll(keepingCapacity: true)
        var reader = ProtoReader(buffer, start: range.lowerBound, end: range.upperBound)
        while !reader.isAtEnd {
            let f = try reader.readField()
            switch f.number {
            case 1:
                try f.forEachVarint(in: buffer, "Sample.location_id") { ids.append(Int(bitPattern: UInt($0))) }
            case 2:
                try f.forEachVarint(in: buffer, "Sample.value") { values.append(Int64(bitPattern: $0)) }
            case 3:
                let label = try Self.label(buffer, try f.payload("Sample.label"))
                key += [label.key, label.str, label.num, label.unit]
            default: break
            }
        }
        samples.append(Sample(locations: ids.array(), values: values.array()))
        if key.isEmpty {
            labelSetOf.append(-1)
        } else if let number = labelSetNumbers[key] {
            labelSetOf.append(number)
        } else {
            let number = Int32(labelSets.count)
            labelSets.append(key)
            labelSetNumbers[key] = number
            labelSetOf.append(number)
        }
    }
}

extension Array where Element == String {
    /// Appends empty strings until the array has `count` elements.
    mutating func padEmpty(to count: Int) {
        if self.count < count {
            append(contentsOf: repeatElement("", count: count - self.count))
        }
    }
}

/// A growable buffer of trivial values, reused across samples. Appending needs no
/// uniqueness check and `array()` copies out with a single allocation, which is
/// measurably cheaper than building each sample's array by appending.
final class ScratchBuffer<Element: BitwiseCopyable> {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 64) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit {
        base.deallocate()
    }

    @inline(__always)
    func append(_ value: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: value)
        count += 1
    }

    private func grow() {
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }

    @inline(__always)
    func removeAll() {
        count = 0
    }

    func array() -> [Element] {
        Array(UnsafeBufferPointer(start: base, count: count))
    }
}
