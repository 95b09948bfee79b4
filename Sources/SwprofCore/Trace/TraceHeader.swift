/// The header every Go execution trace starts with: `go 1.N trace` and three
/// NUL bytes, where N is the Go version whose format the trace has.
public enum TraceHeader {
    /// Versions whose formats swprof reads, as Go 1.27's `go tool trace` does:
    /// 11, 19 and 21 are the old format, 22 and later the generational one.
    public static let supportedVersions: Set<Int> = [11, 19, 21, 22, 23, 25, 26]
    /// The versions of the old (Go 1.11–1.21) format.
    public static let oldFormatVersions: Set<Int> = [11, 19, 21]

    /// Whether `bytes` start like a Go execution trace (any version).
    public static func looksLikeTrace(_ bytes: [UInt8]) -> Bool {
        let prefix: [UInt8] = Array("go 1.".utf8)
        return bytes.count >= prefix.count && Array(bytes[0..<prefix.count]) == prefix
    }

    /// The version and the header's length, or an error saying why `bytes`
    /// are no trace swprof reads.
    public static func read(_ bytes: [UInt8]) throws(TraceError) -> (version: Int, length: Int) {
        guard looksLikeTrace(bytes) else {
            throw TraceError("bad file format: not a Go execution trace")
        }
        var i = 5
        var version = 0
        var digits = 0
        while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39, digits < 6 {
            version = version * 10 + Int(bytes[i] - 0x30)
            i += 1
            digits += 1
        }
        let tail: [UInt8] = Array(" trace".utf8) + [0, 0, 0]
        guard digits > 0, i + tail.count <= bytes.count, Array(bytes[i..<(i + tail.count)]) == tail else {
            throw TraceError("bad file format: not a Go execution trace (the header is damaged or cut off)")
        }
        guard supportedVersions.contains(version) else {
            throw TraceError("unknown or unsupported trace version go 1.\(version)")
        }
        return (version, i + tail.count)
    }
}
