/// Splits bytes into lines as Go's `bufio.Scanner` with `ScanLines` does, which
/// is what pprof's legacy parsers read with: lines end at `\n`, one trailing `\r`
/// is dropped, a last line without `\n` still counts, and a line of 64 KiB or more
/// stops the scan with an error ("token too long").
///
/// Like the Go scanner, `text` is empty once `scan()` has returned false.
struct LineScanner {
    /// Go's `bufio.MaxScanTokenSize`: a line this long or longer is an error.
    static let maxLineLength = 64 * 1024

    private let data: [UInt8]
    private var position: Int
    private(set) var text: ArraySlice<UInt8> = []
    /// Set when a line was too long; the scan then stops.
    private(set) var error: ProfileError? = nil
    private var finished = false

    init(_ data: [UInt8], from start: Int = 0) {
        self.data = data
        self.position = min(max(start, 0), data.count)
    }

    /// Advances to the next line; false at the end of the data or after an error.
    mutating func scan() -> Bool {
        text = []
        if finished { return false }
        if position >= data.count {
            finished = true
            return false
        }
        let start = position
        var end = start
        let limit = data.count
        while end < limit && data[end] != 0x0A {
            end += 1
            if end - start >= Self.maxLineLength {
                finished = true
                error = ProfileError(.malformed, "bufio.Scanner: token too long")
                return false
            }
        }
        position = end < limit ? end + 1 : end
        var lineEnd = end
        if lineEnd > start && data[lineEnd - 1] == 0x0D { lineEnd -= 1 }
        text = data[start..<lineEnd]
        return true
    }

    /// Throws the scan error, if any (Go's `s.Err()`).
    func check() throws {
        if let error { throw error }
    }
}
