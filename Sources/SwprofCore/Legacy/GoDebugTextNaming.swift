import Foundation
/// Names the frames of Go's `debug=1` text profiles (`goroutine?debug=1`,
/// `heap?debug=1`, any `NAME profile: total N`) from the comment lines the
/// runtime writes under each stack:
///
///     #	0x673b5e	main.leakGoroutine.func1+0x1e	leaky/main.go:25
///
/// pprof reads only the addresses and shows them unnamed. Here each location
/// whose address a comment line gives gets that function, file and line; lines
/// with the same address are inlined frames, innermost first. Addresses the
/// runtime printed without a comment line (frames it hides) are left out of
/// stacks that have named frames. Sample values and the order of everything
/// else stay as pprof reads them.
enum GoDebugTextNaming {
    /// One `#` line: the frame's program counter, function, file and line.
    struct Frame: Equatable {
        var address: UInt64
        var function: String
        var file: String
        var line: Int64
    }

    /// The frame a comment line describes, or nil for any other comment
    /// (an address alone, `# runtime.MemStats` statistics, free text).
    static func frame(_ comment: ArraySlice<UInt8>) -> Frame? {
        let text = GoText.trimSpace(comment)
        guard text.first == UInt8(ascii: "#") else { return nil }
        // Fields are tab separated; runs of tabs align the columns.
        let fields = text.dropFirst().split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: true)
            .map { GoText.trimSpace($0) }.filter { !$0.isEmpty }
        guard fields.count >= 3,
            GoText.hasPrefix(fields[0], "0x"),
            case .success(let address) = GoText.parseUint(fields[0], base: 0)
        else { return nil }
        var function = GoText.string(fields[1])
        if let plus = function.range(of: "+0x", options: .backwards) {
            function = String(function[..<plus.lowerBound])
        }
        // The file may itself contain spaces or tabs: take everything after the function.
        let place = GoText.string(text[fields[2].startIndex..<text.endIndex])
        var file = place
        var line: Int64 = 0
        if let colon = place.lastIndex(of: ":"),
            case .success(let n) = GoText.parseInt(String(place[place.index(after: colon)...]), base: 10)
        {
            file = String(place[..<colon])
            line = n
        }
        guard !function.isEmpty else { return nil }
        return Frame(address: address, function: function, file: file, line: line)
    }

    /// Gives `builder`'s locations the frames named in `comments` (the comment
    /// lines under each sample, as `CountProfileParser` and `HeapProfileParser`
    /// collect them). A location keeps the first naming it gets.
    static func apply(_ comments: [[ArraySlice<UInt8>]], to builder: inout LegacyProfileBuilder) {
        var functionTable: [FunctionKey: Int] = [:]
        var named = Set<Int>()
        for (sampleIndex, lines) in comments.enumerated() where sampleIndex < builder.samples.count {
            // Frames by address, in the order they appear (innermost first).
            var frames: [UInt64: [Frame]] = [:]
            for comment in lines {
                guard let f = frame(comment) else { continue }
                frames[f.address, default: []].append(f)
            }
            if frames.isEmpty { continue }
            for location in builder.samples[sampleIndex].locations where !named.contains(location) {
                let address = builder.locationPool[location].address
                guard let found = frames[address] else { continue }
                named.insert(location)
                builder.locationPool[location].lines = found.map { f in
                    let key = FunctionKey(name: f.function, file: f.file)
                    let function: Int
                    if let existing = functionTable[key] {
                        function = existing
                    } else {
                        function = builder.newFunction(name: f.function, systemName: f.function, filename: f.file)
                        functionTable[key] = function
                    }
                    return (function: function, line: f.line)
                }
            }
        }
        // The runtime prints no `#` line for the frames it hides (runtime.gopark,
        // runtime.goexit, ...): in a stack with named frames they are left out, so
        // that the innermost named frame is the leaf, not an unnamed address.
        for n in builder.samples.indices {
            let kept = builder.samples[n].locations.filter { named.contains($0) }
            if !kept.isEmpty { builder.samples[n].locations = kept }
        }
        // Functions are listed in order of first use, as the other parsers list them.
        builder.remapFunctionIDs()
    }

    private struct FunctionKey: Hashable {
        var name: String
        var file: String
    }
}
