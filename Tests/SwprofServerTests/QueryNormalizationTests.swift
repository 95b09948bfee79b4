import Foundation
import NIOCore
import SwprofCore
import SwprofRender
import Testing

@testable import SwprofServer
@testable import SwprofViews

/// Pages are cached by the values they read, carry no unknown parameter into
/// their links, and cached pages go out from one shared buffer.
@Suite(.serialized) struct QueryNormalizationTests {
    @Test func anEmptyFirstValueDoesNotPoisonTheFilteredPage() async throws {
        try await withServer { port in
            let tricky = try await HTTPTestClient.get(port: port, "/ui/top?n=4321&f=&f=leakHeap")
            #expect(tricky.status == 200)
            // The page reads the first `f`, which is empty: no focus.
            #expect(tricky.text.contains("strings.(*Builder).WriteString"))
            let filtered = try await HTTPTestClient.get(port: port, "/ui/top?n=4321&f=leakHeap")
            #expect(filtered.status == 200)
            #expect(filtered.text.contains("main.leakHeap"))
            #expect(!filtered.text.contains("strings.(*Builder).WriteString"), "the unfiltered page was served for f=leakHeap")
        }
    }

    @Test func normalizedKeepsTheFirstValueOfKnownParameters() {
        let query = WebQuery(parsing: "zz=1&n=4321&f=&f=leakHeap&q=a&q=b&utm_source=x&si=alloc_space")
        #expect(query.normalized.encoded == "n=4321&q=a&si=alloc_space")
        #expect(WebQuery(parsing: "f=a&f=").normalized.encoded == "f=a")
        #expect(WebQuery(parsing: "f=leakHeap&n=4321").normalized.canonical == WebQuery(parsing: "n=4321&f=leakHeap&x=1").normalized.canonical)
    }

    @Test func unknownParametersReachNoLink() async throws {
        try await withServer { port in
            let junk = String(repeating: "J", count: 4000)
            for view in WebView.reportViews {
                let response = try await HTTPTestClient.get(port: port, view.path + "?n=5&unknownparam=\(junk)&f=main")
                #expect(response.status == 200)
                #expect(!response.text.contains("unknownparam"), "\(view): an unknown parameter was copied into the page")
            }
            let long = try await HTTPTestClient.get(port: port, "/ui/top?q=" + String(repeating: "a", count: 9000))
            #expect(long.status == 414)
        }
    }

    @Test func cachedPagesShareOneBuffer() async throws {
        let ui = CachedUI(try WebUI(input: WebServer.Input(profile: TestProfiles.heap(), name: "heap"), config: ReportConfig()))
        let first = await ui.page(view: .top, query: WebQuery(parsing: "n=3"))
        let second = await ui.page(view: .top, query: WebQuery(parsing: "n=3&unknown=1"))
        let a = first.buffer.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        let b = second.buffer.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        #expect(a == b && a != 0, "each request got its own copy of the page")
    }
}
