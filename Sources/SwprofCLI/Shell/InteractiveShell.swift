import Foundation
import SwprofCore
import SwprofRender

/// pprof's interactive mode: a `(pprof) ` prompt on standard output, reports
/// on standard output, everything else (banner, option listings, help,
/// errors) on standard error, exactly as `go tool pprof` prints them.
struct InteractiveShell {
    let profile: Profile
    /// The shell's settings; assignments (`focus=main`) change them for
    /// every later command.
    var config: ReportConfig
    let io: CommandIO
    let input: ShellInput

    init(profile: Profile, config: ReportConfig, io: CommandIO, input: ShellInput) {
        self.profile = profile
        var config = config
        config.compactLabels = true
        self.config = config
        // pprof's shell keeps binary reports off the terminal: they go to
        // numbered files, as when standard output is a terminal.
        self.io = CommandIO(
            workingDirectory: io.workingDirectory, environment: io.environment, stdoutIsTerminal: true,
            stderrIsTerminal: io.stderrIsTerminal,
            out: { io.out($0) }, err: { io.err(String(decoding: $0, as: UTF8.self)) })
        self.input = input
    }

    private var sampleTypes: [String] { profile.sampleTypes.map(\.type) }

    /// Reads and runs lines until `quit`/`exit`/`q` or end of input.
    mutating func run() -> Int32 {
        var temporaryFiles: [String] = []
        defer { for file in temporaryFiles { unlink(file) } }
        greet()
        while true {
            io.out("(pprof) ")
            guard let line = input.nextLine(prompt: "(pprof) ") else { return 0 }
            for entry in expand(line) {
                if handleAssignment(entry) { continue }
                let tokens = entry.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0B}" || $0 == "\u{0C}" }).map(String.init)
                guard let first = tokens.first else { continue }
                switch first {
                case "o", "options":
                    printErr(ShellHelp.options(config, sampleTypes: sampleTypes))
                    continue
                case "exit", "quit", "q":
                    return 0
                case "help":
                    help(tokens.dropFirst().joined(separator: " "))
                    continue
                default:
                    break
                }
                do {
                    let parsed = try ShellCommandLine.parse(tokens, current: config)
                    switch parsed.command.name {
                    case "web":
                        if let file = try web(parsed) { temporaryFiles.append(file) }
                    default:
                        try Swprof.generateReport(
                            profile, command: parsed.command, argument: parsed.argument, config: parsed.config, io: io)
                    }
                } catch {
                    printErr("\(error)")
                }
            }
        }
    }

    /// pprof's `UI.Print`/`PrintErr`: the text on standard error, with a
    /// newline unless it ends with one.
    private func printErr(_ text: String) {
        io.err(text.hasSuffix("\n") ? text : text + "\n")
    }

    /// The legend lines of the profile and the invitation to type commands.
    private func greet() {
        if let options = try? config.reportOptions(for: profile, numLabelUnits: profile.numLabelUnits().0),
            let report = try? Report(profile: profile, options: options)
        {
            let formatter = ValueFormatter(
                sampleUnit: options.sampleUnit, outputUnit: options.outputUnit, ratio: options.ratio)
            printErr(report.profileLabels(formatter: formatter).joined(separator: "\n"))
            if report.total == 0 && profile.sampleTypes.count > 1 {
                printErr("No samples were found with the default sample value type.")
                printErr("Try \"sample_index\" command to analyze different sample values.\n")
            }
        }
        printErr("Entering interactive mode (type \"help\" for commands, \"o\" for options)")
    }

    /// Shortcuts: `:` clears the filters; a sample type's name selects it
    /// (`total_`/`mean_` prefixes also set `mean`).
    private func expand(_ line: String) -> [String] {
        let input = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if input == ":" { return ["focus=", "ignore=", "hide=", "tagfocus=", "tagignore="] }
        for type in sampleTypes {
            if input == type { return ["sample_index=\(type)"] }
            if input == "total_" + type { return ["mean=0", "sample_index=\(type)"] }
            if input == "mean_" + type { return ["mean=1", "sample_index=\(type)"] }
        }
        return [input]
    }

    /// Handles `name=value` (and a bare boolean option); returns false when
    /// the line names no option and is a command.
    private mutating func handleAssignment(_ entry: String) -> Bool {
        let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(parts[0]).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let variable = ReportConfig.variable(named: name) else { return false }
        var value = ""
        if parts.count == 2 {
            var text = String(parts[1])
            if let comment = text.range(of: "//:", options: .backwards) { text = String(text[..<comment.lowerBound]) }
            value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let isChoice = variable.name != name
        if parts.count == 1 && !isChoice && variable.kind != .bool {
            printErr("please specify a value, e.g. \(name)=<val>")
            return true
        }
        do {
            if name == "sample_index" {
                let index = try profile.sampleIndex(byName: value)
                guard index >= 0 && index < profile.sampleTypes.count else {
                    printErr("invalid sample_index \(goQuoted(value))")
                    return true
                }
                value = profile.sampleTypes[index].type
            }
            if isChoice {
                // `cum=true` selects the choice; anything else is refused as pprof does.
                guard ["1", "t", "T", "TRUE", "true", "True"].contains(value) else {
                    printErr("unknown config field \(goQuoted(name))")
                    return true
                }
                try config.setChoice(name)
            } else {
                try config.set(variable, to: value)
            }
        } catch {
            printErr("\(error)")
        }
        return true
    }

    private func help(_ topic: String) {
        if topic.isEmpty {
            printErr(ShellHelp.overview())
        } else if let command = ReportCommand.named(topic) {
            printErr(ShellHelp.command(command))
        } else if let text = ShellHelp.option(topic, sampleTypes: sampleTypes) {
            printErr(text)
        } else {
            printErr("Unknown command: " + topic)
        }
    }

    /// `web`: the graph as SVG in a temporary `pprofNNN.svg`, opened in a
    /// browser left running. Returns the file, removed when the shell ends.
    private func web(_ parsed: ShellCommandLine) throws -> String? {
        var prepared = try ReportPreparation.prepare(profile, command: .svg, argument: nil, config: parsed.config)
        prepared.options.workingDirectory = io.workingDirectory
        for warning in prepared.warnings { printErr(warning) }
        let bytes = try ReportRenderer.render(prepared, command: .svg)
        let file = try BrowserLauncher.writeTemporary(bytes, prefix: "pprof", suffix: ".svg")
        try BrowserLauncher.launch(file, environment: io.environment)
        return file
    }
}
