import Foundation

/// One instruction of a `-disasm` listing with the samples at its address.
public struct AssemblyInstruction: Sendable {
    public var address: UInt64
    public var text: String
    public var function: String
    /// The source file's base name.
    public var file: String
    public var line: Int
    public var flat: Int64
    public var cum: Int64
}

/// A symbol of a binary matching `-disasm`'s pattern, with its instructions.
public struct AssemblyRoutine: Sendable {
    public var name: String
    public var flat: Int64
    public var cum: Int64
    public var instructions: [AssemblyInstruction]
}

/// The `-disasm` report (pprof's PrintAssembly).
public struct AssemblyListing: Sendable {
    public var total: Int64
    public var routines: [AssemblyRoutine]
    public var formatter: ValueFormatter

    /// The report as pprof prints it: per routine its totals, then each
    /// instruction with flat and cum values, and where it comes from whenever
    /// that changes.
    public var text: String {
        var out = "Total: \(formatter.format(total))\n"
        for routine in routines {
            out += "ROUTINE ======================== \(routine.name)\n"
            out += CFormat.padLeft(formatter.format(routine.flat), 10) + " " + CFormat.padLeft(formatter.format(routine.cum), 10)
            out += " (flat, cum) " + Measurement.percentage(routine.cum, of: total) + " of Total\n"
            var last: (String, String, Int)? = nil
            for i in routine.instructions {
                var location = ""
                if last.map({ $0 != (i.function, i.file, i.line) }) ?? true {
                    last = (i.function, i.file, i.line)
                    if !i.function.isEmpty { location = i.function + " " }
                    if !i.file.isEmpty {
                        location += i.file
                        if i.line != 0 { location += ":\(i.line)" }
                    }
                }
                let values = CFormat.padLeft(formatter.formatOrDot(i.flat), 10) + " " + CFormat.padLeft(formatter.formatOrDot(i.cum), 10)
                let address = CFormat.padLeft(String(i.address, radix: 16), 10)
                if location.isEmpty {
                    out += "\(values) \(address): \(i.text)\n"
                } else if i.text.unicodeScalars.count < 40 {
                    out += "\(values) \(address): \(i.text)" + String(repeating: " ", count: 40 - i.text.unicodeScalars.count) + ";\(location)\n"
                } else {
                    out += String(repeating: " ", count: 74) + ";\(location)\n"
                    out += "\(values) \(address): \(i.text)\n"
                }
            }
        }
        return out
    }
}

extension Report {
    /// The assembly of every symbol matching the options' pattern in the
    /// binaries of the sampled nodes that match it, each instruction with the
    /// samples at its address (nodes at address granularity); sorted by name,
    /// then address. Throws when nothing matches or objdump cannot run.
    /// `demangledNames`: a symbol also matches by its name as reports show it
    /// (C++ and Rust demangled; the web UI's links carry those names), which
    /// `-disasm` (pprof matches only the symbol table's names) does not do.
    public func assemblyListing(demangledNames: Bool = false) throws -> AssemblyListing {
        var prepared = preparedProfile(for: .disasm)
        var cache = GraphBuildCache()
        let (graph, _) = newGraph(&prepared, kept: nil, format: .disasm, cache: &cache)
        let pattern = options.symbol
        let nodes = graph.nodeIDs.map { graph[node: $0] }

        var matchedFiles: Set<String> = []
        for node in nodes where !node.info.objfile.isEmpty && (pattern?.matches(node.printableName) ?? true) {
            matchedFiles.insert(node.info.objfile)
        }
        struct Found {
            var symbol: ELFFile.Symbol
            var object: ObjectFile
            var nodes: [Graph.Node]
        }
        var found: [Found] = []
        for mapping in profile.mappings where matchedFiles.contains(mapping.file) {
            guard let object = try? ObjectFile(path: resolvePath(mapping.file), start: mapping.start) else { continue }
            let symbols = object.elf.symbols()
                .filter { symbol in
                    guard !(symbol.value == 0 && symbol.size == 0) else { return false }
                    guard let pattern else { return true }
                    return pattern.matches(symbol.name)
                        || (demangledNames && pattern.matches(NameSimplifier.reportName(symbol.name)))
                }
                .sorted { $0.value < $1.value }
            for symbol in symbols {
                let end = symbol.value &+ symbol.size &- 1
                let inside = nodes.filter {
                    let address = $0.info.address &- object.offset
                    return address >= symbol.value && address < end
                }
                if !inside.isEmpty { found.append(Found(symbol: symbol, object: object, nodes: inside)) }
            }
        }
        if found.isEmpty {
            throw ProfileError(.invalidOption, "no matches found for regexp \(pattern?.source ?? "")")
        }
        found.sort { $0.symbol.name != $1.symbol.name ? $0.symbol.name < $1.symbol.name : $0.symbol.value < $1.symbol.value }
        guard let objdump = Objdump.find(tools: options.tools, environmentPath: ProcessInfo.processInfo.environment["PATH"]) else {
            throw ProfileError(.invalidOption, "cannot disasm: no objdump tool available")
        }
        var routines: [AssemblyRoutine] = []
        for f in found {
            let end = f.symbol.value &+ f.symbol.size &- 1
            let instructions = try objdump.disassemble(
                f.object.path, start: f.symbol.value, end: end, intelSyntax: options.intelSyntax)
            var routine = AssemblyRoutine(name: f.symbol.name, flat: 0, cum: 0, instructions: [])
            for node in f.nodes {
                routine.flat &+= node.flat
                routine.cum &+= node.cum
            }
            routine.instructions = Self.annotate(instructions, f.nodes.sorted { $0.info.address < $1.info.address }, offset: f.object.offset)
            routines.append(routine)
        }
        return AssemblyListing(total: total, routines: routines, formatter: formatter(unit: options.outputUnit))
    }

    /// The instructions with the samples of the nodes whose addresses fall
    /// between each one and the next (pprof's annotateAssembly).
    static func annotate(_ instructions: [Objdump.Instruction], _ nodes: [Graph.Node], offset: UInt64) -> [AssemblyInstruction] {
        var result: [AssemblyInstruction] = []
        var s = 0
        for (index, instruction) in instructions.enumerated() {
            var out = AssemblyInstruction(
                address: instruction.address, text: instruction.text, function: instruction.function,
                file: instruction.file.isEmpty ? "" : GoFilePath.base(instruction.file), line: instruction.line,
                flat: 0, cum: 0)
            let next = index + 1 < instructions.count ? instructions[index + 1].address : UInt64.max
            var flatDiv: Int64 = 0, cumDiv: Int64 = 0
            while s < nodes.count {
                let node = nodes[s]
                if node.info.address &- offset >= next { break }
                out.flat &+= node.flat
                out.cum &+= node.cum
                flatDiv &+= node.flatDiv
                cumDiv &+= node.cumDiv
                if out.file.isEmpty && !node.info.file.isEmpty { out.file = GoFilePath.base(node.info.file) }
                if out.line == 0 && node.info.lineno != 0 { out.line = node.info.lineno }
                if out.function.isEmpty && !node.info.name.isEmpty { out.function = node.info.name }
                s += 1
            }
            if flatDiv != 0 { out.flat /= flatDiv }
            if cumDiv != 0 { out.cum /= cumDiv }
            result.append(out)
        }
        return result
    }

    /// A mapping's file as a path to open (relative to the working directory).
    func resolvePath(_ file: String) -> String {
        if file.hasPrefix("/") || options.workingDirectory.isEmpty { return file }
        return options.workingDirectory + "/" + file
    }
}
