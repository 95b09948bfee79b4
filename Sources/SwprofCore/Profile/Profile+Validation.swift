extension Profile {
    /// Checks that the profile is consistent, as pprof's `CheckValid`: every sample has
    /// one value per sample type, IDs are non-zero and unique, and every index
    /// (sample → location, location → mapping, line → function) is in range.
    /// Code that walks the profile may rely on these once this returns.
    ///
    /// - Throws: `ProfileError(.malformed)` saying what is wrong, in pprof's words.
    public func checkValid() throws {
        func fail(_ message: String) -> ProfileError {
            ProfileError(.malformed, "malformed profile: \(message)")
        }
        let sampleLen = sampleTypes.count
        if sampleLen == 0 && !samples.isEmpty {
            throw fail("missing sample type information")
        }
        let locationCount = locations.count
        try samples.withUnsafeBufferPointer { samples in
            for n in samples.indices {
                let valueCount = samples[n].values.count
                if valueCount != sampleLen {
                    throw fail("mismatch: sample has \(valueCount) values vs. \(sampleLen) types")
                }
                try samples[n].locations.withUnsafeBufferPointer { stack in
                    for index in stack where UInt(bitPattern: index) >= UInt(locationCount) {
                        throw fail("sample has nil location")
                    }
                }
            }
        }

        var mappingIDs = Set<UInt64>(minimumCapacity: mappings.count)
        for m in mappings {
            if m.id == 0 { throw fail("found mapping with reserved ID=0") }
            if !mappingIDs.insert(m.id).inserted { throw fail("multiple mappings with same id: \(m.id)") }
        }
        var functionIDs = Set<UInt64>(minimumCapacity: functions.count)
        for f in functions {
            if f.id == 0 { throw fail("found function with reserved ID=0") }
            if !functionIDs.insert(f.id).inserted { throw fail("multiple functions with same id: \(f.id)") }
        }
        var locationIDs = Set<UInt64>(minimumCapacity: locations.count)
        for l in locations {
            if l.id == 0 { throw fail("found location with reserved id=0") }
            if !locationIDs.insert(l.id).inserted { throw fail("multiple locations with same id: \(l.id)") }
            if let m = l.mapping, !mappings.indices.contains(m) {
                throw fail("location ID \(l.id) refers to mapping #\(m), but the profile has \(mappings.count) mappings")
            }
            for line in l.lines where !functions.indices.contains(line.function) {
                throw fail("location id: \(l.id) has a line with nil function")
            }
        }
    }
}
