import Foundation

/// Opens the UI in a browser as pprof does: `$BROWSER` first (a command,
/// possibly with arguments), else `xdg-open` when there is a display
/// (`open` on macOS). When nothing can be started the URL has been printed
/// already, which is enough.
enum BrowserOpener {
    static func open(_ url: String, environment: [String: String], log: @Sendable (String) -> Void) {
        for command in commands(environment: environment) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = command + [url]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            if (try? process.run()) != nil { return }
        }
    }

    /// The commands to try, in order.
    static func commands(environment: [String: String]) -> [[String]] {
        var result: [[String]] = []
        if let browser = environment["BROWSER"], !browser.isEmpty {
            let words = browser.split(separator: " ").map(String.init)
            if !words.isEmpty { result.append(words) }
        }
        #if os(macOS)
            result.append(["open"])
        #else
            if environment["DISPLAY"].map({ !$0.isEmpty }) == true
                || environment["WAYLAND_DISPLAY"].map({ !$0.isEmpty }) == true
            {
                result.append(["xdg-open"])
            }
        #endif
        return result
    }
}
