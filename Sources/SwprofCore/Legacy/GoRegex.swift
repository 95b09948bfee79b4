/// A small regular-expression engine with Go's (RE2) leftmost-first semantics,
/// working on bytes.
///
/// The legacy parsers must split lines exactly as pprof's Go regular expressions
/// do, including the odd splits backtracking produces (`(\d+) *(\d+)` on `"123 @"`
/// gives `"12"` and `"3"`). Foundation's engine has other classes and can take
/// exponential time, so the patterns pprof uses are compiled here into a tiny
/// program and run by a backtracker that remembers every (instruction, position)
/// pair it has tried: a pair that failed once fails again, so a search costs at
/// most instructions × (bytes + 1) steps, however the pattern is written.
///
/// Supported syntax (what pprof's legacy patterns use): literals, `.`, `[...]`
/// classes with ranges, negation and `[:name:]`, the escapes `\s \S \d \D \w \W`
/// and escaped punctuation, groups `(...)` and `(?:...)`, `|`, the quantifiers
/// `? * +` (greedy, or lazy with a trailing `?`), and the anchors `^ $ \A \z`
/// (never multi-line: `^` is the start of the text, `$` its end).
/// Classes are ASCII, as in RE2; bytes ≥ 0x80 only match negated classes and `.`,
/// which therefore match whole UTF-8 characters byte by byte.
struct GoRegex: Sendable {
    fileprivate enum Inst: Sendable {
        case byteSet(ByteSet)
        /// Try the first target, and on failure the second.
        case split(Int, Int)
        case jump(Int)
        case save(Int)
        case assertStart
        case assertEnd
        case match
    }

    private let program: [Inst]
    /// Number of capture groups, not counting the whole match.
    let groupCount: Int
    private let anchoredAtStart: Bool

    /// Compiles `pattern`. The patterns are constants of this module, so a
    /// syntax error is a programming error and stops the program.
    init(_ pattern: String) {
        var parser = RegexParser(Array(pattern.utf8))
        let node: RegexNode
        do {
            node = try parser.parseAll()
        } catch {
            preconditionFailure("invalid built-in pattern \(pattern): \(error)")
        }
        var compiler = RegexCompiler()
        compiler.emit(.save(0))
        compiler.compile(node)
        compiler.emit(.save(1))
        compiler.emit(.match)
        program = compiler.program
        groupCount = parser.groupCount
        anchoredAtStart = node.startsWithStartAnchor
    }

    /// The leftmost-first match in `text`: element 0 is the whole match, element i
    /// the i-th group (nil when that group took no part in the match).
    func firstMatch(in text: ArraySlice<UInt8>) -> [ArraySlice<UInt8>?]? {
        guard let caps = search(text) else { return nil }
        var result: [ArraySlice<UInt8>?] = []
        result.reserveCapacity(groupCount + 1)
        let base = text.startIndex
        for g in 0...groupCount {
            let a = caps[2 * g], b = caps[2 * g + 1]
            if a >= 0 && b >= a {
                result.append(text[(base + a)..<(base + b)])
            } else {
                result.append(nil)
            }
        }
        return result
    }

    /// Go's `FindStringSubmatch`: the match and its groups as strings, groups that
    /// took no part as "".
    func submatches(_ text: ArraySlice<UInt8>) -> [String]? {
        guard let m = firstMatch(in: text) else { return nil }
        return m.map { $0.map { String(decoding: $0, as: UTF8.self) } ?? "" }
    }

    func submatches(_ text: [UInt8]) -> [String]? { submatches(text[...]) }
    func submatches(_ text: String) -> [String]? { submatches(Array(text.utf8)[...]) }

    func matches(_ text: ArraySlice<UInt8>) -> Bool { search(text) != nil }
    func matches(_ text: [UInt8]) -> Bool { search(text[...]) != nil }
    func matches(_ text: String) -> Bool { search(Array(text.utf8)[...]) != nil }

    /// Above this many (instruction, position) pairs, searches use the Pike VM,
    /// whose memory does not grow with the text, instead of the backtracker.
    static let maxBacktrackStates = 1 << 23

    /// Offsets (relative to the slice start) of the whole match and of each group.
    func search(_ text: ArraySlice<UInt8>, forcePikeVM: Bool = false) -> [Int]? {
        if forcePikeVM || program.count * (text.count + 1) > Self.maxBacktrackStates {
            return pikeSearch(text)
        }
        return backtrackSearch(text)
    }

    /// Backtracking search remembering failed (instruction, position) pairs.
    private func backtrackSearch(_ text: ArraySlice<UInt8>) -> [Int]? {
        let n = text.count
        let slots = 2 * (groupCount + 1)
        let width = n + 1
        var visited = [UInt64](repeating: 0, count: (program.count * width + 63) / 64)
        var caps = [Int](repeating: -1, count: slots)
        var stack: [Job] = []
        let lastStart = anchoredAtStart ? 0 : n
        return text.withUnsafeBufferPointer { bytes -> [Int]? in
            for start in 0...lastStart {
                for i in 0..<slots { caps[i] = -1 }
                stack.removeAll(keepingCapacity: true)
                stack.append(.step(pc: 0, pos: start))
                while let job = stack.popLast() {
                    var pc: Int
                    var pos: Int
                    switch job {
                    case .restore(let slot, let value):
                        caps[slot] = value
                        continue
                    case .step(let p, let q):
                        pc = p
                        pos = q
                    }
                    run: while true {
                        let bit = pc * width + pos
                        let word = bit >> 6
                        let mask = UInt64(1) << UInt64(bit & 63)
                        if visited[word] & mask != 0 { break run }
                        visited[word] |= mask
                        switch program[pc] {
                        case .byteSet(let set):
                            guard pos < n, set.contains(bytes[pos]) else { break run }
                            pc += 1
                            pos += 1
                        case .split(let first, let second):
                            stack.append(.step(pc: second, pos: pos))
                            pc = first
                        case .jump(let target):
                            pc = target
                        case .save(let slot):
                            stack.append(.restore(slot: slot, value: caps[slot]))
                            caps[slot] = pos
                            pc += 1
                        case .assertStart:
                            guard pos == 0 else { break run }
                            pc += 1
                        case .assertEnd:
                            guard pos == n else { break run }
                            pc += 1
                        case .match:
                            return caps
                        }
                    }
                }
            }
            return nil
        }
    }

    private enum Job {
        case step(pc: Int, pos: Int)
        case restore(slot: Int, value: Int)
    }

    /// Breadth-first search (a Pike VM): all threads advance one byte at a time,
    /// kept in priority order, so the first thread to match is the leftmost-first
    /// match and every lower-priority thread is dropped when it does.
    private func pikeSearch(_ text: ArraySlice<UInt8>) -> [Int]? {
        let n = text.count
        let slots = 2 * (groupCount + 1)
        var current = ThreadList(size: program.count)
        var next = ThreadList(size: program.count)
        var best: [Int]? = nil
        var caps = [Int](repeating: -1, count: slots)
        return text.withUnsafeBufferPointer { bytes -> [Int]? in
            var pos = 0
            while true {
                if current.threads.isEmpty {
                    if anchoredAtStart && pos != 0 { break }
                    if best != nil { break }
                }
                if best == nil && (pos == 0 || !anchoredAtStart) {
                    for i in 0..<slots { caps[i] = -1 }
                    add(&current, pc: 0, pos: pos, n: n, caps: &caps)
                }
                let byte: UInt8? = pos < n ? bytes[pos] : nil
                next.clear()
                for thread in current.threads {
                    switch program[thread.pc] {
                    case .match:
                        best = thread.caps
                    case .byteSet(let set):
                        if let byte, set.contains(byte) {
                            var c = thread.caps
                            add(&next, pc: thread.pc + 1, pos: pos + 1, n: n, caps: &c)
                        }
                        continue
                    default:
                        continue
                    }
                    // A match cuts off every thread of lower priority.
                    break
                }
                if pos >= n { break }
                pos += 1
                swap(&current, &next)
            }
            return best
        }
    }

    /// Follows `pc` through jumps, splits (in priority order), assertions and
    /// saves, and records the byte-consuming and matching instructions reached.
    private func add(_ list: inout ThreadList, pc: Int, pos: Int, n: Int, caps: inout [Int]) {
        if list.visited[pc] == list.generation { return }
        list.visited[pc] = list.generation
        switch program[pc] {
        case .byteSet, .match:
            list.threads.append(Thread(pc: pc, caps: caps))
        case .split(let first, let second):
            add(&list, pc: first, pos: pos, n: n, caps: &caps)
            add(&list, pc: second, pos: pos, n: n, caps: &caps)
        case .jump(let target):
            add(&list, pc: target, pos: pos, n: n, caps: &caps)
        case .save(let slot):
            let old = caps[slot]
            caps[slot] = pos
            add(&list, pc: pc + 1, pos: pos, n: n, caps: &caps)
            caps[slot] = old
        case .assertStart:
            if pos == 0 { add(&list, pc: pc + 1, pos: pos, n: n, caps: &caps) }
        case .assertEnd:
            if pos == n { add(&list, pc: pc + 1, pos: pos, n: n, caps: &caps) }
        }
    }

    private struct Thread {
        let pc: Int
        let caps: [Int]
    }

    /// The threads at one position, in priority order, and which instructions
    /// were already reached there (marked with the current generation).
    private struct ThreadList {
        var threads: [Thread] = []
        var visited: [Int]
        var generation = 1

        init(size: Int) { visited = [Int](repeating: 0, count: size) }

        mutating func clear() {
            threads.removeAll(keepingCapacity: true)
            generation += 1
        }
    }
}

/// A set of bytes, as four 64-bit words.
struct ByteSet: Sendable, Equatable {
    private var w0: UInt64 = 0
    private var w1: UInt64 = 0
    private var w2: UInt64 = 0
    private var w3: UInt64 = 0

    init() {}

    init(_ bytes: [UInt8]) {
        for b in bytes { insert(b) }
    }

    static func range(_ lo: UInt8, _ hi: UInt8) -> ByteSet {
        var s = ByteSet()
        if lo <= hi { for b in lo...hi { s.insert(b) } }
        return s
    }

    static let digits = ByteSet.range(0x30, 0x39)
    /// RE2's `\s`: tab, newline, form feed, carriage return, space.
    static let whitespace = ByteSet([0x09, 0x0A, 0x0C, 0x0D, 0x20])
    static let letters = ByteSet.range(0x41, 0x5A).union(.range(0x61, 0x7A))
    static let word = ByteSet.digits.union(.letters).union(ByteSet([0x5F]))
    static let hexDigits = ByteSet.digits.union(.range(0x41, 0x46)).union(.range(0x61, 0x66))

    func contains(_ b: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(b & 63)
        switch b >> 6 {
        case 0: return w0 & bit != 0
        case 1: return w1 & bit != 0
        case 2: return w2 & bit != 0
        default: return w3 & bit != 0
        }
    }

    mutating func insert(_ b: UInt8) {
        let bit = UInt64(1) << UInt64(b & 63)
        switch b >> 6 {
        case 0: w0 |= bit
        case 1: w1 |= bit
        case 2: w2 |= bit
        default: w3 |= bit
        }
    }

    func union(_ other: ByteSet) -> ByteSet {
        var s = self
        s.w0 |= other.w0
        s.w1 |= other.w1
        s.w2 |= other.w2
        s.w3 |= other.w3
        return s
    }

    var inverted: ByteSet {
        var s = ByteSet()
        s.w0 = ~w0
        s.w1 = ~w1
        s.w2 = ~w2
        s.w3 = ~w3
        return s
    }
}

private indirect enum RegexNode {
    case set(ByteSet)
    case empty
    case startAnchor
    case endAnchor
    case group(RegexNode, index: Int?)
    case concat([RegexNode])
    case alternate([RegexNode])
    case repetition(RegexNode, min: Int, max: Int?, greedy: Bool)

    var startsWithStartAnchor: Bool {
        switch self {
        case .startAnchor: return true
        case .group(let n, _): return n.startsWithStartAnchor
        case .concat(let parts): return parts.first?.startsWithStartAnchor ?? false
        default: return false
        }
    }
}

private struct RegexSyntaxError: Error, CustomStringConvertible {
    let description: String
}

private struct RegexParser {
    let p: [UInt8]
    var i = 0
    var groupCount = 0

    init(_ p: [UInt8]) { self.p = p }

    mutating func parseAll() throws -> RegexNode {
        let node = try parseAlternation()
        if i != p.count { throw RegexSyntaxError(description: "unexpected ) at \(i)") }
        return node
    }

    mutating func parseAlternation() throws -> RegexNode {
        var branches = [try parseConcat()]
        while i < p.count && p[i] == UInt8(ascii: "|") {
            i += 1
            branches.append(try parseConcat())
        }
        return branches.count == 1 ? branches[0] : .alternate(branches)
    }

    mutating func parseConcat() throws -> RegexNode {
        var parts: [RegexNode] = []
        while i < p.count && p[i] != UInt8(ascii: "|") && p[i] != UInt8(ascii: ")") {
            var atom = try parseAtom()
            while i < p.count {
                let c = p[i]
                let bounds: (Int, Int?)
                switch c {
                case UInt8(ascii: "*"): bounds = (0, nil)
                case UInt8(ascii: "+"): bounds = (1, nil)
                case UInt8(ascii: "?"): bounds = (0, 1)
                default: bounds = (-1, nil)
                }
                if bounds.0 < 0 { break }
                i += 1
                var greedy = true
                if i < p.count && p[i] == UInt8(ascii: "?") {
                    greedy = false
                    i += 1
                }
                atom = .repetition(atom, min: bounds.0, max: bounds.1, greedy: greedy)
            }
            parts.append(atom)
        }
        if parts.isEmpty { return .empty }
        return parts.count == 1 ? parts[0] : .concat(parts)
    }

    mutating func parseAtom() throws -> RegexNode {
        let c = p[i]
        switch c {
        case UInt8(ascii: "("):
            i += 1
            var index: Int? = nil
            if i + 1 < p.count && p[i] == UInt8(ascii: "?") && p[i + 1] == UInt8(ascii: ":") {
                i += 2
            } else {
                groupCount += 1
                index = groupCount
            }
            let inner = try parseAlternation()
            guard i < p.count && p[i] == UInt8(ascii: ")") else {
                throw RegexSyntaxError(description: "missing )")
            }
            i += 1
            return .group(inner, index: index)
        case UInt8(ascii: "["):
            return .set(try parseClass())
        case UInt8(ascii: "."):
            i += 1
            return .set(ByteSet([0x0A]).inverted)
        case UInt8(ascii: "^"):
            i += 1
            return .startAnchor
        case UInt8(ascii: "$"):
            i += 1
            return .endAnchor
        case UInt8(ascii: "\\"):
            i += 1
            guard i < p.count else { throw RegexSyntaxError(description: "trailing backslash") }
            let e = p[i]
            i += 1
            switch e {
            case UInt8(ascii: "A"): return .startAnchor
            case UInt8(ascii: "z"): return .endAnchor
            default:
                if let set = Self.escapeClass(e) { return .set(set) }
                return .set(ByteSet([e]))
            }
        case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"):
            throw RegexSyntaxError(description: "missing argument to repetition operator")
        default:
            i += 1
            return .set(ByteSet([c]))
        }
    }

    static func escapeClass(_ e: UInt8) -> ByteSet? {
        switch e {
        case UInt8(ascii: "s"): return .whitespace
        case UInt8(ascii: "S"): return ByteSet.whitespace.inverted
        case UInt8(ascii: "d"): return .digits
        case UInt8(ascii: "D"): return ByteSet.digits.inverted
        case UInt8(ascii: "w"): return .word
        case UInt8(ascii: "W"): return ByteSet.word.inverted
        default: return nil
        }
    }

    mutating func parseClass() throws -> ByteSet {
        i += 1  // the [
        var negate = false
        if i < p.count && p[i] == UInt8(ascii: "^") {
            negate = true
            i += 1
        }
        var set = ByteSet()
        var first = true
        while true {
            guard i < p.count else { throw RegexSyntaxError(description: "missing ]") }
            let c = p[i]
            if c == UInt8(ascii: "]") && !first {
                i += 1
                break
            }
            first = false
            if c == UInt8(ascii: "[") && i + 1 < p.count && p[i + 1] == UInt8(ascii: ":") {
                guard let end = classNameEnd(from: i + 2) else {
                    throw RegexSyntaxError(description: "bad [: class")
                }
                let name = String(decoding: p[(i + 2)..<end], as: UTF8.self)
                i = end + 2
                switch name {
                case "xdigit": set = set.union(.hexDigits)
                case "digit": set = set.union(.digits)
                case "space": set = set.union(.whitespace).union(ByteSet([0x0B]))
                case "alpha": set = set.union(.letters)
                case "alnum": set = set.union(.letters).union(.digits)
                case "word": set = set.union(.word)
                default: throw RegexSyntaxError(description: "unknown class \(name)")
                }
                continue
            }
            let lo: UInt8
            if c == UInt8(ascii: "\\") {
                guard i + 1 < p.count else { throw RegexSyntaxError(description: "trailing backslash") }
                let e = p[i + 1]
                i += 2
                if let cls = Self.escapeClass(e) {
                    set = set.union(cls)
                    continue
                }
                lo = e
            } else {
                lo = c
                i += 1
            }
            if i + 1 < p.count && p[i] == UInt8(ascii: "-") && p[i + 1] != UInt8(ascii: "]") {
                var hi = p[i + 1]
                i += 2
                if hi == UInt8(ascii: "\\") {
                    guard i < p.count else { throw RegexSyntaxError(description: "trailing backslash") }
                    hi = p[i]
                    i += 1
                }
                guard lo <= hi else { throw RegexSyntaxError(description: "bad range") }
                set = set.union(.range(lo, hi))
            } else {
                set.insert(lo)
            }
        }
        return negate ? set.inverted : set
    }

    private func classNameEnd(from start: Int) -> Int? {
        var j = start
        while j + 1 < p.count {
            if p[j] == UInt8(ascii: ":") && p[j + 1] == UInt8(ascii: "]") { return j }
            j += 1
        }
        return nil
    }
}

private struct RegexCompiler {
    var program: [GoRegex.Inst] = []

    @discardableResult
    mutating func emit(_ inst: GoRegex.Inst) -> Int {
        program.append(inst)
        return program.count - 1
    }

    mutating func compile(_ node: RegexNode) {
        switch node {
        case .set(let s):
            emit(.byteSet(s))
        case .empty:
            break
        case .startAnchor:
            emit(.assertStart)
        case .endAnchor:
            emit(.assertEnd)
        case .group(let inner, let index):
            if let index { emit(.save(2 * index)) }
            compile(inner)
            if let index { emit(.save(2 * index + 1)) }
        case .concat(let parts):
            for part in parts { compile(part) }
        case .alternate(let branches):
            var jumps: [Int] = []
            for (k, branch) in branches.enumerated() {
                if k < branches.count - 1 {
                    let split = emit(.split(0, 0))
                    compile(branch)
                    jumps.append(emit(.jump(0)))
                    program[split] = .split(split + 1, program.count)
                } else {
                    compile(branch)
                }
            }
            for j in jumps { program[j] = .jump(program.count) }
        case .repetition(let inner, let minCount, let maxCount, let greedy):
            for _ in 0..<minCount { compile(inner) }
            if let maxCount {
                // Optional copies, each of which may be skipped.
                var splits: [Int] = []
                for _ in minCount..<maxCount {
                    splits.append(emit(.split(0, 0)))
                    compile(inner)
                }
                let end = program.count
                for s in splits { program[s] = greedy ? .split(s + 1, end) : .split(end, s + 1) }
            } else {
                // Unbounded: after the mandatory copies, a loop that may take more.
                let loop = emit(.split(0, 0))
                compile(inner)
                emit(.jump(loop))
                let end = program.count
                program[loop] = greedy ? .split(loop + 1, end) : .split(end, loop + 1)
            }
        }
    }
}
