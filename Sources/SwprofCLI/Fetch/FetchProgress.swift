import Foundation

/// A countdown on the terminal while a timed profile (`-seconds`) is taken:
/// one line, rewritten every second after pprof's `Please wait... (30s)`,
/// erased when the reply is in. Only used when standard error is a terminal.
final class FetchProgress: @unchecked Sendable {
    private let seconds: Int
    private let write: @Sendable (String) -> Void
    private let interval: TimeInterval
    private let stopped = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let started = Date()

    /// `write` gets the terminal text (carriage returns and erase-line
    /// sequences included); `interval` is how often the line changes.
    init(seconds: Int, interval: TimeInterval = 1, write: @escaping @Sendable (String) -> Void) {
        self.seconds = seconds
        self.interval = interval
        self.write = write
    }

    /// The line after `elapsed` seconds: a bar while the profile is being
    /// taken, then the wait for the reply.
    static func line(elapsed: Int, of seconds: Int, width: Int = 20) -> String {
        let total = ProfileURL.goDuration(seconds: seconds)
        if elapsed >= seconds {
            return "Profiled \(total), waiting for the reply… \(ProfileURL.goDuration(seconds: elapsed)) elapsed"
        }
        let filled = seconds > 0 ? elapsed * width / seconds : 0
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        return "[\(bar)] \(ProfileURL.goDuration(seconds: elapsed)) of \(total), \(ProfileURL.goDuration(seconds: seconds - elapsed)) left"
    }

    /// Starts redrawing the line on a thread of its own.
    func start() {
        let thread = Thread { [self] in
            while true {
                let elapsed = Int(Date().timeIntervalSince(started))
                write("\r\u{1B}[K" + Self.line(elapsed: elapsed, of: seconds))
                if stopped.wait(timeout: .now() + interval) == .success { break }
            }
            write("\r\u{1B}[K")
            finished.signal()
        }
        thread.start()
    }

    /// Erases the line and returns once it is gone.
    func stop() {
        stopped.signal()
        finished.wait()
    }
}
