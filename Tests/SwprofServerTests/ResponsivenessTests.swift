import SwprofViews
import Foundation
import SwprofCore
import SwprofRender
import Testing

@testable import SwprofServer

/// No view can stall another: report work runs on the report workers with a
/// deadline, identical requests share one computation, clients that go away
/// cancel their page, and user patterns match in linear time.
@Suite(.serialized) struct ResponsivenessTests {
    /// A place where a test holds a page's computation: the render hook waits
    /// here, cooperating with its budget as long report loops do.
    final class Gate: @unchecked Sendable {
        private let lock = NSLock()
        private var released = false
        private var started = 0
        private var finished = 0
        private var stops: [WorkStopped.Reason] = []

        /// Holds the calling worker until `release()`, checking the page's
        /// budget every few milliseconds (at most 60 s, so a broken build
        /// cannot hang the suite).
        func hold() throws {
            lock.withLock { started += 1 }
            defer { lock.withLock { finished += 1 } }
            for _ in 0..<6000 {
                if lock.withLock({ released }) { return }
                do {
                    try WorkBudget.checkpoint()
                } catch let stopped as WorkStopped {
                    lock.withLock { stops.append(stopped.reason) }
                    throw stopped
                }
                usleep(10_000)
            }
        }

        func release() { lock.withLock { released = true } }
        var startedCount: Int { lock.withLock { started } }
        /// Pages held now.
        var holdingCount: Int { lock.withLock { started - finished } }
        var stopReasons: [WorkStopped.Reason] { lock.withLock { stops } }

        /// Waits (polling, at most `seconds`) until `condition` holds.
        func wait(seconds: Double = 30, until condition: @escaping () -> Bool) async {
            for _ in 0..<Int(seconds * 50) where !condition() {
                try? await Task.sleep(nanoseconds: 20_000_000)
            }
        }
    }

    /// A server whose Graph pages wait at `gate` before computing.
    func withHeldGraphs(_ gate: Gate, seconds: Double? = 20, _ body: (Int) async throws -> Void) async throws {
        defer { gate.release() }
        let input = WebServer.Input(profile: TestProfiles.heap(), name: "heap.test")
        try await withServer(
            input,
            configure: { configuration in
                configuration.pageLimits.seconds = seconds
                configuration.renderHook = { view, _ in
                    if view == .graph { try gate.hold() }
                }
            }, body)
    }

    @Test func aSlowViewDoesNotStallOtherPagesAndIdenticalRequestsShareIt() async throws {
        let gate = Gate()
        try await withHeldGraphs(gate) { port in
            async let first = HTTPTestClient.get(port: port, "/ui/graph", timeout: 60)
            async let second = HTTPTestClient.get(port: port, "/ui/graph", timeout: 60)
            await gate.wait { gate.startedCount >= 1 }
            // Both Graph requests wait for one computation; other views answer meanwhile.
            for path in ["/ui/top", "/ui/flamegraph", "/ui/top", "/ui/peek?f=main"] {
                let page = try await HTTPTestClient.get(port: port, path, timeout: 10)
                #expect(page.status == 200, "\(path)")
            }
            #expect(gate.startedCount == 1)
            gate.release()
            let (a, b) = try await (first, second)
            #expect(a.status == 200 && b.status == 200)
            #expect(a.text.contains("<svg"))
            #expect(gate.startedCount == 1)
        }
    }

    /// With the warm-up on, the server listens before computing any page,
    /// answers other pages while a warm-up page computes, and a request for
    /// the page being warmed up waits for that computation.
    @Test func theServerAnswersWhileTheWarmUpComputes() async throws {
        let gate = Gate()
        defer { gate.release() }
        try await withServer(
            configure: { configuration in
                configuration.warmUp = true
                configuration.renderHook = { view, query in
                    if view == .top && query[.sampleIndex] == nil { try gate.hold() }
                }
            }
        ) { port in
            // The warm-up reaches the default Top page and is held there.
            await gate.wait { gate.startedCount >= 1 }
            #expect(gate.holdingCount == 1)
            for path in ["/ui/graph?si=alloc_space", "/ui/flamegraph", "/ui/top?si=alloc_space"] {
                let page = try await HTTPTestClient.get(port: port, path, timeout: 30)
                #expect(page.status == 200, "\(path)")
            }
            #expect(gate.holdingCount == 1)
            async let top = HTTPTestClient.get(port: port, "/ui/top", timeout: 60)
            try await Task.sleep(nanoseconds: 200_000_000)
            gate.release()
            let page = try await top
            #expect(page.status == 200)
            #expect(page.text.contains("<table"))
            #expect(gate.startedCount == 1, "the request shared the warm-up's computation")
        }
    }

    /// The warm-up computes its next page only once no request waits for one.
    @Test func theWarmUpWaitsWhileRequestsCompute() async throws {
        let warmUpFirst = Gate()
        let request = Gate()
        let renders = Renders()
        defer {
            warmUpFirst.release()
            request.release()
        }
        try await withServer(
            configure: { configuration in
                configuration.warmUp = true
                configuration.renderHook = { view, query in
                    renders.add()
                    if view == .flamegraph && query[.sampleIndex] == nil { try warmUpFirst.hold() }
                    if view == .graph && query[.sampleIndex] == "alloc_space" { try request.hold() }
                }
            }
        ) { port in
            await warmUpFirst.wait { warmUpFirst.startedCount >= 1 }
            async let graph = HTTPTestClient.get(port: port, "/ui/graph?si=alloc_space", timeout: 60)
            await request.wait { request.startedCount >= 1 }
            let before = renders.count
            warmUpFirst.release()
            try await Task.sleep(nanoseconds: 500_000_000)
            #expect(renders.count == before, "no warm-up page started while the request computed")
            request.release()
            #expect(try await graph.status == 200)
            await request.wait { renders.count > before + 2 }
            #expect(renders.count > before + 2, "the warm-up went on")
        }
    }

    final class Renders: @unchecked Sendable {
        private let lock = NSLock()
        private var started = 0
        func add() { lock.withLock { started += 1 } }
        var count: Int { lock.withLock { started } }
    }

    @Test func aPagePastTheDeadlineStopsAndSaysHowToNarrowIt() async throws {
        let gate = Gate()
        // 2 s: long enough for the unheld Top page at the end on a loaded machine.
        try await withHeldGraphs(gate, seconds: 2) { port in
            let page = try await HTTPTestClient.get(port: port, "/ui/graph?n=400&g=lines", timeout: 30)
            #expect(page.status == 503)
            #expect(page.text.contains("The Graph page took longer than 2 s (-http_deadline) and was stopped."))
            #expect(page.text.contains("samples over"))
            #expect(page.text.contains("href=\"/ui/graph?n=100&amp;g=lines\""), "fewer nodes")
            #expect(page.text.contains("g=functions"), "coarser granularity")
            // The answer comes at the deadline; the computation stops at its next checkpoint.
            await gate.wait { !gate.stopReasons.isEmpty }
            #expect(gate.stopReasons == [.deadline])
            // Not cached: the next request computes again (and is stopped again).
            let again = try await HTTPTestClient.get(port: port, "/ui/graph?n=400&g=lines", timeout: 30)
            #expect(again.status == 503)
            await gate.wait { gate.stopReasons.count == 2 }
            #expect(gate.startedCount == 2)
            #expect(try await HTTPTestClient.get(port: port, "/ui/top", timeout: 10).status == 200)
        }
    }

    @Test func aClientThatDisconnectsCancelsItsPage() async throws {
        let gate = Gate()
        try await withHeldGraphs(gate) { port in
            let socket = try HTTPTestClient.sendRequest(port: port, "/ui/graph?si=alloc_space")
            await gate.wait { gate.startedCount >= 1 }
            #expect(gate.startedCount == 1)
            close(socket)
            await gate.wait { !gate.stopReasons.isEmpty }
            #expect(gate.stopReasons == [.cancelled])
            #expect(try await HTTPTestClient.get(port: port, "/ui/top", timeout: 10).status == 200)
        }
    }

    @Test func stoppingTheServerCancelsPagesInFlight() async throws {
        let gate = Gate()
        var configuration = WebServer.Configuration(
            address: HTTPAddress(host: "localhost", port: 0), openBrowser: false, environment: [:], config: ReportConfig())
        configuration.renderHook = { view, _ in
            if view == .graph { try gate.hold() }
        }
        let server = try await WebServer.start(WebServer.Input(profile: TestProfiles.heap(), name: "heap.test"), configuration: configuration)
        let port = server.port
        let pending = Task { try? await HTTPTestClient.get(port: port, "/ui/graph", timeout: 60) }
        await gate.wait { gate.startedCount >= 1 }
        await server.stop()
        await gate.wait { !gate.stopReasons.isEmpty }
        #expect(gate.stopReasons == [.cancelled])
        _ = await pending.value
    }

    /// Patterns that take exponential time in a backtracking engine, on names
    /// made to trigger it: each answers, and a cached page answers meanwhile.
    @Test func hostilePatternsAnswerWhileOtherPagesDo() async throws {
        var profile = TestProfiles.heap()
        profile.functions[0].name = String(repeating: "d", count: 80)
        profile.functions[1].name = String(repeating: "x", count: 80)
        try await withServer(WebServer.Input(profile: profile, name: "heap.test")) { port in
            #expect(try await HTTPTestClient.get(port: port, "/ui/top", timeout: 30).status == 200)
            let hostile = ["(.*d){25}y", "(x+x+)+y", "(.*d){25}z", "(.*)*z&g=lines"]
            try await withThrowingTaskGroup(of: (String, Int).self) { group in
                for pattern in hostile {
                    group.addTask {
                        let target = "/ui/top?f=" + pattern.replacingOccurrences(of: "+", with: "%2B")
                        return (pattern, try await HTTPTestClient.get(port: port, target, timeout: 60).status)
                    }
                }
                let cached = try await HTTPTestClient.get(port: port, "/ui/top", timeout: 10)
                #expect(cached.status == 200)
                for try await (pattern, status) in group {
                    #expect(status == 200, "\(pattern)")
                }
            }
        }
    }

    @Test func peekWithoutAPatternShowsTheHeaviestFunctions() async throws {
        try await withServer { port in
            let page = try await HTTPTestClient.get(port: port, "/ui/peek?n=3", timeout: 30)
            #expect(page.status == 200)
            #expect(page.text.components(separatedBy: "<section class=\"listing\">").count - 1 == 3)
            #expect(page.text.contains("Showing the 3 heaviest functions"))
            #expect(page.text.contains("more functions not shown: <a href=\"/ui/peek?n=12\">show more</a>"))
            // The heaviest by cumulative value: the leak's stack (27 MB in use), not runtime.main (8.5 MB).
            func headings(_ text: String) -> [String] {
                text.components(separatedBy: "<h2>").dropFirst().map { $0.components(separatedBy: "</h2>")[0] }
            }
            #expect(headings(page.text).count == 3)
            #expect(headings(page.text).allSatisfy { $0.contains("net/http") || $0.contains("main.handler") || $0.contains("main.leakHeap") })
            let all = try await HTTPTestClient.get(port: port, "/ui/peek?n=100", timeout: 30)
            #expect(!all.text.contains("show more"))
            #expect(headings(all.text).contains { $0.contains("runtime.main ") })
        }
    }

    /// A broad pattern on Source lists the heaviest `n` functions, not every one.
    @Test func aBroadSourcePatternIsBoundedWithALinkToMore() async throws {
        try await withServer { port in
            let page = try await HTTPTestClient.get(port: port, "/ui/source?f=.&n=2", timeout: 30)
            #expect(page.status == 200)
            let headings = page.text.components(separatedBy: "<h2>").dropFirst().map { $0.components(separatedBy: " <span")[0] }
            #expect(Set(headings).count == 2, "\(headings)")
            #expect(page.text.contains("more matching functions not shown (the heaviest 2 are): "))
            #expect(page.text.contains("<a href=\"/ui/source?f=.&amp;n=8\">show more</a>"))
            let all = try await HTTPTestClient.get(port: port, "/ui/source?f=.&n=1000", timeout: 30)
            #expect(!all.text.contains("show more"))
            #expect(Set(all.text.components(separatedBy: "<h2>").dropFirst().map { $0.components(separatedBy: " <span")[0] }).count > 2)
        }
    }

    @Test func theSourceIndexIsBoundedWithALinkToMore() async throws {
        try await withServer { port in
            let page = try await HTTPTestClient.get(port: port, "/ui/source?n=2", timeout: 30)
            #expect(page.status == 200)
            let list = page.text.components(separatedBy: "<ul class=\"pick\">").dropFirst().first ?? ""
            let picks = list.components(separatedBy: "</ul>")[0]
            #expect(picks.components(separatedBy: "<li>").count - 1 == 2)
            #expect(page.text.contains("more functions not shown: <a href=\"/ui/source?n=8\">show more</a>"))
        }
    }
}
