import Foundation
/// Go goroutine dumps: `goroutine?debug=2` output, `runtime.Stack(buf, true)`
/// and the tracebacks of a crashing Go program (`panic: …` then the goroutines).
///
///     goroutine 18 [chan receive, 12 minutes]:
///     main.worker(0xc000010000)
///     	/src/app/main.go:25 +0x1e
///     created by main.main in goroutine 1
///     	/src/app/main.go:40 +0x5c
///
/// pprof cannot read these. They become a goroutine profile (sample type
/// `goroutine/count`) with one sample of value 1 per goroutine, leaf first as
/// always; each sample carries the string label `state` ("chan receive") and
/// the numeric labels `wait` (minutes, 0 when the dump gives none) and `goid`
/// (the goroutine's ID, which the Goroutines view lists per group). The
/// `created by` frame is kept as the string label `created_by`, not as a frame:
/// it is where the goroutine started, not a caller on its stack.
enum GoroutineDumpParser {
    /// One goroutine's header: `goroutine N [state, M minutes, locked to thread]:`.
    struct Header: Equatable {
        var id: Int64
        var state: String
        var waitMinutes: Int64
    }

    /// One frame of a stack: function (arguments dropped), file and line.
    struct Frame: Hashable {
        var function: String
        var file: String
        var line: Int64
    }

    struct Goroutine {
        var header: Header
        var frames: [Frame] = []
        var createdBy: String = ""
    }

    /// The profile in `data`, or `LegacyParseError.unrecognized` when the data
    /// holds no goroutine header followed by a stack.
    static func parse(_ data: [UInt8]) throws -> Profile {
        let goroutines = try read(data)
        // Some goroutine must have a stack: a lone header line proves little.
        guard goroutines.contains(where: { !$0.frames.isEmpty }) else { throw LegacyParseError.unrecognized }
        return profile(goroutines)
    }

    /// The goroutines of a dump, in the order it lists them.
    static func read(_ data: [UInt8]) throws -> [Goroutine] {
        // Text only: a NUL byte means some binary format.
        if data.contains(0) { throw LegacyParseError.unrecognized }
        var s = LineScanner(data)
        var result: [Goroutine] = []
        var current: Goroutine? = nil
        var pendingFunction: String? = nil
        var pendingCreator = false

        // A function line without its `\tfile:line` line is not a frame (Go always
        // writes both): such lines, as a crash's trailing `exit status 2`, are dropped.
        func flushPending() {
            pendingFunction = nil
            pendingCreator = false
        }
        func finish() {
            flushPending()
            if let g = current { result.append(g) }
            current = nil
        }

        while s.scan() {
            let line = GoText.string(s.text)
            if let h = header(line) {
                finish()
                current = Goroutine(header: h)
                continue
            }
            guard current != nil else { continue }
            if GoText.trimSpace(line).isEmpty {
                finish()
                continue
            }
            if line.hasPrefix("\t") {
                // `\tfile:line +0xOFF` for the function above it.
                guard let function = pendingFunction else { continue }
                let place = position(line)
                if pendingCreator {
                    current?.createdBy = function
                } else {
                    current?.frames.append(Frame(function: function, file: place.file, line: place.line))
                }
                pendingFunction = nil
                pendingCreator = false
                continue
            }
            flushPending()
            if line.hasPrefix("...") || line.hasPrefix("[") {
                // "...additional frames elided...", "...N frames elided...".
                continue
            }
            if line.hasPrefix("created by ") {
                var creator = String(line.dropFirst("created by ".count))
                if let r = creator.range(of: " in goroutine ") { creator = String(creator[..<r.lowerBound]) }
                pendingFunction = creator
                pendingCreator = true
                continue
            }
            pendingFunction = functionName(line)
        }
        try s.check()
        finish()
        return result
    }

    /// The header a line holds, if it is one. Go 1.23 may add `gp=… m=…` fields
    /// between the number and the bracket.
    static func header(_ line: String) -> Header? {
        guard line.hasPrefix("goroutine "), line.hasSuffix("]:"),
            let open = line.firstIndex(of: "[")
        else { return nil }
        let idText = line[line.index(line.startIndex, offsetBy: "goroutine ".count)...].prefix { $0.isASCII && $0.isNumber }
        guard !idText.isEmpty, let id = Int64(idText) else { return nil }
        let inside = line[line.index(after: open)..<line.index(line.endIndex, offsetBy: -2)]
        var parts = inside.components(separatedBy: ", ")
        guard let state = parts.first, !state.isEmpty else { return nil }
        parts.removeFirst()
        var wait: Int64 = 0
        for p in parts {
            let words = p.split(separator: " ")
            if words.count == 2, words[1] == "minutes" || words[1] == "minute", let n = Int64(words[0]) {
                wait = n
            }
        }
        return Header(id: id, state: state, waitMinutes: wait)
    }

    /// `pkg.(*T).method(0xc000…, {…})` → `pkg.(*T).method`: drops the argument
    /// list, the last parenthesised group when the line ends with it.
    static func functionName(_ line: String) -> String {
        let text = GoText.trimSpace(line)
        guard text.hasSuffix(")") else { return text }
        var depth = 0
        var index = text.endIndex
        while index > text.startIndex {
            index = text.index(before: index)
            switch text[index] {
            case ")": depth += 1
            case "(":
                depth -= 1
                if depth == 0 {
                    let name = String(text[..<index])
                    return name.isEmpty ? text : name
                }
            default: break
            }
        }
        return text
    }

    /// `\t/path/file.go:123 +0x1e` → (`/path/file.go`, 123).
    static func position(_ line: String) -> (file: String, line: Int64) {
        var text = GoText.trimSpace(line)
        if let plus = text.range(of: " +0x", options: .backwards) { text = String(text[..<plus.lowerBound]) }
        // Go 1.21+ may add " fp=… sp=… pc=…" with GOTRACEBACK=system.
        if let fp = text.range(of: " fp=") { text = String(text[..<fp.lowerBound]) }
        guard let colon = text.lastIndex(of: ":"),
            let n = Int64(text[text.index(after: colon)...])
        else { return (text, 0) }
        return (String(text[..<colon]), n)
    }

    /// The goroutine profile for `goroutines`.
    static func profile(_ goroutines: [Goroutine]) -> Profile {
        var p = Profile()
        p.sampleTypes = [ValueType(type: "goroutine", unit: "count")]
        p.periodType = ValueType(type: "goroutine", unit: "count")
        p.period = 1
        // Frames come with names, files and lines: one mapping saying so keeps
        // symbolization warnings away.
        p.mappings = [Mapping(id: 1, hasFunctions: true, hasFilenames: true, hasLineNumbers: true)]
        var locationIndex: [Frame: Int] = [:]
        var functionKeys: [[String]: Int] = [:]
        for g in goroutines {
            var stack: [Int] = []
            for f in g.frames {
                if let l = locationIndex[f] {
                    stack.append(l)
                    continue
                }
                let key = [f.function, f.file]
                let fi: Int
                if let existing = functionKeys[key] {
                    fi = existing
                } else {
                    fi = p.functions.count
                    p.functions.append(
                        Function(id: UInt64(fi + 1), name: f.function, systemName: f.function, filename: f.file))
                    functionKeys[key] = fi
                }
                let li = p.locations.count
                p.locations.append(Location(id: UInt64(li + 1), mapping: 0, lines: [Line(function: fi, line: f.line)]))
                locationIndex[f] = li
                stack.append(li)
            }
            var labels = ["state": [g.header.state]]
            if !g.createdBy.isEmpty { labels["created_by"] = [g.createdBy] }
            p.samples.append(
                Sample(
                    locations: stack, values: [1], labels: labels,
                    numLabels: ["wait": [g.header.waitMinutes], "goid": [g.header.id]], numUnits: ["wait": ["minutes"]]))
        }
        return p
    }
}
