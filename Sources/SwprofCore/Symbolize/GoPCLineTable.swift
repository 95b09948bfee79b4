/// A Go binary's `.gopclntab` (the runtime's function and line table), read
/// as Go's `debug/gosym` reads it for `go tool pprof`: the function holding
/// an address, and the file and line its pc-value tables give. pprof asks this
/// table first and DWARF only for addresses it does not cover, so Go binaries
/// are named even without DWARF (`-ldflags=-w`). Tables of Go 1.16 and later.
struct GoPCLineTable {
    private let data: UnsafeRawBufferPointer
    private let bigEndian: Bool
    private let version: Int  // 116, 118 or 120
    private let quantum: UInt64
    private let pointerSize: Int
    private let textStart: UInt64
    private let functionCount: Int
    private let funcNames: UnsafeRawBufferPointer
    private let cuTable: UnsafeRawBufferPointer
    private let fileTable: UnsafeRawBufferPointer
    private let pcTable: UnsafeRawBufferPointer
    private let funcData: UnsafeRawBufferPointer
    private let fieldSize: Int

    /// The table of `elf`, or nil when it has none (not Go, or a format older than Go 1.16).
    init?(_ elf: ELFFile) {
        guard let section = elf.section(".gopclntab") ?? elf.section(".data.rel.ro.gopclntab") else { return nil }
        let d = elf.data(section)
        guard d.count >= 16, d[4] == 0, d[5] == 0, [1, 2, 4].contains(d[6]), d[7] == 4 || d[7] == 8 else { return nil }
        let le = UInt32(d[0]) | UInt32(d[1]) << 8 | UInt32(d[2]) << 16 | UInt32(d[3]) << 24
        let be = UInt32(d[3]) | UInt32(d[2]) << 8 | UInt32(d[1]) << 16 | UInt32(d[0]) << 24
        let versions: [UInt32: Int] = [0xffff_fffa: 116, 0xffff_fff0: 118, 0xffff_fff1: 120]
        if let v = versions[le] {
            (version, bigEndian) = (v, false)
        } else if let v = versions[be] {
            (version, bigEndian) = (v, true)
        } else {
            return nil
        }
        data = d
        quantum = UInt64(d[6])
        pointerSize = Int(d[7])
        fieldSize = version >= 118 ? 4 : pointerSize
        var start = elf.section(".text")?.address ?? 0
        if let text = elf.symbols().first(where: { $0.name == "runtime.text" }) { start = text.value }
        textStart = start
        let header = { (i: Int) -> Int? in
            let offset = 8 + i * Int(d[7])
            guard let v = Self.read(d, offset, Int(d[7]), bigEndian: versions[le] == nil), v <= UInt64(d.count) else { return nil }
            return Int(v)
        }
        let first = version >= 118 ? 3 : 2
        guard let count = header(0), let names = header(first), let cu = header(first + 1), let files = header(first + 2),
            let pcs = header(first + 3), let funcs = header(first + 4)
        else { return nil }
        functionCount = count
        funcNames = UnsafeRawBufferPointer(rebasing: d[names...])
        cuTable = UnsafeRawBufferPointer(rebasing: d[cu...])
        fileTable = UnsafeRawBufferPointer(rebasing: d[files...])
        pcTable = UnsafeRawBufferPointer(rebasing: d[pcs...])
        funcData = UnsafeRawBufferPointer(rebasing: d[funcs...])
        // The function table (pc, offset pairs and a final pc) must fit.
        guard (count * 2 + 1) * fieldSize <= funcData.count else { return nil }
    }

    private static func read(_ b: UnsafeRawBufferPointer, _ offset: Int, _ size: Int, bigEndian: Bool) -> UInt64? {
        guard offset >= 0, size > 0, offset <= b.count - size else { return nil }
        var v: UInt64 = 0
        for i in 0..<size {
            let byte = UInt64(b[bigEndian ? offset + i : offset + size - 1 - i])
            v = v << 8 | byte
        }
        return v
    }

    private func u32(_ b: UnsafeRawBufferPointer, _ offset: Int) -> UInt32? {
        Self.read(b, offset, 4, bigEndian: bigEndian).map { UInt32($0) }
    }

    /// The entry pc of function `i` of the function table (`i == count`: the end of the last).
    private func entry(_ i: Int) -> UInt64? {
        guard let v = Self.read(funcData, 2 * i * fieldSize, fieldSize, bigEndian: bigEndian) else { return nil }
        return version >= 118 ? v &+ textStart : v
    }

    /// The function holding `pc`, its file and line (line -1 and file "" when
    /// the tables do not say, as gosym reports them); nil outside every function.
    func lookup(_ pc: UInt64) -> (function: String, file: String, line: Int)? {
        guard functionCount > 0, let first = entry(0), let end = entry(functionCount), pc >= first, pc < end else {
            return nil
        }
        var lo = 0, hi = functionCount  // first index whose entry is > pc
        while lo < hi {
            let mid = (lo + hi) / 2
            guard let e = entry(mid) else { return nil }
            if e > pc { hi = mid } else { lo = mid + 1 }
        }
        let index = lo - 1
        guard index >= 0, let offset = Self.read(funcData, (2 * index + 1) * fieldSize, fieldSize, bigEndian: bigEndian),
            offset < UInt64(funcData.count)
        else { return nil }
        let f = Int(offset)
        let firstField = version >= 118 ? 4 : pointerSize
        func field(_ n: Int) -> UInt32? { u32(funcData, f + firstField + (n - 1) * 4) }
        guard let nameOffset = field(1), let name = cString(funcNames, Int(nameOffset)) else { return nil }
        let entryPC: UInt64
        if version >= 118 {
            guard let e = u32(funcData, f) else { return (name, "", -1) }
            entryPC = UInt64(e) &+ textStart
        } else {
            guard let e = Self.read(funcData, f, pointerSize, bigEndian: bigEndian) else { return (name, "", -1) }
            entryPC = e
        }
        var file = ""
        if let pcfile = field(5), let cu = field(8), let fno = pcValue(Int(pcfile), entryPC, pc), fno >= 0,
            let fileOffset = u32(cuTable, (Int(cu) + Int(fno)) * 4), fileOffset != UInt32.max
        {
            file = cString(fileTable, Int(fileOffset)) ?? ""
        }
        var line = -1
        if let pcln = field(6), let l = pcValue(Int(pcln), entryPC, pc) { line = Int(l) }
        return (name, file, line)
    }

    private func cString(_ b: UnsafeRawBufferPointer, _ offset: Int) -> String? {
        guard offset >= 0, offset < b.count else { return nil }
        var end = offset
        while end < b.count && b[end] != 0 { end += 1 }
        guard end < b.count else { return nil }
        return String(decoding: b[offset..<end], as: UTF8.self)
    }

    /// The value a pc-value table (at `offset` of the pc table) gives `target`;
    /// -1 past its end; nil when the table runs out of the data.
    private func pcValue(_ offset: Int, _ entry: UInt64, _ target: UInt64) -> Int32? {
        var p = offset
        var pc = entry
        var value: Int32 = -1
        func varint() -> UInt32? {
            var v: UInt32 = 0
            var shift: UInt32 = 0
            while true {
                guard p >= 0, p < pcTable.count, shift < 35 else { return nil }
                let b = pcTable[p]
                p += 1
                v |= (UInt32(b) & 0x7f) << shift
                if b & 0x80 == 0 { return v }
                shift += 7
            }
        }
        while true {
            guard let u = varint() else { return nil }
            if u == 0 && pc != entry { return -1 }  // the end (a zero delta is data only at the entry)
            let delta = u & 1 != 0 ? ~(u >> 1) : u >> 1
            guard let pcDelta = varint() else { return nil }
            pc &+= UInt64(pcDelta) &* quantum
            value &+= Int32(bitPattern: delta)
            if target < pc { return value }
        }
    }
}
