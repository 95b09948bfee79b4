import Foundation
import SwprofCore

/// Command-line flags parsed the way Go's `flag` package parses them, which
/// is what pprof's users type:
/// - `-name` and `--name` are the same flag;
/// - values as `-name=value` or `-name value` (the next argument is taken
///   even when it starts with `-`); booleans only as `-name` or `-name=false`;
/// - parsing stops at the first argument that is not a flag (or `-` alone),
///   and after `--`; the rest are positional arguments.
struct FlagSet {
    enum Kind: Equatable {
        case bool
        case int
        case float
        case string
        /// A string flag that may be given several times; every value is kept.
        case stringList
    }

    struct Flag {
        let name: String
        let kind: Kind
        let help: String
    }

    /// What went wrong while parsing; `description` is Go's wording.
    enum ParseError: Error, Equatable, CustomStringConvertible {
        case help
        case undefined(String)
        case badSyntax(String)
        case missingArgument(String)
        case invalidBool(name: String, value: String)
        case invalidValue(name: String, value: String, reason: String)

        var description: String {
            switch self {
            case .help: return "help requested"
            case .undefined(let name): return "flag provided but not defined: -\(name)"
            case .badSyntax(let arg): return "bad flag syntax: \(arg)"
            case .missingArgument(let name): return "flag needs an argument: -\(name)"
            case .invalidBool(let name, let value):
                return "invalid boolean value \(goQuoted(value)) for -\(name): parse error"
            case .invalidValue(let name, let value, let reason):
                return "invalid value \(goQuoted(value)) for flag -\(name): \(reason)"
            }
        }
    }

    /// The result: every assignment in command-line order, and the positional arguments.
    struct Result {
        var assignments: [(name: String, value: String)] = []
        var arguments: [String] = []

        /// The last value given for `name`, if any.
        func last(_ name: String) -> String? {
            assignments.last { $0.name == name }?.value
        }
        /// Every value given for `name`, in order.
        func all(_ name: String) -> [String] {
            assignments.filter { $0.name == name }.map(\.value)
        }
        func bool(_ name: String) -> Bool {
            last(name).map { parseGoBool($0) ?? false } ?? false
        }
    }

    private(set) var flags: [String: Flag] = [:]
    /// Names in registration order (for usage text).
    private(set) var order: [String] = []

    mutating func add(_ name: String, _ kind: Kind, _ help: String = "") {
        if flags[name] == nil { order.append(name) }
        flags[name] = Flag(name: name, kind: kind, help: help)
    }

    func parse(_ args: [String]) throws(ParseError) -> Result {
        var result = Result()
        var i = 0
        while i < args.count {
            let arg = args[i]
            guard arg.count >= 2, arg.hasPrefix("-") else { break }
            var body = Substring(arg.dropFirst())
            if body.hasPrefix("-") {
                body = body.dropFirst()
                if body.isEmpty {  // "--" ends the flags
                    i += 1
                    break
                }
            }
            if body.isEmpty || body.hasPrefix("-") || body.hasPrefix("=") {
                throw .badSyntax(arg)
            }
            i += 1
            var name = String(body)
            var value: String? = nil
            if let eq = body.firstIndex(of: "=") {
                name = String(body[..<eq])
                value = String(body[body.index(after: eq)...])
            }
            guard let flag = flags[name] else {
                if name == "help" || name == "h" { throw .help }
                throw .undefined(name)
            }
            switch flag.kind {
            case .bool:
                if let value {
                    guard parseGoBool(value) != nil else { throw .invalidBool(name: name, value: value) }
                    result.assignments.append((name, value))
                } else {
                    result.assignments.append((name, "true"))
                }
            case .int, .float, .string, .stringList:
                if value == nil {
                    guard i < args.count else { throw .missingArgument(name) }
                    value = args[i]
                    i += 1
                }
                let v = value!
                if flag.kind == .int, let reason = goIntError(v) {
                    throw .invalidValue(name: name, value: v, reason: reason)
                }
                if flag.kind == .float, let reason = goFloatError(v) {
                    throw .invalidValue(name: name, value: v, reason: reason)
                }
                result.assignments.append((name, v))
            }
        }
        result.arguments = Array(args[i...])
        return result
    }
}

/// Go's strconv.ParseBool.
func parseGoBool(_ s: String) -> Bool? {
    switch s {
    case "1", "t", "T", "TRUE", "true", "True": return true
    case "0", "f", "F", "FALSE", "false", "False": return false
    default: return nil
    }
}

/// Parses an integer as Go's flag package does (base prefixes 0x, 0o, 0b, 0,
/// underscores between digits).
func parseGoInt(_ s: String) -> Int? {
    var text = Substring(s)
    var negative = false
    if text.hasPrefix("+") || text.hasPrefix("-") {
        negative = text.hasPrefix("-")
        text = text.dropFirst()
    }
    var radix = 10
    let lower = text.lowercased()
    if lower.hasPrefix("0x") { radix = 16; text = text.dropFirst(2) }
    else if lower.hasPrefix("0o") { radix = 8; text = text.dropFirst(2) }
    else if lower.hasPrefix("0b") { radix = 2; text = text.dropFirst(2) }
    else if text.count > 1 && text.hasPrefix("0") { radix = 8; text = text.dropFirst() }
    // Underscores are allowed only between digits when a base prefix or octal 0 is used,
    // or between digits generally; reject leading/trailing/double underscores.
    if text.contains("_") {
        if text.hasPrefix("_") && radix == 10 { return nil }
        if text.hasSuffix("_") || text.contains("__") { return nil }
        text = Substring(text.replacingOccurrences(of: "_", with: ""))
    }
    guard !text.isEmpty, let magnitude = UInt64(text, radix: radix) else { return nil }
    if negative {
        guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
        return magnitude == UInt64(Int64.max) + 1 ? Int(Int64.min) : -Int(magnitude)
    }
    guard magnitude <= UInt64(Int.max) else { return nil }
    return Int(magnitude)
}

private func goIntError(_ s: String) -> String? {
    if parseGoInt(s) != nil { return nil }
    // A well-formed number that does not fit is "out of range", anything else "parse error".
    let digits = s.drop { $0 == "+" || $0 == "-" }
    if !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy({ $0.isNumber }) {
        return "value out of range"
    }
    return "parse error"
}

/// Parses a float as Go's strconv.ParseFloat (decimal, exponent, inf, nan).
func parseGoFloat(_ s: String) -> Double? {
    let t = s.replacingOccurrences(of: "_", with: "")
    switch t.lowercased() {
    case "inf", "+inf", "infinity", "+infinity": return .infinity
    case "-inf", "-infinity": return -.infinity
    case "nan": return .nan
    default: break
    }
    guard !t.isEmpty, t.allSatisfy({ $0.isASCII && ($0.isHexDigit || "+-.eEpPxX".contains($0)) }) else {
        return nil
    }
    return Double(t)
}

private func goFloatError(_ s: String) -> String? {
    guard let v = parseGoFloat(s) else { return "parse error" }
    if v.isInfinite, !s.lowercased().contains("inf") { return "value out of range" }
    return nil
}

