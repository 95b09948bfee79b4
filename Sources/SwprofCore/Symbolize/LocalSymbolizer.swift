import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Names the addresses of a profile from the binaries it was taken from, as
/// `go tool pprof` does: binaries found per source (`locateBinaries`), then
/// every mapping without names symbolized from its binary's DWARF, then names
/// simplified (`NameSimplifier`). Warnings go to `warn`, one line each.
public struct LocalSymbolizer {
    /// Turns a path as the profile or command line gives it into one to open
    /// (relative paths are relative to the command's working directory).
    public var resolve: (String) -> String
    public var warn: (String) -> Void

    public init(resolve: @escaping (String) -> String, warn: @escaping (String) -> Void) {
        self.resolve = resolve
        self.warn = warn
    }

    /// Where binaries are looked for: `PPROF_BINARY_PATH`, else `$HOME/pprof/binaries`.
    public static func searchPath(environment: [String: String]) -> String {
        if let path = environment["PPROF_BINARY_PATH"], !path.isEmpty { return path }
        return GoFilePath.join(environment["HOME"] ?? "", "pprof", "binaries")
    }

    /// pprof's `locateBinaries` for one source: each mapping's file looked up
    /// in `searchPath` (`PPROF_BINARY_PATH`, `:`-separated; default
    /// `$HOME/pprof/binaries`) by build ID and by name; then the executable
    /// and build ID given on the command line applied to the first mapping.
    public func locateBinaries(_ profile: inout Profile, searchPath: String, executable: String?, buildID: String) {
        for index in profile.mappings.indices {
            let m = profile.mappings[index]
            var base = "", dir = "", file = ""
            if !m.file.isEmpty {
                file = m.file
                base = GoFilePath.base(m.file)
                dir = GoFilePath.dir(m.file)
            }
            var found: String? = nil
            search: for path in GoFilePath.splitList(searchPath) {
                var names: [String] = []
                if !m.buildID.isEmpty {
                    names.append(GoFilePath.join(path, m.buildID, base))
                    names += Self.glob(resolve(GoFilePath.join(path, m.buildID)) + "/*")
                    names.append(GoFilePath.join(path, file, m.buildID))
                    if m.buildID.utf8.count >= 2 {
                        let id = Array(m.buildID)
                        names.append(GoFilePath.join(path, String(id[0..<2]), String(id[2...]) + ".debug"))
                    }
                }
                if !m.file.isEmpty {
                    names.append(GoFilePath.join(path, base))
                    names.append(GoFilePath.join(path, file))
                    names.append(GoFilePath.join(path, file + ".debug"))
                    names.append(GoFilePath.join(path, dir, ".debug", base + ".debug"))
                    names.append(GoFilePath.join(path, "usr", "lib", "debug", dir, base + ".debug"))
                }
                for name in names {
                    guard (try? ELFFile(path: resolve(name))) != nil else { continue }
                    // pprof's object tool reads no build IDs: a mapping with one never matches.
                    if !m.buildID.isEmpty {
                        warn("Ignoring local file \(name): build-id mismatch (\(m.buildID) != )")
                    } else {
                        found = name
                        break search
                    }
                }
            }
            if let found { profile.mappings[index].file = found }
        }
        if profile.mappings.isEmpty {
            profile.mappings = [Mapping(id: 1)]
            for i in profile.locations.indices { profile.locations[i].mapping = 0 }
        }
        if let executable, !executable.isEmpty { profile.mappings[0].file = executable }
        if !buildID.isEmpty && profile.mappings[0].buildID.isEmpty { profile.mappings[0].buildID = buildID }
    }

    /// pprof's local symbolization and name simplification of a merged profile.
    public func symbolize(_ profile: inout Profile, mode: SymbolizeMode, rawMode: String) {
        if mode.unrecognized {
            warn("ignoring unrecognized symbolization option: \(rawMode)")
            warn("expecting -symbolize=[local|fastlocal|remote|none][:force][:demangle=[none|full|templates|default]")
        }
        if mode.off { return }
        if mode.local { symbolizeLocally(&profile, force: mode.force) }
        NameSimplifier.apply(to: &profile, force: mode.force, mode: mode.demangle)
    }

    private struct FunctionKey: Hashable {
        var name: String
        var file: String
    }

    private func symbolizeLocally(_ profile: inout Profile, force: Bool) {
        var byMapping: [Int: [Int]] = [:]
        for (i, location) in profile.locations.enumerated() {
            if let m = location.mapping { byMapping[m, default: []].append(i) }
        }
        var added: [FunctionKey: Int] = [:]
        var missing = false
        for index in profile.mappings.indices {
            guard let locations = byMapping[index], !locations.isEmpty else { continue }
            let m = profile.mappings[index]
            if !force && (m.hasFunctions || m.hasFilenames || m.hasLineNumbers) { continue }
            if m.file.isEmpty {
                if index == 0 {
                    warn("Main binary filename not available.")
                } else {
                    missing = true
                }
                continue
            }
            if Self.unsymbolizable(m) { continue }
            if m.buildID.isEmpty, Self.isHTTPURL(m.file) { continue }
            var name = GoFilePath.base(m.file)
            if !m.buildID.isEmpty { name += " (build ID \(m.buildID))" }
            let object: ObjectFile
            do {
                object = try ObjectFile(path: resolve(m.file), start: m.start)
            } catch {
                warn("Local symbolization failed for \(name): \(Self.shownAs(error.description, m.file, resolve(m.file)))")
                missing = true
                continue
            }
            for l in locations {
                guard let frames = object.frames(at: profile.locations[l].address), !frames.isEmpty else { continue }
                var lines: [Line] = []
                for frame in frames {
                    if !frame.function.isEmpty { profile.mappings[index].hasFunctions = true }
                    if !frame.file.isEmpty { profile.mappings[index].hasFilenames = true }
                    if frame.line != 0 { profile.mappings[index].hasLineNumbers = true }
                    let key = FunctionKey(name: frame.function, file: frame.file)
                    let function: Int
                    if let known = added[key] {
                        function = known
                    } else {
                        function = profile.functions.count
                        profile.functions.append(
                            Function(
                                id: UInt64(profile.functions.count + 1), name: frame.function, systemName: frame.function,
                                filename: frame.file))
                        added[key] = function
                    }
                    lines.append(Line(function: function, line: Int64(frame.line)))
                }
                profile.locations[l].lines = lines
                profile.locations[l].isFolded = false
                profile.mappings[index].hasInlineFrames = true
            }
        }
        if missing {
            warn("Some binary filenames not available. Symbolization may be incomplete.")
            warn("Try setting PPROF_BINARY_PATH to the search path for local binaries.")
        }
    }

    /// An error naming the resolved path, reworded with the path the profile gave.
    private static func shownAs(_ message: String, _ original: String, _ resolved: String) -> String {
        original == resolved ? message : message.replacingOccurrences(of: resolved, with: original)
    }

    /// pprof's `Mapping.Unsymbolizable`: kernel and anonymous mappings.
    static func unsymbolizable(_ m: Mapping) -> Bool {
        let name = GoFilePath.base(m.file)
        return name.hasPrefix("[") || name.hasPrefix("linux-vdso") || m.file.hasPrefix("/dev/dri/")
            || m.file == "//anon" || m.file.isEmpty || m.file.hasPrefix("/memfd:")
    }

    static func isHTTPURL(_ file: String) -> Bool {
        guard let colon = file.firstIndex(of: ":") else { return false }
        let scheme = file[..<colon]
        guard !scheme.isEmpty, scheme.first!.isLetter,
            scheme.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." })
        else { return false }
        return scheme.lowercased().contains("http")
    }

    /// Files matching `pattern` (a directory followed by `/*`), sorted as Go's `filepath.Glob` lists them.
    static func glob(_ pattern: String) -> [String] {
        #if canImport(Glibc)
        var result = glob_t()
        defer { globfree(&result) }
        guard Glibc.glob(pattern, 0, nil, &result) == 0 else { return [] }
        var names: [String] = []
        for i in 0..<Int(result.gl_pathc) {
            if let p = result.gl_pathv[i] { names.append(String(cString: p)) }
        }
        return names.sorted()
        #else
        return []
        #endif
    }
}
