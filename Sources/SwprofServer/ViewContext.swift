import Foundation
import SwprofCore
import SwprofRender

/// The profile and options one page works with, from the query.
struct ViewContext {
    let query: WebQuery
    let profile: Profile
    var errors: [String] = []
    let sampleIndex: Int
    let granularity: FlameGraph.Granularity
    let noInlines: Bool

    init(input: WebServer.Input, query: WebQuery) {
        self.query = query
        self.profile = input.profile
        var errors: [String] = []
        let types = input.profile.sampleTypes
        var index = Self.defaultSampleIndex(input.profile)
        if let si = query["si"] {
            if let named = types.firstIndex(where: { $0.type == si }) {
                index = named
            } else if let number = Int(si), number >= 0, number < types.count {
                index = number
            } else {
                errors.append("sample_index \"\(si)\" must be one of: \(types.map(\.type).joined(separator: ", "))")
            }
        }
        self.sampleIndex = index
        var granularity = FlameGraph.Granularity.functions
        if let g = query["g"] {
            if let value = FlameGraph.Granularity(pprofName: g) {
                granularity = value
            } else {
                errors.append("granularity \"\(g)\" must be one of functions, filefunctions, files, lines, addresses")
            }
        }
        self.granularity = granularity
        self.noInlines = ["t", "true", "1", "yes", "y"].contains(query["noinlines"] ?? "")
        self.errors = errors
        self.title = (Self.mainBinary(input.profile) ?? input.name) + " " + (index < types.count ? types[index].type : "")
        self.nameForLegend = Self.mainBinary(input.profile) ?? input.name
    }

    let title: String
    let nameForLegend: String

    var sampleTypeNames: [String] { profile.sampleTypes.map(\.type) }
    var sampleTypeName: String {
        sampleIndex < profile.sampleTypes.count ? profile.sampleTypes[sampleIndex].type : ""
    }
    var sampleUnit: String {
        sampleIndex < profile.sampleTypes.count ? profile.sampleTypes[sampleIndex].unit : ""
    }

    /// The report's total: the sum of the selected values.
    var total: Int64 {
        profile.samples.reduce(0) { sum, sample in
            sampleIndex < sample.values.count ? sum + abs(sample.values[sampleIndex]) : sum
        }
    }

    var formatter: PageValueFormatter {
        let unit = sampleUnit
        return PageValueFormatter(
            value: { value in unit.isEmpty || unit == "count" ? String(value) : "\(value) \(unit)" },
            percent: PageValueFormatter.plain.percent)
    }

    var legend: [String] {
        var lines = ["File: \(nameForLegend)", "Type: \(sampleTypeName)"]
        if profile.timeNanos != 0 {
            let date = Date(timeIntervalSince1970: Double(profile.timeNanos) / 1e9)
            lines.append("Time: \(date)")
        }
        lines.append("Total: \(formatter.value(total))")
        return lines
    }

    /// pprof's default: the profile's default sample type, else the last one.
    static func defaultSampleIndex(_ profile: Profile) -> Int {
        if !profile.defaultSampleType.isEmpty,
            let index = profile.sampleTypes.firstIndex(where: { $0.type == profile.defaultSampleType })
        {
            return index
        }
        return max(0, profile.sampleTypes.count - 1)
    }

    /// The main mapping's file name, as pprof's legend shows it.
    static func mainBinary(_ profile: Profile) -> String? {
        guard let file = profile.mappings.first?.file, !file.isEmpty else { return nil }
        return file.split(separator: "/").last.map(String.init)
    }
}
