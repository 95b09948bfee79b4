import Foundation
import SwprofCore

/// One report command typed at the `(pprof)` prompt, parsed as pprof's
/// shell parses it: `top10`, `top 5 -cum main -runtime >out.txt`,
/// `list RE`, `tags key -other`.
struct ShellCommandLine {
    var command: ReportCommand
    /// The regexp of a command that takes one (`list`, `peek`, `weblist`).
    var argument: String?
    /// The config for this command only: the shell's config plus what the
    /// line added (node count, `-cum`, focus/ignore, `>file`).
    var config: ReportConfig

    /// Why a line is no command.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Parses `tokens` (the line split at white space, not empty) against `current`.
    static func parse(_ tokens: [String], current: ReportConfig) throws(Failure) -> ShellCommandLine {
        var name = tokens[0]
        var args = Array(tokens.dropFirst())
        var command = ReportCommand.named(name)
        if command == nil {
            // `top10` is `top 10`.
            let digits = name.reversed().prefix(while: { $0.isASCII && $0.isNumber })
            if !digits.isEmpty && digits.count < name.count {
                let count = String(digits.reversed())
                name = String(name.dropLast(digits.count))
                args.insert(count, at: 0)
                command = ReportCommand.named(name)
            }
        }
        guard let command else {
            if ShellHelp.optionHelp[name] != nil {
                throw Failure(description: "did you mean: \(name)=\(args.first ?? "<val>")")
            }
            throw Failure(description: "unrecognized command: \(goQuoted(name))")
        }
        var argument: String? = nil
        if command.hasParameter {
            guard !args.isEmpty else { throw Failure(description: "command \(name) requires an argument") }
            argument = args.removeFirst()
        }

        var config = current
        var focus = ""
        var ignore = ""
        var i = 0
        while i < args.count {
            let token = args[i]
            defer { i += 1 }
            if let n = parseInt32(token) {
                config.nodeCount = n
                continue
            }
            if token.hasPrefix(">") {
                var file = String(token.dropFirst())
                if file.isEmpty {
                    i += 1
                    guard i < args.count else { throw Failure(description: "unexpected end of line after >") }
                    file = args[i]
                }
                config.output = file
            } else if token.hasPrefix("-") {
                if token == "-cum" || token == "--cum" {
                    config.sort = .cum
                    continue
                }
                ignore = joinRegex(ignore, String(token.dropFirst()))
            } else {
                focus = joinRegex(focus, token)
            }
        }
        if name == "tags" {
            if !focus.isEmpty { config.tagFocus = focus }
            if !ignore.isEmpty { config.tagIgnore = ignore }
        } else {
            if !focus.isEmpty { config.focus = focus }
            if !ignore.isEmpty { config.ignore = ignore }
        }
        if config.nodeCount == -1 && (name == "text" || name == "top") {
            config.nodeCount = 10
        }
        return ShellCommandLine(command: command, argument: argument, config: config)
    }

    private static func joinRegex(_ a: String, _ b: String) -> String {
        !a.isEmpty && !b.isEmpty ? a + "|" + b : a + b
    }

    /// Go's `strconv.ParseInt(s, 10, 32)`: optional sign, decimal digits
    /// (underscores not allowed), within 32 bits.
    static func parseInt32(_ s: String) -> Int? {
        var digits = Substring(s)
        if let first = digits.first, first == "+" || first == "-" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        guard let v = Int(s.hasPrefix("+") ? String(s.dropFirst()) : s), v >= Int(Int32.min), v <= Int(Int32.max)
        else { return nil }
        return v
    }
}

