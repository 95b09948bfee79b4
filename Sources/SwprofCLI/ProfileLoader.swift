import Foundation
import SwprofCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the profiles a command line names and combines them as pprof's
/// fetch step does: sources merged, bases merged, then a `-diff_base` labelled
/// and merged or a `-base` (optionally `-normalize`d) subtracted.
struct ProfileLoader {
    let io: CommandIO

    /// Loads everything `invocation` names. Unlike pprof, which goes on with
    /// the sources it could read, any source or base that cannot be read stops
    /// the command: a merged report silently missing an input is worse than an error.
    func load(_ invocation: Invocation) throws -> Profile {
        var profile = try loadAll(invocation.sources, invocation, kind: "source")
        if !invocation.bases.isEmpty {
            var base = try loadAll(invocation.bases, invocation, kind: "base")
            if invocation.diffBase {
                base.setLabel(Sample.diffBaseLabel, ["true"])
            }
            if invocation.normalize {
                try profile.normalize(against: base)
            }
            base.scale(by: -1)
            profile = try Backend.merge([profile, base])
        }
        // pprof ignores frame patterns that do not compile.
        try? profile.removeUninteresting()
        if !invocation.comment.isEmpty {
            profile.comments.append(invocation.comment)
        }
        return profile
    }

    /// Reads `paths` and merges them; `kind` ("source", "base") words the
    /// error when they do not merge.
    private func loadAll(_ paths: [String], _ invocation: Invocation, kind: String) throws -> Profile {
        var profiles: [Profile] = []
        for path in paths {
            do {
                profiles.append(try loadOne(path, invocation))
            } catch let error as ProfileError {
                throw error.naming(path)
            }
        }
        do {
            return try Backend.merge(profiles)
        } catch var error as ProfileError {
            error.message = "problem fetching \(kind) profiles: " + error.message
            throw error
        }
    }

    /// Reads and decodes one file, then applies pprof's per-source fix-ups:
    /// a profile without mappings gets an empty main mapping, and an
    /// executable or build ID given on the command line overrides the main one's.
    func loadOne(_ path: String, _ invocation: Invocation) throws -> Profile {
        let data = try Self.readFile(resolve(path), shownAs: path)
        var profile = try Backend.parse(data, source: path)
        if profile.mappings.isEmpty {
            profile.mappings = [Mapping(id: 1)]
            for i in profile.locations.indices { profile.locations[i].mapping = 0 }
        }
        if let executable = invocation.executable {
            profile.mappings[0].file = executable
        }
        if !invocation.buildID.isEmpty {
            profile.mappings[0].buildID = invocation.buildID
        }
        return profile
    }

    /// `path` relative to the command's working directory.
    func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return URL(fileURLWithPath: io.workingDirectory).appendingPathComponent(path).path
    }

    /// The whole file, or a `ProfileError(.unreadable)` naming `shownAs` with
    /// the system's reason (missing, a directory, no permission).
    static func readFile(_ path: String, shownAs name: String) throws -> Data {
        let fd = open(path, O_RDONLY)
        if fd < 0 { throw ProfileError(.unreadable, source: name, "open: \(systemReason(errno))") }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw ProfileError(.unreadable, source: name, "read: is a directory")
        }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ProfileError(.unreadable, source: name, "read: \(systemReason(errno))")
            }
            if n == 0 { break }
            data.append(contentsOf: buffer[0..<n])
        }
        return data
    }

    /// The C library's message for `code`, lower-cased as Go prints it.
    static func systemReason(_ code: Int32) -> String {
        var text = String(cString: strerror(code))
        if let first = text.first, first.isUppercase, !text.dropFirst().prefix(1).allSatisfy(\.isUppercase) {
            text = first.lowercased() + text.dropFirst()
        }
        return text
    }

    /// Whether `path` is an object file (ELF, Mach-O, PE), which pprof takes
    /// as the profiled binary when it comes before the sources.
    static func isExecutable(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY)
        if fd < 0 { return false }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
        var magic = [UInt8](repeating: 0, count: 4)
        let n = magic.withUnsafeMutableBytes { read(fd, $0.baseAddress, 4) }
        guard n == 4 else { return false }
        switch (magic[0], magic[1], magic[2], magic[3]) {
        case (0x7f, 0x45, 0x4c, 0x46): return true  // ELF
        case (0xfe, 0xed, 0xfa, 0xce), (0xfe, 0xed, 0xfa, 0xcf),
            (0xce, 0xfa, 0xed, 0xfe), (0xcf, 0xfa, 0xed, 0xfe),
            (0xca, 0xfe, 0xba, 0xbe):
            return true  // Mach-O, thin or fat
        case (0x4d, 0x5a, _, _): return true  // PE ("MZ")
        default: return false
        }
    }
}
