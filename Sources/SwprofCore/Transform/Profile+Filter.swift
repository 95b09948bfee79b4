/// Which of the name filters given to `Profile.filterSamplesByName` matched
/// anything (the CLI warns about the ones that did not).
public struct NameFilterMatches: Sendable, Equatable {
    public var focus = false
    public var ignore = false
    public var hide = false
    public var show = false
    public init(focus: Bool = false, ignore: Bool = false, hide: Bool = false, show: Bool = false) {
        self.focus = focus
        self.ignore = ignore
        self.hide = hide
        self.show = show
    }
}

extension Profile {
    /// Applies pprof's `-focus`, `-ignore`, `-hide` and `-show` (pprof's
    /// `FilterSamplesByName`).
    ///
    /// A location "matches" a pattern when one of its lines' function name or
    /// file name matches, or its mapping's file does. Samples are kept when
    /// one of their locations matches `focus` (every location does when
    /// `focus` is nil) and none matches `ignore`; so samples without locations
    /// are dropped, unless no filter is given at all (then nothing changes). `hide` removes matching lines from locations and
    /// `show` keeps only matching lines; locations left without lines are
    /// removed from the kept samples, and samples left without locations are
    /// dropped.
    @discardableResult
    public mutating func filterSamplesByName(
        focus: Pattern?, ignore: Pattern?, hide: Pattern?, show: Pattern?
    ) -> NameFilterMatches {
        var matched = NameFilterMatches()
        if focus == nil && ignore == nil && hide == nil && show == nil {
            // As pprof: no filter keeps every sample (even one without locations)
            // and counts as a focus match.
            matched.focus = true
            return matched
        }
        // nil: neither focused nor ignored; true: focused; false: ignored.
        var focusOrIgnore = [Bool?](repeating: nil, count: locations.count)
        var hidden = [Bool](repeating: false, count: locations.count)
        var anyHidden = false

        for i in locations.indices {
            if let ignore, locationMatches(i, ignore) {
                matched.ignore = true
                focusOrIgnore[i] = false
            } else if focus.map({ locationMatches(i, $0) }) ?? true {
                matched.focus = true
                focusOrIgnore[i] = true
            }

            if let hide, locationMatches(i, hide) {
                matched.hide = true
                locations[i].lines = linesOfLocation(i, matching: hide, keep: false)
                if locations[i].lines.isEmpty {
                    hidden[i] = true
                    anyHidden = true
                }
            }
            if let show {
                locations[i].lines = linesOfLocation(i, matching: show, keep: true)
                if locations[i].lines.isEmpty {
                    hidden[i] = true
                    anyHidden = true
                } else {
                    matched.show = true
                }
            }
        }

        var kept: [Sample] = []
        kept.reserveCapacity(samples.count)
        for var sample in samples {
            guard Self.focusedAndNotIgnored(sample.locations, focusOrIgnore) else { continue }
            if anyHidden {
                sample.locations.removeAll { hidden.indices.contains($0) && hidden[$0] }
                if sample.locations.isEmpty { continue }
            }
            kept.append(sample)
        }
        samples = kept
        return matched
    }

    /// pprof's `ShowFrom`: in every sample, drops the frames above (closer to
    /// the root than) the outermost frame matching `pattern`; samples without
    /// a matching frame are dropped. Inside a matching location, inlined lines
    /// above the outermost matching line are dropped too (unless the mapping
    /// file matched). Returns whether anything matched; nil changes nothing.
    @discardableResult
    public mutating func showFrom(_ pattern: Pattern?) -> Bool {
        guard let pattern else { return false }
        var matched = false
        var matchingLocations = [Bool](repeating: false, count: locations.count)
        for i in locations.indices {
            if let m = locations[i].mapping, mappings.indices.contains(m), pattern.matches(mappings[m].file) {
                matchingLocations[i] = true
                matched = true
                continue
            }
            if let last = lastMatchingLine(of: i, pattern) {
                locations[i].lines.removeSubrange((last + 1)...)
                matchingLocations[i] = true
                matched = true
            }
        }
        var kept: [Sample] = []
        kept.reserveCapacity(samples.count)
        for var sample in samples {
            // Scan from the root (last) towards the leaf for the outermost match.
            guard let rootmost = sample.locations.lastIndex(where: {
                matchingLocations.indices.contains($0) && matchingLocations[$0]
            }) else { continue }
            sample.locations.removeSubrange((rootmost + 1)...)
            kept.append(sample)
        }
        samples = kept
        return matched
    }

    /// pprof's `FilterTagsByName` (`-tagshow`, `-taghide`): removes string and
    /// numeric label keys that do not match `show` or that match `hide`.
    /// Returns whether `show` matched a key, and whether `hide` did.
    @discardableResult
    public mutating func filterTagsByName(show: Pattern?, hide: Pattern?) -> (show: Bool, hide: Bool) {
        if show == nil && hide == nil {
            // Nothing is removed; "show" matches any label key.
            return (samples.contains { !$0.labels.isEmpty || !$0.numLabels.isEmpty }, false)
        }
        var showMatched = false
        var hideMatched = false
        func remove(_ key: String) -> Bool {
            let matchShow = show?.matches(key) ?? true
            let matchHide = hide?.matches(key) ?? false
            if matchShow { showMatched = true }
            if matchHide { hideMatched = true }
            return !matchShow || matchHide
        }
        for i in samples.indices {
            for key in samples[i].labels.keys.sorted() where remove(key) {
                samples[i].labels[key] = nil
            }
            for key in samples[i].numLabels.keys.sorted() where remove(key) {
                samples[i].numLabels[key] = nil
                samples[i].numUnits[key] = nil
            }
        }
        return (showMatched, hideMatched)
    }

    /// pprof's `FilterSamplesByTag` (`-tagfocus`, `-tagignore`): keeps the
    /// samples that `focus` accepts (all when nil) and `ignore` does not.
    /// Returns whether any sample was focused, and whether any was ignored.
    @discardableResult
    public mutating func filterSamplesByTag(focus: TagFilter?, ignore: TagFilter?) -> (focus: Bool, ignore: Bool) {
        if focus == nil && ignore == nil {
            return (!samples.isEmpty, false)
        }
        var focusMatched = false
        var ignoreMatched = false
        samples.removeAll { sample in
            let focused = focus?.matches(sample) ?? true
            let ignored = ignore?.matches(sample) ?? false
            focusMatched = focusMatched || focused
            ignoreMatched = ignoreMatched || ignored
            return !(focused && !ignored)
        }
        return (focusMatched, ignoreMatched)
    }

    // MARK: - Matching locations by name

    /// Whether a line's function name or file name matches.
    private func lineMatches(_ line: Line, _ pattern: Pattern) -> Bool {
        guard functions.indices.contains(line.function) else { return false }
        let function = functions[line.function]
        return pattern.matches(function.name) || pattern.matches(function.filename)
    }

    private func mappingFileMatches(_ location: Int, _ pattern: Pattern) -> Bool {
        guard let m = locations[location].mapping, mappings.indices.contains(m) else { return false }
        return pattern.matches(mappings[m].file)
    }

    /// Whether any line of the location, or its mapping's file, matches.
    func locationMatches(_ location: Int, _ pattern: Pattern) -> Bool {
        if locations[location].lines.contains(where: { lineMatches($0, pattern) }) { return true }
        return mappingFileMatches(location, pattern)
    }

    /// The lines that match (`keep: true`) or do not match (`keep: false`).
    /// A matching mapping file counts as a match for every line.
    private func linesOfLocation(_ location: Int, matching pattern: Pattern, keep: Bool) -> [Line] {
        if mappingFileMatches(location, pattern) {
            return keep ? locations[location].lines : []
        }
        return locations[location].lines.filter { lineMatches($0, pattern) == keep }
    }

    private func lastMatchingLine(of location: Int, _ pattern: Pattern) -> Int? {
        locations[location].lines.lastIndex { lineMatches($0, pattern) }
    }

    /// A sample passes when one of its locations is focused and none is ignored.
    private static func focusedAndNotIgnored(_ sampleLocations: [Int], _ marks: [Bool?]) -> Bool {
        var focused = false
        for index in sampleLocations where marks.indices.contains(index) {
            switch marks[index] {
            case true?: focused = true
            case false?: return false
            case nil: break
            }
        }
        return focused
    }
}
