import Foundation
import SwprofCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens files in a browser for the shell's `web` command, trying the
/// programs pprof tries: `$BROWSER`, then common browsers, then `xdg-open`
/// when a display is set.
enum BrowserLauncher {
    /// Writes `bytes` to a fresh `prefixNNN suffix` in the temporary directory.
    static func writeTemporary(_ bytes: Data, prefix: String, suffix: String) throws -> String {
        let directory = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        for index in 1..<10000 {
            let path = (directory as NSString).appendingPathComponent(prefix + String(format: "%03d", index) + suffix)
            let fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0o666)
            if fd < 0 {
                if errno == EEXIST { continue }
                throw ProfileError(.unreadable, source: path, "open: \(ProfileLoader.systemReason(errno))")
            }
            let ok = bytes.withUnsafeBytes { buffer -> Bool in
                var offset = 0
                while offset < buffer.count {
                    let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                    if n < 0 { if errno == EINTR { continue }; return false }
                    offset += n
                }
                return true
            }
            close(fd)
            if !ok { throw ProfileError(.unreadable, source: path, "write: \(ProfileLoader.systemReason(errno))") }
            return path
        }
        throw ProfileError(.unreadable, "could not create file of the form \(prefix)001\(suffix)")
    }

    /// The commands tried in order, each possibly with arguments.
    static func candidates(environment: [String: String]) -> [[String]] {
        var commands: [[String]] = []
        if let browser = environment["BROWSER"], !browser.isEmpty {
            commands.append(browser.split(separator: " ").map(String.init))
        }
        #if os(macOS)
        commands.append(["/usr/bin/open"])
        #else
        for name in ["chrome", "google-chrome", "chromium", "firefox", "sensible-browser"] { commands.append([name]) }
        if let display = environment["DISPLAY"], !display.isEmpty { commands.append(["xdg-open"]) }
        #endif
        return commands
    }

    /// Starts the first candidate found on `$PATH` with `file`, leaving it running.
    static func launch(_ file: String, environment: [String: String]) throws {
        var last = ""
        for command in candidates(environment: environment) {
            guard let name = command.first else { continue }
            last = name
            guard let executable = lookPath(name, environment: environment) else { continue }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = Array(command.dropFirst()) + [file]
            do {
                try process.run()
                return
            } catch {
                continue
            }
        }
        throw ProfileError(.unreadable, "exec: \(goQuoted(last)): executable file not found in $PATH")
    }

    private static func lookPath(_ name: String, environment: [String: String]) -> String? {
        if name.contains("/") { return access(name, X_OK) == 0 ? name : nil }
        for dir in (environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if access(path, X_OK) == 0 { return path }
        }
        return nil
    }
}
