import Foundation
import SwprofCore
import SwprofRender

/// What one page works with: the command line's `ReportConfig` with the
/// URL's parameters applied (pprof's `applyURL`), and the profile prepared by
/// Core's `ReportPreparation` for the view's report command (filters, tag
/// filters, aggregation to the granularity). No report logic lives here.
struct ViewContext {
    let query: WebQuery
    let config: ReportConfig
    /// Nil when the options or filters are invalid (see `errors`).
    let prepared: PreparedReport?
    /// Problems to show in the page (bad parameter, bad regexp, warnings).
    let errors: [String]
    /// Sample type names, for the `si` menu.
    let sampleTypeNames: [String]
    let profile: Profile

    /// Prepares `input.profile` for `command` (`top`, `svg`, `peek`, `list`, …).
    init(input: WebServer.Input, base: ReportConfig, query: WebQuery, command: String, argument: String? = nil) {
        self.query = query
        self.profile = input.profile
        self.sampleTypeNames = input.profile.sampleTypes.map(\.type)
        var errors: [String] = []
        var config = base
        for variable in ReportConfig.variables {
            guard let parameter = variable.urlParameter, let value = query[parameter] else { continue }
            do {
                try config.set(variable, to: value)
            } catch let error as ProfileError {
                errors.append("\(parameter)=\(value): \(error.message)")
            } catch {
                errors.append("\(parameter)=\(value): \(error)")
            }
        }
        self.config = config
        var prepared: PreparedReport? = nil
        if let reportCommand = ReportCommand.named(command) {
            do {
                prepared = try ReportPreparation.prepare(input.profile, command: reportCommand, argument: argument, config: config)
                errors += prepared?.warnings ?? []
            } catch let error as ProfileError {
                errors.append(error.description)
            } catch {
                errors.append("\(error)")
            }
        }
        self.prepared = prepared
        self.errors = errors
    }

    var options: ReportOptions { prepared?.options ?? ReportOptions() }

    var sampleTypeName: String {
        if let prepared { return prepared.options.sampleType }
        return (try? profile.sampleIndex(named: config.sampleIndex)).map { sampleTypeNames[$0] } ?? ""
    }

    /// The name in the browser tab and legend: the main binary, else the file.
    func title(fallback: String) -> String {
        let name = options.title.isEmpty ? fallback : options.title
        return name + " " + sampleTypeName
    }

    /// The report's total: the 100% of percentages.
    var total: Int64 {
        guard let prepared else { return 0 }
        let index = prepared.options.sampleIndex
        let divisor = prepared.options.meanDivisorIndex
        return prepared.totalProfile.samples.reduce(0) { sum, sample in
            guard index < sample.values.count else { return sum }
            var value = sample.values[index]
            if let divisor, divisor < sample.values.count {
                value = sample.values[divisor] == 0 ? 0 : value / sample.values[divisor]
            }
            return sum + abs(value)
        }
    }

    /// Numbers as the report prints them (unit scaling, pprof's percentages).
    var formatter: ValueFormatter {
        let unit = options.sampleUnit
        let output = options.outputUnit
        return ValueFormatter(
            value: { Measurement.scaledLabel($0, from: unit, to: output) },
            percent: { Measurement.percentage($0, of: $1) })
    }

    /// Legend lines.
    func legend(fallbackName: String) -> [String] {
        var lines = ["File: \(options.title.isEmpty ? fallbackName : options.title)", "Type: \(sampleTypeName)"]
        if profile.timeNanos != 0 {
            let date = Date(timeIntervalSince1970: Double(profile.timeNanos) / 1e9)
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.dateFormat = "MMM d, yyyy 'at' h:mma (zzz)"
            lines.append("Time: \(formatter.string(from: date))")
        }
        if profile.durationNanos != 0 {
            lines.append("Duration: \(String(format: "%.2fs", Double(profile.durationNanos) / 1e9))")
        }
        lines.append("Total: \(formatter.value(total))")
        return lines
    }
}
