extension Report {
    /// Folded stacks (`-folded`): one line per distinct stack, frames from the
    /// root to the leaf joined by `;`, a space, and the summed sample value of
    /// the report's sample index (divided per sample with `-mean`), sorted by
    /// stack. Frame names are the report's node names, so `-lines` and
    /// `-addresses` show there too; a `;` inside a name becomes `:`.
    /// Stacks whose values sum to 0 are left out. Flame graph tools read this
    /// text, and so does swprof.
    public func foldedText() -> String {
        var totals: [String: Int64] = [:]
        for entry in traceEntries() {
            let stack = entry.frames.reversed().map { $0.name.replacingAll(";", with: ":") }.joined(separator: ";")
            totals[stack, default: 0] &+= entry.value
        }
        var out = ""
        for stack in totals.keys.sorted(by: goLess) {
            guard let value = totals[stack], value != 0 else { continue }
            out += "\(stack) \(value)\n"
        }
        return out
    }
}
