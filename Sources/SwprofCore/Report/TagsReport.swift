/// A label value with the sum of the values of the samples carrying it.
public struct TagValue: Sendable, Equatable {
    /// The value (numeric labels formatted with their unit).
    public var value: String
    public var weight: Int64
}

/// The values of one label key in the `tags` report.
public struct TagGroup: Sendable {
    public var key: String
    public var total: Int64
    /// Heaviest first, ties by value.
    public var values: [TagValue]
}

extension Report {
    /// Every label key with its values and how much of the samples carry them,
    /// keys by name.
    public func tagGroups() -> [TagGroup] {
        var byKey: [String: [String: Int64]] = [:]
        let outputUnit = options.outputUnit
        for sample in profile.samples {
            let v = sampleValue(sample)
            for (key, values) in sample.labels {
                for value in values {
                    byKey[key, default: [:]][value, default: 0] &+= v
                }
            }
            for (key, values) in sample.numLabels {
                let unit = options.numLabelUnits[key] ?? ""
                for value in values {
                    let text = Measurement.scaledLabel(value, from: unit, to: outputUnit)
                    byKey[key, default: [:]][text, default: 0] &+= v
                }
            }
        }
        return byKey.keys.sorted(by: goLess).map { key in
            let weights = byKey[key] ?? [:]
            var total: Int64 = 0
            var tags: [Graph.Tag] = []
            for (name, weight) in weights {
                total &+= weight
                tags.append(Graph.Tag(name: name, flat: weight))
            }
            let sorted = Graph.Tag.sorted(tags, flat: true).map { TagValue(value: $0.name, weight: $0.flat) }
            return TagGroup(key: key, total: total, values: sorted)
        }
    }

    /// The report as `go tool pprof -tags` prints it: each key's total and
    /// each value's weight, with percentages of the report's total.
    func tagsText() -> String {
        var text = ""
        for group in tagGroups() {
            let of = "\(formatValue(group.total)) of \(formatValue(total))"
            if total > 0 {
                text += "\(group.key):\t Total \(of) (\(Measurement.percentage(group.total, of: total)))\n"
            } else {
                text += "\(group.key):\t Total \(of)\n"
            }
            for entry in group.values {
                if total > 0 {
                    text += " \t\(formatValue(entry.weight)) (\(Measurement.percentage(entry.weight, of: total))):\t \(entry.value)\n"
                } else {
                    text += " \t\(formatValue(entry.weight)):\t \(entry.value)\n"
                }
            }
            text += "\n"
        }
        return TabWriter().format(text)
    }
}
