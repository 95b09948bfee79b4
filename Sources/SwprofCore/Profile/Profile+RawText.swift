extension Profile {
    /// The profile as pprof's `-raw` output (`Profile.String()` in pprof's profile
    /// package): comments, period, time and duration, samples with their location IDs
    /// and labels, locations with their lines, mappings. Times are in local time.
    ///
    /// pprof prints the profile after its own processing (merge, and a copy through
    /// profile.proto); compare `rawText` of a profile that went through the same steps.
    public var rawText: String {
        var lines: [String] = []
        lines.reserveCapacity(comments.count + samples.count + locations.count + mappings.count + 8)
        for c in comments {
            lines.append("Comment: " + c)
        }
        if let pt = periodType {
            lines.append("PeriodType: \(pt.type) \(pt.unit)")
        }
        lines.append("Period: \(period)")
        if timeNanos != 0 {
            lines.append("Time: " + goTimeString(unixNanos: timeNanos))
        }
        if durationNanos != 0 {
            lines.append("Duration: " + goTruncated(goDurationString(durationNanos), 4))
        }

        lines.append("Samples:")
        var header = ""
        for st in sampleTypes {
            let dflt = st.type.utf8.elementsEqual(defaultSampleType.utf8) ? "[dflt]" : ""
            header += "\(st.type)/\(st.unit)\(dflt) "
        }
        lines.append(trimGoSpace(header))
        for s in samples {
            lines.append(rawText(of: s))
        }

        lines.append("Locations")
        for l in locations {
            lines.append(rawText(of: l))
        }

        lines.append("Mappings")
        for m in mappings {
            var bits = ""
            if m.hasFunctions { bits += "[FN]" }
            if m.hasFilenames { bits += "[FL]" }
            if m.hasLineNumbers { bits += "[LN]" }
            if m.hasInlineFrames { bits += "[IN]" }
            lines.append(
                "\(m.id): 0x\(String(m.start, radix: 16))/0x\(String(m.limit, radix: 16))/0x\(String(m.offset, radix: 16)) "
                    + "\(m.file) \(m.buildID) \(bits)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func rawText(of s: Sample) -> String {
        var line = ""
        for v in s.values {
            line += " " + leftPadded(String(v), 10)
        }
        line += ": "
        for index in s.locations {
            line += locations.indices.contains(index) ? "\(locations[index].id) " : "? "
        }
        let labelHeader = String(repeating: " ", count: 16)
        if !s.labels.isEmpty {
            let parts = s.labels.map { key, values in "\(key):[\(values.joined(separator: " "))]" }
            line += "\n" + labelHeader + parts.sorted(by: { $0.precedesByBytes($1) }).joined(separator: " ")
        }
        if !s.numLabels.isEmpty {
            let parts = s.numLabels.map { key, values -> String in
                let units = s.numUnits[key] ?? []
                if units.count == values.count {
                    return "\(key):[" + zip(values, units).map { "\($0) \($1)" }.joined(separator: " ") + "]"
                }
                return "\(key):[" + values.map(String.init).joined(separator: " ") + "]"
            }
            line += "\n" + labelHeader + parts.sorted(by: { $0.precedesByBytes($1) }).joined(separator: " ")
        }
        return line
    }

    private func rawText(of l: Location) -> String {
        var head = leftPadded(String(l.id), 6) + ": 0x" + String(l.address, radix: 16) + " "
        if let m = l.mapping {
            head += mappings.indices.contains(m) ? "M=\(mappings[m].id) " : "M=? "
        }
        if l.isFolded {
            head += "[F] "
        }
        if l.lines.isEmpty {
            return head
        }
        var out: [String] = []
        for line in l.lines {
            var text = "??"
            if functions.indices.contains(line.function) {
                let f = functions[line.function]
                text = "\(f.name) \(f.filename):\(line.line) s=\(f.startLine)"
                if !f.name.utf8.elementsEqual(f.systemName.utf8) {
                    text += "(" + f.systemName + ")"
                }
            }
            out.append(head + text)
            head = String(repeating: " ", count: 13)
        }
        return out.joined(separator: "\n")
    }
}

/// `s` right-aligned in `width` columns, as Go's `%Nd`.
func leftPadded(_ s: String, _ width: Int) -> String {
    let n = s.utf8.count
    return n >= width ? s : String(repeating: " ", count: width - n) + s
}

/// Go's `strings.TrimSpace` for the ASCII spaces pprof's headers can end with.
private func trimGoSpace(_ s: String) -> String {
    var scalars = Substring(s).unicodeScalars[...]
    while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
    while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
    return String(String.UnicodeScalarView(scalars))
}
