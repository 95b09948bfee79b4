extension Profile {
    /// The profile as pprof's `-raw` output (`Profile.String()` in pprof's profile
    /// package): comments, period, time and duration, samples with their location IDs
    /// and labels, locations with their lines, mappings. Times are in local time.
    ///
    /// pprof (1.27) prints a single profile as it read it (IDs, order, unused mappings
    /// and samples without locations kept) and several profiles merged.
    public var rawText: String {
        var out = TextBuffer(capacity: 64 + samples.count * 64 + locations.count * 80 + mappings.count * 80)
        for c in comments {
            out.append("Comment: " as StaticString)
            out.append(c)
            out.append(byte: 0x0a)
        }
        if !docURL.isEmpty {
            out.append("Doc: " as StaticString)
            out.append(docURL)
            out.append(byte: 0x0a)
        }
        if let pt = periodType {
            out.append("PeriodType: \(pt.type) \(pt.unit)\n")
        }
        out.append("Period: \(period)\n")
        if timeNanos != 0 {
            out.append("Time: " + goTimeString(unixNanos: timeNanos) + "\n")
        }
        if durationNanos != 0 {
            out.append("Duration: " + goTruncated(goDurationString(durationNanos), 4) + "\n")
        }

        out.append("Samples:\n" as StaticString)
        var header = ""
        for st in sampleTypes {
            let dflt = st.type.utf8.elementsEqual(defaultSampleType.utf8) ? "[dflt]" : ""
            header += "\(st.type)/\(st.unit)\(dflt) "
        }
        out.append(trimGoSpace(header))
        out.append(byte: 0x0a)
        for s in samples {
            appendRawText(of: s, to: &out)
            out.append(byte: 0x0a)
        }

        out.append("Locations\n" as StaticString)
        for l in locations {
            appendRawText(of: l, to: &out)
            out.append(byte: 0x0a)
        }

        out.append("Mappings\n" as StaticString)
        for m in mappings {
            out.append(m.id)
            out.append(": " as StaticString)
            out.appendHex(m.start)
            out.append(byte: UInt8(ascii: "/"))
            out.appendHex(m.limit)
            out.append(byte: UInt8(ascii: "/"))
            out.appendHex(m.offset)
            out.append(byte: 0x20)
            out.append(m.file)
            out.append(byte: 0x20)
            out.append(m.buildID)
            out.append(byte: 0x20)
            if m.hasFunctions { out.append("[FN]" as StaticString) }
            if m.hasFilenames { out.append("[FL]" as StaticString) }
            if m.hasLineNumbers { out.append("[LN]" as StaticString) }
            if m.hasInlineFrames { out.append("[IN]" as StaticString) }
            out.append(byte: 0x0a)
        }
        return out.text
    }

    private func appendRawText(of s: Sample, to out: inout TextBuffer) {
        for v in s.values {
            out.append(byte: 0x20)
            out.append(v, width: 10)
        }
        out.append(": " as StaticString)
        for index in s.locations {
            if locations.indices.contains(index) {
                out.append(locations[index].id)
                out.append(byte: 0x20)
            } else {
                out.append("? " as StaticString)
            }
        }
        let labelHeader: StaticString = "\n                "
        if !s.labels.isEmpty {
            let parts = s.labels.map { key, values in "\(key):[\(values.joined(separator: " "))]" }
            out.append(labelHeader)
            out.append(parts.sorted(by: { $0.precedesByBytes($1) }).joined(separator: " "))
        }
        if !s.numLabels.isEmpty {
            let parts = s.numLabels.map { key, values -> String in
                let units = s.numUnits[key] ?? []
                if units.count == values.count {
                    return "\(key):[" + zip(values, units).map { "\($0) \($1)" }.joined(separator: " ") + "]"
                }
                return "\(key):[" + values.map(String.init).joined(separator: " ") + "]"
            }
            out.append(labelHeader)
            out.append(parts.sorted(by: { $0.precedesByBytes($1) }).joined(separator: " "))
        }
    }

    private func appendRawText(of l: Location, to out: inout TextBuffer) {
        out.append(l.id, width: 6)
        out.append(": " as StaticString)
        out.appendHex(l.address)
        out.append(byte: 0x20)
        if let m = l.mapping {
            if mappings.indices.contains(m) {
                out.append("M=" as StaticString)
                out.append(mappings[m].id)
                out.append(byte: 0x20)
            } else {
                out.append("M=? " as StaticString)
            }
        }
        if l.isFolded {
            out.append("[F] " as StaticString)
        }
        for (i, line) in l.lines.enumerated() {
            // Only the first line shows the location's ID, address and mapping.
            if i > 0 {
                out.append(byte: 0x0a)
                out.append(spaces: 13)
            }
            guard functions.indices.contains(line.function) else {
                out.append("??" as StaticString)
                continue
            }
            let f = functions[line.function]
            out.append(f.name)
            out.append(byte: 0x20)
            out.append(f.filename)
            out.append(byte: UInt8(ascii: ":"))
            out.append(line.line)
            out.append(byte: UInt8(ascii: ":"))
            out.append(line.column)
            out.append(" s=" as StaticString)
            out.append(f.startLine)
            if !f.name.utf8.elementsEqual(f.systemName.utf8) {
                out.append(byte: UInt8(ascii: "("))
                out.append(f.systemName)
                out.append(byte: UInt8(ascii: ")"))
            }
        }
    }
}

/// `s` right-aligned in `width` columns, as Go's `%Nd`.
func leftPadded(_ s: String, _ width: Int) -> String {
    let n = s.utf8.count
    return n >= width ? s : String(repeating: " ", count: width - n) + s
}

/// Go's `strings.TrimSpace`.
private func trimGoSpace(_ s: String) -> String {
    var scalars = Substring(s).unicodeScalars[...]
    while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
    while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
    return String(String.UnicodeScalarView(scalars))
}
