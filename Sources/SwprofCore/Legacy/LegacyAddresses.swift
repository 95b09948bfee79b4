/// Stack addresses written as `0x…` hex numbers in a line of text.
enum LegacyAddresses {
    /// Every `0x[0-9a-f]+` in `text`, left to right. A number too large for 64
    /// bits is an error naming `line`.
    static func parse(_ text: ArraySlice<UInt8>, line: String) throws -> [UInt64] {
        var out: [UInt64] = []
        var i = text.startIndex
        let end = text.endIndex
        while i + 2 < end {
            if text[i] == UInt8(ascii: "0") && text[i + 1] == UInt8(ascii: "x") && isHex(text[i + 2]) {
                var j = i + 2
                while j < end && isHex(text[j]) { j += 1 }
                let digits = text[(i + 2)..<j]
                guard case .success(let v) = GoText.parseUint(digits, base: 16) else {
                    throw LegacyParseError.malformed(
                        "malformed sample: \(line): failed to parse as hex 64-bit number: \(GoText.string(text[i..<j]))")
                }
                out.append(v)
                i = j
            } else {
                i += 1
            }
        }
        return out
    }

    private static func isHex(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66)
    }
}
