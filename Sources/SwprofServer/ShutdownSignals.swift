import Dispatch
import Foundation

/// SIGTERM and SIGINT (Ctrl-C) while serving: the pages still computing are
/// cancelled (their requests answered), then the process exits with status
/// 128 + the signal's number, within `grace` seconds whatever is running (a
/// Graphviz layout cannot be interrupted).
enum ShutdownSignals {
    /// Installs the handlers; cancel the returned sources to remove them.
    static func install(grace: Double = 2, beforeExit: @escaping @Sendable () async -> Void) -> Handlers {
        let signals = [SIGTERM, SIGINT]
        let queue = DispatchQueue(label: "swprof.signals")
        var sources: [any DispatchSourceSignal] = []
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                queue.asyncAfter(deadline: .now() + grace) { end(number) }
                Task {
                    await beforeExit()
                    end(number)
                }
            }
            source.resume()
            sources.append(source)
        }
        return Handlers(sources: sources, signals: signals)
    }

    /// Ends the process with the status a shell gives a process the signal
    /// killed (130 for Ctrl-C, 143 for SIGTERM).
    private static func end(_ number: Int32) {
        exit(128 + number)
    }

    struct Handlers: @unchecked Sendable {
        let sources: [any DispatchSourceSignal]
        let signals: [Int32]

        func cancel() {
            for source in sources { source.cancel() }
            for number in signals { signal(number, SIG_DFL) }
        }
    }
}
