/// Answers `go tool pprof`'s DWARF question for an address: the line-table row
/// of the unit holding it, and the name of the first subprogram (in entry
/// order, from that unit on) whose ranges hold it. Unit ranges, line tables and
/// subprogram lists are decoded once and kept, so many addresses cost little.
final class DWARFLookup: @unchecked Sendable {
    /// What one address resolves to: function name ("" when none is found),
    /// file and line.
    struct Answer: Equatable {
        var function: String
        var file: String
        var line: Int
    }

    private enum UnitRanges {
        case ranges([(UInt64, UInt64)])
        /// Go's `SeekPC` fails here (an unreadable unit entry or range list).
        case failure
        /// The unit has no entry: Go's `SeekPC` gives up on all units.
        case stop
    }

    /// A subprogram of a unit, in entry order; `nil` ranges when they cannot be read.
    private struct UnitSubprograms {
        /// The ranges of named subprograms, sorted by start, each with its
        /// subprogram's place in entry order.
        var spans: [(low: UInt64, high: UInt64, order: Int)]
        /// `reach[i]`: the highest end among `spans[0...i]`, to stop looking back.
        var reach: [UInt64]
        /// The list ends at a subprogram whose ranges cannot be read.
        var unreadable: Bool
        /// The walk broke off at an unreadable entry: the search ends there.
        var broken: Bool

        /// The name of the earliest subprogram (in entry order) holding `pc`.
        func first(holding pc: UInt64, names: [String]) -> String? {
            var low = 0, high = spans.count
            while low < high {
                let mid = (low + high) / 2
                if spans[mid].low <= pc { low = mid + 1 } else { high = mid }
            }
            var best: Int? = nil
            var i = low - 1
            while i >= 0 && reach[i] > pc {
                if pc < spans[i].high, best.map({ spans[i].order < $0 }) ?? true { best = spans[i].order }
                i -= 1
            }
            return best.map { names[$0] }
        }
    }

    let data: DWARFData
    private var unitRanges: [UnitRanges]? = nil
    private var lineTables: [Int: DWARFLineTable?] = [:]
    private var compileUnits: [Int: DWARFData.Entry] = [:]
    private var subprograms: [Int: (UnitSubprograms, [String])] = [:]

    init(_ data: DWARFData) { self.data = data }

    /// The answer for `pc` (a file address), nil when pprof's lookup fails.
    func answer(for pc: UInt64) -> Answer? {
        guard let unitIndex = unit(holding: pc), let cu = compileUnits[unitIndex] else { return nil }
        guard let table = lineTable(unitIndex, cu), let row = table.row(for: pc) else { return nil }
        let file = table.fileName(row.file) ?? ""
        switch functionName(for: pc, from: unitIndex) {
        case .some(let name): return Answer(function: name, file: file, line: row.line)
        case .none: return nil
        }
    }

    /// Go's `Reader.SeekPC` from the first unit.
    private func unit(holding pc: UInt64) -> Int? {
        if unitRanges == nil { unitRanges = data.units.indices.map(readUnitRanges) }
        for (i, state) in unitRanges!.enumerated() {
            switch state {
            case .stop, .failure: return nil
            case .ranges(let ranges):
                if ranges.contains(where: { $0.0 <= pc && pc < $0.1 }) { return i }
            }
        }
        return nil
    }

    private func readUnitRanges(_ index: Int) -> UnitRanges {
        guard let entry = try? data.firstEntry(of: index) else { return .failure }
        if entry.tag == 0 { return .stop }
        compileUnits[index] = entry
        guard let ranges = try? data.ranges(of: entry, unitIndex: index) else { return .failure }
        return .ranges(ranges)
    }

    private func lineTable(_ unitIndex: Int, _ cu: DWARFData.Entry) -> DWARFLineTable? {
        if let table = lineTables[unitIndex] { return table }
        var table: DWARFLineTable? = nil
        if let offset = cu.stmtList, data.s.line != nil {
            table = try? DWARFLineTable(
                data: data, offset: offset, compDir: cu.compDir ?? "", addressSize: data.units[unitIndex].addressSize)
        }
        lineTables[unitIndex] = table
        return table
    }

    /// The first named subprogram holding `pc` from unit `start` on: `""` when
    /// the walk ends without one, nil when a range list cannot be read (pprof
    /// then leaves the address unnamed).
    private func functionName(for pc: UInt64, from start: Int) -> String? {
        var index = start
        while index < data.units.count {
            let (unit, names) = subprogramList(index)
            if let name = unit.first(holding: pc, names: names) { return name }
            if unit.unreadable { return nil }
            if unit.broken { return "" }
            index += 1
        }
        return ""
    }

    private func subprogramList(_ index: Int) -> (UnitSubprograms, [String]) {
        if let known = subprograms[index] { return known }
        var spans: [(low: UInt64, high: UInt64, order: Int)] = []
        var names: [String] = []
        var unreadable = false, broken = false
        do {
            var walker = try EntryWalker(data, unitIndex: index)
            walker.singleUnit = true
            while let entry = try walker.next() {
                guard entry.tag == 0x2e else { continue }
                guard let ranges = try? data.ranges(of: entry, unitIndex: index) else {
                    unreadable = true
                    break
                }
                guard let name = entry.name else { continue }
                for range in ranges { spans.append((range.0, range.1, names.count)) }
                names.append(name)
            }
        } catch {
            broken = true
        }
        spans.sort { $0.low < $1.low || ($0.low == $1.low && $0.order < $1.order) }
        var running: UInt64 = 0
        let reach = spans.map { span in
            running = max(running, span.high)
            return running
        }
        let result = (UnitSubprograms(spans: spans, reach: reach, unreadable: unreadable, broken: broken), names)
        subprograms[index] = result
        return result
    }
}
