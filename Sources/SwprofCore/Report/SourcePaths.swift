import Foundation

/// Finding source files named in a profile (pprof's `trimPath` and
/// `openSourceFile`), and reading them line by line.
enum SourcePaths {
    /// Shortens a profile's file name: with no trim path, everything up to a
    /// directory named like the last element of a search path entry is
    /// dropped; otherwise the first matching trim prefix (or `/proc/self/cwd/`)
    /// is removed.
    static func trim(_ path: String, trimPath: String, searchPath: String) -> String {
        if trimPath.isEmpty {
            for dir in GoFilePath.splitList(searchPath) {
                let want = "/" + GoFilePath.base(dir) + "/"
                if let found = path.range(of: want) {
                    return String(path[found.upperBound...])
                }
            }
        }
        var prefixes = GoFilePath.splitList(trimPath)
        prefixes.append("/proc/self/cwd/./")
        prefixes.append("/proc/self/cwd/")
        for var prefix in prefixes {
            if !prefix.hasSuffix("/") {
                prefix += "/"
            }
            if path.hasPrefix(prefix) {
                return String(path.dropFirst(prefix.count))
            }
        }
        return path
    }

    enum Lookup {
        case found(String)
        case failed(String)
    }

    /// Locates `path`: an absolute path (after trimming) must exist as is; a
    /// relative one is looked for under each search directory and its parents.
    /// Relative search directories start from `workingDirectory` when given.
    static func locate(_ path: String, searchPath: String, trimPath: String, workingDirectory: String = "") -> Lookup {
        let trimmed = trim(path, trimPath: trimPath, searchPath: searchPath)
        let fm = FileManager.default
        if GoFilePath.isAbsolute(trimmed) {
            if fm.fileExists(atPath: trimmed) {
                return .found(trimmed)
            }
            return .failed("open \(trimmed): \(openErrorDescription(trimmed))")
        }
        for start in GoFilePath.splitList(searchPath) {
            var dir = start
            if !workingDirectory.isEmpty && !GoFilePath.isAbsolute(dir) {
                dir = GoFilePath.join(workingDirectory, dir)
            }
            while true {
                let candidate = GoFilePath.join(dir, trimmed)
                if fm.fileExists(atPath: candidate) {
                    return .found(candidate)
                }
                let parent = GoFilePath.dir(dir)
                if parent == dir {
                    break
                }
                dir = parent
            }
        }
        return .failed("could not find file \(trimmed) on path \(searchPath)")
    }

    /// The reason opening a missing or unreadable file fails, worded as Go's
    /// system errors.
    private static func openErrorDescription(_ path: String) -> String {
        var isDirectory: ObjCBool = false
        let parent = GoFilePath.dir(path)
        if FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), !isDirectory.boolValue {
            return "not a directory"
        }
        return "no such file or directory"
    }
}

/// Reads source files once and hands out their lines (1-based), as pprof's
/// `sourceReader`: lines split at `\n` with a trailing `\r` removed, up to the
/// first line too long for Go's scanner. Files are streamed (``SourceFile``),
/// regular files only, at most ``SourceFile/maxFileBytes`` each and
/// ``maxTotalBytes`` in all; `access` says which files may be read at all.
struct SourceReader {
    /// What one listing reads in all; files met after that are not read.
    static let maxTotalBytes = 64 << 20

    let searchPath: String
    let trimPath: String
    let workingDirectory: String
    let access: SourceAccess
    private var files: [String: [String]] = [:]
    private var errors: [String: String] = [:]
    private var bytesRead = 0
    /// The files read, by the name the profile gives them → where they were found.
    private(set) var locations: [String: String] = [:]

    init(searchPath: String, trimPath: String, workingDirectory: String = "", access: SourceAccess = .anyRegularFile) {
        self.searchPath = searchPath
        self.trimPath = trimPath
        self.workingDirectory = workingDirectory
        self.access = access
    }

    /// The error met when opening `path`, if any.
    func error(for path: String) -> String? { errors[path] }

    /// Line `number` of `path`, or nil when the file is missing or the line
    /// is out of range.
    mutating func line(_ path: String, _ number: Int) -> String? {
        let lines = load(path)
        guard number > 0 && number <= lines.count else { return nil }
        return lines[number - 1]
    }

    private mutating func load(_ path: String) -> [String] {
        if let lines = files[path] { return lines }
        var lines: [String] = []
        switch SourcePaths.locate(path, searchPath: searchPath, trimPath: trimPath, workingDirectory: workingDirectory) {
        case .failed(let message):
            errors[path] = message
        case .found(let location):
            if bytesRead >= Self.maxTotalBytes {
                errors[path] = "open \(location): not read: the listing already read \(Self.maxTotalBytes >> 20) MiB of source"
                break
            }
            switch SourceFile.lines(of: location, access: access) {
            case .lines(let read, let bytes):
                lines = read
                bytesRead += bytes
                locations[path] = location
            case .directory:
                break
            case .refused(let reason):
                errors[path] = "open \(location): \(reason)"
            }
        }
        files[path] = lines
        return lines
    }
}
