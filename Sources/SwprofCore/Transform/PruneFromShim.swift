// TEMPORARY (cli helper): stands in for the legacy helper's `Profile.pruneFrom`
// (Prune.swift) until it lands on main; then `applyFilters` calls that and this
// file is deleted.

extension Profile {
    /// Drops, in every sample, the frames below (leafward of) the innermost
    /// frame whose function (simplified name) matches `pattern`; inside that
    /// location the inlined lines below the match are dropped too.
    mutating func cliShimPruneFrom(_ pattern: Pattern) {
        var pruneBeneath = [Bool](repeating: false, count: locations.count)
        for i in locations.indices {
            for (j, line) in locations[i].lines.enumerated() {
                guard functions.indices.contains(line.function) else { continue }
                let name = functions[line.function].name
                if name.isEmpty { continue }
                if pattern.matches(Self.cliShimSimplify(name)) {
                    pruneBeneath[i] = true
                    locations[i].lines.removeFirst(j)
                    break
                }
            }
        }
        for s in samples.indices {
            if let first = samples[s].locations.firstIndex(where: { pruneBeneath.indices.contains($0) && pruneBeneath[$0] }) {
                samples[s].locations.removeFirst(first)
            }
        }
    }

    /// Drops a leading "." and the argument list from the first "(" that is
    /// not part of "(anonymous namespace)" or "operator()".
    private static func cliShimSimplify(_ name: String) -> String {
        let s = name.hasPrefix(".") ? String(name.dropFirst()) : name
        var i = s.startIndex
        while i < s.endIndex {
            let rest = s[i...]
            if rest.hasPrefix("(anonymous namespace)") {
                i = s.index(i, offsetBy: "(anonymous namespace)".count)
            } else if rest.hasPrefix("operator()") {
                i = s.index(i, offsetBy: "operator()".count)
            } else if s[i] == "(" {
                return String(s[..<i])
            } else {
                i = s.index(after: i)
            }
        }
        return s
    }
}
