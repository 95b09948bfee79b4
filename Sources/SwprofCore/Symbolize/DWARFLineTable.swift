/// A unit's line-number program decoded into its rows, in program order, and
/// Go's `LineReader.SeekPC` over them.
struct DWARFLineTable {
    struct Row {
        var address: UInt64
        var file: Int
        var line: Int
        var endSequence: Bool
    }

    private(set) var files: [String?] = []
    private(set) var rows: [Row] = []
    /// `maxAddress[i]`: the largest address of rows 1...i (row 0 excluded), so
    /// the first row after the first past `pc` is found by binary search.
    private var maxAfterFirst: [UInt64] = []

    /// Decodes the program at `offset` of `.debug_line`. Throws when the header
    /// is unusable (Go's `LineReader` fails); a program that breaks off midway
    /// keeps the rows decoded before (Go's reader stops there too).
    init(data: DWARFData, offset: Int64, compDir: String, addressSize unitAddressSize: Int) throws {
        guard let section = data.s.line else { throw DWARFData.Failure.malformed("no .debug_line") }
        guard offset >= 0, offset <= Int64(section.count) else {
            throw DWARFData.Failure.malformed("AttrStmtList value out of range")
        }
        var c = ByteCursor(section, from: Int(offset), bigEndian: data.bigEndian)
        var length = c.u32()
        var dwarf64 = false
        if length == 0xffff_ffff {
            dwarf64 = true
            length = c.u64()
        }
        guard length <= UInt64(c.remaining) else { throw DWARFData.Failure.malformed("line table end exceeds section") }
        let end = c.offset + Int(length)
        c.end = end
        let version = Int(c.u16())
        guard (2...5).contains(version) || c.failed else { throw DWARFData.Failure.malformed("unknown line table version") }
        var addressSize = unitAddressSize
        if version >= 5 {
            addressSize = Int(c.u8())
            _ = c.u8()
        }
        let headerLength = dwarf64 ? c.u64() : c.u32()
        guard headerLength <= UInt64(end - c.offset) else { throw DWARFData.Failure.malformed("program offset exceeds end") }
        let programOffset = c.offset + Int(headerLength)
        let minInstructionLength = Int(c.u8())
        let maxOps = version >= 4 ? Int(c.u8()) : 1
        let defaultIsStmt = c.u8() != 0
        _ = defaultIsStmt
        let lineBase = Int(Int8(bitPattern: c.u8()))
        let lineRange = Int(c.u8())
        if c.failed { throw DWARFData.Failure.malformed("truncated line header") }
        guard maxOps != 0, lineRange != 0 else { throw DWARFData.Failure.malformed("invalid line header") }
        let opcodeBase = Int(c.u8())
        var opcodeLengths = [Int](repeating: 0, count: max(opcodeBase, 1))
        for i in stride(from: 1, to: opcodeBase, by: 1) { opcodeLengths[i] = Int(c.u8()) }
        if c.failed { throw DWARFData.Failure.malformed("truncated line header") }
        let known: [Int: Int] = [1: 0, 2: 1, 3: 1, 4: 1, 6: 0, 7: 0, 8: 0, 10: 0, 11: 0, 12: 1]
        for (i, n) in opcodeLengths.enumerated() where known[i] != nil && known[i] != n {
            throw DWARFData.Failure.malformed("opcode \(i) has an unexpected length")
        }

        var directories: [String] = []
        if version < 5 {
            directories = [compDir]
            while true {
                var directory = c.cString()
                if c.failed { throw DWARFData.Failure.malformed("truncated directories") }
                if directory.isEmpty { break }
                if !GoPath.isAbsolute(directory) { directory = GoPath.join(compDir, directory) }
                directories.append(directory)
            }
            files = [nil]
            while true {
                guard let file = try Self.fileEntry(&c, directories) else { break }
                files.append(file)
            }
        } else {
            let directoryFormat = Self.entryFormat(&c)
            let directoryCount = c.uleb()
            for _ in 0..<min(directoryCount, 1 << 20) {
                directories.append(try Self.formattedEntry(&c, directoryFormat, directories, data, dwarf64))
            }
            let fileFormat = Self.entryFormat(&c)
            let fileCount = c.uleb()
            for _ in 0..<min(fileCount, 1 << 22) {
                files.append(try Self.formattedEntry(&c, fileFormat, directories, data, dwarf64))
            }
            if c.failed { throw DWARFData.Failure.malformed("truncated line header") }
        }

        // The program.
        c = ByteCursor(section, from: programOffset, to: end, bigEndian: data.bigEndian)
        var address: UInt64 = 0, opIndex = 0, file = 1, line = 1
        func reset() { address = 0; opIndex = 0; file = 1; line = 1 }
        func advance(_ operations: Int) {
            let total = opIndex + operations
            address &+= UInt64(bitPattern: Int64(minInstructionLength * (total / maxOps)))
            opIndex = total % maxOps
        }
        while !c.atEnd {
            let opcode = Int(c.u8())
            if opcode >= opcodeBase {
                let adjusted = opcode - opcodeBase
                advance(adjusted / lineRange)
                line += lineBase + adjusted % lineRange
                rows.append(Row(address: address, file: file, line: line, endSequence: false))
                continue
            }
            switch opcode {
            case 0:
                let length = Int(truncatingIfNeeded: c.uleb())
                let start = c.offset
                let extended = c.u8()
                switch extended {
                case 1:
                    rows.append(Row(address: address, file: file, line: line, endSequence: true))
                    reset()
                case 2:
                    switch addressSize {
                    case 1, 2, 4, 8: address = c.uint(size: addressSize)
                    default: c.failed = true
                    }
                case 3:
                    if let entry = try? Self.fileEntry(&c, directories), let entry {
                        files.append(entry)
                    } else {
                        c.failed = true
                    }
                default: break
                }
                if !c.failed { c.skip(start + length - c.offset) }
            case 1: rows.append(Row(address: address, file: file, line: line, endSequence: false))
            case 2: advance(Int(truncatingIfNeeded: c.uleb()))
            case 3: line += Int(truncatingIfNeeded: c.sleb())
            case 4: file = Int(truncatingIfNeeded: c.uleb())
            case 5: _ = c.uleb()
            case 6, 7, 10, 11: break
            case 8: advance((255 - opcodeBase) / lineRange)
            case 9: address &+= c.u16()
            case 12: _ = c.uleb()
            default:
                for _ in 0..<opcodeLengths[opcode] { _ = c.uleb() }
            }
            if c.failed {
                // Go's reader returns the error from here on: rows stop.
                if let last = rows.last, c.offset > 0, last.endSequence == false { _ = last }
                break
            }
        }
        var running: UInt64 = 0
        maxAfterFirst = rows.indices.map { i in
            if i > 0 { running = max(running, rows[i].address) }
            return running
        }
    }

    /// The row Go's `SeekPC` settles on for `pc`: the row before the first
    /// later row whose address exceeds `pc`, unless that row ends a sequence.
    func row(for pc: UInt64) -> Row? {
        guard let first = rows.first, first.address <= pc, rows.count > 1 else { return nil }
        // First i >= 1 with rows[i].address > pc: maxAfterFirst is non-decreasing.
        var low = 1, high = rows.count
        while low < high {
            let mid = (low + high) / 2
            if maxAfterFirst[mid] > pc { high = mid } else { low = mid + 1 }
        }
        guard low < rows.count else { return nil }
        let entry = rows[low - 1]
        return entry.endSequence ? nil : entry
    }

    /// The name of file `index` (nil when out of range).
    func fileName(_ index: Int) -> String? {
        index >= 0 && index < files.count ? files[index] : nil
    }

    private static func fileEntry(_ c: inout ByteCursor, _ directories: [String]) throws -> String?? {
        var name = c.cString()
        if c.failed { throw DWARFData.Failure.malformed("truncated file entry") }
        if name.isEmpty { return nil }
        let directory = Int(truncatingIfNeeded: c.uleb())
        if !GoPath.isAbsolute(name) {
            guard directory >= 0, directory < directories.count else {
                throw DWARFData.Failure.malformed("directory index too large")
            }
            name = GoPath.join(directories[directory], name)
        }
        _ = c.uleb()
        _ = c.uleb()
        return .some(name)
    }

    private static func entryFormat(_ c: inout ByteCursor) -> [(UInt64, UInt64)] {
        let count = Int(c.u8())
        return (0..<count).map { _ in (c.uleb(), c.uleb()) }
    }

    private static func formattedEntry(
        _ c: inout ByteCursor, _ format: [(UInt64, UInt64)], _ directories: [String], _ data: DWARFData, _ dwarf64: Bool
    ) throws -> String {
        var path = "", directory = ""
        for (kind, form) in format {
            var text = ""
            var value: UInt64 = 0
            switch form {
            case 0x08: text = c.cString()
            case 0x0e, 0x1f:
                let offset = dwarf64 ? c.u64() : c.u32()
                guard let table = form == 0x0e ? data.s.str : data.s.lineStr,
                    let value = ByteCursor.string(in: table, at: offset)
                else { throw DWARFData.Failure.malformed("line string out of range") }
                text = value
            case 0x1d: _ = dwarf64 ? c.u64() : c.u32()
            case 0x1a: _ = c.uleb()
            case 0x25: _ = c.u8()
            case 0x26: _ = c.u16()
            case 0x27: _ = c.uint(size: 3)
            case 0x28: _ = c.u32()
            case 0x0b: value = UInt64(c.u8())
            case 0x05: value = c.u16()
            case 0x06: value = c.u32()
            case 0x07: value = c.u64()
            case 0x1e: c.skip(16)
            case 0x09: c.skip(Int(truncatingIfNeeded: c.uleb()))
            case 0x0f: value = c.uleb()
            default: break
            }
            switch kind {
            case 1: path = text
            case 2:
                guard value < UInt64(directories.count) else { throw DWARFData.Failure.malformed("directory index out of range") }
                directory = directories[Int(value)]
            default: break
            }
        }
        if !directory.isEmpty && !path.isEmpty { path = GoPath.join(directory, path) }
        return path
    }
}

/// debug/dwarf's path joining (`path.Join`, DOS drives kept) and its absolute-path test, for file names
/// as debug/dwarf forms them.
enum GoPath {
    static func isAbsolute(_ path: String) -> Bool {
        if path.hasPrefix("/") { return true }
        let bytes = Array(path.utf8)
        if bytes.count >= 3, bytes[1] == UInt8(ascii: ":"), (bytes[2] == UInt8(ascii: "\\") || bytes[2] == UInt8(ascii: "/")) {
            let d = bytes[0] | 0x20
            return d >= UInt8(ascii: "a") && d <= UInt8(ascii: "z")
        }
        return path.hasPrefix("\\\\")
    }

    /// debug/dwarf's `pathJoin` for Unix directories (no drive letter): `path.Join`.
    static func join(_ directory: String, _ file: String) -> String {
        if directory.isEmpty { return file }
        if directory.utf8.count >= 2, Array(directory.utf8)[1] == UInt8(ascii: ":") {
            return dosJoin(directory, file)
        }
        let joined = file.isEmpty ? directory : directory + "/" + file
        return GoFilePath.clean(joined)
    }

    private static func dosJoin(_ directory: String, _ file: String) -> String {
        var dir = directory
        if !(dir.hasSuffix("/") || dir.hasSuffix("\\")) {
            dir += dir.dropFirst(2).hasPrefix("/") ? "/" : "\\"
        }
        return dir + file
    }
}
