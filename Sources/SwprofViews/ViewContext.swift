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
    /// Whether a URL parameter was invalid (the page answers 400 Bad Request).
    let badRequest: Bool
    /// Sample type names, for the `si` menu.
    let sampleTypeNames: [String]
    let profile: Profile

    /// Prepares `input.profile` for `command` (`.top`, `.svg`, `.peek`, `.list`, …).
    init(
        input: ViewInput, base: ReportConfig, query: WebQuery, command: ReportCommand, argument: String? = nil,
        edit: (inout ReportConfig) -> Void = { _ in }
    ) {
        self.query = query
        self.profile = input.profile
        self.sampleTypeNames = input.profile.sampleTypes.map(\.type)
        var errors: [String] = []
        var badRequest = false
        var config = base
        for (variable, parameter, value) in query.reportSettings {
            let name = parameter.rawValue
            if Self.countParameters.contains(parameter), let number = Double(value), number < 0 {
                errors.append("\(name)=\(value): must not be negative")
                badRequest = true
                continue
            }
            do {
                try config.set(variable, to: value)
            } catch let error as ProfileError {
                errors.append("\(name)=\(value): \(error.message)")
                badRequest = true
            } catch {
                errors.append("\(name)=\(value): \(error)")
                badRequest = true
            }
        }
        edit(&config)
        self.config = config
        var prepared: PreparedReport? = nil
        do {
            prepared = try ReportPreparation.prepare(
                input.profile, command: command, argument: argument, config: config, cache: input.preparation)
            errors += prepared?.warnings ?? []
        } catch let error as ProfileError {
            // Bad patterns (`f=((`) and sample types (`si=nope`) come from the URL.
            errors.append(error.description)
            badRequest = badRequest || !input.profile.samples.isEmpty
        } catch {
            errors.append("\(error)")
            badRequest = badRequest || !input.profile.samples.isEmpty
        }
        var report: Report? = nil
        if let prepared {
            do {
                // `prepared.options.total` is the 100% of percentages, taken by
                // ReportPreparation from the profile before filtering.
                report = try Report(profile: prepared.profile, options: prepared.options, derived: prepared.derived)
            } catch let error as ProfileError {
                errors.append(error.description)
            } catch {
                errors.append("\(error)")
            }
        }
        self.prepared = prepared
        self.report = report
        self.errors = errors
        self.badRequest = badRequest
    }

    /// Parameters that count or bound nodes: a negative value is an error
    /// (pprof's `-1` "default" is the command line's, not the URL's).
    static let countParameters: Set<QueryParameter> = [.nodeCount, .nodeFraction, .edgeFraction]

    /// The report over the prepared profile; nil when preparation failed.
    let report: Report?

    var options: ReportOptions { report?.options ?? prepared?.options ?? ReportOptions() }

    var sampleTypeName: String {
        if let prepared { return prepared.options.sampleType }
        return (try? profile.sampleIndex(byName: config.sampleIndex)).map { sampleTypeNames[$0] } ?? ""
    }

    /// The name in the browser tab and legend: the main binary, else the file.
    func title(fallback: String) -> String {
        let name = options.title.isEmpty ? fallback : options.title
        return name + " " + sampleTypeName
    }

    /// What an empty view says: why nothing is left to show.
    var emptyMessage: String {
        let index = prepared?.options.sampleIndex ?? (try? profile.sampleIndex(byName: config.sampleIndex)) ?? 0
        return EmptyReason.sentence(profile: profile, sampleIndex: index)
    }

    /// The report's total: the 100% of percentages.
    var total: Int64 { report?.total ?? 0 }

    /// Numbers as the report prints them (unit scaling, ratio).
    var formatter: ValueFormatter {
        ValueFormatter(sampleUnit: options.sampleUnit, outputUnit: options.outputUnit, ratio: options.ratio)
    }

    /// Legend lines for the header: the report's legend without the
    /// active-filter lines (the header shows filters as chips).
    static func headerLegend(_ lines: [String]) -> [String] {
        lines.filter { $0 != "Active filters:" && !$0.hasPrefix("   ") }
    }

    /// The profile labels (file, type, time, duration) and the total.
    var basicLegend: [String] {
        guard let report else { return [] }
        return report.profileLabels(formatter: formatter) + ["Total: \(formatter.format(total))"]
    }
}
