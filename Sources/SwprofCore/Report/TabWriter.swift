/// Column alignment as Go's `text/tabwriter` does it with padding 1, space
/// padding and right alignment: cells end at tabs, consecutive lines with a
/// cell in the same column form a block, and each block's column is as wide
/// as its widest cell plus one. The last cell of a line is not aligned.
struct TabWriter {
    var minWidth = 0
    var padding = 1
    var alignRight = true

    func format(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
        // A text ending in a newline leaves one empty cell after it, printed as nothing.
        let endsWithNewline = text.hasSuffix("\n")
        if endsWithNewline { lines.removeLast() }
        var widths: [Int] = []
        var out = ""
        formatBlock(lines, 0, lines.count, &widths, &out)
        if !endsWithNewline && out.hasSuffix("\n") {
            out.removeLast()
        }
        return out
    }

    private func formatBlock(_ lines: [[String]], _ start: Int, _ end: Int, _ widths: inout [Int], _ out: inout String) {
        var line0 = start
        let column = widths.count
        var this = start
        while this < end {
            if column >= lines[this].count - 1 {
                this += 1
                continue
            }
            write(lines, line0, this, widths, &out)
            line0 = this
            var width = minWidth
            while this < end && column < lines[this].count - 1 {
                width = max(width, lines[this][column].unicodeScalars.count + padding)
                this += 1
            }
            widths.append(width)
            formatBlock(lines, line0, this, &widths, &out)
            widths.removeLast()
            line0 = this
        }
        write(lines, line0, end, widths, &out)
    }

    private func write(_ lines: [[String]], _ start: Int, _ end: Int, _ widths: [Int], _ out: inout String) {
        guard start < end else { return }
        for i in start..<end {
            for (j, cell) in lines[i].enumerated() {
                if j < widths.count {
                    let pad = String(repeating: " ", count: max(0, widths[j] - cell.unicodeScalars.count))
                    out += alignRight ? pad + cell : cell + pad
                } else {
                    out += cell
                }
            }
            out += "\n"
        }
    }
}
