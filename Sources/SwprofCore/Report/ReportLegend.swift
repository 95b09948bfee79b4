import Foundation

extension Report {
    /// The profile's legend lines: binary, build id, comments, type, time,
    /// duration with total samples.
    public func profileLabels(formatter: ValueFormatter) -> [String] {
        var labels: [String] = []
        if let first = profile.mappings.first {
            if !first.file.isEmpty {
                labels.append("File: " + GoFilePath.base(first.file))
            }
            if !first.buildID.isEmpty {
                labels.append("Build ID: " + first.buildID)
            }
        }
        for comment in profile.comments where !comment.hasPrefix("#") {
            labels.append(comment)
        }
        if !options.sampleType.isEmpty {
            labels.append("Type: " + options.sampleType)
        }
        if !profile.docURL.isEmpty {
            labels.append("Doc: " + profile.docURL)
        }
        if profile.timeNanos != 0 {
            labels.append("Time: " + LocalTime.format(nanoseconds: profile.timeNanos))
        }
        if profile.durationNanos != 0 {
            let duration = Measurement.label(profile.durationNanos, unit: "nanoseconds")
            let (totalNanos, totalUnit) = Measurement.scale(total, from: options.sampleUnit, to: "nanoseconds")
            var ratio = ""
            if totalUnit == "ns" && totalNanos != 0 {
                ratio = "(" + Measurement.percentage(goInt64(totalNanos), of: profile.durationNanos) + ")"
            }
            labels.append("Duration: \(duration), Total samples = \(formatter.format(total)) \(ratio)")
        }
        return labels
    }

    /// The legend of a graph report: profile lines (unless compact),
    /// active filters, what is shown and what was dropped.
    public func legend(for trimmed: TrimmedGraph, fullHeaders: Bool, includeDroppedEdges: Bool) -> [String] {
        let f = trimmed.formatter
        var labels: [String] = []
        if !options.profileLabels.isEmpty {
            labels.append(contentsOf: options.profileLabels)
        } else if fullHeaders || !options.compactLabels {
            labels = profileLabels(formatter: f)
        }
        var flatSum: Int64 = 0
        for id in trimmed.graph.nodeIDs {
            flatSum &+= trimmed.graph[node: id].flatValue
        }
        if !options.activeFilters.isEmpty {
            labels.append("Active filters:")
            for filter in options.activeFilters {
                var text = filter
                if text.utf8.count > 80 {
                    text = String(decoding: text.utf8.prefix(80), as: UTF8.self) + "…"
                }
                labels.append("   " + text)
            }
        }
        labels.append(
            "Showing nodes accounting for \(f.format(flatSum)), "
                + "\(Measurement.percentage(flatSum, of: total).trimmingCharacters(in: .whitespaces)) "
                + "of \(f.format(total)) total")
        if total != 0 {
            if trimmed.droppedNodes > 0 {
                labels.append(
                    droppedLabel(
                        trimmed.droppedNodes, "node", "cum",
                        f.format(goAbs(goInt64(Double(total) * options.nodeFraction)))))
            }
            let droppedEdges = includeDroppedEdges ? trimmed.droppedEdges : 0
            if droppedEdges > 0 {
                labels.append(
                    droppedLabel(
                        droppedEdges, "edge", "freq",
                        f.format(goAbs(goInt64(Double(total) * options.edgeFraction)))))
            }
            let shown = trimmed.graph.nodeIDs.count
            if shown > 0 && shown < trimmed.originalNodeCount {
                labels.append("Showing top \(shown) nodes out of \(trimmed.originalNodeCount)")
            }
        }
        if fullHeaders {
            labels.append("\nSee https://git.io/JfYMW for how to read the graph")
        }
        return labels
    }

    private func droppedLabel(_ count: Int, _ noun: String, _ measure: String, _ limit: String) -> String {
        "Dropped \(count) \(count > 1 ? noun + "s" : noun) (\(measure) <= \(limit))"
    }
}
