import Foundation
import SwprofCore
import SwprofRender
import SwprofServer
import SwprofViews

/// The swprof command: parses pprof-style flags and runs the report they ask for.
public enum Swprof {
    /// Runs swprof with `arguments` (without the program name) and returns the exit status.
    public static func run(arguments: [String], io: CommandIO) -> Int32 {
        run(arguments: arguments, io: io, input: .standard())
    }

    /// Runs swprof reading the interactive shell's lines from `input`.
    public static func run(arguments: [String], io: CommandIO, input: ShellInput) -> Int32 {
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
                return 2
            case .invalid(let message):
                io.err(message + "\n")
                return 2
            }
        }
        for notice in invocation.notices { io.err(notice + "\n") }

        switch invocation.mode {
        case .sample(let hostPort):
            return reportingErrors(io) { try serve(WebServer.sampleInput(), hostPort: hostPort, invocation: invocation, io: io) }
        case .trend(let output):
            return TrendCommand.run(invocation, output: output, loader: loader, io: io)
        case .web(let hostPort) where TraceWebCommand.servesTrace(invocation, loader: loader):
            return TraceWebCommand.run(invocation, hostPort: hostPort, loader: loader, io: io)
        case .web(let hostPort):
            return serveWhileLoading(invocation, hostPort: hostPort, loader: loader, io: io)
        case .report(let command, let argument):
            return withProfile(invocation, loader: loader, io: io) { loaded in
                try generateReport(
                    loaded.profile, command: command, argument: argument, config: invocation.config, io: io,
                    tools: invocation.tools)
                return 0
            }
        case .flameGraph(let palette):
            return withProfile(invocation, loader: loader, io: io) { loaded in
                try writeFlameGraph(loaded, palette: palette, invocation: invocation, io: io)
            }
        case .staticSite(let directory) where TraceWebCommand.servesTrace(invocation, loader: loader):
            return TraceWebCommand.export(invocation, to: directory, loader: loader, io: io)
        case .staticSite(let directory):
            return withProfile(invocation, loader: loader, io: io) { loaded in
                let input = WebServer.Input(profile: loaded.profile, name: webName(invocation), comparison: loaded.comparison)
                return try exportSite(input, to: directory, invocation: invocation, io: io)
            }
        case .shell:
            return withProfile(invocation, loader: loader, io: io) { loaded in
                runShell(loaded.profile, config: invocation.config, io: io, input: input)
            }
        }
    }

    /// Loads the sources (and base), then runs `body` on them; a failure
    /// of either is printed and exits with status 2.
    static func withProfile(
        _ invocation: Invocation, loader: ProfileLoader, io: CommandIO, _ body: (ProfileLoader.Loaded) throws -> Int32
    ) -> Int32 {
        let loaded: ProfileLoader.Loaded
        do {
            loaded = try loader.loadWithComparison(invocation)
        } catch {
            io.err("\(error)\n")
            return 2
        }
        io.keepUntilExit(loaded)
        return reportingErrors(io) { try body(loaded) }
    }

    /// `body`'s status, or 2 after printing what it threw.
    static func reportingErrors(_ io: CommandIO, _ body: () throws -> Int32) -> Int32 {
        do {
            return try body()
        } catch {
            io.err("\(error)\n")
            return 2
        }
    }

    /// `-flamegraph`: the flame graph (a diff one with a base) as one SVG,
    /// written as -svg writes: stdout, the -output file, or a fresh
    /// profileNNN.svg for a terminal.
    static func writeFlameGraph(
        _ loaded: ProfileLoader.Loaded, palette: DiffPalette, invocation: Invocation, io: CommandIO
    ) throws -> Int32 {
        let input = WebServer.Input(profile: loaded.profile, name: webName(invocation), comparison: loaded.comparison)
        let svg = try StandaloneFlameGraph.svg(
            input, config: invocation.config, palette: palette,
            baseName: invocation.bases.first.map { ($0 as NSString).lastPathComponent })
        try ReportOutput(io: io).write(Data(svg.utf8), command: .svg, output: invocation.config.output)
        return 0
    }

    /// Printed after a command-line error.
    static let usageLine = "usage: swprof [-format] [options] [binary] <source> ...  (swprof -help lists the flags)\n"

    /// Produces one report and writes it to stdout or the `-output` file
    /// (pprof's generateReport).
    static func generateReport(
        _ profile: Profile, command: ReportCommand, argument: String?, config: ReportConfig, io: CommandIO,
        tools: String? = nil
    ) throws {
        var prepared = try ReportPreparation.prepare(profile, command: command, argument: argument, config: config)
        prepared.options.workingDirectory = io.workingDirectory
        prepared.options.tools = tools ?? io.environment["PPROF_TOOLS"] ?? ""
        for warning in prepared.warnings { io.err(warning + "\n") }
        let bytes = try ReportRenderer.render(prepared, command: command)
        try ReportOutput(io: io).write(bytes, command: command, output: config.output)
    }

    /// What `-http` serves and how. Sources fetched over HTTP get a reload
    /// closure: the UI's Refresh and "Compare with previous".
    static func webSetup(
        _ loaded: ProfileLoader.Loaded, hostPort: String, invocation: Invocation, loader: ProfileLoader, io: CommandIO
    ) throws -> (WebServer.Input, WebServer.Configuration) {
        let name = webName(invocation)
        let makeInput: @Sendable (ProfileLoader.Loaded) -> WebServer.Input = {
            WebServer.Input(profile: $0.profile, name: name, comparison: $0.comparison)
        }
        var configuration = try configuration(hostPort: hostPort, invocation: invocation, io: io)
        configuration.reload = LiveReload.closure(invocation: invocation, loader: loader, makeInput: makeInput)
        return (makeInput(loaded), configuration)
    }

    /// The name pages show for the sources (their file names).
    static func webName(_ invocation: Invocation) -> String {
        invocation.sources.map { ($0 as NSString).lastPathComponent }.joined(separator: " ")
    }

    /// `-html=DIR`: writes the static site and says where it is.
    static func exportSite(_ input: WebServer.Input, to directory: String, invocation: Invocation, io: CommandIO) throws -> Int32 {
        let count = invocation.config.nodeCount
        let result = ExportResult()
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                result.written = try await StaticSite.export(
                    input, config: invocation.config, to: directory, functions: count > 0 ? count : 20)
            } catch {
                result.error = error
            }
            done.signal()
        }
        done.wait()
        if let error = result.error { throw error }
        let index = (directory as NSString).appendingPathComponent("index.html")
        io.err("Wrote \(result.written.files.count) files; open \(index)\n")
        io.err(StaticSite.sourceSummary(result.written.sourceFiles))
        return 0
    }

    static func configuration(hostPort: String, invocation: Invocation, io: CommandIO) throws -> WebServer.Configuration {
        var configuration = WebServer.Configuration(
            address: try HTTPAddress(parsing: hostPort), openBrowser: !invocation.noBrowser,
            environment: io.environment, config: invocation.config)
        configuration.pageLimits.seconds = invocation.httpDeadline
        return configuration
    }

    /// Runs the web server until the process ends. `swprof`'s entry point is
    /// synchronous, so the server's task is awaited through a semaphore.
    static func serve(_ input: WebServer.Input, hostPort: String, invocation: Invocation, io: CommandIO) throws -> Int32 {
        try serve(input, configuration: configuration(hostPort: hostPort, invocation: invocation, io: io), io: io)
    }

    static func serve(_ input: WebServer.Input, configuration: WebServer.Configuration, io: CommandIO) throws -> Int32 {
        try waitFor { try await WebServer.serve(input, configuration: configuration, log: { io.err($0) }) }
        return 0
    }

    /// No format and no `-http`: pprof's interactive shell plugs in here.
    static func runShell(_ profile: Profile, config: ReportConfig, io: CommandIO, input: ShellInput) -> Int32 {
        var shell = InteractiveShell(profile: profile, config: config, io: io, input: input)
        return shell.run()
    }
}

/// What the export task hands back to the synchronous entry point.
final class ExportResult: @unchecked Sendable {
    var written = StaticSite.Written()
    var error: (any Error)?
}

/// Carries a server error out of its task to the waiting thread.
final class ServeFailure: @unchecked Sendable {
    var error: (any Error)?
}
