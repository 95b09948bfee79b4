extension Profile {
    /// Multiplies every sample value by `ratio` (rounded half away from zero) and keeps
    /// only samples with a non-zero value, as pprof's `Scale`.
    public mutating func scale(by ratio: Double) {
        if ratio == 1 { return }
        // Cannot fail: one ratio per sample type.
        try? scaleN(Array(repeating: ratio, count: sampleTypes.count))
    }

    /// Multiplies the values of each sample type by its own ratio, as pprof's `ScaleN`.
    /// A sample is kept when one of the values whose ratio is not 1 is non-zero
    /// after scaling (so values scaled by 1 alone do not keep a sample).
    ///
    /// - Throws: `ProfileError(.incompatible)` when there is not one ratio per sample type.
    public mutating func scaleN(_ ratios: [Double]) throws {
        guard ratios.count == sampleTypes.count else {
            throw ProfileError(
                .incompatible, "mismatched scale ratios, got \(ratios.count), want \(sampleTypes.count)")
        }
        if ratios.allSatisfy({ $0 == 1 }) { return }
        var kept = 0
        for n in samples.indices {
            var keep = false
            for i in samples[n].values.indices where i < ratios.count && ratios[i] != 1 {
                let scaled = goInt64((Double(samples[n].values[i]) * ratios[i]).rounded())
                samples[n].values[i] = scaled
                keep = keep || scaled != 0
            }
            if keep {
                if kept != n { samples.swapAt(kept, n) }
                kept += 1
            }
        }
        samples.removeSubrange(kept...)
    }

    /// Scales this profile so each sample type sums to what it sums to in `base`,
    /// as pprof's `Normalize` (a type summing to zero here is scaled by 0).
    ///
    /// - Throws: `ProfileError(.incompatible)` when the profiles are not compatible.
    public mutating func normalize(against base: Profile) throws {
        try compatible(with: base)
        var baseSums = [Int64](repeating: 0, count: sampleTypes.count)
        for s in base.samples {
            for (i, v) in s.values.enumerated() where i < baseSums.count { baseSums[i] &+= v }
        }
        var sums = [Int64](repeating: 0, count: sampleTypes.count)
        for s in samples {
            for (i, v) in s.values.enumerated() where i < sums.count { sums[i] &+= v }
        }
        let ratios = zip(baseSums, sums).map { b, s in s == 0 ? 0 : Double(b) / Double(s) }
        try scaleN(ratios)
    }

    /// Whether two profiles can be merged or compared: same period type and the same
    /// sample types in the same order (pprof's `compatible`).
    ///
    /// - Throws: `ProfileError(.incompatible)` naming the types that differ.
    public func compatible(with other: Profile) throws {
        let empty = ValueType(type: "", unit: "")
        let mine = periodType ?? empty
        let theirs = other.periodType ?? empty
        if mine != theirs {
            throw ProfileError(
                .incompatible, "incompatible period types \(mine.typeSlashUnit) and \(theirs.typeSlashUnit)")
        }
        if sampleTypes != other.sampleTypes {
            func list(_ ts: [ValueType]) -> String { "[" + ts.map(\.typeSlashUnit).joined(separator: " ") + "]" }
            throw ProfileError(
                .incompatible, "incompatible sample types \(list(sampleTypes)) and \(list(other.sampleTypes))")
        }
    }

    /// Sets label `key` to `values` on every sample (pprof's `SetLabel`).
    public mutating func setLabel(_ key: String, _ values: [String]) {
        for n in samples.indices {
            samples[n].labels[key] = values
        }
    }

    /// Removes label `key` from every sample (pprof's `RemoveLabel`).
    public mutating func removeLabel(_ key: String) {
        for n in samples.indices {
            samples[n].labels.removeValue(forKey: key)
        }
    }

    /// Whether every mapped location has symbolized function names.
    public var hasFunctions: Bool {
        for l in locations {
            if let m = l.mapping, mappings.indices.contains(m), !mappings[m].hasFunctions { return false }
        }
        return true
    }

    /// Whether every mapped location has file names and line numbers.
    public var hasFileLines: Bool {
        for l in locations {
            if let m = l.mapping, mappings.indices.contains(m),
                !mappings[m].hasFilenames || !mappings[m].hasLineNumbers
            {
                return false
            }
        }
        return true
    }

    /// The index of the sample type `name` selects, as pprof's `SampleIndexByName`:
    /// "" means the default sample type (else the last type), a number is an index,
    /// otherwise a type name, where `inuse_` may be left out (`inuse_space` finds `space`).
    /// With no sample types, "" gives -1, as in pprof.
    ///
    /// - Throws: `ProfileError(.invalidOption)` with pprof's wording.
    public func sampleIndex(byName name: String) throws -> Int {
        if name.isEmpty {
            if !defaultSampleType.isEmpty,
                let i = sampleTypes.firstIndex(where: { $0.type.utf8.elementsEqual(defaultSampleType.utf8) })
            {
                return i
            }
            return sampleTypes.count - 1
        }
        if let i = Int(name) {  // as Go's strconv.Atoi: optional sign, decimal digits
            guard i >= 0 && i < sampleTypes.count else {
                throw ProfileError(
                    .invalidOption, "sample_index \(name) is outside the range [0..\(sampleTypes.count - 1)]")
            }
            return i
        }
        let noInuse =
            name.utf8.starts(with: "inuse_".utf8)
            ? String(decoding: name.utf8.dropFirst("inuse_".utf8.count), as: UTF8.self) : name
        for (i, t) in sampleTypes.enumerated()
        where t.type.utf8.elementsEqual(name.utf8) || t.type.utf8.elementsEqual(noInuse.utf8) {
            return i
        }
        let types = "[" + sampleTypes.map(\.type).joined(separator: " ") + "]"
        throw ProfileError(.invalidOption, "sample_index \(goQuoted(name)) must be one of: \(types)")
    }
}

extension ValueType {
    /// "type/unit", as pprof shows sample types.
    var typeSlashUnit: String { "\(type)/\(unit)" }
}

extension Profile {
    /// The profile written to profile.proto and read back, as pprof's `Copy` does
    /// before it prints `-raw` and other reports. The trip drops what profile.proto
    /// cannot hold: string labels with an empty value, numeric labels that are 0 with
    /// no unit, and a missing period type becomes an empty one.
    ///
    /// - Throws: `ProfileError(.malformed)` when the profile is not valid.
    public func protoCopy() throws -> Profile {
        try checkValid()
        return try ProfileParser.parse(bytes: ProfileEncoder.encodeBytes(self), source: "profile copy")
    }
}
