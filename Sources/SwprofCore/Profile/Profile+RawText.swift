extension Profile {
    /// The profile as pprof's `-raw` output (`Profile.String()` in pprof's profile
    /// package): comments, period, time and duration, samples with their location IDs
    /// and labels, locations with their lines, mappings. Times are in local time.
    ///
    /// pprof prints the profile after its own processing: it merges the inputs, copies
    /// the result through profile.proto (see `protoCopy()`), and its name filter drops
    /// samples without locations. Compare `rawText` of a profile that went through the
    /// same steps.
    public var rawText: String {
        var out = ""
        out.reserveCapacity(64 + samples.count * 48 + locations.count * 80 + mappings.count * 80)
        for c in comments {
            out += "Comment: "
            out += c
            out += "\n"
        }
        if let pt = periodType {
            out += "PeriodType: \(pt.type) \(pt.unit)\n"
        }
        out += "Period: \(period)\n"
        if timeNanos != 0 {
            out += "Time: " + goTimeString(unixNanos: timeNanos) + "\n"
        }
        if durationNanos != 0 {
            out += "Duration: " + goTruncated(goDurationString(durationNanos), 4) + "\n"
        }

        out += "Samples:\n"
        var header = ""
        for st in sampleTypes {
            let dflt = st.type.utf8.elementsEqual(defaultSampleType.utf8) ? "[dflt]" : ""
            header += "\(st.type)/\(st.unit)\(dflt) "
        }
        out += trimGoSpace(header)
        out += "\n"
        for s in samples {
            appendRawText(of: s, to: &out)
            out += "\n"
        }

        out += "Locations\n"
        for l in locations {
            appendRawText(of: l, to: &out)
            out += "\n"
        }

        out += "Mappings\n"
        for m in mappings {
            out += "\(m.id): 0x\(String(m.start, radix: 16))/0x\(String(m.limit, radix: 16))/0x\(String(m.offset, radix: 16)) "
            out += "\(m.file) \(m.buildID) "
            if m.hasFunctions { out += "[FN]" }
            if m.hasFilenames { out += "[FL]" }
            if m.hasLineNumbers { out += "[LN]" }
            if m.hasInlineFrames { out += "[IN]" }
            out += "\n"
        }
        return out
    }

    private func appendRawText(of s: Sample, to out: inout String) {
        for v in s.values {
            out += " "
            appendPadded(String(v), 10, to: &out)
        }
        out += ": "
        for index in s.locations {
            if locations.indices.contains(index) {
                out += String(locations[index].id)
                out += " "
            } else {
                out += "? "
            }
        }
        let labelHeader = "\n                "
        if !s.labels.isEmpty {
            let parts = s.labels.map { key, values in "\(key):[\(values.joined(separator: " "))]" }
            out += labelHeader
            out += parts.sorted(by: { $0.precedesByBytes($1) }).joined(separator: " ")
        }
        if !s.numLabels.isEmpty {
            let parts = s.numLabels.map { key, values -> String in
                let units = s.numUnits[key] ?? []
                if units.count == values.count {
                    return "\(key):[" + zip(values, units).map { "\($0) \($1)" }.joined(separator: " ") + "]"
                }
                return "\(key):[" + values.map(String.init).joined(separator: " ") + "]"
            }
            out += labelHeader
            out += parts.sorted(by: { $0.precedesByBytes($1) }).joined(separator: " ")
        }
    }

    private func appendRawText(of l: Location, to out: inout String) {
        var head = leftPadded(String(l.id), 6) + ": 0x" + String(l.address, radix: 16) + " "
        if let m = l.mapping {
            head += mappings.indices.contains(m) ? "M=\(mappings[m].id) " : "M=? "
        }
        if l.isFolded {
            head += "[F] "
        }
        if l.lines.isEmpty {
            out += head
            return
        }
        for (i, line) in l.lines.enumerated() {
            // Only the first line shows the location's ID, address and mapping.
            out += i == 0 ? head : "\n             "
            guard functions.indices.contains(line.function) else {
                out += "??"
                continue
            }
            let f = functions[line.function]
            out += f.name
            out += " "
            out += f.filename
            out += ":\(line.line) s=\(f.startLine)"
            if !f.name.utf8.elementsEqual(f.systemName.utf8) {
                out += "("
                out += f.systemName
                out += ")"
            }
        }
    }
}

/// `s` right-aligned in `width` columns, as Go's `%Nd`.
func leftPadded(_ s: String, _ width: Int) -> String {
    let n = s.utf8.count
    return n >= width ? s : String(repeating: " ", count: width - n) + s
}

private func appendPadded(_ s: String, _ width: Int, to out: inout String) {
    let n = s.utf8.count
    if n < width {
        out += String(repeating: " ", count: width - n)
    }
    out += s
}

/// Go's `strings.TrimSpace`.
private func trimGoSpace(_ s: String) -> String {
    var scalars = Substring(s).unicodeScalars[...]
    while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
    while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
    return String(String.UnicodeScalarView(scalars))
}
