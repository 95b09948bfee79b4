/// A frame of a trace: the node's printable name, and whether it was
/// inlined into the frame after it.
public struct TraceFrame: Sendable, Equatable {
    public var name: String
    public var inline: Bool
}

/// One sample of the `traces` report.
public struct TraceEntry: Sendable {
    /// `key:  values` lines for string labels, then numeric labels, each sorted.
    public var labelLines: [String]
    /// The sample's value (divided by its divisor with `-mean`).
    public var value: Int64
    /// Frames, leaf first; `inline` marks frames inlined into the next one.
    public var frames: [TraceFrame]
}

extension Report {
    private static let traceSeparator = "-----------+-------------------------------------------------------"

    /// Every sample with a stack, in profile order.
    public func traceEntries() -> [TraceEntry] {
        var graph = Graph()
        var nodeMap: [NodeInfo: Int] = [:]
        let locationNodes = graph.createNodes(profile, options: GraphOptions(valueIndex: 0), nodeMap: &nodeMap)
        var entries: [TraceEntry] = []
        for sample in profile.samples {
            var frames: [TraceFrame] = []
            for location in sample.locations where location >= 0 && location < locationNodes.count {
                let nodes = locationNodes[location]
                for (i, node) in nodes.enumerated() {
                    guard let node else { continue }
                    frames.append(TraceFrame(name: graph[node: node].printableName, inline: i != nodes.count - 1))
                }
            }
            if frames.isEmpty { continue }

            var labelLines: [String] = []
            for (key, values) in sample.labels {
                labelLines.append(CFormat.padLeft(key, 10) + ":  " + values.joined(separator: " ") + "\n")
            }
            labelLines.sort(by: goLess)
            var numericLines: [String] = []
            for (key, values) in sample.numLabels {
                let unit = options.numLabelUnits[key] ?? ""
                let texts = values.map { Measurement.label($0, unit: unit) }
                numericLines.append(CFormat.padLeft(key, 10) + ":  " + texts.joined(separator: " ") + "\n")
            }
            numericLines.sort(by: goLess)

            var value = sampleValue(sample)
            if let d = sampleDivisor(sample), d != 0 {
                value = value.dividedReportingOverflow(by: d).partialValue
            }
            entries.append(TraceEntry(labelLines: labelLines + numericLines, value: value, frames: frames))
        }
        return entries
    }

    /// The report as `go tool pprof -traces` prints it.
    func tracesText() -> String {
        let f = formatter(unit: options.outputUnit)
        var out = profileLabels(formatter: f).joined(separator: "\n") + "\n"
        for entry in traceEntries() {
            out += Report.traceSeparator + "\n"
            out += entry.labelLines.joined()
            for (i, frame) in entry.frames.enumerated() {
                let value = i == 0 ? f.format(entry.value) : ""
                out += CFormat.padLeft(value, 10) + "   " + frame.name + (frame.inline ? " (inline)" : "") + "\n"
            }
        }
        out += Report.traceSeparator + "\n"
        return out
    }
}
