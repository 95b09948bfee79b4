import Foundation
import SwprofCore

/// The line a profile that takes more than a second to load shows on a
/// terminal's stderr: bytes read, inflated, and stacks decoded, redrawn a few
/// times a second and erased when the load ends. Loads under a second show nothing.
final class LoadProgressLine: @unchecked Sendable {
    private let name: String
    private let progress: LoadProgress
    private let write: @Sendable (String) -> Void
    private let stopped = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    init(name: String, progress: LoadProgress, write: @escaping @Sendable (String) -> Void) {
        self.name = name
        self.progress = progress
        self.write = write
    }

    /// The line for these counts.
    static func line(name: String, bytesRead: Int, bytesInflated: Int, stacks: Int) -> String {
        var parts = ["\(megabytes(bytesRead)) read"]
        if bytesInflated > 0 { parts.append("\(megabytes(bytesInflated)) inflated") }
        parts.append("\(stacks) stacks decoded")
        return "Loading \(name): " + parts.joined(separator: ", ")
    }

    static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f MB", Double(bytes) / 1e6)
    }

    /// Starts a thread that waits a second, then redraws the line until `stop`.
    func start() {
        let thread = Thread { [self] in
            var shown = false
            if stopped.wait(timeout: .now() + 1) != .success {
                shown = true
                while true {
                    let now = progress.current
                    write("\r\u{1B}[K" + Self.line(
                        name: name, bytesRead: now.bytesRead, bytesInflated: now.bytesInflated, stacks: now.stacks))
                    if stopped.wait(timeout: .now() + 0.25) == .success { break }
                }
            }
            if shown { write("\r\u{1B}[K") }
            finished.signal()
        }
        thread.start()
    }

    /// Erases the line (if it was shown) and returns once it is gone.
    func stop() {
        stopped.signal()
        finished.wait()
    }
}
