import Foundation

/// The disassembler pprof's binutils use for `-disasm`: `llvm-objdump`, else
/// GNU `objdump`, looked for in the `-tools` directories (`objdump:DIR` or
/// plain `DIR`, comma-separated), then on `PATH`; run once per function.
public struct Objdump: Sendable {
    /// One instruction, with the function and line objdump printed above it.
    public struct Instruction: Sendable, Equatable {
        public var address: UInt64
        public var text: String
        public var function: String
        public var file: String
        public var line: Int
    }

    public let path: String
    public let isLLVM: Bool

    /// The objdump `tools` names, or nil when there is none.
    public static func find(tools: String, environmentPath: String?) -> Objdump? {
        var named: [String: [String]] = [:]
        for entry in tools.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = entry.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2 {
                named[String(parts[0]), default: []].append(String(parts[1]))
            } else {
                named["", default: []].append(String(entry))
            }
        }
        let directories = (named["objdump"] ?? []) + (named[""] ?? [])
        for name in ["llvm-objdump", "objdump"] {
            for directory in directories {
                let candidate = directory.isEmpty ? name : GoFilePath.join(directory, name)
                guard let executable = lookPath(candidate, environmentPath) else { continue }
                guard let version = try? run(executable, ["--version"]) else { continue }
                let text = String(decoding: version, as: UTF8.self)
                if text.contains("LLVM") { return Objdump(path: executable, isLLVM: true) }
                if text.contains("GNU objdump") { return Objdump(path: executable, isLLVM: false) }
            }
        }
        return nil
    }

    /// Go's `exec.LookPath`: a name with a slash as it is, else the first match on `PATH`.
    static func lookPath(_ name: String, _ environmentPath: String?) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        for directory in (environmentPath ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = String(directory) + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The instructions of `file` from `start` to `end` (objdump's stop address).
    public func disassemble(_ file: String, start: UInt64, end: UInt64, intelSyntax: Bool) throws -> [Instruction] {
        var arguments = [
            "--disassemble", "--demangle", "--no-show-raw-insn", "--line-numbers",
            "--start-address=0x" + String(start, radix: 16), "--stop-address=0x" + String(end, radix: 16),
        ]
        if intelSyntax { arguments += isLLVM ? ["--x86-asm-syntax=intel"] : ["-M", "intel"] }
        arguments.append(file)
        let output: Data
        do {
            output = try Self.run(path, arguments)
        } catch {
            throw ProfileError(.invalidOption, "[\(([path] + arguments).joined(separator: " "))]: \(error)")
        }
        return Self.parse(String(decoding: output, as: UTF8.self))
    }

    /// Reads objdump's listing as pprof does: `ADDR: TEXT` lines are
    /// instructions; `FILE:LINE` and `FUNCTION():` (or llvm's `FUNCTION:`)
    /// lines say where the following ones come from; other lines forget it.
    public static func parse(_ listing: String) -> [Instruction] {
        var function = "", file = "", line = 0
        var result: [Instruction] = []
        for raw in listing.split(separator: "\n", omittingEmptySubsequences: false) {
            let input = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if let (address, text) = instruction(input) {
                result.append(Instruction(address: address, text: text, function: function, file: file, line: line))
                continue
            }
            if let (f, l) = fileLine(input) {
                (file, line) = (f, l)
                continue
            }
            if let name = functionName(input) {
                function = name
                continue
            }
            if let name = llvmFunctionName(input) {
                function = name
                continue
            }
            (function, file, line) = ("", "", 0)
        }
        return result
    }

    /// `^\s*([[:xdigit:]]+):\s+(.*)`
    private static func instruction(_ s: String) -> (UInt64, String)? {
        let chars = Array(s.unicodeScalars)
        var i = 0
        while i < chars.count, chars[i].properties.isWhitespace { i += 1 }
        let start = i
        while i < chars.count, chars[i].properties.isASCIIHexDigit { i += 1 }
        guard i > start, i < chars.count, chars[i] == ":" else { return nil }
        let hex = String(String.UnicodeScalarView(chars[start..<i]))
        i += 1
        let spaceStart = i
        while i < chars.count, chars[i] == " " || chars[i] == "\t" { i += 1 }
        guard i > spaceStart else { return nil }
        guard let address = UInt64(hex, radix: 16) else { return nil }
        return (address, String(String.UnicodeScalarView(chars[i...])))
    }

    /// `^;?\s?(.*):([0-9]+)` (greedy: the last `:DIGITS`).
    private static func fileLine(_ s: String) -> (String, Int)? {
        var body = Substring(s)
        if body.hasPrefix(";") { body = body.dropFirst() }
        if body.first == " " || body.first == "\t" { body = body.dropFirst() }
        var search = body.endIndex
        while let colon = body[..<search].lastIndex(of: ":") {
            let digits = body[body.index(after: colon)...].prefix { $0.isASCII && $0.isNumber }
            if !digits.isEmpty, let value = UInt32(digits) {
                return (String(body[..<colon]), Int(value))
            }
            if !digits.isEmpty { return nil }
            search = colon
        }
        return nil
    }

    /// `^;?\s?(\S.*)\(\):`
    private static func functionName(_ s: String) -> String? {
        var body = Substring(s)
        if body.hasPrefix(";") { body = body.dropFirst() }
        if body.first == " " || body.first == "\t" { body = body.dropFirst() }
        guard let first = body.first, !first.isWhitespace, let range = body.range(of: "():", options: .backwards) else {
            return nil
        }
        let name = body[..<range.lowerBound]
        return name.isEmpty ? nil : String(name)
    }

    /// `^([[:xdigit:]]+)?\s?(.*):`
    private static func llvmFunctionName(_ s: String) -> String? {
        guard let colon = s.lastIndex(of: ":") else { return nil }
        var body = s[..<colon]
        let hex = body.prefix { $0.isHexDigit }
        body = body.dropFirst(hex.count)
        if body.first == " " || body.first == "\t" { body = body.dropFirst() }
        return String(body)
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ProfileError(.invalidOption, "exit status \(process.terminationStatus)")
        }
        return data
    }
}
