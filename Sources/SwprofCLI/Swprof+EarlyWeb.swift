import Foundation
import SwprofServer

extension Swprof {
    /// `-http` on profiles: listens first (pages say the profile is loading,
    /// see ``EarlyWebServer``), then loads the profiles and serves them. A
    /// load that fails prints its error and ends with status 2, as without
    /// `-http`.
    static func serveWhileLoading(_ invocation: Invocation, hostPort: String, loader: ProfileLoader, io: CommandIO) -> Int32 {
        let early: EarlyWebServer
        do {
            let configuration = try configuration(hostPort: hostPort, invocation: invocation, io: io)
            early = try waitFor { try await EarlyWebServer.listen(configuration: configuration, log: { io.err($0) }) }
        } catch {
            io.err("\(error)\n")
            return 2
        }
        return withProfile(invocation, loader: loader, io: io) { loaded in
            let (input, configuration) = try webSetup(loaded, hostPort: hostPort, invocation: invocation, loader: loader, io: io)
            try waitFor { try await early.serve(input, configuration: configuration, log: { io.err($0) }) }
            return 0
        }
    }

    /// The result of `work`, awaited from synchronous code (swprof's entry
    /// point) through a semaphore.
    static func waitFor<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let done = DispatchSemaphore(value: 0)
        let outcome = Outcome<T>()
        Task {
            do {
                outcome.result = .success(try await work())
            } catch {
                outcome.result = .failure(error)
            }
            done.signal()
        }
        done.wait()
        return try outcome.result!.get()
    }
}

/// Carries a task's result to the thread waiting for it.
private final class Outcome<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
