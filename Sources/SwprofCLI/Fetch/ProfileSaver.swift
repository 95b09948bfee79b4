import Foundation
import SwprofCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps a copy of every profile fetched over HTTP, as pprof does: in
/// `$PPROF_TMPDIR`, else `$HOME/pprof`, else the system's temporary
/// directory, named `pprof.<binary>.<type>.<type>….NNN.pb.gz`.
struct ProfileSaver {
    let io: CommandIO

    /// The directories tried, in order.
    func candidateDirectories() -> [String] {
        var dirs: [String] = []
        if let dir = io.environment["PPROF_TMPDIR"], !dir.isEmpty { dirs.append(dir) }
        if let home = io.environment["HOME"], !home.isEmpty { dirs.append((home as NSString).appendingPathComponent("pprof")) }
        let tmp = io.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        dirs.append(tmp)
        return dirs
    }

    /// The file name prefix: `pprof.`, the main binary's base name, then each
    /// sample type, each followed by a dot.
    static func prefix(for profile: Profile) -> String {
        var prefix = "pprof."
        if let main = profile.mappings.first, !main.file.isEmpty {
            prefix += baseName(main.file) + "."
        }
        for type in profile.sampleTypes { prefix += type.type + "." }
        return prefix
    }

    /// Go's filepath.Base: the last element, trailing slashes ignored.
    static func baseName(_ path: String) -> String {
        let parts = path.split(separator: "/")
        guard let last = parts.last else { return path.isEmpty ? "." : "/" }
        return String(last)
    }

    /// Saves `profile` and says where (or why not) on stderr.
    /// - Returns: the saved file's path, nil when it could not be saved.
    @discardableResult
    func save(_ profile: Profile) -> String? {
        save(ProfileEncoder.encode(profile), prefix: Self.prefix(for: profile), suffix: ".pb.gz")
    }

    /// Saves `bytes` as `PREFIXNNNSUFFIX` (an execution trace: `swprof.trace.NNN.out`).
    @discardableResult
    func save(_ bytes: Data, prefix: String, suffix: String) -> String? {
        guard let dir = directory() else {
            io.err("Could not save profile: failed to identify temp dir\n")
            return nil
        }
        for index in 1..<10000 {
            let path = (dir as NSString).appendingPathComponent(prefix + String(format: "%03d", index) + suffix)
            let fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0o666)
            if fd < 0 {
                if errno == EEXIST { continue }
                io.err("Could not save profile: open \(path): \(ProfileLoader.systemReason(errno))\n")
                return nil
            }
            let failure = writeAll(bytes, to: fd)
            close(fd)
            if let failure {
                io.err("Could not save profile: write \(path): \(ProfileLoader.systemReason(failure))\n")
                return nil
            }
            io.err("Saved profile in \(path)\n")
            return path
        }
        io.err("Could not save profile: could not create file of the form \(prefix)001\(suffix)\n")
        return nil
    }

    /// The first candidate directory that exists or can be made.
    private func directory() -> String? {
        for dir in candidateDirectories() {
            do {
                try FileManager.default.createDirectory(
                    atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
                return dir
            } catch {
                io.err("Could not use temp dir \(dir): \(error.localizedDescription)\n")
            }
        }
        return nil
    }
}
