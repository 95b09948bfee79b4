import Testing
@testable import SwprofCLI

/// `swprof` with no source serves the bundled sample in the web UI.
extension FlagTests {
    @Test func noSourceServesTheSampleOnTheDefaultAddress() throws {
        let inv = try parse([])
        #expect(inv.sources.isEmpty)
        #expect(inv.httpHostPort == Invocation.defaultSampleHTTP)
        #expect(inv.command == nil)
    }

    @Test func noSourceKeepsAnExplicitHTTPAddress() throws {
        let inv = try parse(["-http=:0", "-no_browser"])
        #expect(inv.httpHostPort == ":0")
        #expect(inv.noBrowser)
    }

    @Test func reportWithoutSourceIsAUsageError() {
        #expect(message(["-top"]) == "no profile source specified")
    }
}
