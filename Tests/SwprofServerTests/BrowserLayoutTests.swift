import SwprofViews
import Foundation
import SwprofCore
import SwprofRender
import Testing

@testable import SwprofServer

/// Layout in a real browser: `scripts/browser-check.py` drives Debian's
/// headless Chromium through selenium, with script on and off at 800, 1400
/// and 2200 pixels (flame graph laid out for the window at a fixed text size,
/// hover status line, search fill, tabular numbers, one scale side by side,
/// goroutine titles, 404 page, dark theme and print style). Skipped, with
/// the reason, when chromium, chromium-driver or selenium is missing.
/// Screenshots go to `$SWPROF_SCREENSHOTS` when it is set.
@Suite(.serialized) struct BrowserLayoutTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/browser-check.py").path

    static func run(_ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (-1, "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Why the browser checks cannot run here, or nil when they can.
    static let missing: String? = {
        let fm = FileManager.default
        if !["/usr/bin/chromium", "/usr/bin/chromium-browser"].contains(where: fm.isExecutableFile(atPath:)) {
            return "chromium is not installed (apt-get install -y chromium chromium-driver)"
        }
        if !fm.isExecutableFile(atPath: "/usr/bin/chromedriver") {
            return "chromedriver is not installed (apt-get install -y chromium-driver)"
        }
        if run(["python3", "-c", "import selenium"]).status != 0 {
            return "selenium is not installed for python3 (pip install selenium)"
        }
        return nil
    }()

    @Test(.enabled(if: missing == nil, "needs chromium, chromium-driver and selenium")) func layoutWithScriptOnAndOff() async throws {
        let fixtures = FlameGraphPageTests.fixtures
        func load(_ name: String) throws -> Profile {
            try ProfileParser.parse(Data(contentsOf: fixtures.appendingPathComponent(name)), source: name)
        }
        let compared = try WebServer.Input.comparing(
            WebServer.Input(profile: load("heap.3.pb.gz"), name: "heap.3.pb.gz"),
            against: WebServer.Input(profile: load("heap.1.pb.gz"), name: "heap.1.pb.gz"))
        let goroutines = WebServer.Input(profile: try load("goroutine.3.pb.gz"), name: "goroutine.3.pb.gz")
        let out = ProcessInfo.processInfo.environment["SWPROF_SCREENSHOTS"]
        try await withServer { port in
            try await withServer(compared) { comparePort in
                try await withServer(goroutines) { goroutinePort in
                    var arguments = [
                        "python3", Self.script, "http://127.0.0.1:\(port)",
                        "--compare", "http://127.0.0.1:\(comparePort)", "--goroutines", "http://127.0.0.1:\(goroutinePort)",
                    ]
                    if let out { arguments += ["--out", out] }
                    // The browser runs in its own process; wait for it off the cooperative pool.
                    let command = arguments
                    let result = await withCheckedContinuation { continuation in
                        Thread { continuation.resume(returning: Self.run(command)) }.start()
                    }
                    print(result.output)
                    #expect(result.status == 0, "\(result.output)")
                    #expect(result.output.contains("all passed"))
                }
            }
        }
    }
}
