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
    private struct Subprogram {
        var ranges: [(UInt64, UInt64)]?
        var name: String?
    }

    private struct UnitSubprograms {
        var list: [Subprogram]
        /// The walk broke off at an unreadable entry: the search ends there.
        var broken: Bool
    }

    let data: DWARFData
    private var unitRanges: [UnitRanges]? = nil
    private var lineTables: [Int: DWARFLineTable?] = [:]
    private var compileUnits: [Int: DWARFData.Entry] = [:]
    private var subprograms: [Int: UnitSubprograms] = [:]

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
            let unit = subprogramList(index)
            for sub in unit.list {
                guard let ranges = sub.ranges else { return nil }
                if let name = sub.name, ranges.contains(where: { $0.0 <= pc && pc < $0.1 }) { return name }
            }
            if unit.broken { return "" }
            index += 1
        }
        return ""
    }

    private func subprogramList(_ index: Int) -> UnitSubprograms {
        if let known = subprograms[index] { return known }
        var list: [Subprogram] = []
        var broken = false
        do {
            var walker = try EntryWalker(data, unitIndex: index)
            walker.singleUnit = true
            while let entry = try walker.next() {
                guard entry.tag == 0x2e else { continue }
                let ranges = try? data.ranges(of: entry, unitIndex: index)
                list.append(Subprogram(ranges: ranges, name: entry.name))
                if ranges == nil { break }
            }
        } catch {
            broken = true
        }
        let result = UnitSubprograms(list: list, broken: broken)
        subprograms[index] = result
        return result
    }
}
