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

    /// The frames of profile address `address` (one: the DWARF line and its
    /// subprogram; pprof's object tool reports no inlined frames), or nil.
    public func frames(at address: UInt64) -> [Frame]? {
        if !triedDWARF {
            triedDWARF = true
            lookup = Self.dwarf(of: elf).map(DWARFLookup.init)
        }
        guard let answer = lookup?.answer(for: address &- offset) else { return nil }
        return [Frame(function: answer.function, file: answer.file, line: answer.line)]
    }

    private static func dwarf(of elf: ELFFile) -> DWARFData? {
        func section(_ name: String) -> UnsafeRawBufferPointer? {
            guard let s = elf.section(".debug_" + name), s.flags & ELFFile.sectionCompressed == 0 else { return nil }
            return elf.data(s)
        }
        let sections = DWARFData.Sections(
            info: section("info"), abbrev: section("abbrev"), str: section("str"), lineStr: section("line_str"),
            line: section("line"), ranges: section("ranges"), rngLists: section("rnglists"), addr: section("addr"),
            strOffsets: section("str_offsets"))
        return try? DWARFData(sections, bigEndian: elf.bigEndian)
    }
}
