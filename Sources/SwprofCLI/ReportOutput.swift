import Foundation
import SwprofCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        case .image(let format): suffix = format
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
        let fd = open(path(name), O_WRONLY | O_CREAT | O_TRUNC, 0o666)
        if fd < 0 {
            throw ProfileError(.unwritable, source: name, "open: \(ProfileLoader.systemReason(errno))")
        }
        defer { close(fd) }
        if let code = writeAll(bytes, to: fd) {
            throw ProfileError(.unwritable, source: name, "write: \(ProfileLoader.systemReason(code))")
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
                throw ProfileError(.unwritable, source: name, "open: \(ProfileLoader.systemReason(errno))")
            }
        }
        throw ProfileError(.unwritable, "could not create a file of the form \(prefix)001\(suffix)")
    }
}

/// Writes all of `bytes` to `fd`; returns the errno of a failure.
func writeAll(_ bytes: Data, to fd: Int32) -> Int32? {
    bytes.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Int32? in
        guard let base = buffer.baseAddress else { return nil }
        var offset = 0
        while offset < buffer.count {
            let n = write(fd, base + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += n
        }
        return nil
    }
}
