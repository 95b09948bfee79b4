import Foundation
import SwprofCLI
import SwprofCore
import Testing

/// `-disasm` on the committed native fixtures (Tests/Fixtures/native): the
/// routines' totals are the functions' `-top` values, every sampled address
/// shows up at its instruction, and `-intel_syntax` switches objdump's syntax.
/// Needs objdump (binutils or llvm); without one the tests say so and pass.
@Suite struct NativeDisassemblyTests {
    static var objdump: Objdump? {
        Objdump.find(tools: "", environmentPath: ProcessInfo.processInfo.environment["PATH"])
    }

    static func run(_ arguments: [String]) -> (status: Int32, stdout: String, stderr: String) {
        NativeSymbolizationTests.swprof(arguments)
    }

    /// One unit for both reports (pprof picks `-disasm`'s per value, `-top`'s per report).
    static func unit(_ profile: String) -> String { profile.hasSuffix(".heap") ? "kb" : "ms" }

    /// `-top`'s flat and cum columns for `function`.
    static func topValues(_ function: String, _ profile: String, binary: String) -> (String, String)? {
        let (_, out, _) = run(["-top", "-unit=\(unit(profile))", binary, profile])
        for line in out.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count == 6 && fields[5] == function { return (String(fields[0]), String(fields[3])) }
        }
        return nil
    }

    // The pattern matches node names (address, function, file:line), so it is not anchored.
    @Test(arguments: [("hash_block", "./hot", "hot.cpu.prof"), ("compare_ints", "./hot", "hot.cpu.prof"), ("build_list", "./leaky", "leaky.heap")])
    func routineTotalsAreTopValues(_ function: String, _ binary: String, _ profile: String) throws {
        guard Self.objdump != nil else {
            print("NativeDisassemblyTests: skipped, no objdump or llvm-objdump on PATH")
            return
        }
        let (status, out, err) = Self.run(["-disasm=\(function)", "-unit=\(Self.unit(profile))", binary, profile])
        try #require(status == 0, "\(err)")
        let lines = out.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("Total: ") == true)
        #expect(lines.contains("ROUTINE ======================== \(function)"), "\(out)")
        let header = try #require(lines.first { $0.hasSuffix(" of Total") })
        let columns = header.split(separator: " ", omittingEmptySubsequences: true)
        let top = try #require(Self.topValues(function, profile, binary: binary))
        #expect(String(columns[0]) == top.0 && String(columns[1]) == top.1, "\(header) vs -top \(top)")
        // Instruction lines: flat, cum, address, text; sampled ones add up to the routine's flat.
        let instructions = lines.filter { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            return fields.count > 3 && fields[2].hasSuffix(":") && UInt64(fields[2].dropLast(), radix: 16) != nil
        }
        #expect(instructions.count > 3, "\(out)")
        #expect(instructions.contains { !$0.hasPrefix("         .") }, "some instruction has samples")
    }

    @Test func sampledAddressesAreInstructions() throws {
        guard Self.objdump != nil else {
            print("NativeDisassemblyTests: skipped, no objdump or llvm-objdump on PATH")
            return
        }
        let (_, listing, _) = Self.run(["-disasm=hash_block", "./hot", "hot.cpu.prof"])
        let (_, addresses, _) = Self.run(["-top", "-addresses", "-focus=hash_block", "-nodefraction=0", "./hot", "hot.cpu.prof"])
        // Sampled leaf addresses of hash_block (file addresses: the mapping starts at the load address).
        let sampled = addresses.split(separator: "\n").filter { $0.contains(" hash_block ") && !$0.hasPrefix("         0") }
        #expect(!sampled.isEmpty)
        for row in sampled {
            let hex = row.split(separator: " ", omittingEmptySubsequences: true)[5]
            let low = String(UInt64(hex, radix: 16)! & 0xfff, radix: 16)
            #expect(listing.split(separator: "\n").contains { $0.contains("\(low): ") && !$0.hasPrefix("         .") }, "\(row)\n\(listing)")
        }
    }

    @Test func intelSyntax() throws {
        guard Self.objdump != nil else {
            print("NativeDisassemblyTests: skipped, no objdump or llvm-objdump on PATH")
            return
        }
        let (_, att, _) = Self.run(["-disasm=hash_block", "./hot", "hot.cpu.prof"])
        let (status, intel, err) = Self.run(["-disasm=hash_block", "-intel_syntax", "./hot", "hot.cpu.prof"])
        #expect(status == 0, "\(err)")
        #expect(att.contains("%r") || att.contains("%e"), "AT&T syntax names registers with %")
        #expect(!intel.contains("%r") && !intel.contains("%e") && intel.contains("ROUTINE"), "\(intel)")
    }

    @Test func noMatchAndNoTool() {
        let (status, _, err) = Self.run(["-disasm=no_such_function", "./hot", "hot.cpu.prof"])
        #expect(status != 0 && err.contains("no matches found for regexp no_such_function"), "\(err)")
        guard Self.objdump != nil else { return }
        let (io, captured) = CommandIO.capturing(
            workingDirectory: NativeSymbolizationTests.directory.path, environment: ["TZ": "UTC", "PPROF_TOOLS": "objdump:/nonexistent"])
        _ = io
        // Tools named for objdump alone replace the default places (PATH), as in pprof.
        let status2 = Swprof.run(arguments: ["-disasm=hash_block", "./hot", "hot.cpu.prof"], io: io)
        #expect(status2 != 0 && captured.stderrText.contains("cannot disasm: no objdump tool available"), "\(captured.stderrText)")
    }

    @Test func objdumpListingIsReadAsPprofReadsIt() {
        let gnu = """
            0000000000001189 <hash_block>:
            hash_block():
            /src/hot.c:12
                118c:\ttest   %rsi,%rsi
                118f:\tje     11af <hash_block+0x23>
            /src/hot.c:7
                119f:\timul   $0x1000193,%eax,%eax

            Disassembly of section .fini:
            """
        let parsed = Objdump.parse(gnu)
        #expect(parsed.map(\.address) == [0x118c, 0x118f, 0x119f])
        #expect(parsed[0].function == "hash_block" && parsed[0].file == "/src/hot.c" && parsed[0].line == 12)
        #expect(parsed[2].line == 7 && parsed[2].text == "imul   $0x1000193,%eax,%eax")
        let llvm = """
            0000000000001189 <hash_block>:
            ; hash_block():
            ; /src/hot.c:12
                118c: \ttestq\t%rsi, %rsi
            """
        let l = Objdump.parse(llvm)
        #expect(l.count == 1 && l[0].function == "hash_block" && l[0].line == 12 && l[0].file == "/src/hot.c")
    }
}
