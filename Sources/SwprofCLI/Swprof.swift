import Foundation
import SwprofCore

/// The swprof command: parses pprof-style flags and runs the report they ask for.
public enum Swprof {
    /// Runs swprof with `arguments` (without the program name) and returns the exit status.
    public static func run(arguments: [String], io: CommandIO) -> Int32 {
        TimeZoneSetting.adopt(io.environment["TZ"])
        let loader = ProfileLoader(io: io)
        let invocation: Invocation
        do {
            invocation = try CommandLineParser.parse(arguments) { ProfileLoader.isExecutable(loader.resolve($0)) }
        } catch {
            switch error {
            case .help:
                io.err(Usage.text)
                return 0
            case .usage(let message):
                io.err(message + "\n" + usageLine)
                return 1
            case .invalid(let message):
                io.err(message + "\n")
                return 1
            }
        }
        for notice in invocation.notices { io.err(notice + "\n") }

        if let command = invocation.command, command.format == nil {
            io.err("-\(command.name) is not supported by swprof; use -svg, -dot or -http instead\n")
            return 1
        }

        let loaded: ProfileLoader.Loaded
        do {
            loaded = try loader.loadWithComparison(invocation)
        } catch {
            io.err("\(error)\n")
            return 1
        }
        let profile = loaded.profile

        do {
            if let command = invocation.command {
                try generateReport(profile, command: command, argument: invocation.commandArgument,
                                   config: invocation.config, io: io)
                return 0
            }
            if let hostPort = invocation.httpHostPort {
                return try serveWebInterface(loaded, hostPort: hostPort, invocation: invocation, io: io)
            }
            return try runShell(profile, config: invocation.config, io: io)
        } catch {
            io.err("\(error)\n")
            return 1
        }
    }

    /// Printed after a command-line error.
    static let usageLine = "usage: swprof [-format] [options] [binary] <source> ...  (swprof -help lists the flags)\n"

    /// Produces one report and writes it to stdout or the `-output` file
    /// (pprof's generateReport).
    static func generateReport(
        _ profile: Profile, command: ReportCommand, argument: String?, config: ReportConfig, io: CommandIO
    ) throws {
        var prepared = try ReportPreparation.prepare(profile, command: command, argument: argument, config: config)
        prepared.options.workingDirectory = io.workingDirectory
        for warning in prepared.warnings { io.err(warning + "\n") }
        let bytes = try ReportRenderer.render(prepared, command: command)
        try ReportOutput(io: io).write(bytes, command: command, output: config.output)
    }

    /// `-http`: the web interface (issue 3) plugs in here. `loaded.comparison`
    /// holds the base and new profiles with `-base`/`-diff_base`; the
    /// invocation has `config` (the view defaults), `noBrowser` and `sources`.
    static func serveWebInterface(
        _ loaded: ProfileLoader.Loaded, hostPort: String, invocation: Invocation, io: CommandIO
    ) throws -> Int32 {
        io.err("swprof: the web interface (-http) is not available yet; use an output format such as -top or -svg\n")
        return 1
    }

    /// No format and no `-http`: pprof's interactive shell plugs in here.
    static func runShell(_ profile: Profile, config: ReportConfig, io: CommandIO) throws -> Int32 {
        io.err("swprof: interactive shell not yet supported; use an output format such as -top, -tree, -svg, or -http\n")
        return 1
    }
}
