import Testing
@testable import SwprofCLI

@Test func noArgumentsFails() {
    let (io, _) = CommandIO.capturing()
    #expect(Swprof.run(arguments: ["/nonexistent/file"], io: io) == 1)
}
