import SwprofCore
import SwprofRender

extension ViewInput {
    /// What `-http -trend p1 … pN` serves: every view shows the last snapshot
    /// against the first (as `-base first last`), and the Trend view ranks
    /// all of them. Snapshots are put in time order as the trend orders them.
    /// - Throws: ``ProfileError`` when fewer than two snapshots are given or
    ///   they cannot be compared.
    public static func trend(_ snapshots: [TrendReport.Snapshot], name: String) throws -> ViewInput {
        let ordered = TrendReport.ordered(snapshots)
        guard ordered.count >= 2, let first = ordered.first?.profile, let last = ordered.last?.profile else {
            throw ProfileError(.invalidOption, "-trend needs at least two profiles")
        }
        var input = try comparing(
            ViewInput(profile: last, name: name), against: ViewInput(profile: first, name: name))
        input.trend = snapshots
        return input
    }
}

extension ViewInput {
    /// The header line every view shows with `-trend`, saying what the view
    /// holds: the last snapshot against the first. Nil without `-trend`.
    var trendLegend: String? {
        guard let snapshots = trend, snapshots.count >= 2 else { return nil }
        let ordered = TrendReport.ordered(snapshots)
        guard let first = ordered.first, let last = ordered.last else { return nil }
        func short(_ name: String) -> String { name.split(separator: "/").last.map(String.init) ?? name }
        return "Showing \(short(last.name)) against \(short(first.name)): "
            + "the last of \(ordered.count) snapshots against the first (-base first last)"
    }
}

extension WebUI {
    /// The Trend view's body: Core's ranking for the page's options (sample
    /// type, filters), with `stacks=1` ranking whole stacks.
    func trendBody(_ context: ViewContext, errors: inout [String]) -> String {
        guard let snapshots = input.trend else {
            return "<p class=\"empty\">No trend here: start swprof with <code>-trend</code> and two or more profiles "
                + "(<code>swprof -http=:8080 -trend heap.1 heap.2 heap.3</code>).</p>"
        }
        do {
            let report = try TrendReport(snapshots: snapshots, config: context.config, stacks: context.query[.stacks] == "1")
            return TrendPage(report: report, links: links(context), limit: limits.rows(context.query, default: 100))
                .body(renderer: renderer)
        } catch let error as ProfileError {
            errors.append(error.description)
        } catch {
            errors.append("\(error)")
        }
        return ""
    }
}

extension WebUI {
    /// The Goroutines view's groups. With a base (`-base`, or `-trend`'s
    /// first snapshot) the groups are the new profile's goroutines, each with
    /// its change since the base: a difference profile holds changes, not
    /// goroutines, and its counts would read as goroutines.
    func goroutineGroups(_ context: ViewContext) -> GoroutineGroups {
        // Preparation keeps the goroutines recorded without a stack (as
        // pprof 1.27 keeps every sample of a profile no filter touches).
        func groups(_ side: ViewContext) -> GoroutineGroups? {
            side.prepared.map { GoroutineGroups(profile: $0.profile, sampleIndex: $0.options.sampleIndex) }
        }
        if let comparison = input.comparison {
            func side(_ profile: Profile) -> ViewContext {
                ViewContext(input: .init(profile: profile, name: input.name), base: config, query: context.query, command: .traces) {
                    $0.granularity = .lines
                }
            }
            if let new = groups(side(comparison.new)), let base = groups(side(comparison.base)) {
                return new.comparing(against: base)
            }
        }
        return groups(context) ?? GoroutineGroups(profile: Profile(), sampleIndex: 0)
    }
}
