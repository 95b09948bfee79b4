/// DWARF debugging information (versions 2 to 5) read in place from an ELF
/// file's `.debug_*` sections, with the lookups `go tool pprof` makes through
/// Go's debug/dwarf: the unit whose ranges hold a PC, a unit's line table, and
/// the first named subprogram whose ranges hold a PC. The semantics follow Go's
/// package (its order of search, its errors), since reports must name what
/// pprof names.
final class DWARFData: @unchecked Sendable {
    struct Sections {
        var info, abbrev, str, lineStr, line, ranges, rngLists, addr, strOffsets: UnsafeRawBufferPointer?
    }

    /// One unit header of `.debug_info`.
    struct Unit {
        var offset: Int
        /// The unit's entries (after its header), as offsets into `.debug_info`.
        var dataStart: Int
        var dataEnd: Int
        var version: Int
        var addressSize: Int
        var dwarf64: Bool
        var abbrevOffset: Int
        var addrBase: UInt64 = 0
        var strOffsetsBase: UInt64 = 0
        var rngListsBase: UInt64 = 0
    }

    struct AbbrevField {
        var attribute: UInt64
        var form: UInt64
        var implicitConst: Int64
    }

    struct Abbrev {
        var tag: UInt64
        var hasChildren: Bool
        var fields: [AbbrevField]
    }

    /// The attributes of an entry that symbolization reads; the rest are skipped.
    struct Entry {
        var offset: Int
        var tag: UInt64
        var name: String?
        var lowPC: UInt64?
        var highPCAddress: UInt64?
        var highPCOffset: Int64?
        var entryPC: UInt64?
        /// `DW_AT_ranges` as an integer (a section offset, or a constant form).
        var rangesValue: Int64?
        /// `DW_AT_ranges` of form sec_offset (Go's ClassRangeListPtr).
        var rangesIsPointer = false
        /// `DW_AT_ranges` of form rnglistx, resolved to a `.debug_rnglists` offset.
        var rngList: UInt64?
        var stmtList: Int64?
        var compDir: String?
        var addrBase: Int64?
        var strOffsetsBase: Int64?
        var rngListsBase: Int64?
    }

    enum Failure: Error { case malformed(String) }

    let s: Sections
    let bigEndian: Bool
    private(set) var units: [Unit] = []
    private var abbrevCache: [Int: [UInt64: Abbrev]] = [:]

    /// Reads the unit headers; fails as Go's `dwarf.New` does when a header is unusable.
    init(_ sections: Sections, bigEndian: Bool) throws {
        s = sections
        self.bigEndian = bigEndian
        guard let info = sections.info, sections.abbrev != nil else { throw Failure.malformed("no .debug_info") }
        var c = ByteCursor(info, bigEndian: bigEndian)
        while !c.atEnd {
            let start = c.offset
            var length = c.u32()
            var dwarf64 = false
            if length == 0xffff_ffff {
                dwarf64 = true
                length = c.u64()
            } else if length >= 0xffff_fff0 {
                throw Failure.malformed("bad unit length")
            }
            let bodyStart = c.offset
            guard length <= UInt64(c.remaining) else { throw Failure.malformed("unit length too long") }
            let end = bodyStart + Int(length)
            let version = Int(c.u16())
            guard (2...5).contains(version) else { throw Failure.malformed("unsupported version \(version)") }
            var unitType: UInt8 = 1
            var addressSize = 0
            var abbrevOffset: UInt64 = 0
            if version >= 5 {
                unitType = c.u8()
                addressSize = Int(c.u8())
                abbrevOffset = dwarf64 ? c.u64() : c.u32()
                switch unitType {
                case 2, 6: c.skip(8 + (dwarf64 ? 8 : 4))
                case 4, 5: c.skip(8)
                default: break
                }
            } else {
                abbrevOffset = dwarf64 ? c.u64() : c.u32()
                addressSize = Int(c.u8())
            }
            if c.failed || c.offset > end { throw Failure.malformed("truncated unit header") }
            var unit = Unit(
                offset: start, dataStart: c.offset, dataEnd: end, version: version, addressSize: addressSize,
                dwarf64: dwarf64, abbrevOffset: Int(truncatingIfNeeded: abbrevOffset))
            _ = try abbrevs(for: unit)
            units.append(unit)
            // Go reads the DWARF 5 base offsets from the unit's first entry.
            if version >= 5, let first = try? firstEntry(of: units.count - 1) {
                unit.addrBase = UInt64(first.addrBase ?? 0)
                unit.strOffsetsBase = UInt64(first.strOffsetsBase ?? 0)
                unit.rngListsBase = UInt64(first.rngListsBase ?? 0)
                units[units.count - 1] = unit
            }
            c = ByteCursor(info, from: end, bigEndian: bigEndian)
        }
    }

    /// The abbreviation table a unit uses.
    func abbrevs(for unit: Unit) throws -> [UInt64: Abbrev] {
        if let table = abbrevCache[unit.abbrevOffset] { return table }
        guard let section = s.abbrev else { throw Failure.malformed("no .debug_abbrev") }
        var c = ByteCursor(section, from: unit.abbrevOffset, bigEndian: bigEndian)
        var table: [UInt64: Abbrev] = [:]
        while true {
            let code = c.uleb()
            if code == 0 || c.failed { break }
            let tag = c.uleb()
            let children = c.u8() == 1
            var fields: [AbbrevField] = []
            while true {
                let attribute = c.uleb()
                let form = c.uleb()
                if c.failed { throw Failure.malformed("truncated abbreviations") }
                if attribute == 0 && form == 0 { break }
                let implicitConst = form == 0x21 ? c.sleb() : 0
                fields.append(AbbrevField(attribute: attribute, form: form, implicitConst: implicitConst))
            }
            table[code] = Abbrev(tag: tag, hasChildren: children, fields: fields)
        }
        if c.failed { throw Failure.malformed("truncated abbreviations") }
        abbrevCache[unit.abbrevOffset] = table
        return table
    }

    /// The unit's first entry (its compile unit).
    func firstEntry(of unitIndex: Int) throws -> Entry? {
        var walker = try EntryWalker(self, unitIndex: unitIndex)
        return try walker.next()
    }

    /// The address at `index` of `.debug_addr` from `base`.
    func debugAddress(_ unit: Unit, base: UInt64, index: UInt64) throws -> UInt64 {
        guard let section = s.addr else { throw Failure.malformed("no .debug_addr") }
        let (product, overflow) = index.multipliedReportingOverflow(by: UInt64(unit.addressSize))
        let offset = product &+ base
        guard !overflow, offset < UInt64(section.count) else { throw Failure.malformed("debug_addr offset out of range") }
        var c = ByteCursor(section, from: Int(offset), bigEndian: bigEndian)
        let value = c.uint(size: unit.addressSize)
        if c.failed { throw Failure.malformed("debug_addr truncated") }
        return value
    }

    /// The index of the unit holding `.debug_info` offset `offset`.
    func unitIndex(holding offset: Int) -> Int? {
        var low = 0, high = units.count
        while low < high {
            let mid = (low + high) / 2
            if units[mid].dataEnd <= offset { low = mid + 1 } else { high = mid }
        }
        return low < units.count && units[low].offset <= offset ? low : nil
    }
}

/// Walks a unit's entries in order, then the following units' (as Go's
/// `Reader.Next` does), decoding the attributes `DWARFData.Entry` keeps.
struct EntryWalker {
    let data: DWARFData
    private(set) var unitIndex: Int
    private var cursor: ByteCursor
    private var abbrevs: [UInt64: DWARFData.Abbrev]
    /// Stop at the end of the first unit instead of going on to the next.
    var singleUnit = false

    init(_ data: DWARFData, unitIndex: Int) throws {
        self.data = data
        self.unitIndex = unitIndex
        let unit = data.units[unitIndex]
        cursor = ByteCursor(data.s.info!, from: unit.dataStart, to: unit.dataEnd, bigEndian: data.bigEndian)
        abbrevs = try data.abbrevs(for: unit)
    }

    /// The next entry (tag 0 for a null entry), nil after the last unit.
    mutating func next() throws -> DWARFData.Entry? {
        while cursor.atEnd {
            if singleUnit { return nil }
            unitIndex += 1
            guard unitIndex < data.units.count else { return nil }
            let unit = data.units[unitIndex]
            cursor = ByteCursor(data.s.info!, from: unit.dataStart, to: unit.dataEnd, bigEndian: data.bigEndian)
            abbrevs = try data.abbrevs(for: unit)
        }
        let unit = data.units[unitIndex]
        let offset = cursor.offset
        let code = cursor.uleb()
        if cursor.failed { throw DWARFData.Failure.malformed("truncated entry") }
        var entry = DWARFData.Entry(offset: offset, tag: 0)
        if code == 0 { return entry }
        guard let abbrev = abbrevs[code] else { throw DWARFData.Failure.malformed("invalid abbreviation number \(code)") }
        entry.tag = abbrev.tag
        for field in abbrev.fields {
            var form = field.form
            if form == 0x16 { form = cursor.uleb() }  // indirect
            try read(form: form, field: field, unit: unit, into: &entry)
            if cursor.failed { throw DWARFData.Failure.malformed("truncated entry") }
        }
        return entry
    }

    private mutating func offsetSize(_ unit: DWARFData.Unit) -> Int { unit.dwarf64 ? 8 : 4 }

    /// Reads one attribute value, keeping it in `entry` when symbolization uses it.
    private mutating func read(form: UInt64, field: DWARFData.AbbrevField, unit: DWARFData.Unit, into entry: inout DWARFData.Entry) throws {
        let attribute = field.attribute
        var unsigned: UInt64? = nil  // an address
        var signed: Int64? = nil  // a constant or section offset
        var text: String? = nil
        var isSecOffset = false
        switch form {
        case 0x01: unsigned = cursor.uint(size: unit.addressSize)
        case 0x1b, 0x29, 0x2a, 0x2b, 0x2c:  // addrx
            let index: UInt64
            switch form {
            case 0x1b: index = cursor.uleb()
            case 0x29: index = UInt64(cursor.u8())
            case 0x2a: index = cursor.u16()
            case 0x2b: index = cursor.uint(size: 3)
            default: index = cursor.u32()
            }
            if attribute == 0x11 || attribute == 0x12 || attribute == 0x52 {
                unsigned = try data.debugAddress(unit, base: unit.addrBase, index: index)
            }
        case 0x0a: cursor.skip(Int(cursor.u8()))
        case 0x03: cursor.skip(Int(cursor.u16()))
        case 0x04: cursor.skip(Int(cursor.u32()))
        case 0x09, 0x18: cursor.skip(Int(truncatingIfNeeded: cursor.uleb()))
        case 0x0b: signed = Int64(cursor.u8())
        case 0x05: signed = Int64(cursor.u16())
        case 0x06: signed = Int64(cursor.u32())
        case 0x07: signed = Int64(bitPattern: cursor.u64())
        case 0x1e: cursor.skip(16)
        case 0x0d: signed = cursor.sleb()
        case 0x0f: signed = Int64(bitPattern: cursor.uleb())
        case 0x21: signed = field.implicitConst
        case 0x0c: _ = cursor.u8()
        case 0x19: break
        case 0x10: cursor.skip(unit.version == 2 ? unit.addressSize : offsetSize(unit))
        case 0x11: _ = cursor.u8()
        case 0x12: _ = cursor.u16()
        case 0x13: _ = cursor.u32()
        case 0x14: _ = cursor.u64()
        case 0x15: _ = cursor.uleb()
        case 0x08: text = cursor.cString()
        case 0x0e, 0x1f:  // strp, line_strp
            let offset = cursor.uint(size: offsetSize(unit))
            let table = form == 0x0e ? data.s.str : data.s.lineStr
            if form == 0x1f && (table?.count ?? 0) == 0 {
                throw DWARFData.Failure.malformed("DW_FORM_line_strp with no .debug_line_str section")
            }
            guard let table, let value = ByteCursor.string(in: table, at: offset) else {
                throw DWARFData.Failure.malformed("string offset out of range")
            }
            text = value
        case 0x1a, 0x25, 0x26, 0x27, 0x28:  // strx
            var index: UInt64
            switch form {
            case 0x1a: index = cursor.uleb()
            case 0x25: index = UInt64(cursor.u8())
            case 0x26: index = cursor.u16()
            case 0x27: index = cursor.uint(size: 3)
            default: index = cursor.u32()
            }
            guard let offsets = data.s.strOffsets, offsets.count > 0 else {
                throw DWARFData.Failure.malformed("DW_FORM_strx with no .debug_str_offsets section")
            }
            index = index &* UInt64(offsetSize(unit)) &+ unit.strOffsetsBase
            guard index < UInt64(offsets.count) else { throw DWARFData.Failure.malformed("strx out of range") }
            var c = ByteCursor(offsets, from: Int(index), bigEndian: data.bigEndian)
            let at = c.uint(size: offsetSize(unit))
            guard !c.failed, let table = data.s.str, let value = ByteCursor.string(in: table, at: at) else {
                throw DWARFData.Failure.malformed("strx string out of range")
            }
            text = value
        case 0x1d: cursor.skip(offsetSize(unit))
        case 0x17, 0x1f20, 0x1f21:  // sec_offset, GNU_ref_alt, GNU_strp_alt
            let value = cursor.uint(size: offsetSize(unit))
            if form == 0x17 {
                signed = Int64(bitPattern: value)
                isSecOffset = true
            }
        case 0x20: cursor.skip(8)
        case 0x1c: cursor.skip(4)
        case 0x24: cursor.skip(8)
        case 0x22: _ = cursor.uleb()
        case 0x23:  // rnglistx
            let index = cursor.uleb()
            if attribute == 0x55 {
                entry.rngList = try resolveRngListIndex(index, unit: unit)
            }
            return
        default:
            throw DWARFData.Failure.malformed("unknown entry attr format 0x\(String(form, radix: 16))")
        }
        switch attribute {
        case 0x03: if let text { entry.name = text }
        case 0x11: entry.lowPC = unsigned
        case 0x12:
            if let unsigned { entry.highPCAddress = unsigned } else if let signed, form != 0x17 { entry.highPCOffset = signed }
        case 0x52: entry.entryPC = unsigned
        case 0x55:
            entry.rangesValue = signed
            entry.rangesIsPointer = isSecOffset || (unit.version <= 3 && (form == 0x06 || form == 0x07))
        case 0x10: entry.stmtList = signed
        case 0x1b: entry.compDir = text
        case 0x73: entry.addrBase = signed
        case 0x72: entry.strOffsetsBase = signed
        case 0x74: entry.rngListsBase = signed
        default: break
        }
    }

    private func resolveRngListIndex(_ index: UInt64, unit: DWARFData.Unit) throws -> UInt64 {
        let size = UInt64(unit.dwarf64 ? 8 : 4)
        let at = index &* size &+ unit.rngListsBase
        guard let lists = data.s.rngLists, at < UInt64(lists.count) else {
            throw DWARFData.Failure.malformed("DW_FORM_rnglistx offset out of range")
        }
        var c = ByteCursor(lists, from: Int(at), bigEndian: data.bigEndian)
        let offset = c.uint(size: Int(size))
        if c.failed { throw DWARFData.Failure.malformed("DW_FORM_rnglistx truncated") }
        return unit.rngListsBase &+ offset
    }
}
