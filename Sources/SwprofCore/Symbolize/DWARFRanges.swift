extension DWARFData {
    /// The PC ranges `[low, high)` of an entry, as Go's `Data.Ranges` computes
    /// them: low/high PC, then `DW_AT_ranges` (`.debug_rnglists` for DWARF 5,
    /// `.debug_ranges` before), based at the unit's entry or low PC.
    func ranges(of entry: Entry, unitIndex: Int) throws -> [(UInt64, UInt64)] {
        var result: [(UInt64, UInt64)] = []
        if let low = entry.lowPC {
            if let high = entry.highPCAddress {
                result.append((low, high))
            } else if let offset = entry.highPCOffset {
                result.append((low, low &+ UInt64(bitPattern: offset)))
            }
        }
        let unit = units[unitIndex]
        if unit.version >= 5, let lists = s.rngLists {
            let start: Int64
            if let offset = entry.rngList {
                start = Int64(bitPattern: offset)
            } else if entry.rangesIsPointer, let offset = entry.rangesValue {
                start = offset
            } else {
                return result
            }
            let (cu, base) = try baseAddress(for: entry, unitIndex: unitIndex)
            return try rngListRanges(lists, unit: unit, cu: cu, base: base, offset: start, into: result)
        }
        if let offset = entry.rangesValue, let table = s.ranges {
            var (_, base) = try baseAddress(for: entry, unitIndex: unitIndex)
            guard offset >= 0, offset <= Int64(table.count) else {
                throw Failure.malformed("invalid range offset \(offset)")
            }
            var c = ByteCursor(table, from: Int(offset), bigEndian: bigEndian)
            let size = unit.addressSize
            let largest: UInt64 = size >= 8 ? .max : (1 << (UInt64(size) * 8)) - 1
            while !c.atEnd {
                let low = c.uint(size: size)
                let high = c.uint(size: size)
                if c.failed { throw Failure.malformed("truncated range list") }
                if low == 0 && high == 0 { break }
                if low == largest {
                    base = high
                } else {
                    result.append((base &+ low, base &+ high))
                }
            }
        }
        return result
    }

    /// The unit's entry (for `DW_AT_addr_base`) and the base address of its range lists.
    private func baseAddress(for entry: Entry, unitIndex: Int) throws -> (Entry, UInt64) {
        let cu: Entry
        if entry.tag == 0x11 {
            cu = entry
        } else {
            guard let first = try firstEntry(of: unitIndex) else { throw Failure.malformed("no unit for entry") }
            cu = first
        }
        return (cu, cu.entryPC ?? cu.lowPC ?? 0)
    }

    private func rngListRanges(
        _ lists: UnsafeRawBufferPointer, unit: Unit, cu: Entry, base: UInt64, offset: Int64, into ranges: [(UInt64, UInt64)]
    ) throws -> [(UInt64, UInt64)] {
        guard offset >= 0, offset <= Int64(lists.count) else { throw Failure.malformed("invalid rnglist offset \(offset)") }
        var result = ranges
        var base = base
        let addrBase = UInt64(bitPattern: cu.addrBase ?? 0)
        var c = ByteCursor(lists, from: Int(offset), bigEndian: bigEndian)
        while true {
            let opcode = c.u8()
            switch opcode {
            case 0:  // end of list
                if c.failed { throw Failure.malformed("truncated rnglist") }
                return result
            case 1: base = try debugAddress(unit, base: addrBase, index: c.uleb())
            case 2:
                let start = try debugAddress(unit, base: addrBase, index: c.uleb())
                let end = try debugAddress(unit, base: addrBase, index: c.uleb())
                result.append((start, end))
            case 3:
                let start = try debugAddress(unit, base: addrBase, index: c.uleb())
                result.append((start, start &+ c.uleb()))
            case 4:
                let low = c.uleb()
                let high = c.uleb()
                result.append((base &+ low, base &+ high))
            case 5: base = c.uint(size: unit.addressSize)
            case 6:
                let start = c.uint(size: unit.addressSize)
                let end = c.uint(size: unit.addressSize)
                result.append((start, end))
            case 7:
                let start = c.uint(size: unit.addressSize)
                result.append((start, start &+ c.uleb()))
            default:
                break
            }
            if c.failed { throw Failure.malformed("truncated rnglist") }
        }
    }
}
