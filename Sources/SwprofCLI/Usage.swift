import Foundation
import SwprofCore

/// The help text printed for `-help` and after a flag error: the same
/// sections as pprof's (formats, options, option groups, sources, misc).
enum Usage {
    static var text: String {
        func line(_ name: String, _ help: String) -> String {
            let padded = name.count < 16 ? name.padding(toLength: 16, withPad: " ", startingAt: 0) : name
            return "    \(padded) \(help)"
        }
        var out = """
            usage:

            Print a report in the chosen format:

               swprof <format> [options] [binary] <source> ...

            Without a format, swprof opens an interactive shell on the profile:

               swprof [options] [binary] <source> ...

            With -http and no format, swprof serves a web interface on host:port:

               swprof -http [host]:[port] [options] [binary] <source> ...

            Details:
              Output formats (select at most one):

            """
        for command in ReportCommand.all.sorted(by: { $0.name < $1.name }) {
            let note = command.format == nil ? " (not supported by swprof)" : ""
            out += line("-" + command.name, command.description + note) + "\n"
        }
        out += "\n  Options:\n"
        var groups: [String] = []
        var options: [String] = []
        for variable in ReportConfig.variables {
            if case .choice(let choices) = variable.kind {
                var group = [line(variable.name, "")]
                for choice in choices {
                    group.append("  " + line("-" + choice, ReportConfig.choiceHelp[choice] ?? ""))
                }
                groups.append(group.joined(separator: "\n"))
            } else {
                options.append(line("-" + variable.name, variable.help))
            }
        }
        out += options.sorted().joined(separator: "\n")
        out += "\n\n  Option groups (set at most one per group):\n"
        out += groups.sorted().joined(separator: "\n")
        out += """


              Source options:
                -seconds              Duration of time-based profile collection
                -timeout              Timeout in seconds for profile collection
                -buildid              Override the build id of the main binary
                -add_comment          Free-form note added to the profile's comments
                                      (shown by some reports and by -comments)
                -diff_base source     Base profile to compare with
                -base source          Base profile to subtract
                -normalize            Scale the profile to the base profile's totals
                profile.pb.gz         Profile in protobuf format, gzipped or not
                legacy_profile        Profile in one of pprof's legacy formats
                -symbolize=MODE       local|fastlocal|none|force, :demangle=none|full|templates
                Binary                Local path of the profiled binary: names addresses from
                                      its ELF/DWARF (PPROF_BINARY_PATH finds shared libraries)
                -tls_cert, -tls_key, -tls_ca  Accepted for compatibility; not used.

              Misc options:
               -http              Serve the web interface at host:port.
                                  The host defaults to localhost, the port to a free one.
               -no_browser        Do not open a browser for the web interface.
               -http_deadline     Longest a web page may compute (default 20s; 0: no limit);
                                  past it the page says what was too big.
               -tools             Where -disasm finds objdump (dir, or objdump:dir; PPROF_TOOLS).
               -all_frames        Ignore the profile's drop_frames and keep_frames regexps.
               -max_inflate_mb    Most MiB a gzipped profile may inflate to (default 512);
                                  larger ones are refused as decompression bombs.
               -flamegraph        Write the flame graph as a standalone SVG (a diff flame
                                  graph with -base or -diff_base); -palette=cb for
                                  colour-blind-safe orange/blue.
               -html=DIR          Write every view as static pages that open from disk.
               -trace_profile=K   Read Go execution traces as go tool trace -pprof=K
                                  writes them: net, sync, syscall or sched. With -http
                                  and no -trace_profile, a trace gets its own web UI.

              Legacy convenience options:
               -inuse_space           Same as -sample_index=inuse_space
               -inuse_objects         Same as -sample_index=inuse_objects
               -alloc_space           Same as -sample_index=alloc_space
               -alloc_objects         Same as -sample_index=alloc_objects
               -total_delay           Same as -sample_index=delay
               -contentions           Same as -sample_index=contentions
               -mean_delay            Same as -mean -sample_index=delay

            """
        return out
    }
}
