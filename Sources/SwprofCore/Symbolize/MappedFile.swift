#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file mapped read-only into memory for as long as this object lives
/// (object files can be hundreds of megabytes; nothing is copied).
final class MappedFile: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer

    /// Maps `path`, or throws the system's reason as Go words it (`open PATH: REASON`).
    init(path: String) throws(ObjectFileError) {
        let fd = open(path, O_RDONLY)
        if fd < 0 { throw ObjectFileError("open \(path): \(Self.reason(errno))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ObjectFileError("stat \(path): \(Self.reason(errno))") }
        if (info.st_mode & S_IFMT) != S_IFREG { throw ObjectFileError("open \(path): unrecognized object file") }
        let size = Int(info.st_size)
        if size == 0 {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw ObjectFileError("mmap \(path): \(Self.reason(errno))")
        }
        bytes = UnsafeRawBufferPointer(start: base, count: size)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }

    /// The C library's message, lower-cased as Go prints it.
    static func reason(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        guard let first = text.first, first.isUppercase, !text.dropFirst().prefix(1).allSatisfy(\.isUppercase) else {
            return text
        }
        return first.lowercased() + text.dropFirst()
    }
}

/// Why an object file could not be opened or read.
public struct ObjectFileError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
