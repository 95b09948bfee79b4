/// A binary opened for symbolization the way `go tool pprof` opens one
/// (its cmd/pprof object tool): ELF with DWARF, profile addresses moved to
/// file addresses by the mapping's start less the binary's load address.
public final class ObjectFile: @unchecked Sendable {
    /// One frame of an address: function, file and line.
    public struct Frame: Equatable, Sendable {
        public var function: String
        public var file: String
        public var line: Int
    }

    public let path: String
    let elf: ELFFile
    /// Subtracted from profile addresses to get file addresses.
    public let offset: UInt64
    private var lookup: DWARFLookup?
    private var goTable: GoPCLineTable?
    private var triedDWARF = false

    /// Opens `path` for a mapping that starts at `start` (0: addresses are file addresses).
    public init(path: String, start: UInt64) throws(ObjectFileError) {
        self.path = path
        elf = try ELFFile(path: path)
        if start != 0, let load = elf.loadAddress {
            offset = start &- load
        } else {
            offset = 0
        }
    }

    /// The frames of profile address `address` (one: from a Go binary's
    /// `.gopclntab`, else the DWARF line and its subprogram; pprof's object
    /// tool reports no inlined frames), or nil.
    public func frames(at address: UInt64) -> [Frame]? {
        if !triedDWARF {
            triedDWARF = true
            goTable = GoPCLineTable(elf)
            lookup = dwarf(of: elf).map(DWARFLookup.init)
        }
        // As pprof: Go's function table first, DWARF for what it does not cover (C code).
        if let go = goTable?.lookup(address &- offset) {
            return [Frame(function: go.function, file: go.file, line: go.line)]
        }
        guard let answer = lookup?.answer(for: address &- offset) else { return nil }
        return [Frame(function: answer.function, file: answer.file, line: answer.line)]
    }

    /// Inflated copies of compressed debug sections (DWARFData points into them).
    private var inflated: [UnsafeMutableRawBufferPointer] = []

    deinit {
        for buffer in inflated { buffer.deallocate() }
    }

    /// The DWARF sections as Go's `debug/elf` reads them: `.debug_X`, inflated
    /// when SHF_COMPRESSED (zlib or zstd), or the older `.zdebug_X` ("ZLIB" and
    /// the size, then a zlib stream). A section that cannot be inflated leaves
    /// the binary without DWARF, as Go's `DWARF()` fails then.
    private func dwarf(of elf: ELFFile) -> DWARFData? {
        var failed = false
        func section(_ name: String) -> UnsafeRawBufferPointer? {
            let bytes = inflatedSection(name, elf)
            if bytes == nil && (elf.section(".debug_" + name) != nil || elf.section(".zdebug_" + name) != nil) { failed = true }
            return bytes
        }
        let sections = DWARFData.Sections(
            info: section("info"), abbrev: section("abbrev"), str: section("str"), lineStr: section("line_str"),
            line: section("line"), ranges: section("ranges"), rngLists: section("rnglists"), addr: section("addr"),
            strOffsets: section("str_offsets"))
        if failed { return nil }
        return try? DWARFData(sections, bigEndian: elf.bigEndian)
    }

    /// The bytes of debug section `name`, inflated when compressed; nil when there is none or it cannot be read.
    private func inflatedSection(_ name: String, _ elf: ELFFile) -> UnsafeRawBufferPointer? {
        if let s = elf.section(".debug_" + name) {
            let bytes = elf.data(s)
            guard s.flags & ELFFile.sectionCompressed != 0 else { return bytes }
            // Elf_Chdr: type (1 zlib, 2 zstd), [reserved,] size, alignment.
            var c = ByteCursor(bytes, from: 0, bigEndian: elf.bigEndian)
            let type = c.u32()
            if elf.is64 { _ = c.u32() }
            let size = c.uint(size: elf.is64 ? 8 : 4)
            _ = c.uint(size: elf.is64 ? 8 : 4)
            let header = elf.is64 ? 24 : 12
            guard !c.failed, type == 1 || type == 2, size <= UInt64(Int.max) else { return nil }
            if size == 0 { return UnsafeRawBufferPointer(start: nil, count: 0) }
            let body = UnsafeRawBufferPointer(rebasing: bytes[header...])
            return keep(type == 1 ? ZlibStream.inflate(body, size: Int(size)) : ZstdFrame.decompress(body, size: Int(size)))
        }
        if let s = elf.section(".zdebug_" + name) {
            let bytes = elf.data(s)
            guard bytes.count >= 12, Array(bytes[0..<4]) == Array("ZLIB".utf8) else { return bytes }
            var c = ByteCursor(bytes, from: 4, bigEndian: true)
            let size = c.uint(size: 8)
            guard size <= UInt64(Int.max) else { return nil }
            return keep(ZlibStream.inflate(UnsafeRawBufferPointer(rebasing: bytes[12...]), size: Int(size)))
        }
        return nil
    }

    private func keep(_ buffer: UnsafeMutableRawBufferPointer?) -> UnsafeRawBufferPointer? {
        guard let buffer else { return nil }
        inflated.append(buffer)
        return UnsafeRawBufferPointer(buffer)
    }
}
