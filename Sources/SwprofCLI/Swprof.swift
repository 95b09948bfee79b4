import Foundation
import SwprofCore

/// The swprof command: parses pprof-style flags and runs the report they ask for.
public enum Swprof {
    /// Runs swprof with `arguments` (without the program name) and returns the exit status.
    public static func run(arguments: [String], io: CommandIO) -> Int32 {
        io.err("swprof: not implemented yet\n")
        return 1
    }
}
