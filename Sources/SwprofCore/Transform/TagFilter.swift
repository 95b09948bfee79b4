/// A compiled `-tagfocus` / `-tagignore` value: which samples it selects by
/// their labels.
///
/// Accepted forms (as pprof's):
/// - a numeric range on numeric labels: `32kb` (equal), `32kb:` (at least),
///   `:64kb` (at most), `12kb:64mb` (between, inclusive); values are compared
///   after converting the label's unit into the filter's unit;
/// - a comma-separated list of regular expressions on string labels, each of
///   which must match some `key:value` of the sample;
/// - either form prefixed by `key=`, which restricts it to that label key
///   (then one of the expressions matching one of the values suffices).
public struct TagFilter: Sendable {
    public enum Condition: Sendable {
        case range(NumericTagRange)
        case patterns([Pattern])
    }

    /// The label key the filter is limited to (`key=…`), or nil for any key.
    public let key: String?
    public let condition: Condition
    /// Units of numeric label keys (from `Profile.numLabelUnits()`).
    public let numLabelUnits: [String: String]

    /// Compiles `value`; `option` names the flag in error messages
    /// ("tagfocus", "tagignore"). Returns nil for an empty value.
    public static func compile(
        option: String, value: String, numLabelUnits: [String: String]
    ) throws -> TagFilter? {
        if value.isEmpty { return nil }
        return try TagFilter(option: option, value: value, numLabelUnits: numLabelUnits)
    }

    public init(option: String, value: String, numLabelUnits: [String: String]) throws {
        var filterText = value
        var key: String? = nil
        if let eq = value.firstIndex(of: "=") {
            key = String(value[..<eq])
            filterText = String(value[value.index(after: eq)...])
        }
        self.key = key
        self.numLabelUnits = numLabelUnits
        if let range = try NumericTagRange(parsing: filterText) {
            condition = .range(range)
        } else {
            condition = .patterns(try filterText.split(separator: ",", omittingEmptySubsequences: false).map {
                try Pattern(option: option, String($0))
            })
        }
    }

    /// Whether this filter was read as a numeric range (pprof tells the user so).
    public var isRange: Bool {
        if case .range = condition { return true }
        return false
    }

    /// Whether `sample` is selected.
    public func matches(_ sample: Sample) -> Bool {
        switch condition {
        case .range(let range):
            func anyInRange(_ values: [Int64], _ key: String) -> Bool {
                let unit = numLabelUnits[key] ?? ""
                return values.contains { range.contains($0, unit: unit) }
            }
            if let key {
                guard let values = sample.numLabels[key] else { return false }
                return anyInRange(values, key)
            }
            return sample.numLabels.contains { anyInRange($0.value, $0.key) }
        case .patterns(let patterns):
            if let key {
                guard let values = sample.labels[key] else { return false }
                return patterns.contains { p in values.contains { p.matches($0) } }
            }
            return patterns.allSatisfy { p in
                sample.labels.contains { key, values in values.contains { p.matches(key + ":" + $0) } }
            }
        }
    }
}

/// A numeric range of a tag filter, in one unit (`32kb:`, `:64kb`, `1kb:2mb`, `100`).
public struct NumericTagRange: Sendable, Equatable {
    /// Inclusive bounds in `unit`; nil means unbounded.
    public var lower: Double?
    public var upper: Double?
    /// Canonical unit name of the bounds ("kB", "ms", …), or the unit as
    /// written when swprof does not know it, or "" for plain numbers.
    public var unit: String

    public init(lower: Double?, upper: Double?, unit: String) {
        self.lower = lower
        self.upper = upper
        self.unit = unit
    }

    /// Reads a range; nil when `text` is not one (then it is a regexp).
    /// Throws only for numbers too large for 64 bits.
    public init?(parsing text: String) throws {
        let tokens = Self.numberTokens(in: text, limit: 2)
        guard let first = tokens.first else { return nil }
        let (firstValue, unit) = Measurement.scale(try Self.integer(first.number), from: first.unit, to: first.unit)
        if tokens.count == 1 {
            if text == first.text {
                self.init(lower: firstValue, upper: firstValue, unit: unit)
            } else if text == first.text + ":" {
                self.init(lower: firstValue, upper: nil, unit: unit)
            } else if text == ":" + first.text {
                self.init(lower: nil, upper: firstValue, unit: unit)
            } else {
                return nil
            }
            return
        }
        let second = tokens[1]
        guard text == first.text + ":" + second.text else { return nil }
        let (secondValue, secondUnit) = Measurement.scale(try Self.integer(second.number), from: second.unit, to: unit)
        guard secondUnit == unit else { return nil }
        self.init(lower: firstValue, upper: secondValue, unit: unit)
    }

    /// Whether `value`, measured in `valueUnit`, lies in the range.
    public func contains(_ value: Int64, unit valueUnit: String) -> Bool {
        let (v, u) = Measurement.scale(value, from: valueUnit, to: unit)
        guard u == unit else { return false }
        if let lower, v < lower { return false }
        if let upper, v > upper { return false }
        return true
    }

    private static func integer(_ digits: String) throws -> Int64 {
        guard let v = Int64(digits) else {
            throw ProfileError(.invalidOption, "failed to parse int \(digits): value out of range")
        }
        return v
    }

    /// Finds up to `limit` tokens of the form `[+-]?digits[letters]`, left to right.
    private static func numberTokens(in text: String, limit: Int) -> [(text: String, number: String, unit: String)] {
        let chars = Array(text.unicodeScalars)
        func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
        func isLetter(_ c: Unicode.Scalar) -> Bool { (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") }
        var tokens: [(String, String, String)] = []
        var i = 0
        while i < chars.count, tokens.count < limit {
            var start = i
            var j = i
            if chars[j] == "+" || chars[j] == "-" {
                guard j + 1 < chars.count, isDigit(chars[j + 1]) else { i += 1; continue }
                j += 1
            } else if !isDigit(chars[j]) {
                i += 1
                continue
            }
            start = i
            while j < chars.count, isDigit(chars[j]) { j += 1 }
            let numberEnd = j
            while j < chars.count, isLetter(chars[j]) { j += 1 }
            func str(_ a: Int, _ b: Int) -> String {
                var s = String.UnicodeScalarView()
                s.append(contentsOf: chars[a..<b])
                return String(s)
            }
            tokens.append((str(start, j), str(start, numberEnd), str(numberEnd, j)))
            i = j
        }
        return tokens
    }
}

extension Pattern {
    /// Compiles `source` for the flag `option`, with pprof's error wording
    /// ("parsing focus regexp: …").
    public init(option: String, _ source: String) throws {
        do {
            try self.init(source)
        } catch let error as ProfileError {
            throw ProfileError(.invalidOption, "parsing \(option) regexp: \(error.message)")
        }
    }

    /// Compiles a flag's value, or returns nil when it is empty (flag not set).
    public static func compile(option: String, _ value: String) throws -> Pattern? {
        value.isEmpty ? nil : try Pattern(option: option, value)
    }
}
