import Foundation
@testable import SwprofCore

/// Test-only helpers for report tests: the preparation pprof's driver does
/// before building a report (merging, subtracting a base, choosing the sample
/// index, aggregating to a granularity), kept small and independent of the
/// CLI so report tests exercise the report alone.
enum ReportTestSupport {
    // MARK: Reading

    static func load(_ name: String) throws -> Profile {
        try ProfileParser.parse(try Fixtures.data(name), source: name)
    }

    // MARK: Driver steps

    struct Settings {
        var granularity = "functions"
        var noInlines = false
        var sampleIndex: String = ""
        var mean = false
        /// A fixture subtracted from the profile (`-base`), and whether as `-diff_base`.
        var base: String? = nil
        var diffBase = false
    }

    /// Options and profile as pprof's driver would hand them to the report.
    static func prepare(_ raw: Profile, format: ReportOptions.Format, settings: Settings = Settings())
        throws -> (Profile, ReportOptions)
    {
        var p = try merged(raw)
        var o = ReportOptions()
        o.format = format
        o.sampleIndex = try sampleIndex(p, settings.sampleIndex)
        if settings.mean { o.meanDivisorIndex = 0 }
        o.numLabelUnits = numLabelUnits(p)
        var granularity = settings.granularity
        var noInlines = settings.noInlines
        switch format {
        case .text:
            o.nodeCount = 0
        case .list:
            granularity = "lines"
            o.nodeCount = 0; o.nodeFraction = 0; o.edgeFraction = 0
        case .peek:
            o.nodeCount = 0; o.nodeFraction = 0; o.edgeFraction = 0
        case .raw, .proto, .callgrind:
            granularity = "addresses"; noInlines = false
            o.nodeCount = 0; o.nodeFraction = 0; o.edgeFraction = 0
        default:
            o.nodeCount = 80
        }
        // The total comes from the profile before filtering; pprof's name
        // filter (which always runs) then drops samples without locations.
        o.total = Report.total(of: p, options: o)
        p.samples.removeAll { $0.locations.isEmpty }
        aggregate(&p, granularity: granularity, inlines: !noInlines)
        return (p, o)
    }

    static func sampleIndex(_ p: Profile, _ name: String) throws -> Int {
        if name.isEmpty {
            if !p.defaultSampleType.isEmpty, let i = p.sampleTypes.firstIndex(where: { $0.type == p.defaultSampleType }) {
                return i
            }
            return p.sampleTypes.count - 1
        }
        if let i = Int(name) { return i }
        let trimmed = name.hasPrefix("inuse_") ? String(name.dropFirst(6)) : name
        guard let i = p.sampleTypes.firstIndex(where: { $0.type == name || $0.type == trimmed }) else {
            throw ProfileError(.invalidOption, "no sample type \(name)")
        }
        return i
    }

    static func numLabelUnits(_ p: Profile) -> [String: String] {
        var units: [String: String] = [:]
        var keys = Set<String>()
        for s in p.samples {
            for key in s.numLabels.keys {
                keys.insert(key)
                for u in s.numUnits[key] ?? [] where !u.isEmpty && units[key] == nil {
                    units[key] = u
                }
            }
        }
        for key in keys where units[key] == nil {
            units[key] = (key == "alignment" || key == "request") ? "bytes" : key
        }
        return units
    }

    /// Samples with the same stack and labels combined, zero samples dropped.
    static func merged(_ p: Profile) throws -> Profile {
        var merged = try Profile.merge([p])
        try merged.removeUninteresting()
        if merged.mappings.isEmpty {
            merged.mappings = [Mapping(id: 1)]
            for i in merged.locations.indices { merged.locations[i].mapping = 0 }
        }
        return merged
    }

    /// `p` with `base` subtracted, as `-base` (or `-diff_base`) combines them.
    static func subtracting(_ base: Profile, from p: Profile, diff: Bool) throws -> Profile {
        try p.compared(with: base, mode: diff ? .diffBase : .subtract)
    }

    static func aggregate(_ p: inout Profile, granularity: String, inlines: Bool) {
        var function = false, filename = false, linenumber = false, address = false
        switch granularity {
        case "addresses":
            if inlines { return }
            function = true; filename = true; linenumber = true; address = true
        case "lines": function = true; filename = true; linenumber = true
        case "files": filename = true
        case "functions": function = true
        case "filefunctions": function = true; filename = true
        default: return
        }
        if !function || !filename {
            for i in p.functions.indices {
                if !function { p.functions[i].name = ""; p.functions[i].systemName = "" }
                if !filename { p.functions[i].filename = "" }
            }
        }
        for i in p.locations.indices {
            if !inlines && p.locations[i].lines.count > 1 {
                p.locations[i].lines = [p.locations[i].lines.last!]
            }
            if !linenumber {
                for j in p.locations[i].lines.indices { p.locations[i].lines[j].line = 0 }
            }
            if !address { p.locations[i].address = 0 }
        }
    }

    // MARK: pprof

    static var goAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/go")
    }

    /// Runs `go tool pprof` with TZ=UTC; returns its standard output and error.
    static func pprof(_ args: [String], cwd: String? = nil) throws -> (out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/go")
        process.arguments = ["tool", "pprof"] + args
        var env = ProcessInfo.processInfo.environment
        env["TZ"] = "UTC"
        env["PPROF_BINARY_PATH"] = "/nonexistent/pprof/binaries"
        env["PPROF_TMPDIR"] = FileManager.default.temporaryDirectory.path
        process.environment = env
        if let cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}
