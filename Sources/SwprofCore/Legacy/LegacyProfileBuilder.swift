/// The profile under construction while a legacy format is parsed.
///
/// pprof's parsers build a graph of shared objects (samples point at locations,
/// locations at mappings and functions) and then renumber it. Here every object
/// lives in a pool and is named by its pool index (its "handle"); the lists
/// `locationOrder`, `functionOrder` and `mappingOrder` say which objects the
/// profile holds and in which order, as pprof's `Location`, `Function` and
/// `Mapping` slices do. `build()` turns the result into the dense `Profile`.
struct LegacyProfileBuilder {
    struct LocationNode {
        var id: UInt64 = 0
        var address: UInt64
        var mapping: Int? = nil
        var lines: [(function: Int, line: Int64)] = []
    }

    struct FunctionNode {
        var id: UInt64 = 0
        var name: String
        var systemName: String
        var filename: String
    }

    struct MappingNode {
        var id: UInt64 = 0
        var start: UInt64
        var limit: UInt64
        var offset: UInt64
        var file: String
        var buildID: String
    }

    struct SampleNode {
        var locations: [Int]
        var values: [Int64]
        var numLabels: [String: [Int64]] = [:]
    }

    var sampleTypes: [ValueType] = []
    var periodType: ValueType? = nil
    var period: Int64 = 0
    var durationNanos: Int64 = 0
    var dropFrames = ""
    var keepFrames = ""

    var samples: [SampleNode] = []
    var locationPool: [LocationNode] = []
    var functionPool: [FunctionNode] = []
    var mappingPool: [MappingNode] = []
    var locationOrder: [Int] = []
    var functionOrder: [Int] = []
    var mappingOrder: [Int] = []

    /// Adds a location for `address` to the pool and the profile's list.
    mutating func newLocation(address: UInt64) -> Int {
        locationPool.append(LocationNode(address: address))
        locationOrder.append(locationPool.count - 1)
        return locationPool.count - 1
    }

    /// The location for `address` from `table`, created on first use.
    mutating func location(for address: UInt64, in table: inout [UInt64: Int]) -> Int {
        if let h = table[address] { return h }
        let h = newLocation(address: address)
        table[address] = h
        return h
    }

    mutating func newFunction(name: String, systemName: String, filename: String) -> Int {
        functionPool.append(FunctionNode(name: name, systemName: systemName, filename: filename))
        functionOrder.append(functionPool.count - 1)
        return functionPool.count - 1
    }

    // MARK: Renumbering (pprof's remapLocationIDs, remapFunctionIDs, remapMappingIDs)

    /// Keeps the locations samples use, in order of first use, numbered from 1.
    mutating func remapLocationIDs() {
        var seen = [Bool](repeating: false, count: locationPool.count)
        var order: [Int] = []
        for s in samples {
            for h in s.locations where !seen[h] {
                seen[h] = true
                order.append(h)
                locationPool[h].id = UInt64(order.count)
            }
        }
        locationOrder = order
    }

    /// Keeps the functions the profile's locations use, in order of first use.
    mutating func remapFunctionIDs() {
        var seen = [Bool](repeating: false, count: functionPool.count)
        var order: [Int] = []
        for l in locationOrder {
            for line in locationPool[l].lines where !seen[line.function] {
                seen[line.function] = true
                order.append(line.function)
                functionPool[line.function].id = UInt64(order.count)
            }
        }
        functionOrder = order
    }

    /// Gives every location with an address a mapping, with pprof's fixes for
    /// odd memory maps, and a catch-all mapping when none covers an address.
    mutating func remapMappingIDs() {
        // A first mapping named /anon_hugepage directly followed by another is dropped.
        if mappingOrder.count > 1 {
            let m0 = mappingPool[mappingOrder[0]]
            if m0.file.hasPrefix("/anon_hugepage") && m0.limit == mappingPool[mappingOrder[1]].start {
                mappingOrder.removeFirst()
            }
        }
        // A main mapping that would start at 0x400000 without its offset starts there.
        if let first = mappingOrder.first {
            let m = mappingPool[first]
            if m.start &- m.offset == 0x400000 {
                mappingPool[first].start = 0x400000
                mappingPool[first].offset = 0
            }
        }
        var fake: Int? = nil
        nextLocation: for l in locationOrder {
            let a = locationPool[l].address
            if locationPool[l].mapping != nil || a == 0 { continue }
            for m in mappingOrder where mappingPool[m].start <= a && a < mappingPool[m].limit {
                locationPool[l].mapping = m
                continue nextLocation
            }
            // The first part of a mapping split in two may be missing: extend back.
            for m in mappingOrder {
                let mm = mappingPool[m]
                if mm.offset != 0 && mm.start &- mm.offset <= a && a < mm.start {
                    mappingPool[m].start = mm.start &- mm.offset
                    mappingPool[m].offset = 0
                    locationPool[l].mapping = m
                    continue nextLocation
                }
            }
            if fake == nil {
                mappingPool.append(MappingNode(id: 1, start: 0, limit: UInt64.max, offset: 0, file: "", buildID: ""))
                fake = mappingPool.count - 1
                mappingOrder.append(mappingPool.count - 1)
            }
            locationPool[l].mapping = fake
        }
        for (i, m) in mappingOrder.enumerated() { mappingPool[m].id = UInt64(i + 1) }
    }

    // MARK: Memory maps (pprof's ParseMemoryMap and massageMappings)

    /// Appends the mappings read from `scanner` and renumbers everything.
    mutating func parseMemoryMap(_ scanner: inout LineScanner) throws {
        let entries = try MemoryMapParser.parse(&scanner)
        for e in entries {
            mappingPool.append(e)
            mappingOrder.append(mappingPool.count - 1)
        }
        massageMappings()
        remapLocationIDs()
        remapFunctionIDs()
        remapMappingIDs()
    }

    /// Joins adjacent pieces of one mapping and moves the likely main binary first.
    mutating func massageMappings() {
        if mappingOrder.count > 1 {
            var merged = [mappingOrder[0]]
            for m in mappingOrder.dropFirst() {
                let last = merged[merged.count - 1]
                if Self.adjacent(mappingPool[last], mappingPool[m]) {
                    mappingPool[last].limit = mappingPool[m].limit
                    if !mappingPool[m].file.isEmpty { mappingPool[last].file = mappingPool[m].file }
                    if !mappingPool[m].buildID.isEmpty { mappingPool[last].buildID = mappingPool[m].buildID }
                    for l in locationOrder where locationPool[l].mapping == m {
                        locationPool[l].mapping = last
                    }
                    continue
                }
                merged.append(m)
            }
            mappingOrder = merged
        }
        for (i, m) in mappingOrder.enumerated() {
            let file = GoText.trimSpace(mappingPool[m].file.replacingAll("(deleted)", with: ""))
            if file.isEmpty { continue }
            if MemoryMapParser.libraryName.matches(file) { continue }
            if file.utf8.first == UInt8(ascii: "[") { continue }
            mappingOrder.swapAt(0, i)
            break
        }
        for (i, m) in mappingOrder.enumerated() { mappingPool[m].id = UInt64(i + 1) }
    }

    /// Whether `m2` continues `m1`: same file and build ID where both are known,
    /// touching address ranges, and consistent offsets where both are known.
    static func adjacent(_ m1: MappingNode, _ m2: MappingNode) -> Bool {
        if !m1.file.isEmpty && !m2.file.isEmpty && m1.file != m2.file { return false }
        if !m1.buildID.isEmpty && !m2.buildID.isEmpty && m1.buildID != m2.buildID { return false }
        if m1.limit != m2.start { return false }
        if m1.offset != 0 && m2.offset != 0 {
            if m1.offset &+ (m1.limit &- m1.start) != m2.offset { return false }
        }
        return true
    }

    // MARK: Clean-ups

    /// Drops the second frame of a sample when it repeats the leaf adjusted by -1:
    /// the profiler recorded the leaf both from the signal context and the stack.
    mutating func cleanupDuplicateLocations() {
        for i in samples.indices {
            let locs = samples[i].locations
            if locs.count > 1 && locationPool[locs[0]].address == locationPool[locs[1]].address &+ 1 {
                samples[i].locations.remove(at: 1)
            }
        }
    }

    /// Appends a `---`-style memory map section, if any: skips lines up to the
    /// memory-map marker, then reads the map (pprof's parseAdditionalSections).
    mutating func parseAdditionalSections(_ scanner: inout LineScanner) throws {
        while !MemoryMapParser.isSentinel(scanner.text) && scanner.scan() {}
        try scanner.check()
        try parseMemoryMap(&scanner)
    }

    // MARK: Result

    /// Sets the drop/keep frame patterns pprof gives legacy profiles by type.
    mutating func addLegacyFrameInfo() {
        let types = sampleTypes.map(\.type)
        if LegacyFrameInfo.heapSampleTypes.contains(types) {
            dropFrames = LegacyFrameInfo.allocationFrames
            keepFrames = LegacyFrameInfo.allocationKeepFrames
        } else if LegacyFrameInfo.contentionSampleTypes.contains(types) {
            dropFrames = LegacyFrameInfo.lockFrames
            keepFrames = ""
        } else {
            dropFrames = LegacyFrameInfo.cpuProfilerFrames
            keepFrames = ""
        }
    }

    /// What pprof's validity check finds wrong with the samples, if anything:
    /// values that do not fit the sample types.
    func validityProblem() -> String? {
        if sampleTypes.isEmpty && !samples.isEmpty { return "missing sample type information" }
        for s in samples where s.values.count != sampleTypes.count {
            return "mismatch: sample has \(s.values.count) values vs. \(sampleTypes.count) types"
        }
        return nil
    }

    /// The profile as the model holds it. Throws what pprof's validity check
    /// would report for a profile it could not accept.
    func build() throws -> Profile {
        var p = Profile()
        p.sampleTypes = sampleTypes
        p.periodType = periodType
        p.period = period
        p.durationNanos = durationNanos
        p.dropFrames = dropFrames
        p.keepFrames = keepFrames

        // Pool handle → index in the profile's lists (-1: not listed).
        var mappingIndex = [Int](repeating: -1, count: mappingPool.count)
        for (i, h) in mappingOrder.enumerated() {
            let m = mappingPool[h]
            mappingIndex[h] = i
            p.mappings.append(Mapping(id: m.id, start: m.start, limit: m.limit, offset: m.offset, file: m.file, buildID: m.buildID))
        }
        var functionIndex = [Int](repeating: -1, count: functionPool.count)
        for (i, h) in functionOrder.enumerated() {
            let f = functionPool[h]
            functionIndex[h] = i
            p.functions.append(Function(id: f.id, name: f.name, systemName: f.systemName, filename: f.filename))
        }
        var locationIndex = [Int](repeating: -1, count: locationPool.count)
        for (i, h) in locationOrder.enumerated() {
            let l = locationPool[h]
            locationIndex[h] = i
            var mapping: Int? = nil
            if let m = l.mapping {
                let mi = mappingIndex[m]
                guard mi >= 0 else {
                    throw ProfileError(.malformed, "malformed profile: inconsistent mapping for location \(l.id)")
                }
                mapping = mi
            }
            var lines: [Line] = []
            for line in l.lines {
                let fi = functionIndex[line.function]
                guard fi >= 0 else {
                    throw ProfileError(.malformed, "malformed profile: inconsistent function for location \(l.id)")
                }
                lines.append(Line(function: fi, line: line.line))
            }
            p.locations.append(Location(id: l.id, mapping: mapping, address: l.address, lines: lines))
        }
        if let problem = validityProblem() {
            throw ProfileError(.malformed, "malformed profile: " + problem)
        }
        p.samples.reserveCapacity(samples.count)
        for s in samples {
            var locs: [Int] = []
            locs.reserveCapacity(s.locations.count)
            for h in s.locations {
                let li = locationIndex[h]
                guard li >= 0 else {
                    throw ProfileError(.malformed, "malformed profile: sample refers to an unlisted location")
                }
                locs.append(li)
            }
            p.samples.append(Sample(locations: locs, values: s.values, numLabels: s.numLabels))
        }
        return p
    }
}

extension String {
    /// Every occurrence of `target` replaced (Go's `strings.Replace(s, t, r, -1)`
    /// for a non-empty target).
    func replacingAll(_ target: String, with replacement: String) -> String {
        let t = Array(target.utf8)
        let s = Array(utf8)
        guard !t.isEmpty, s.count >= t.count else { return self }
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var i = 0
        while i < s.count {
            if i + t.count <= s.count && s[i] == t[0] && s[i..<(i + t.count)].elementsEqual(t) {
                out.append(contentsOf: replacement.utf8)
                i += t.count
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
