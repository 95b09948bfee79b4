import Foundation

/// One line of an annotated source file.
public struct SourceLine: Sendable {
    public var number: Int
    public var text: String
    public var flat: Int64
    public var cum: Int64
}

/// A function's lines in one source file, with the values that fell on them.
public struct SourceFileListing: Sendable {
    public var function: String
    /// The file name as the profile gives it (after `-trim_path`).
    public var file: String
    public var flat: Int64
    public var cum: Int64
    /// The lines from the function's start (or five before its first
    /// sample) to five after its last sample.
    public var lines: [SourceLine]
    /// Why the file could not be read, if it could not.
    public var error: String?
    /// Where the file was found and read (nil when it was not read).
    public var location: String? = nil
    /// When the file could not be read: the lines that have values, each
    /// with the text `???` (as pprof's web list shows them), so the values
    /// stay visible without the source.
    public var sampledLines: [SourceLine] = []
}

/// A function matching the `-list` pattern: one listing per source file,
/// none when the profile has no file names for it.
public struct SourceFunctionListing: Sendable {
    public var name: String
    public var files: [SourceFileListing]
}

/// The `-list` report: annotated source of every function matching the pattern.
public struct SourceListing: Sendable {
    /// This listing cut to the `limit` functions with the largest cumulative
    /// value (ties: name order), kept in name order; `omitted` counts the rest.
    /// A page shows a bounded listing however broad its pattern.
    public func keepingHeaviest(_ limit: Int) -> (listing: SourceListing, omitted: Int) {
        guard functions.count > limit else { return (self, 0) }
        let weight = functions.map { f in f.files.reduce(UInt64(0)) { $0 &+ $1.cum.magnitude } }
        let kept = Set(functions.indices.sorted { weight[$0] != weight[$1] ? weight[$0] > weight[$1] : $0 < $1 }.prefix(max(0, limit)))
        var cut = self
        cut.functions = functions.indices.filter(kept.contains).map { functions[$0] }
        return (cut, functions.count - cut.functions.count)
    }

    public var total: Int64
    public var functions: [SourceFunctionListing]
    public var formatter: ValueFormatter

    /// The source files read for the listing, where they were found, each once.
    public var filesRead: [String] {
        var seen = Set<String>()
        return functions.flatMap(\.files).compactMap(\.location).filter { seen.insert($0).inserted }
    }

    /// The report as `go tool pprof -list` prints it.
    public var text: String {
        var out = "Total: \(formatter.format(total))\n"
        for function in functions {
            if function.files.isEmpty {
                out += "No source information for \(function.name)\n"
                continue
            }
            for file in function.files {
                out += "ROUTINE ======================== \(function.name) in \(file.file)\n"
                out += CFormat.padLeft(formatter.format(file.flat), 10) + " "
                out += CFormat.padLeft(formatter.format(file.cum), 10) + " (flat, cum) "
                out += Measurement.percentage(file.cum, of: total) + " of Total\n"
                if let error = file.error {
                    out += " Error: \(error)\n"
                    continue
                }
                for line in file.lines {
                    out += CFormat.padLeft(formatter.formatOrDot(line.flat), 10) + " "
                    out += CFormat.padLeft(formatter.formatOrDot(line.cum), 10) + " "
                    out += CFormat.padLeft(String(line.number), 6) + ":" + line.text + "\n"
                }
            }
        }
        return out
    }
}

extension Report {
    /// Source listings for the functions whose name matches the options'
    /// symbol (all functions when there is none), sorted by name; files are
    /// looked up with `sourcePath` (default: the current directory) and
    /// `trimPath`; `access` limits which files may be read (the web UI and
    /// the export read only under the source roots). Throws when nothing matches.
    public func sourceListing(access: SourceAccess = .anyRegularFile) throws -> SourceListing {
        var prepared = preparedProfile(for: .list)
        var cache = GraphBuildCache()
        let (graph, _) = newGraph(&prepared, kept: nil, format: .list, cache: &cache)

        var functionNodes: [String: [Int]] = [:]
        var firstNodes: [Int] = []
        for id in graph.nodeIDs {
            let name = graph[node: id].info.name
            if let symbol = options.symbol, !symbol.matches(name) {
                continue
            }
            if functionNodes[name] == nil {
                firstNodes.append(id)
            }
            functionNodes[name, default: []].append(id)
        }
        if functionNodes.isEmpty {
            throw ProfileError(.invalidOption, "no matches found for regexp: \(options.symbol?.source ?? "")")
        }

        var searchPath = options.sourcePath
        if searchPath.isEmpty {
            searchPath = options.workingDirectory
        }
        if searchPath.isEmpty {
            searchPath = FileManager.default.currentDirectoryPath
        }
        var reader = SourceReader(
            searchPath: searchPath, trimPath: options.trimPath, workingDirectory: options.workingDirectory, access: access)
        var functions: [SourceFunctionListing] = []
        for first in graph.sorted(firstNodes, by: .name) {
            let name = graph[node: first].info.name
            var fileNodes: [String: [Int]] = [:]
            var fileFirsts: [Int] = []
            for id in functionNodes[name] ?? [] {
                let file = graph[node: id].info.file
                if file.isEmpty { continue }
                if fileNodes[file] == nil {
                    fileFirsts.append(id)
                }
                fileNodes[file, default: []].append(id)
            }
            var files: [SourceFileListing] = []
            for fileNode in graph.sorted(fileFirsts, by: .file) {
                let file = graph[node: fileNode].info.file
                let nodes = (fileNodes[file] ?? []).map { graph[node: $0] }
                var flat: Int64 = 0
                var cum: Int64 = 0
                for node in nodes {
                    flat &+= node.flat
                    cum &+= node.cum
                }
                let (lines, error) = sourceLines(file, nodes: nodes, reader: &reader)
                var listing = SourceFileListing(
                    function: name, file: file, flat: flat, cum: cum, lines: lines, error: error,
                    location: reader.locations[file])
                if error != nil { listing.sampledLines = Self.sampledLines(nodes) }
                files.append(listing)
            }
            functions.append(SourceFunctionListing(name: name, files: files))
        }
        return SourceListing(total: total, functions: functions, formatter: formatter(unit: options.outputUnit))
    }

    /// The lines that carry values, in order, with `???` for their text.
    static func sampledLines(_ nodes: [Graph.Node]) -> [SourceLine] {
        var byLine: [Int: (flat: Int64, cum: Int64)] = [:]
        for node in nodes {
            var sums = byLine[node.info.lineno] ?? (0, 0)
            sums.flat &+= node.flat
            sums.cum &+= node.cum
            byLine[node.info.lineno] = sums
        }
        return byLine.keys.sorted().map { number in
            let sums = byLine[number] ?? (0, 0)
            return SourceLine(number: number, text: "???", flat: sums.flat, cum: sums.cum)
        }
    }

    /// The lines of `file` around the nodes' lines, with their values.
    private func sourceLines(_ file: String, nodes: [Graph.Node], reader: inout SourceReader) -> ([SourceLine], String?) {
        let margin = 5
        guard let first = nodes.first else { return ([], nil) }
        var start = first.info.startLine != 0 ? first.info.startLine : first.info.lineno &- margin
        var end = first.info.lineno &+ margin
        var byLine: [Int: (flat: Int64, cum: Int64)] = [:]
        for node in nodes {
            let lineno = node.info.lineno
            let nodeStart = node.info.startLine != 0 ? node.info.startLine : lineno &- margin
            let nodeEnd = lineno &+ margin
            // pprof only widens the end for nodes that do not move the start.
            if nodeStart < start {
                start = nodeStart
            } else if nodeEnd > end {
                end = nodeEnd
            }
            var sums = byLine[lineno] ?? (0, 0)
            sums.flat &+= node.flat
            sums.cum &+= node.cum
            byLine[lineno] = sums
        }
        start = max(start, 1)
        var lines: [SourceLine] = []
        var number = start
        while number <= end, let text = reader.line(file, number) {
            let sums = byLine[number] ?? (0, 0)
            lines.append(SourceLine(number: number, text: text, flat: sums.flat, cum: sums.cum))
            number &+= 1
        }
        if let error = reader.error(for: file) {
            return ([], error)
        }
        return (lines, nil)
    }
}
