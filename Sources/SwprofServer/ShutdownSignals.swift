import Dispatch
import Foundation

/// SIGTERM and SIGINT (Ctrl-C) while serving: the server stops listening and
/// cancels the pages still computing, then the process exits with status
/// 128 + the signal's number. If stopping takes longer than `grace` seconds (a
/// Graphviz layout cannot be interrupted), the process ends anyway.
enum ShutdownSignals {
    /// Installs the handlers; cancel the returned sources to remove them.
    static func install(grace: Double = 2, stop: @escaping @Sendable () async -> Void) -> Handlers {
        let signals = [SIGTERM, SIGINT]
        let queue = DispatchQueue(label: "swprof.signals")
        var sources: [any DispatchSourceSignal] = []
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                queue.asyncAfter(deadline: .now() + grace) { end(number) }
                Task {
                    await stop()
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
