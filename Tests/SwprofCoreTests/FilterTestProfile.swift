@testable import SwprofCore

/// A small hand-built profile for filter tests. Stacks are written root
/// first ("main;foo;bar"), as people read them; frames joined with "+"
/// share one location as inlined lines, innermost first ("bar+foo" is bar
/// inlined into foo).
struct FilterTestProfile {
    var profile = Profile()

    init(mappingFile: String = "/bin/app") {
        profile.sampleTypes = [ValueType(type: "samples", unit: "count"), ValueType(type: "cpu", unit: "nanoseconds")]
        profile.mappings = [Mapping(id: 1, file: mappingFile, hasFunctions: true)]
    }

    mutating func function(_ name: String) -> Int {
        if let i = profile.functions.firstIndex(where: { $0.name == name }) { return i }
        let file = name.hasPrefix("runtime.") ? "/go/src/runtime/x.go" : "/src/app/\(name).go"
        profile.functions.append(Function(id: UInt64(profile.functions.count + 1), name: name, filename: file))
        return profile.functions.count - 1
    }

    mutating func location(_ frames: String, mapping: Int? = 0) -> Int {
        let names = frames.split(separator: "+").map(String.init)
        let lines = names.map { Line(function: function($0), line: 1) }
        if let i = profile.locations.firstIndex(where: { $0.lines == lines && $0.mapping == mapping }) { return i }
        profile.locations.append(
            Location(id: UInt64(profile.locations.count + 1), mapping: mapping, address: UInt64(0x1000 + profile.locations.count), lines: lines))
        return profile.locations.count - 1
    }

    @discardableResult
    mutating func sample(_ stack: String, _ value: Int64, labels: [String: [String]] = [:],
                         numLabels: [String: [Int64]] = [:], numUnits: [String: [String]] = [:]) -> Self {
        let frames = stack.isEmpty ? [] : stack.split(separator: ";").map(String.init)
        let locs = frames.reversed().map { location($0) }
        profile.samples.append(Sample(locations: locs, values: [1, value], labels: labels, numLabels: numLabels, numUnits: numUnits))
        return self
    }
}

extension Profile {
    /// Samples as "root;...;leaf value", inlined frames as "inner+outer".
    var stacks: [String] {
        samples.map { s in
            let frames = s.locations.reversed().map { loc in
                locations[loc].lines.map { functions[$0.function].name }.joined(separator: "+")
            }
            return frames.joined(separator: ";") + " \(s.values.last ?? 0)"
        }
    }
}
