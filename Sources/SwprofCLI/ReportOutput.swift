import Foundation
import SwprofCore

/// Where a finished report goes: standard output, the `-output` file, or,
/// for binary formats headed for a terminal, a fresh `profileNNN.<suffix>`
/// file in the working directory (as pprof keeps binary data off the screen).
struct ReportOutput {
    let io: CommandIO

    func write(_ bytes: Data, command: ReportCommand, output: String) throws {
        if !output.isEmpty {
            io.err("Generating report in \(output)\n")
            try writeFile(bytes, to: output)
            return
        }
        let suffix: String?
        switch command.output {
        case .text: suffix = nil
        case .svg: suffix = "svg"
        case .file(let s): suffix = s
        }
        if let suffix, io.stdoutIsTerminal {
            let name = try createNumberedFile(prefix: "profile", suffix: "." + suffix)
            io.err("Generating report in \(name)\n")
            try writeFile(bytes, to: name)
            return
        }
        io.out(bytes)
    }

    private func path(_ name: String) -> String {
        name.hasPrefix("/") ? name : URL(fileURLWithPath: io.workingDirectory).appendingPathComponent(name).path
    }

    private func writeFile(_ bytes: Data, to name: String) throws {
        do {
            try bytes.write(to: URL(fileURLWithPath: path(name)))
        } catch {
            var reason = "cannot write the file"
            if let posix = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError,
                posix.domain == NSPOSIXErrorDomain
            {
                reason = ProfileLoader.systemReason(Int32(posix.code))
            }
            throw ProfileError(.unreadable, source: name, "open: \(reason)")
        }
    }

    /// Creates `prefixNNN suffix` (001 upwards) exclusively and returns its name.
    private func createNumberedFile(prefix: String, suffix: String) throws -> String {
        for index in 1..<10000 {
            let name = prefix + String(format: "%03d", index) + suffix
            let fd = open(path(name), O_RDWR | O_CREAT | O_EXCL, 0o666)
            if fd >= 0 {
                close(fd)
                return name
            }
            if errno != EEXIST {
                throw ProfileError(.unreadable, source: name, "open: \(ProfileLoader.systemReason(errno))")
            }
        }
        throw ProfileError(.unreadable, "could not create a file of the form \(prefix)001\(suffix)")
    }
}
