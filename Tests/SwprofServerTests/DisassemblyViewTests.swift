import Foundation
import SwprofCore
import SwprofRender
import SwprofViews
import Testing

@testable import SwprofServer

/// The Disassemble view and the Source view's expandable lines on a Go
/// binary and its CPU profile (Tests/Fixtures/native/gohot: main.go built by
/// Go 1.27 with -trimpath, gohot.cpu.pb.gz written by it). Needs objdump;
/// without it the tests say so and pass.
@Suite(.serialized) struct DisassemblyViewTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/native")

    static func input() throws -> WebServer.Input {
        let data = try Data(contentsOf: directory.appendingPathComponent("gohot/gohot.cpu.pb.gz"))
        var profile = try ProfileParser.parse(data, source: "gohot.cpu.pb.gz")
        // As `swprof -http=:8080 ./gohot gohot.cpu.pb.gz` names the binary.
        profile.mappings[0].file = directory.appendingPathComponent("gohot/gohot").path
        return WebServer.Input(profile: profile, name: "gohot.cpu.pb.gz")
    }

    static var hasObjdump: Bool {
        Objdump.find(tools: "", environmentPath: ProcessInfo.processInfo.environment["PATH"]) != nil
    }

    static func serve(_ body: (Int) async throws -> Void) async throws {
        var config = ReportConfig()
        config.sourcePath = directory.path
        try await withServer(try input(), config: config, body)
    }

    @Test func disassembleIsInTheMenuAndListsFunctions() async throws {
        try await Self.serve { port in
            let index = try await HTTPTestClient.get(port: port, "/ui/disasm")
            #expect(index.status == 200)
            #expect(index.text.contains("aria-current=\"page\">Disassemble</a>"))
            let link = WebQuery().setting(.focus, FunctionLinks.symbolPattern(["main.hashLoop"])).url("/ui/disasm")
            #expect(index.text.contains("href=\"\(Escape.html(link))\""), "\(index.text)")
            let top = try await HTTPTestClient.get(port: port, "/ui/top")
            #expect(top.text.contains(">Disassemble</a>"))
        }
    }

    @Test func instructionsCarryTheSamplesOfTheirAddresses() async throws {
        guard Self.hasObjdump else {
            print("DisassemblyViewTests: skipped, no objdump or llvm-objdump on PATH")
            return
        }
        try await Self.serve { port in
            let pattern = FunctionLinks.symbolPattern(["main.hashLoop"])
            let page = try await HTTPTestClient.get(port: port, WebQuery().setting(.focus, pattern).url("/ui/disasm"))
            #expect(page.status == 200)
            let text = page.text
            #expect(text.contains("<h2>main.hashLoop <span class=\"sub\">flat 90ms · cum 560ms (52.83% of total)</span></h2>"))
            // The call of main.mix holds the samples below it (the profile's 460ms in mix).
            let rows = text.components(separatedBy: "<tr").filter { $0.contains("main.mix") && $0.contains("call") }
            #expect(rows.contains { $0.contains(">460ms<") }, "\(rows)")
            #expect(text.contains("main.hashLoop main.go:24"))
        }
    }

    @Test func sampledSourceLinesExpandIntoInstructions() async throws {
        guard Self.hasObjdump else {
            print("DisassemblyViewTests: skipped, no objdump or llvm-objdump on PATH")
            return
        }
        try await Self.serve { port in
            let page = try await HTTPTestClient.get(port: port, WebQuery().setting(.focus, "^main\\.hashLoop( |$)").url("/ui/source"))
            #expect(page.status == 200)
            let text = page.text
            // Lines 23 and 24 have samples and instructions; line 22 has neither.
            #expect(text.contains("<details><summary>\t\th += mix(uint64(i) + h)</summary><table class=\"report source asm\">"))
            #expect(text.contains("<details><summary>\tfor i := 0; i &lt; n; i++ {</summary>"))
            #expect(!text.contains("<details><summary>\tvar h uint64"))
            let line24 = text.components(separatedBy: "h += mix(uint64(i) + h)</summary>")[1].components(separatedBy: "</details>")[0]
            #expect(line24.contains("&lt;main.mix&gt;") && line24.contains(">460ms<"), "\(line24)")
        }
    }

    @Test func noBinaryNoMenuEntry() async throws {
        try await withServer { port in
            let top = try await HTTPTestClient.get(port: port, "/ui/top")
            #expect(!top.text.contains(">Disassemble</a>"))
        }
    }
}
