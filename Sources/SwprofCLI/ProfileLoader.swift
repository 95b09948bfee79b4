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

    /// What was loaded: the profile every report uses, and with a base, the
    /// two sides before they were combined (the web UI compares them).
    struct Loaded {
        var profile: Profile
        var comparison: (base: Profile, new: Profile)? = nil
        /// Where the copy of a fetched profile was saved, if it was.
        var savedPath: String? = nil
    }

    /// Loads everything `invocation` names; see `loadWithComparison`.
    func load(_ invocation: Invocation) throws -> Profile {
        try loadWithComparison(invocation).profile
    }

    /// Loads everything `invocation` names (see `loadAll` for sources that
    /// cannot be read).
    func loadWithComparison(_ invocation: Invocation) throws -> Loaded {
        var profile = try loadAll(invocation.sources, invocation, kind: "source")
        var comparison: (base: Profile, new: Profile)? = nil
        if !invocation.bases.isEmpty {
            let base = try loadAll(invocation.bases, invocation, kind: "base")
            comparison = (base, profile)
            profile = try profile.compared(
                with: base, mode: invocation.diffBase ? .diffBase : .subtract, normalize: invocation.normalize)
        }
        if invocation.allFrames {
            profile.dropFrames = ""
            profile.keepFrames = ""
        }
        symbolizer.symbolize(&profile, mode: SymbolizeMode(invocation.symbolize), rawMode: invocation.symbolize)
        // pprof ignores frame patterns that do not compile.
        try? profile.removeUninteresting()
        if !invocation.comment.isEmpty {
            profile.comments.append(invocation.comment)
        }
        // pprof keeps a copy of what it fetched over HTTP.
        var savedPath: String? = nil
        if (invocation.sources + invocation.bases).contains(where: { remoteURL($0, invocation) != nil }) {
            savedPath = ProfileSaver(io: io).save(profile)
        }
        return Loaded(profile: profile, comparison: comparison, savedPath: savedPath)
    }

    /// Reads `paths` and merges them, as pprof fetches them (`SourceMerge`: chunks
    /// of 128, a fleet folded in as it is read): a source that cannot be read is
    /// reported on stderr and left out ("Fetched 1 source profiles out of 2"), its
    /// chunk's failures before the chunk is merged; none read is an error. `kind`
    /// ("source", "base") words the messages.
    private func loadAll(_ paths: [String], _ invocation: Invocation, kind: String) throws -> Profile {
        var failures: [Int: String] = [:]
        var reported = 0
        let merged: (profile: Profile?, read: Int)
        do {
            merged = try SourceMerge.merge(
                count: paths.count,
                canReadAgain: !paths.contains { remoteURL($0, invocation) != nil },
                read: { i in
                    do {
                        return try loadSource(paths[i], invocation)
                    } catch let error as ProfileError {
                        failures[i] = error.naming(paths[i]).description
                        return nil
                    }
                },
                chunkRead: { end, read in
                    // Once a profile is read, failures go to stderr as their chunk ends
                    // (each once, though sources may be read again).
                    guard read > 0 else { return }
                    for i in reported..<end {
                        if let failure = failures[i] { io.err(failure + "\n") }
                    }
                    reported = max(reported, end)
                })
        } catch var error as ProfileError {
            // pprof's wording, down to the comma it puts after a base's error.
            error.message = "problem fetching \(kind) profiles: " + error.message + (kind == "base" ? "," : "")
            throw error
        }
        guard let profile = merged.profile else {
            // One error holding pprof's lines, so that the web UI's Refresh shows the reasons too.
            let lines = failures.keys.sorted().map { failures[$0]! }
            throw ProfileError(.unreadable, (lines + ["failed to fetch any \(kind) profiles"]).joined(separator: "\n"))
        }
        if merged.read != paths.count {
            io.err("Fetched \(merged.read) \(kind) profiles out of \(paths.count)\n")
        }
        return profile
    }

    /// Reads and decodes one file, then applies pprof's per-source fix-ups:
    /// binaries looked up on `PPROF_BINARY_PATH`, a profile without mappings
    /// gets an empty main mapping, and an executable or build ID given on the
    /// command line goes to the main one.
    func loadOne(_ path: String, _ invocation: Invocation) throws -> Profile {
        try loadSource(path, invocation).profile
    }

    /// `loadOne`, with the decoder's label sets when it has them (what a merge folds faster).
    private func loadSource(_ path: String, _ invocation: Invocation) throws -> SourceMerge.Source {
        // On a terminal, a load that takes over a second says how far it got
        // (a fetch has its own countdown).
        let progress = io.stderrIsTerminal && remoteURL(path, invocation) == nil ? LoadProgress() : nil
        let line = progress.map { progress in
            LoadProgressLine(name: path, progress: progress, write: { [io] in io.err($0) })
        }
        line?.start()
        defer { line?.stop() }
        let data = try readSource(path, invocation, progress: progress)
        if let profile = try TraceProfileLoading.profile(data, source: path, kind: invocation.traceProfile, io: io) {
            return SourceMerge.Source(profile: profile)
        }
        var parsed = try ProfileParser.parseWithLabelSets(
            data, source: path, maxInflatedBytes: invocation.maxInflatedBytes,
            extendedFormats: !invocation.symbolizeNone, progress: progress)
        // Mappings only: the samples and their label sets stay as decoded.
        symbolizer.locateBinaries(
            &parsed.profile, searchPath: LocalSymbolizer.searchPath(environment: io.environment), executable: invocation.executable, buildID: invocation.buildID)
        return SourceMerge.Source(profile: parsed.profile, labelSetOf: parsed.labelSetOf)
    }

    /// The bytes of a file, or of a URL fetched.
    func readSource(_ path: String, _ invocation: Invocation, progress: LoadProgress? = nil) throws -> Data {
        if let target = remoteURL(path, invocation) {
            return try fetch(target, seconds: invocation.seconds)
        }
        return try Self.readFile(resolve(path), shownAs: path, progress: progress)
    }

    /// The URL `source` stands for, when it is no existing file but reads as
    /// a URL (`http://…`, `https://…`, `host:port/path`).
    func remoteURL(_ source: String, _ invocation: Invocation) -> ProfileURL? {
        if FileManager.default.fileExists(atPath: resolve(source)) { return nil }
        return ProfileURL(source, seconds: invocation.seconds, timeout: invocation.timeout)
    }

    /// Fetches `target` over HTTP, telling on stderr what it fetches and,
    /// for a timed profile (`-seconds`), how long that takes.
    private func fetch(_ target: ProfileURL, seconds: Int) throws -> Data {
        io.err("Fetching profile over HTTP from \(target.url)\n")
        if seconds > 0 {
            io.err("Please wait... (\(ProfileURL.goDuration(seconds: seconds)))\n")
        }
        guard seconds > 0 && io.stderrIsTerminal else { return try HTTPFetcher.get(target) }
        let progress = FetchProgress(seconds: seconds, write: { io.err($0) })
        progress.start()
        defer { progress.stop() }
        return try HTTPFetcher.get(target)
    }

    /// Names addresses from the binaries, as pprof's symbolizer does
    /// (`-symbolize`; see `LocalSymbolizer`).
    var symbolizer: LocalSymbolizer {
        LocalSymbolizer(resolve: resolve, warn: { io.err($0 + "\n") })
    }

    /// `path` relative to the command's working directory.
    func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return URL(fileURLWithPath: io.workingDirectory).appendingPathComponent(path).path
    }

    /// The whole file, or a `ProfileError(.unreadable)` naming `shownAs` with
    /// the system's reason (missing, a directory, no permission).
    static func readFile(_ path: String, shownAs name: String, progress: LoadProgress? = nil) throws -> Data {
        // Worded as Go's os package words them, for pprof's stat, open and read.
        var info = stat()
        if stat(path, &info) != 0 { throw ProfileError(.unreadable, source: name, "stat \(name): \(systemReason(errno))") }
        let fd = open(path, O_RDONLY)
        if fd < 0 { throw ProfileError(.unreadable, source: name, "open \(name): \(systemReason(errno))") }
        defer { close(fd) }
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw ProfileError(.unreadable, source: name, "read \(name): is a directory")
        }
        var data = Data()
        // Room for the whole of a regular file at once (it may still grow or shrink).
        if (info.st_mode & S_IFMT) == S_IFREG && info.st_size > 0 {
            data.reserveCapacity(Int(info.st_size) + 1)
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ProfileError(.unreadable, source: name, "read \(name): \(systemReason(errno))")
            }
            if n == 0 { break }
            buffer.withUnsafeBufferPointer { data.append(UnsafeBufferPointer(rebasing: $0[..<n])) }
            progress?.setBytesRead(data.count)
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
