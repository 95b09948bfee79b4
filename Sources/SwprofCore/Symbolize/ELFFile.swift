/// An ELF object file: its sections, loadable segments and symbols, read in
/// place from the mapped file.
final class ELFFile: @unchecked Sendable {
    struct Section {
        var name: String
        var type: UInt32
        var flags: UInt64
        var address: UInt64
        var offset: UInt64
        var size: UInt64
        var link: UInt32
        var entrySize: UInt64
    }

    struct Segment {
        var type: UInt32
        var flags: UInt32
        var offset: UInt64
        var virtualAddress: UInt64
        var fileSize: UInt64
        var memorySize: UInt64
        var align: UInt64
    }

    /// A symbol of `.symtab` (or `.dynsym` when there is none).
    struct Symbol {
        var name: String
        var value: UInt64
        var size: UInt64
        var type: UInt8
        var sectionIndex: UInt16
    }

    static let sectionNoBits: UInt32 = 8
    static let sectionCompressed: UInt64 = 0x800
    static let segmentLoad: UInt32 = 1
    static let segmentExecutable: UInt32 = 1

    let file: MappedFile
    let is64: Bool
    let bigEndian: Bool
    let machine: UInt16
    let type: UInt16
    private(set) var sections: [Section] = []
    private(set) var segments: [Segment] = []

    /// Parses the headers of the ELF file at `path`. Throws when it is not ELF,
    /// with Go's wording for files of other kinds.
    init(path: String) throws(ObjectFileError) {
        file = try MappedFile(path: path)
        let b = file.bytes
        guard b.count >= 16, b[0] == 0x7f, b[1] == 0x45, b[2] == 0x4c, b[3] == 0x46 else {
            throw ObjectFileError("open \(path): unrecognized object file")
        }
        guard b[4] == 1 || b[4] == 2, b[5] == 1 || b[5] == 2 else {
            throw ObjectFileError("open \(path): unrecognized object file")
        }
        is64 = b[4] == 2
        bigEndian = b[5] == 2
        var c = ByteCursor(b, from: 16, bigEndian: bigEndian)
        type = UInt16(c.u16())
        machine = UInt16(c.u16())
        _ = c.u32()  // version
        let word = is64 ? 8 : 4
        _ = c.uint(size: word)  // entry
        let programHeaders = c.uint(size: word)
        let sectionHeaders = c.uint(size: word)
        _ = c.u32()  // flags
        _ = c.u16()  // header size
        let programEntrySize = Int(c.u16())
        let programCount = Int(c.u16())
        let sectionEntrySize = Int(c.u16())
        var sectionCount = Int(c.u16())
        let namesIndex = Int(c.u16())
        if c.failed { throw ObjectFileError("open \(path): unexpected EOF") }

        for i in 0..<programCount where programEntrySize > 0 {
            let at = Int(programHeaders) + i * programEntrySize
            guard at >= 0, at + programEntrySize <= b.count else { break }
            var p = ByteCursor(b, from: at, bigEndian: bigEndian)
            var s = Segment(type: UInt32(p.u32()), flags: 0, offset: 0, virtualAddress: 0, fileSize: 0, memorySize: 0, align: 0)
            if is64 {
                s.flags = UInt32(p.u32())
                s.offset = p.u64()
                s.virtualAddress = p.u64()
                _ = p.u64()
                s.fileSize = p.u64()
                s.memorySize = p.u64()
                s.align = p.u64()
            } else {
                s.offset = p.u32()
                s.virtualAddress = p.u32()
                _ = p.u32()
                s.fileSize = p.u32()
                s.memorySize = p.u32()
                s.flags = UInt32(p.u32())
                s.align = p.u32()
            }
            segments.append(s)
        }

        guard sectionHeaders > 0, sectionEntrySize > 0, Int(sectionHeaders) < b.count else { return }
        if sectionCount == 0 {
            // More than 0xff00 sections: the count is in section 0's size.
            var s0 = ByteCursor(b, from: Int(sectionHeaders) + (is64 ? 32 : 20), bigEndian: bigEndian)
            sectionCount = Int(truncatingIfNeeded: s0.uint(size: word))
        }
        var raw: [(nameOffset: UInt64, section: Section)] = []
        for i in 0..<min(sectionCount, 1 << 20) {
            let at = Int(sectionHeaders) + i * sectionEntrySize
            guard at + sectionEntrySize <= b.count else { break }
            var h = ByteCursor(b, from: at, bigEndian: bigEndian)
            let nameOffset = h.u32()
            var s = Section(name: "", type: UInt32(h.u32()), flags: 0, address: 0, offset: 0, size: 0, link: 0, entrySize: 0)
            s.flags = h.uint(size: word)
            s.address = h.uint(size: word)
            s.offset = h.uint(size: word)
            s.size = h.uint(size: word)
            s.link = UInt32(h.u32())
            _ = h.u32()  // info
            _ = h.uint(size: word)  // align
            s.entrySize = h.uint(size: word)
            raw.append((nameOffset, s))
        }
        if namesIndex < raw.count {
            let names = raw[namesIndex].section
            let table = Self.slice(b, names.offset, names.size)
            for i in raw.indices {
                raw[i].section.name = ByteCursor.string(in: table, at: raw[i].nameOffset) ?? ""
            }
        }
        sections = raw.map(\.section)
    }

    /// The first section called `name`.
    func section(_ name: String) -> Section? { sections.first { $0.name == name } }

    /// A section's bytes in the file (empty for NOBITS or out-of-range headers).
    func data(_ section: Section) -> UnsafeRawBufferPointer {
        if section.type == Self.sectionNoBits { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return Self.slice(file.bytes, section.offset, section.size)
    }

    /// The bytes of the section called `name`, nil when there is none.
    func data(named name: String) -> UnsafeRawBufferPointer? {
        section(name).map { data($0) }
    }

    private static func slice(_ b: UnsafeRawBufferPointer, _ offset: UInt64, _ size: UInt64) -> UnsafeRawBufferPointer {
        guard offset <= UInt64(b.count), size <= UInt64(b.count) - offset else {
            return UnsafeRawBufferPointer(start: nil, count: 0)
        }
        return UnsafeRawBufferPointer(rebasing: b[Int(offset)..<Int(offset + size)])
    }

    /// Where the first executable segment's page starts (Go's objfile
    /// `LoadAddress`): pprof subtracts it from a mapping's start to get the
    /// offset between profile and file addresses.
    var loadAddress: UInt64? {
        guard let text = segments.first(where: { $0.type == Self.segmentLoad && $0.flags & Self.segmentExecutable != 0 }) else {
            return nil
        }
        return text.align == 0 ? text.virtualAddress : text.virtualAddress - text.virtualAddress % text.align
    }

    /// The symbols of `.symtab`, as Go's objfile reads them (none when the
    /// binary is stripped: `.dynsym` is not read).
    func symbols() -> [Symbol] {
        let table = sections.first { $0.type == 2 }
        guard let table, Int(table.link) < sections.count else { return [] }
        let strings = data(sections[Int(table.link)])
        let bytes = data(table)
        let size = is64 ? 24 : 16
        var out: [Symbol] = []
        var i = size  // entry 0 is the null symbol
        while i + size <= bytes.count {
            var c = ByteCursor(bytes, from: i, bigEndian: bigEndian)
            let name = c.u32()
            var s = Symbol(name: "", value: 0, size: 0, type: 0, sectionIndex: 0)
            if is64 {
                s.type = c.u8() & 0xf
                _ = c.u8()
                s.sectionIndex = UInt16(c.u16())
                s.value = c.u64()
                s.size = c.u64()
            } else {
                s.value = c.u32()
                s.size = c.u32()
                s.type = c.u8() & 0xf
                _ = c.u8()
                s.sectionIndex = UInt16(c.u16())
            }
            s.name = ByteCursor.string(in: strings, at: name) ?? ""
            out.append(s)
            i += size
        }
        return out
    }
}
