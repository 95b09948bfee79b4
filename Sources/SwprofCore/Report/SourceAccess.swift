import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which source files a listing may read.
///
/// `-list` on the command line reads what pprof reads (any path the profile
/// names, found as pprof finds it), regular files only. The web UI and the
/// `-html` export show what they read to whoever opens the page, so they read
/// only files under the source roots: `-source_path`, else the working
/// directory, compared after resolving symbolic links, and never a file of
/// `/proc`, `/dev`, `/sys` or another kernel filesystem.
public enum SourceAccess: Sendable, Equatable {
    /// Any regular file (the command line's `-list`, the shell's `list`).
    case anyRegularFile
    /// Regular files under these directories (already resolved), outside kernel filesystems.
    case underRoots([String])

    /// The roots of the web UI and the export: each `-source_path` entry
    /// (relative ones from `workingDirectory`), else the working directory;
    /// symbolic links resolved. Entries that do not exist are left out.
    public static func sourceRoots(sourcePath: String, workingDirectory: String) -> SourceAccess {
        let cwd = workingDirectory.isEmpty ? FileManager.default.currentDirectoryPath : workingDirectory
        var entries = GoFilePath.splitList(sourcePath).filter { !$0.isEmpty }
        if entries.isEmpty { entries = [cwd] }
        let roots = entries.compactMap { entry -> String? in
            let path = GoFilePath.isAbsolute(entry) ? entry : GoFilePath.join(cwd, entry)
            return SourceFile.resolved(path)
        }
        return .underRoots(roots)
    }

    /// Why `path` (an existing file) may not be read, or nil when it may.
    func refusal(_ path: String) -> String? {
        guard case .underRoots(let roots) = self else { return nil }
        guard let real = SourceFile.resolved(path) else { return "cannot resolve the path" }
        if SourceFile.isKernelFilesystem(real) { return "not a source file (a kernel filesystem)" }
        let inside = roots.contains { root in
            root == "/" ? true : real == root || real.hasPrefix(root.hasSuffix("/") ? root : root + "/")
        }
        return inside ? nil : "outside the source directories (-source_path, else the working directory)"
    }
}

/// Reading one source file as pprof's `bufio.Scanner` does, streamed and bounded.
enum SourceFile {
    /// pprof's scanner stops at the first line longer than this (its 64 KiB
    /// buffer holds the line and its newline).
    static let maxLineBytes = 64 * 1024 - 1
    /// A file is read no further than this (a source file is far smaller;
    /// `/proc` and device files can be endless).
    static let maxFileBytes = 16 << 20

    enum Outcome {
        case lines([String], bytesRead: Int)
        /// Not opened: the reason, worded as Go's `open NAME: REASON`.
        case refused(String)
        /// A directory: pprof reads nothing from it and reports no error.
        case directory
    }

    /// `errno` worded as Go's system errors ("permission denied").
    static func systemReason() -> String {
        let text = String(cString: strerror(errno))
        return text.prefix(1).lowercased() + text.dropFirst()
    }

    /// `path` with symbolic links, `.` and `..` resolved; nil when it does not exist.
    static func resolved(_ path: String) -> String? {
        guard let real = realpath(path, nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
    }

    /// Whether `path` lies on procfs, sysfs, devtmpfs or another filesystem
    /// whose files are the kernel's state rather than anyone's source, or
    /// under `/proc`, `/dev` or `/sys` by name.
    static func isKernelFilesystem(_ path: String) -> Bool {
        for prefix in ["/proc", "/dev", "/sys"] where path == prefix || path.hasPrefix(prefix + "/") {
            return true
        }
        #if os(Linux)
            guard let type = filesystemType(path) else { return true }
            let kernel: Set<Int> = [
                0x9fa0,  // proc
                0x6265_6572,  // sysfs
                0x1cd1,  // devpts
                0x6462_6720,  // debugfs
                0x7472_6163,  // tracefs
                0x7363_6673,  // securityfs
                0x0027_e0eb,  // cgroup
                0x6367_7270,  // cgroup2
                0xcafe_4a11,  // bpf
                0x6265_6570,  // configfs
                0xde5e_81e4,  // efivarfs
                0x6165_676c,  // pstore
            ]
            return kernel.contains(type)
        #else
            return false
        #endif
    }

    #if os(Linux)
        /// `statfs(2)`'s `f_type` for `path`. Swift's Glibc module does not
        /// export `<sys/statfs.h>`, so the C function is looked up by name; its
        /// result's first field is `f_type` (a C `long`) on every Linux ABI.
        static func filesystemType(_ path: String) -> Int? {
            typealias StatFS = @convention(c) (UnsafePointer<CChar>, UnsafeMutableRawPointer) -> Int32
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "statfs") else { return nil }
            let call = unsafeBitCast(symbol, to: StatFS.self)
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: 512, alignment: 16)
            defer { buffer.deallocate() }
            guard call(path, buffer) == 0 else { return nil }
            return buffer.load(as: Int.self)
        }
    #endif

    /// The lines of the file at `path` (1-based access by the caller): split
    /// at `\n`, a `\r` before it dropped, no empty last line after a final
    /// newline, stopping before the first line over ``maxLineBytes`` and at
    /// ``maxFileBytes``. Only regular files and directories are opened (a FIFO
    /// would block, a device never end).
    static func lines(of path: String, access: SourceAccess) -> Outcome {
        var info = stat()
        guard stat(path, &info) == 0 else { return .refused(systemReason()) }
        if (info.st_mode & S_IFMT) == S_IFDIR { return .directory }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return .refused("not a regular file") }
        if let refusal = access.refusal(path) { return .refused(refusal) }
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { return .refused(systemReason()) }
        defer { close(fd) }
        // Checked again on what was opened: the path may have changed since.
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return .refused("not a regular file") }
        var lines: [String] = []
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var total = 0
        func finish(_ line: ArraySlice<UInt8>) {
            var end = line.endIndex
            if end > line.startIndex && line[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            lines.append(String(decoding: line[line.startIndex..<end], as: UTF8.self))
        }
        reading: while total < maxFileBytes {
            let want = min(chunk.count, maxFileBytes - total)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, want) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            total += n
            var start = 0
            while let newline = chunk[start..<n].firstIndex(of: UInt8(ascii: "\n")) {
                if pending.count + (newline - start) > maxLineBytes { return .lines(lines, bytesRead: total) }
                if pending.isEmpty {
                    finish(chunk[start..<newline])
                } else {
                    pending.append(contentsOf: chunk[start..<newline])
                    finish(pending[...])
                    pending.removeAll(keepingCapacity: true)
                }
                start = newline + 1
            }
            pending.append(contentsOf: chunk[start..<n])
            if pending.count > maxLineBytes { break reading }
        }
        if !pending.isEmpty && pending.count <= maxLineBytes && total < maxFileBytes { finish(pending[...]) }
        return .lines(lines, bytesRead: total)
    }
}
