import SwprofCore

/// The texts the shell's `help` and `o` commands print, laid out as pprof
/// lays them out (its interactive usage, per-command usage, option help).
enum ShellHelp {
    /// `help` with no argument: commands, options, option groups, `:`.
    static func overview() -> String {
        var commands = ReportCommand.all.map { entry($0.name, firstLine($0.description)) }.sorted()
        commands.append(entry("o/options", "List options and their current values"))
        commands.append(entry("q/quit/exit/^D", "Exit pprof"))
        var variables: [String] = []
        var groups: [String] = []
        for variable in ReportConfig.variables {
            if case .choice(let choices) = variable.kind {
                var lines = [entry(variable.name, "")]
                for choice in choices {
                    lines.append("  " + entry(choice, firstLine(optionHelp[choice] ?? "")))
                }
                groups.append(lines.joined(separator: "\n"))
            } else {
                variables.append(entry(variable.name, firstLine(optionHelp[variable.name] ?? variable.help)))
            }
        }
        variables.sort()
        groups.sort()
        return "  Commands:\n" + commands.joined(separator: "\n") + "\n\n  Options:\n"
            + variables.joined(separator: "\n") + "\n\n  Option groups (only set one per group):\n"
            + groups.joined(separator: "\n")
            + "\n  :   Clear focus/ignore/hide/tagfocus/tagignore\n\n  type \"help <cmd|option>\" for more information\n"
    }

    /// `help NAME` for a command: its description and usage lines.
    static func command(_ command: ReportCommand) -> String {
        var text = command.description + "\n"
        let usage = commandUsage(command.name)
        if !usage.isEmpty {
            text += "  Usage:\n"
            for line in usage.split(separator: "\n", omittingEmptySubsequences: false) {
                text += "    \(line)\n"
            }
        }
        return text + "\n"
    }

    /// `help NAME` for an option (or a choice): its full help, or nil when
    /// `name` is no option. `sampleTypes` extends the help of `sample_index`.
    static func option(_ name: String, sampleTypes: [String]) -> String? {
        guard var help = optionHelp[name] else { return nil }
        if name == "sample_index" {
            help += "Or use sample_index=name, with name in [\(sampleTypes.joined(separator: " "))].\n"
        }
        return help + "\n"
    }

    /// The `o` listing: every option but `source_path` with its current value,
    /// choices or sample types as a `//:` comment, sorted.
    static func options(_ config: ReportConfig, sampleTypes: [String]) -> String {
        var lines: [String] = []
        for variable in ReportConfig.variables where variable.name != "source_path" {
            var value = config.value(of: variable)
            var comment = ""
            if case .choice(let choices) = variable.kind {
                comment = "[" + choices.sorted().joined(separator: " | ") + "]"
                if variable.name == "granularity" && value.isEmpty { value = "(default)" }
            } else if variable.name == "sample_index" {
                if value.isEmpty { value = sampleTypes.last ?? "" }
                comment = "[" + sampleTypes.joined(separator: " | ") + "]"
            } else if variable.name == "nodecount" && value == "-1" {
                comment = "default"
            } else if value.isEmpty {
                value = "\"\""
            }
            if !comment.isEmpty { comment = "//: " + comment }
            lines.append("  " + pad(variable.name, 25) + " = " + pad(value, 20) + " " + comment)
        }
        return lines.sorted().joined(separator: "\n")
    }

    private static func entry(_ name: String, _ help: String) -> String {
        "    " + pad(name, 16) + " " + help
    }

    /// Left-justifies `text` in `width` columns (Go's `%-Ns`), never truncating.
    static func pad(_ text: String, _ width: Int) -> String {
        let n = text.unicodeScalars.count
        return n >= width ? text : text + String(repeating: " ", count: width - n)
    }

    private static func firstLine(_ text: String) -> String {
        String(text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }

    /// Usage lines of the report commands.
    static func commandUsage(_ name: String) -> String {
        switch name {
        case "disasm": return listUsage(name, redirect: true)
        case "list", "weblist": return listUsage(name, redirect: false)
        case "peek": return "peek func_regex\nDisplay callers and callees of functions matching func_regex."
        case "tags":
            return "tags [tag_regex]* [-ignore_regex]* [>file]\nList tags with key:value matching tag_regex and exclude ignore_regex."
        case "text", "top", "tree": return reportUsage(name, cum: true, redirect: true)
        case "dot", "callgrind", "gif", "pdf", "png", "ps", "svg": return reportUsage(name, cum: false, redirect: true)
        case "eog", "evince", "gv", "web", "kcachegrind": return reportUsage(name, cum: false, redirect: false)
        default: return ""
        }
    }

    private static func reportUsage(_ name: String, cum: Bool, redirect: Bool) -> String {
        var first = name + " [n] [focus_regex]* [-ignore_regex]*"
        var rest = ["Include up to n samples", "Include samples matching focus_regex, and exclude ignore_regex."]
        if cum {
            first += " [-cum]"
            rest.append("-cum sorts the output by cumulative weight")
        }
        if redirect {
            first += " >f"
            rest.append("Optionally save the report on the file f")
        }
        return ([first] + rest).joined(separator: "\n")
    }

    private static func listUsage(_ name: String, redirect: Bool) -> String {
        var first = name + "<func_regex|address> [-focus_regex]* [-ignore_regex]*"
        var rest = [
            "Include functions matching func_regex, or including the address specified.",
            "Include samples matching focus_regex, and exclude ignore_regex.",
        ]
        if redirect {
            first += " >f"
            rest.append("Optionally save the report on the file f")
        }
        return ([first] + rest).joined(separator: "\n")
    }

    private static func lines(_ l: String...) -> String { l.joined(separator: "\n") + "\n" }

    private static let matching = "Matching includes the function name, filename or object name."
    private static let tagExamples = [
        "Use name=value syntax to limit the matching to a specific tag.",
        "Numeric tag filter examples: 1kb, 1kb:10kb, memory=32mb:",
        "String tag filter examples: foo, foo.*bar, mytag=foo.*bar",
    ].joined(separator: "\n")

    /// Full help of every option and choice, as the shell prints it for
    /// `help NAME` (some end without a newline, as pprof's do).
    static let optionHelp: [String: String] = [
        "output": lines("Output filename for file-based outputs"),
        "drop_negative": lines("Ignore negative differences", "Do not show any locations with values <0."),
        "call_tree": lines(
            "Create a context-sensitive call tree", "Treat locations reached through different paths as separate."),
        "relative_percentages": lines(
            "Show percentages relative to focused subgraph",
            "If unset, percentages are relative to full graph before focusing",
            "to facilitate comparison with original graph."),
        "unit": lines(
            "Measurement units to display", "Scale the sample values to this unit.",
            "For time-based profiles, use seconds, milliseconds, nanoseconds, etc.",
            "For memory profiles, use megabytes, kilobytes, bytes, etc.",
            "Using auto will scale each value independently to the most natural unit."),
        "compact_labels": "Show minimal headers",
        "source_path": "Search path for source files",
        "trim_path": "Path to trim from source paths before search",
        "intel_syntax": lines("Show assembly in Intel syntax", "Only applicable to commands `disasm` and `weblist`"),
        "nodecount": lines(
            "Max number of nodes to show", "Uses heuristics to limit the number of locations to be displayed.",
            "On graphs, dotted edges represent paths through nodes that have been removed."),
        "nodefraction": "Hide nodes below <f>*total",
        "edgefraction": "Hide edges below <f>*total",
        "trim": lines(
            "Honor nodefraction/edgefraction/nodecount defaults",
            "Set to false to get the full profile, without any trimming."),
        "focus": lines(
            "Restricts to samples going through a node matching regexp",
            "Discard samples that do not include a node matching this regexp.", matching),
        "ignore": lines(
            "Skips paths going through any nodes matching regexp",
            "If set, discard samples that include a node matching this regexp.", matching),
        "prune_from": lines(
            "Drops any functions below the matched frame.",
            "If set, any frames matching the specified regexp and any frames",
            "below it will be dropped from each sample."),
        "hide": lines(
            "Skips nodes matching regexp", "Discard nodes that match this location.",
            "Other nodes from samples that include this location will be shown.", matching),
        "show": lines(
            "Only show nodes matching regexp", "If set, only show nodes that match this location.", matching),
        "show_from": lines(
            "Drops functions above the highest matched frame.",
            "If set, all frames above the highest match are dropped from every sample.", matching),
        "tagroot": lines(
            "Adds pseudo stack frames for labels key/value pairs at the callstack root.",
            "A comma-separated list of label keys.", "The first key creates frames at the new root."),
        "tagleaf": lines(
            "Adds pseudo stack frames for labels key/value pairs at the callstack leaf.",
            "A comma-separated list of label keys.", "The last key creates frames at the new leaf."),
        "tagfocus": lines("Restricts to samples with tags in range or matched by regexp", tagExamples),
        "tagignore": lines("Discard samples with tags in range or matched by regexp", tagExamples),
        "tagshow": lines("Only consider tags matching this regexp", "Discard tags that do not match this regexp"),
        "taghide": lines("Skip tags matching this regexp", "Discard tags that match this regexp"),
        "divide_by": lines(
            "Ratio to divide all samples before visualization",
            "Divide all samples values by a constant, eg the number of processors or jobs."),
        "mean": lines(
            "Average sample value over first value (count)",
            "For memory profiles, report average memory per allocation.",
            "For time-based profiles, report average time per event."),
        "sample_index": lines(
            "Sample value to report (0-based index or name)", "Profiles contain multiple values per sample.",
            "Use sample_index=i to select the ith value (starting at 0)."),
        "normalize": lines("Scales profile based on the base profile."),
        "flat": lines("Sort entries based on own weight"),
        "cum": lines("Sort entries based on cumulative weight"),
        "functions": lines("Aggregate at the function level.", "Ignores the filename where the function was defined."),
        "filefunctions": lines(
            "Aggregate at the function level.", "Takes into account the filename where the function was defined."),
        "files": "Aggregate at the file level.",
        "lines": "Aggregate at the source code line level.",
        "addresses": lines("Aggregate at the address level.", "Includes functions' addresses in the output."),
        "noinlines": lines("Ignore inlines.", "Attributes inlined functions to their first out-of-line caller."),
    ]
}
