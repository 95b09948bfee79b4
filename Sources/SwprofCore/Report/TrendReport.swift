import Foundation

/// Growth over a series of snapshots of one process (`swprof -trend p1 … pN`):
/// which functions (or, with `stacks`, which stacks) grow steadily, leaking ones first.
///
/// Each snapshot is prepared as for a report (filters, sample index, function
/// granularity). A function's value in a snapshot is its *owned* value: the
/// samples whose first frame from the leaf that is not Go runtime internals
/// (`runtime.` functions, unnamed frames) is that function. This is flat value,
/// except that a goroutine parked in `runtime.gopark` counts for the function
/// that waits, which is where a goroutine or heap leak is fixed.
public struct TrendReport: Sendable {
    /// One snapshot: its name (shown in errors) and profile.
    public struct Snapshot: Sendable {
        public var name: String
        public var profile: Profile
        public init(name: String, profile: Profile) {
            self.name = name
            self.profile = profile
        }
    }

    /// One ranked row.
    public struct Row: Sendable, Equatable {
        /// Function name, or the stack (root first, `;`-joined) with `stacks`.
        public var name: String
        /// The value in each snapshot, in time order.
        public var values: [Int64]
        /// Theil–Sen slope (the median of the slopes between every pair of
        /// snapshots), per minute when the snapshots have times, else per snapshot.
        public var slope: Double
        /// How many of the intervals between consecutive snapshots grew.
        public var grew: Int
        /// Grew over the series and in at least three quarters of the intervals.
        public var leaking: Bool
        public var first: Int64 { values.first ?? 0 }
        public var last: Int64 { values.last ?? 0 }
    }

    /// Rows, leaking first, then by slope, largest first.
    public var rows: [Row]
    /// The snapshot names in the order used (by profile time when every
    /// snapshot has one, else as given).
    public var order: [String]
    /// Whether `slope` is per minute (every snapshot has a time) or per snapshot.
    public var perMinute: Bool
    /// Sample type and unit of the values.
    public var sampleType: ValueType
    /// Whether rows are stacks rather than functions.
    public var stacks: Bool

    /// Ranks `snapshots` for `config` (its sample index and filters apply).
    public init(snapshots: [Snapshot], config: ReportConfig, stacks: Bool = false) throws {
        guard snapshots.count >= 2 else {
            throw ProfileError(.invalidOption, "-trend needs at least two profiles")
        }
        let ordered = Self.ordered(snapshots)
        let timed = snapshots.allSatisfy { $0.profile.timeNanos != 0 }
        perMinute = timed
        order = ordered.map(\.name)
        self.stacks = stacks
        let command = ReportCommand("trend", .traces, "")
        var perSnapshot: [[String: Int64]] = []
        var type: ValueType? = nil
        for s in ordered {
            let prepared = try ReportPreparation.prepare(s.profile, command: command, argument: nil, config: config)
            let index = prepared.options.sampleIndex
            let thisType = prepared.profile.sampleTypes[index]
            if let type, type != thisType {
                throw ProfileError(
                    .invalidOption, "\(s.name): sample type \(thisType.type)/\(thisType.unit) differs from \(type.type)/\(type.unit)")
            }
            type = thisType
            perSnapshot.append(Self.values(prepared.profile, index: index, stacks: stacks, granularity: config.granularity))
        }
        sampleType = type ?? ValueType(type: "", unit: "")
        let start = ordered.first?.profile.timeNanos ?? 0
        let xs: [Double] = ordered.enumerated().map { i, s in
            timed ? Double(s.profile.timeNanos &- start) / 60e9 : Double(i)
        }
        var names = Set<String>()
        for m in perSnapshot { names.formUnion(m.keys) }
        var rows: [Row] = []
        for name in names {
            let values = perSnapshot.map { $0[name] ?? 0 }
            // A function with samples of other types only says nothing here.
            if values.allSatisfy({ $0 == 0 }) { continue }
            let intervals = values.count - 1
            let grew = zip(values, values.dropFirst()).filter { $0.1 > $0.0 }.count
            let leaking = values.last! > values.first! && grew * 4 >= intervals * 3
            rows.append(Row(name: name, values: values, slope: Self.slope(xs, values), grew: grew, leaking: leaking))
        }
        rows.sort { a, b in
            if a.leaking != b.leaking { return a.leaking }
            if a.slope != b.slope { return a.slope > b.slope }
            if a.last != b.last { return a.last > b.last }
            return a.name < b.name
        }
        self.rows = rows
    }

    /// `snapshots` in the order a trend uses: by profile time when every
    /// snapshot has one (stable: equal times keep their given order), else as given.
    public static func ordered(_ snapshots: [Snapshot]) -> [Snapshot] {
        guard snapshots.allSatisfy({ $0.profile.timeNanos != 0 }) else { return snapshots }
        return snapshots.enumerated().sorted {
            ($0.element.profile.timeNanos, $0.offset) < ($1.element.profile.timeNanos, $1.offset)
        }.map(\.element)
    }

    /// Owned value per function (or value per stack) of one prepared profile.
    static func values(_ p: Profile, index: Int, stacks: Bool, granularity: Granularity = .functions) -> [String: Int64] {
        var out: [String: Int64] = [:]
        for s in p.samples where index < s.values.count {
            // Frames leaf first, inlined frames expanded (innermost first).
            var frames: [String] = []
            for l in s.locations where l >= 0 && l < p.locations.count {
                let loc = p.locations[l]
                if loc.lines.isEmpty {
                    frames.append(String(format: "0x%llx", loc.address))
                }
                for line in loc.lines where line.function >= 0 && line.function < p.functions.count {
                    frames.append(frameName(p.functions[line.function], line: line.line, address: loc.address, granularity: granularity))
                }
            }
            guard !frames.isEmpty else { continue }
            let key: String
            if stacks {
                key = frames.reversed().joined(separator: ";")
            } else {
                key = frames.first(where: { !isRuntimeInternal($0) }) ?? frames[0]
            }
            out[key, default: 0] &+= s.values[index]
        }
        return out
    }

    /// A frame's row name at `granularity`, as the other reports name nodes:
    /// `main.f`, `main.f main.go`, `main.go`, `main.f main.go:12`, or with
    /// the address first.
    static func frameName(_ function: Function, line: Int64, address: UInt64, granularity: Granularity) -> String {
        switch granularity {
        case .functions: return function.name
        case .filefunctions: return function.filename.isEmpty ? function.name : function.name + " " + function.filename
        case .files: return function.filename.isEmpty ? function.name : function.filename
        case .lines: return function.filename.isEmpty ? function.name : "\(function.name) \(function.filename):\(line)"
        case .addresses:
            return String(format: "%016llx ", address) + (function.filename.isEmpty ? function.name : "\(function.name) \(function.filename):\(line)")
        }
    }

    /// Go runtime internals and unnamed frames: not where a leak is fixed.
    static func isRuntimeInternal(_ name: String) -> Bool {
        name.hasPrefix("runtime.") || name.hasPrefix("0x") || name.isEmpty || name == "<unknown>"
    }

    /// How rows are ranked, in one sentence (the CLI table and the Trend view say it).
    public static let rankingRule =
        "Ranked by steady growth: the Theil–Sen slope (the median of the slopes between every pair of snapshots, "
        + "so one spike cannot make a row look like steady growth), leaking rows first"

    /// Theil–Sen slope of `ys` over `xs`: the median of the slopes of every
    /// pair of points with different xs (0 when there is none). Robust: a
    /// single outlier (a 0 → 5 MB → 0 spike) moves it little, where a
    /// least-squares fit would follow it.
    static func slope(_ xs: [Double], _ ys: [Int64]) -> Double {
        var slopes: [Double] = []
        for i in xs.indices {
            for j in xs.indices where j > i && xs[j] != xs[i] {
                slopes.append((Double(ys[j]) - Double(ys[i])) / (xs[j] - xs[i]))
            }
        }
        guard !slopes.isEmpty else { return 0 }
        slopes.sort()
        let middle = slopes.count / 2
        return slopes.count % 2 == 1 ? slopes[middle] : (slopes[middle - 1] + slopes[middle]) / 2
    }

    /// A value or slope as the table shows it: large values in the unit
    /// pprof would pick, small ones (a few goroutines a minute) as plain numbers.
    public func format(_ v: Double) -> String {
        if v.magnitude >= 1000, v.magnitude < 9e18 {
            return Measurement.scaledLabel(Int64(v.rounded()), from: sampleType.unit, to: "minimum")
        }
        var text = String(format: "%.2f", v)
        if text.hasSuffix(".00") { text.removeLast(3) }
        return text
    }

    /// A slope with its sign (`+1.5MB`).
    public func slopeText(_ slope: Double) -> String {
        (slope > 0 ? "+" : "") + format(slope)
    }

    /// How many intervals lie between the snapshots.
    public var intervals: Int { order.count - 1 }

    /// The table: a header, then one line per row with values in the sample
    /// type's unit, at most `limit` rows (0: all).
    public func text(limit: Int = 0) -> String {
        let fmt = format
        var out = "Type: \(sampleType.type)\n"
        out += "Trend over \(order.count) profiles: \(order.joined(separator: " "))\n"
        out += Self.rankingRule + "; leaking: grew overall and in at least 3/4 of the \(order.count - 1) intervals\n"
        let slopeHeader = perMinute ? "slope/min" : "slope/prof"
        let shown = limit > 0 ? Array(rows.prefix(limit)) : rows
        var table: [[String]] = [["first", "last", slopeHeader, "grew", "", stacks ? "stack (root first)" : "function"]]
        for r in shown {
            table.append([
                fmt(Double(r.first)), fmt(Double(r.last)), slopeText(r.slope), "\(r.grew)/\(intervals)", r.leaking ? "LEAK" : "", r.name,
            ])
        }
        var widths = [Int](repeating: 0, count: 5)
        for row in table { for i in 0..<5 { widths[i] = max(widths[i], row[i].count) } }
        for row in table {
            var line = ""
            for i in 0..<5 { line += String(repeating: " ", count: widths[i] - row[i].count) + row[i] + "  " }
            out += line + row[5] + "\n"
        }
        if shown.count < rows.count { out += "(\(rows.count - shown.count) more rows; -nodecount=0 shows all)\n" }
        return out
    }
}
