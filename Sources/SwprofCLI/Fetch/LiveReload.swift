import Foundation
import SwprofCore
import SwprofServer

/// The web UI's "Refresh" for sources fetched over HTTP: loads everything
/// the command line names again, exactly as at start (same flags, same
/// `Fetching…`/`Saved profile in …` lines on stderr), as a new snapshot.
enum LiveReload {
    /// The reload closure for the web server, or nil when no source or base
    /// is a URL (files do not change under the UI's feet).
    static func closure(
        invocation: Invocation, loader: ProfileLoader, makeInput: @escaping @Sendable (ProfileLoader.Loaded) -> WebServer.Input
    ) -> (@Sendable () async throws -> WebServer.Input)? {
        let remote = (invocation.sources + invocation.bases).contains { loader.remoteURL($0, invocation) != nil }
        guard remote else { return nil }
        return {
            try await offThePool {
                makeInput(try loader.loadWithComparison(invocation))
            }
        }
    }

    /// Runs blocking `work` (a fetch waits up to `-seconds` plus the timeout)
    /// on a thread of its own, so the server's cooperative threads keep answering.
    static func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            thread.start()
        }
    }
}
