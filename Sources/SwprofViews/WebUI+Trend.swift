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
