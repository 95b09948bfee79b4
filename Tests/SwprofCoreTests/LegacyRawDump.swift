import Foundation
@testable import SwprofCore

/// pprof's `Profile.String()` (what `-raw` prints) for the profiles the legacy
/// parsers make, plus the drop/keep frame patterns, in the layout of
/// scripts/gen-raw-golden.sh's parse/ outputs. A test helper only: it covers
/// what legacy profiles hold (no time stamp, durations of a minute or more,
/// numeric labels without units), not everything `Profile.rawText` must print.
enum LegacyRawDump {
    static func text(_ p: Profile) -> String {
        var ss: [String] = []
        for c in p.comments { ss.append("Comment: " + c) }
        if let pt = p.periodType { ss.append("PeriodType: \(pt.type) \(pt.unit)") }
        ss.append("Period: \(p.period)")
        if p.durationNanos != 0 { ss.append("Duration: " + String(durationString(p.durationNanos).prefix(4))) }
        ss.append("Samples:")
        var header = ""
        for st in p.sampleTypes {
            header += "\(st.type)/\(st.unit)\(st.type == p.defaultSampleType ? "[dflt]" : "") "
        }
        ss.append(header.trimmingCharacters(in: .whitespaces))
        for s in p.samples {
            var line = ""
            for v in s.values { line += " " + pad(String(v), 10) }
            line += ": "
            for l in s.locations { line += "\(p.locations[l].id) " }
            ss.append(line)
            let indent = String(repeating: " ", count: 16)
            if !s.labels.isEmpty {
                ss.append(indent + s.labels.map { "\($0.key):[\($0.value.joined(separator: " "))]" }.sorted().joined(separator: " "))
            }
            if !s.numLabels.isEmpty {
                ss.append(indent + s.numLabels.map { "\($0.key):[\($0.value.map(String.init).joined(separator: " "))]" }.sorted().joined(separator: " "))
            }
        }
        ss.append("Locations")
        for l in p.locations {
            var loc = pad(String(l.id), 6) + ": " + hex(l.address) + " "
            if let m = l.mapping { loc += "M=\(p.mappings[m].id) " }
            if l.isFolded { loc += "[F] " }
            if l.lines.isEmpty { ss.append(loc) }
            for line in l.lines {
                let f = p.functions[line.function]
                var text = "\(f.name) \(f.filename):\(line.line) s=\(f.startLine)"
                if f.name != f.systemName { text += "(\(f.systemName))" }
                ss.append(loc + text)
                loc = String(repeating: " ", count: 13)
            }
        }
        ss.append("Mappings")
        for m in p.mappings {
            var bits = ""
            if m.hasFunctions { bits += "[FN]" }
            if m.hasFilenames { bits += "[FL]" }
            if m.hasLineNumbers { bits += "[LN]" }
            if m.hasInlineFrames { bits += "[IN]" }
            ss.append("\(m.id): \(hex(m.start))/\(hex(m.limit))/\(hex(m.offset)) \(m.file) \(m.buildID) \(bits)")
        }
        return ss.joined(separator: "\n") + "\n" + "DropFrames: \(p.dropFrames)\nKeepFrames: \(p.keepFrames)\n"
    }

    static func hex(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }

    /// Go's `time.Duration.String()` for whole milliseconds.
    static func durationString(_ nanos: Int64) -> String {
        if abs(nanos) < 1_000_000_000 { return "\(nanos / 1_000_000)ms" }
        let negative = nanos < 0
        var ms = negative ? -nanos / 1_000_000 : nanos / 1_000_000
        let h = ms / 3_600_000
        ms -= h * 3_600_000
        let m = ms / 60_000
        ms -= m * 60_000
        var seconds = String(ms / 1000)
        var frac = String(ms % 1000)
        frac = String(repeating: "0", count: 3 - frac.count) + frac
        while frac.hasSuffix("0") { frac.removeLast() }
        if !frac.isEmpty { seconds += "." + frac }
        var out = negative ? "-" : ""
        if h > 0 { out += "\(h)h" }
        if h > 0 || m > 0 { out += "\(m)m" }
        return out + seconds + "s"
    }
}
