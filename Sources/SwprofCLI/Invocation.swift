import SwprofCore
import SwprofRender

/// What a swprof command line asks for (pprof's `source` plus the command
/// and the config it sets).
struct Invocation {
    /// Profile sources (files; URLs later), merged.
    var sources: [String] = []
    /// Base profiles (`-base` or `-diff_base`), merged.
    var bases: [String] = []
    /// Whether `bases` came from `-diff_base` (kept apart by label) rather than
    /// `-base` (subtracted).
    var diffBase = false
    var normalize = false
    /// An executable named before the sources: overrides the main mapping's file.
    var executable: String? = nil
    var buildID = ""
    var symbolize = ""
    /// `-tools`: where to find objdump for `-disasm` (nil: `PPROF_TOOLS`).
    var tools: String? = nil
    /// `-symbolize=none`: no names taken from Go `debug=1` comment lines (the
    /// formats swprof reads beyond pprof's are still read).
    var symbolizeNone: Bool {
        symbolize.lowercased().split(separator: ":").contains { $0 == "none" || $0 == "no" }
    }
    var seconds = -1
    var timeout = -1
    var comment = ""
    /// `-all_frames`: ignore the profile's drop_frames and keep_frames patterns.
    var allFrames = false
    /// What to do with the sources: one mode, decided by the parser.
    var mode: RunMode = .shell
    /// Where `swprof` with no source serves the bundled sample profile.
    static let defaultSampleHTTP = "localhost:8080"
    /// `-no_browser`: the web UI opens no browser.
    var noBrowser = false
    /// `-every=DURATION -count=N` with `-trend`: take N snapshots of the URL
    /// sources this many seconds apart instead of reading N profiles.
    var everySeconds: Double? = nil
    var snapshotCount = 0
    /// The most bytes a gzipped source may inflate to (`-max_inflate_mb`, in MiB);
    /// past it the source is refused as a likely decompression bomb.
    var maxInflatedBytes = Gzip.defaultMaxInflatedBytes
    /// `-http_deadline`: seconds a web page may compute before it is stopped
    /// (nil: no limit).
    var httpDeadline: Double? = PageLimits().seconds
    /// `-trace_profile=net|sync|syscall|sched`: the sources are Go execution
    /// traces, read as the profile `go tool trace -pprof=KIND` writes.
    var traceProfile: TraceProfileKind? = nil

    var config = ReportConfig()
    /// Messages to print before running (pprof's "Multiple value selections, ignoring …").
    var notices: [String] = []

    /// The report to produce (`-top`, `-peek=RE`, …; `-traces` with `-trend`), if any.
    var command: ReportCommand? {
        switch mode {
        case .report(let command, _): command
        case .trend(.table(stacks: true)): .traces
        default: nil
        }
    }
    /// The report's regexp (`-peek=RE`, `-list=RE`).
    var commandArgument: String? {
        if case .report(_, let argument) = mode { argument } else { nil }
    }
    /// Where the web UI listens, in the modes that serve it.
    var httpHostPort: String? {
        switch mode {
        case .sample(let hostPort), .web(let hostPort), .trend(.web(let hostPort)): hostPort
        default: nil
        }
    }
}

/// Why the command line was refused.
enum CommandLineError: Error {
    /// `-help`: print usage, succeed.
    case help
    /// A flag syntax error: print the message and the usage text.
    case usage(String)
    /// Flags parsed but do not fit together: print the message.
    case invalid(String)
}

/// pprof's flags, and their translation into an `Invocation`.
enum CommandLineParser {
    /// Flags for profile sources (pprof's source options).
    static let sourceFlags: [(String, FlagSet.Kind, String)] = [
        ("diff_base", .string, "Source of base profile for comparison"),
        ("base", .string, "Source of base profile for profile subtraction"),
        ("symbolize", .string, "Options for profile symbolization"),
        ("buildid", .string, "Override build id for first mapping"),
        ("timeout", .int, "Timeout in seconds for fetching a profile"),
        ("add_comment", .string, "Free-form annotation to add to the profile"),
        ("all_frames", .bool, "Ignore drop_frames and keep_frames regexps"),
        ("seconds", .int, "Length of time for dynamic profiles"),
        ("inuse_space", .bool, "Same as -sample_index=inuse_space"),
        ("inuse_objects", .bool, "Same as -sample_index=inuse_objects"),
        ("alloc_space", .bool, "Same as -sample_index=alloc_space"),
        ("alloc_objects", .bool, "Same as -sample_index=alloc_objects"),
        ("total_delay", .bool, "Same as -sample_index=delay"),
        ("contentions", .bool, "Same as -sample_index=contentions"),
        ("mean_delay", .bool, "Same as -mean -sample_index=delay"),
        ("tools", .string, "Path for object tool pathnames"),
        ("tls_cert", .string, "TLS client certificate file for fetching profile and symbols"),
        ("tls_key", .string, "TLS private key file for fetching profile and symbols"),
        ("tls_ca", .string, "TLS CA certs file for fetching profile and symbols"),
        ("http", .string, "Present interactive web UI at the specified http host:port"),
        ("no_browser", .bool, "Skip opening a browser for the interactive web UI"),
        ("http_deadline", .string, "Longest a web page may compute (e.g. 20s; 0 for no limit)"),
        ("trend", .bool, "Rank functions (stacks with -traces) by steady growth over the profiles"),
        ("max_inflate_mb", .int, "Most MiB a gzipped source may inflate to"),
        ("every", .string, "With -trend and URL sources: take -count snapshots this far apart (e.g. 30s, 2m)"),
        ("count", .int, "With -trend -every: how many snapshots to take"),
        ("html", .string, "Write every view as static pages that open from disk into this directory"),
        ("flamegraph", .bool, "Write the flame graph (with -base, the diff flame graph) as a standalone SVG"),
        ("palette", .string, "Colours of a diff flame graph: cb for colour-blind safe (orange/blue)"),
        ("trace_profile", .string, "Read Go execution traces as their net, sync, syscall or sched profile"),
    ]

    /// Shorthands for `-sample_index`, in the order pprof considers them.
    static let sampleIndexShorthands: [(flag: String, sampleType: String)] = [
        ("total_delay", "delay"), ("mean_delay", "delay"), ("contentions", "contentions"),
        ("inuse_space", "inuse_space"), ("inuse_objects", "inuse_objects"),
        ("alloc_space", "alloc_space"), ("alloc_objects", "alloc_objects"),
    ]

    static let flagSet: FlagSet = {
        var set = FlagSet()
        for (name, kind, help) in sourceFlags { set.add(name, kind, help) }
        for variable in ReportConfig.variables {
            switch variable.kind {
            case .bool: set.add(variable.name, .bool, variable.help)
            case .int: set.add(variable.name, .int, variable.help)
            case .float: set.add(variable.name, .float, variable.help)
            case .string: set.add(variable.name, .string, variable.help)
            case .choice(let choices):
                for choice in choices { set.add(choice, .bool, ReportConfig.choiceHelp[choice] ?? "") }
            }
        }
        for command in ReportCommand.all {
            set.add(command.name, command.hasParameter ? .string : .bool, command.description)
        }
        return set
    }()

    /// Parses `args` into an invocation. `isExecutable` tells whether a
    /// path names an executable (an object file), for pprof's optional
    /// `[binary]` argument before the sources. Errors come in pprof's order:
    /// flag syntax, report options, the output flags, then the other options.
    static func parse(_ args: [String], isExecutable: (String) -> Bool) throws(CommandLineError) -> Invocation {
        let parsed: FlagSet.Result
        do {
            parsed = try flagSet.parse(args)
        } catch .help {
            throw .help
        } catch {
            throw .usage(error.description)
        }
        var inv = Invocation()
        readSources(parsed, isExecutable: isExecutable, into: &inv)
        var config = try reportConfig(parsed)
        let outputs = try OutputFlags(parsed, hasSources: !inv.sources.isEmpty)
        try readWebAndTrendOptions(parsed, outputs: outputs, into: &inv)
        readSampleIndexShorthands(parsed, config: &config, into: &inv)
        try readSourceOptions(parsed, into: &inv)
        if config.normalize && inv.bases.isEmpty {
            throw .invalid("must have base profile to normalize by")
        }
        inv.normalize = config.normalize
        inv.config = config
        inv.mode = try mode(outputs, inv)
        return inv
    }

    /// The positional arguments: pprof's optional `[binary]` (or build ID)
    /// before the sources, then the sources.
    private static func readSources(_ parsed: FlagSet.Result, isExecutable: (String) -> Bool, into inv: inout Invocation) {
        var arguments = parsed.arguments
        inv.buildID = parsed.last("buildid") ?? ""
        if arguments.count > 1 {
            let first = arguments[0]
            if isExecutable(first) {
                inv.executable = first
                arguments.removeFirst()
            } else if inv.buildID.isEmpty, first.allSatisfy(\.isHexDigit) {
                inv.buildID = first
                arguments.removeFirst()
            }
        }
        inv.sources = arguments
    }

    /// Config variables, in pprof's field order; choice groups checked for conflicts.
    private static func reportConfig(_ parsed: FlagSet.Result) throws(CommandLineError) -> ReportConfig {
        var config = ReportConfig()
        for variable in ReportConfig.variables {
            if case .choice(let choices) = variable.kind {
                let set = choices.filter { parsed.bool($0) }
                if set.count > 1 {
                    throw .invalid("conflicting options set: [\(set.joined(separator: " "))]")
                }
                if let choice = set.first {
                    do { try config.setChoice(choice) } catch { throw .invalid("\(error)") }
                }
                continue
            }
            guard let value = parsed.last(variable.name) else { continue }
            do {
                switch variable.kind {
                case .bool: try config.set(variable, to: parseGoBool(value) == true ? "true" : "false")
                case .int: try config.set(variable, to: String(parseGoInt(value) ?? 0))
                case .float: try config.set(variable, to: String(parseGoFloat(value) ?? 0))
                default: try config.set(variable, to: value)
                }
            } catch {
                throw .invalid("\(error)")
            }
        }
        return config
    }

    /// The flags that say what to produce, checked against each other.
    struct OutputFlags {
        var command: ReportCommand? = nil
        var argument: String? = nil
        /// `-http`, or with no source the sample's address.
        var http: String? = nil
        var html: String? = nil
        var flameGraph = false
        var trend = false
        var palette = DiffPalette.redBlue

        init(_ parsed: FlagSet.Result, hasSources: Bool) throws(CommandLineError) {
            // A report format: at most one.
            var chosen: [(ReportCommand, String?)] = []
            for command in ReportCommand.all {
                if command.hasParameter {
                    if let value = parsed.last(command.name), !value.isEmpty { chosen.append((command, value)) }
                } else if parsed.bool(command.name) {
                    chosen.append((command, nil))
                }
            }
            if chosen.count > 1 { throw .invalid("must set at most one output format") }
            if let (command, argument) = chosen.first {
                self.command = command
                self.argument = argument
            }
            if let http = parsed.last("http"), !http.isEmpty { self.http = http }
            if command != nil && http != nil {
                throw .invalid("-http is not compatible with an output format on the command line")
            }
            if !hasSources {
                // No source: with no report format, the web UI serves the bundled
                // sample profile (the README's first command); reports need a source.
                guard command == nil && parsed.last("html") == nil && !parsed.bool("flamegraph") else {
                    throw .usage("no profile source specified")
                }
                http = http ?? Invocation.defaultSampleHTTP
            }
            trend = parsed.bool("trend")
            if let directory = parsed.last("html") {
                guard !directory.isEmpty else { throw .invalid("-html needs a directory: -html=DIR") }
                guard command == nil && http == nil else {
                    throw .invalid("-html writes every view itself; leave out report flags and -http")
                }
                html = directory
            }
            if parsed.bool("flamegraph") {
                guard command == nil else { throw .invalid("must set at most one output format") }
                guard http == nil && html == nil && !trend else {
                    throw .invalid("-flamegraph writes one SVG; leave out -http, -html and -trend")
                }
                flameGraph = true
            }
            if let palette = parsed.last("palette") {
                guard palette == "cb" || palette.isEmpty else {
                    throw .invalid("-palette=\(palette): the only palette is cb (colour-blind safe orange/blue)")
                }
                self.palette = DiffPalette(parameter: palette)
            }
        }
    }

    /// `-http_deadline`, `-every`/`-count` (with `-trend`) and `-no_browser` (with `-http`).
    private static func readWebAndTrendOptions(
        _ parsed: FlagSet.Result, outputs: OutputFlags, into inv: inout Invocation
    ) throws(CommandLineError) {
        inv.noBrowser = parsed.bool("no_browser")
        if let text = parsed.last("http_deadline") {
            guard let seconds = GoDuration.seconds(text), seconds >= 0 else {
                throw .invalid("-http_deadline=\(text): not a duration (write e.g. 20s, 1m or 0 for no limit)")
            }
            inv.httpDeadline = seconds > 0 ? seconds : nil
        }
        if let text = parsed.last("every") {
            guard let seconds = GoDuration.seconds(text), seconds > 0 else {
                throw .invalid("-every=\(text): not a duration (write e.g. 30s, 1m30s or 500ms)")
            }
            inv.everySeconds = seconds
        }
        if let text = parsed.last("count") {
            guard let count = parseGoInt(text), count >= 2 else {
                throw .invalid("-count=\(text): a trend needs at least 2 snapshots")
            }
            inv.snapshotCount = count
        }
        if (inv.everySeconds != nil || inv.snapshotCount != 0) && !outputs.trend {
            throw .invalid("-every and -count take snapshots for -trend; add -trend")
        }
        if (inv.everySeconds == nil) != (inv.snapshotCount == 0) {
            throw .invalid("-every and -count go together: -trend -every=30s -count=5 URL")
        }
        if inv.noBrowser && outputs.http == nil {
            throw .invalid("-no_browser only makes sense with -http")
        }
    }

    /// `-inuse_space`, `-total_delay`, …: the first one given picks the
    /// sample type (the others are noticed and ignored); `-mean_delay` also sets `-mean`.
    private static func readSampleIndexShorthands(_ parsed: FlagSet.Result, config: inout ReportConfig, into inv: inout Invocation) {
        var sampleIndex = config.sampleIndex
        for (flag, sampleType) in sampleIndexShorthands where parsed.bool(flag) {
            if sampleIndex.isEmpty {
                sampleIndex = sampleType
            } else {
                inv.notices.append("Multiple value selections, ignoring -\(flag)")
            }
        }
        config.sampleIndex = sampleIndex
        if parsed.bool("mean_delay") { config.mean = true }
    }

    /// How the sources are read: symbolization, fetching, limits, traces and bases.
    private static func readSourceOptions(_ parsed: FlagSet.Result, into inv: inout Invocation) throws(CommandLineError) {
        inv.symbolize = parsed.last("symbolize") ?? ""
        inv.tools = parsed.last("tools")
        inv.seconds = parsed.last("seconds").flatMap(parseGoInt) ?? -1
        inv.timeout = parsed.last("timeout").flatMap(parseGoInt) ?? -1
        inv.comment = parsed.last("add_comment") ?? ""
        inv.allFrames = parsed.bool("all_frames")
        if let text = parsed.last("max_inflate_mb") {
            guard let megabytes = parseGoInt(text), megabytes > 0 else {
                throw .invalid("-max_inflate_mb must be a positive number of MiB, not \(text)")
            }
            inv.maxInflatedBytes = megabytes > Int.max >> 21 ? Int.max >> 1 : megabytes << 20
        }

        if let name = parsed.last("trace_profile") {
            guard let kind = TraceProfileKind(rawValue: name) else {
                throw .invalid("-trace_profile=\(name): the trace profiles are \(TraceProfileKind.names)")
            }
            inv.traceProfile = kind
        }

        // Go 1.19's pprof defines -base and -diff_base as plain string flags:
        // they may be repeated, and the last one given counts.
        let base = parsed.last("base") ?? ""
        let diffBase = parsed.last("diff_base") ?? ""
        if !base.isEmpty && !diffBase.isEmpty {
            throw .invalid("-base and -diff_base flags cannot both be specified")
        }
        if !base.isEmpty { inv.bases = [base] }
        if !diffBase.isEmpty {
            inv.bases = [diffBase]
            inv.diffBase = true
        }
    }

    /// The one mode the checked flags ask for. A refusal here is printed
    /// after the notices, as the command would have printed them first.
    private static func mode(_ outputs: OutputFlags, _ inv: Invocation) throws(CommandLineError) -> RunMode {
        func refuse(_ message: String) -> CommandLineError {
            .invalid((inv.notices + [message]).joined(separator: "\n"))
        }
        if let command = outputs.command, command.format == nil {
            throw refuse("-\(command.name) is not supported by swprof; use -svg, -dot or -http instead")
        }
        if inv.sources.isEmpty, let http = outputs.http {
            return .sample(hostPort: http)
        }
        if outputs.trend {
            if let command = outputs.command, command != .traces {
                throw refuse("-trend prints its own table; only -traces (rank stacks) goes with it")
            }
            if !inv.bases.isEmpty {
                throw refuse("-trend compares its sources; -base and -diff_base do not apply")
            }
            if let directory = outputs.html { return .trend(.staticSite(directory: directory)) }
            if let http = outputs.http { return .trend(.web(hostPort: http)) }
            return .trend(.table(stacks: outputs.command != nil))
        }
        if let command = outputs.command { return .report(command, argument: outputs.argument) }
        if outputs.flameGraph { return .flameGraph(palette: outputs.palette) }
        if let directory = outputs.html { return .staticSite(directory: directory) }
        if let http = outputs.http { return .web(hostPort: http) }
        return .shell
    }
}
