import SwprofViews
import Foundation
import SwprofCore
import SwprofRender
import Testing

@testable import SwprofServer

/// Saved configurations in pprof's settings file: save, list, apply, delete,
/// and configurations pprof wrote appear.
@Suite(.serialized) struct SavedConfigTests {
    static func temporaryDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swprof-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func server(_ environment: [String: String], _ body: (Int) async throws -> Void) async throws {
        let configuration = WebServer.Configuration(
            address: HTTPAddress(host: "localhost", port: 0), openBrowser: false, environment: environment)
        let server = try await WebServer.start(WebServer.Input(profile: TestProfiles.heap(), name: "heap.test"), configuration: configuration)
        do { try await body(server.port) } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test func settingsFileFollowsGosUserConfigDir() {
        #expect(SavedConfigs(environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"]).file == "/x/pprof/settings.json")
        #expect(SavedConfigs(environment: ["HOME": "/h"]).file == "/h/.config/pprof/settings.json")
        #expect(SavedConfigs(environment: ["XDG_CONFIG_HOME": "relative"]).file == nil)
        #expect(SavedConfigs(environment: [:]).file == nil)
    }

    @Test func saveListApplyAndDelete() async throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/pprof/settings.json"
        try await Self.server(["XDG_CONFIG_HOME": dir]) { port in
            let before = try await HTTPTestClient.get(port: port, "/ui/top").text
            #expect(before.contains("<summary>Config</summary>"))
            #expect(before.contains(">Default</a>"))
            #expect(!FileManager.default.fileExists(atPath: file))

            let saved = try await HTTPTestClient.post(
                port: port, "/ui/saveconfig", form: "config=leaks&view=top&query=" + Escape.queryComponent("f=main&g=lines&n=7"))
            #expect(saved.status == 303)
            #expect(saved.headers["location"] == "/ui/top?f=main&g=lines&n=7")
            let data = try #require(FileManager.default.contents(atPath: file))
            let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let configs = try #require(json["configs"] as? [[String: Any]])
            #expect(configs.count == 1)
            #expect(configs[0]["name"] as? String == "leaks")
            #expect(configs[0]["focus"] as? String == "main")
            #expect(configs[0]["granularity"] as? String == "lines")
            #expect((configs[0]["nodecount"] as? NSNumber)?.intValue == 7)
            #expect(configs[0]["trim"] as? Bool == true)

            // Listed in every page; applying it sets its options, and the page with them marks it current.
            let plain = try await HTTPTestClient.get(port: port, "/ui/flamegraph").text
            #expect(plain.contains("<a href=\"/ui/flamegraph?n=7&amp;f=main&amp;g=lines\">leaks</a>"))
            let applied = try await HTTPTestClient.get(port: port, "/ui/flamegraph?n=7&f=main&g=lines").text
            #expect(applied.contains("class=\"current\" aria-current=\"true\">leaks</a>"))
            #expect(applied.contains("<a href=\"/ui/flamegraph\">Default</a>"))

            let deleted = try await HTTPTestClient.post(port: port, "/ui/deleteconfig", form: "config=leaks&view=top&query=")
            #expect(deleted.status == 303)
            let after = try await HTTPTestClient.get(port: port, "/ui/top").text
            #expect(!after.contains(">leaks</a>"))
            let missing = try await HTTPTestClient.post(port: port, "/ui/deleteconfig", form: "config=leaks&view=top&query=")
            #expect(missing.status == 400)
            #expect(missing.text.contains("config leaks not found"))
        }
    }

    @Test func configurationsPprofWroteAppear() async throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/pprof", withIntermediateDirectories: true)
        // As pprof's writeSettings writes it (json.MarshalIndent of its settings struct).
        let pprof = """
            {
              "configs": [
                {
                  "name": "hot",
                  "unit": "minimum",
                  "sort": "cum",
                  "nodecount": 80,
                  "nodefraction": 0.005,
                  "edgefraction": 0.001,
                  "trim": true,
                  "ignore": "runtime",
                  "intel_syntax": true,
                  "granularity": "lines"
                }
              ]
            }
            """
        try pprof.write(toFile: dir + "/pprof/settings.json", atomically: true, encoding: .utf8)
        try await Self.server(["XDG_CONFIG_HOME": dir]) { port in
            let page = try await HTTPTestClient.get(port: port, "/ui/top").text
            #expect(page.contains("<a href=\"/ui/top?intel=t&amp;sort=cum&amp;n=80&amp;i=runtime&amp;g=lines\">hot</a>"), "\(page.components(separatedBy: "configs").dropFirst().first?.prefix(600) ?? "")")
            // Saving another keeps pprof's, and fields swprof does not use.
            let saved = try await HTTPTestClient.post(port: port, "/ui/saveconfig", form: "config=mine&view=top&query=")
            #expect(saved.status == 303)
            let data = try #require(FileManager.default.contents(atPath: dir + "/pprof/settings.json"))
            let configs = try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["configs"] as? [[String: Any]])
            #expect(configs.map { $0["name"] as? String } == ["hot", "mine"])
            #expect(configs[0]["intel_syntax"] as? Bool == true)
        }
    }
}
