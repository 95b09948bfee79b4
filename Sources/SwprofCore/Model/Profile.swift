/// The profile model: pprof's profile.proto as Swift value types.
///
/// Cross references are dense array indices, not proto IDs: `Sample.locations`
/// holds indices into `Profile.locations`, `Line.function` an index into
/// `Profile.functions`, `Location.mapping` an index into `Profile.mappings`.
/// The proto IDs are kept (`id` fields) because reports print them (`-raw`)
/// and the encoder writes them. Strings are decoded once; there is no string table.
public struct Profile: Sendable, Equatable {
    public var sampleTypes: [ValueType] = []
    public var defaultSampleType: String = ""
    public var samples: [Sample] = []
    public var mappings: [Mapping] = []
    public var locations: [Location] = []
    public var functions: [Function] = []
    public var comments: [String] = []
    /// profile.proto's `doc_url`: where the profile's kind is documented.
    public var docURL: String = ""
    public var dropFrames: String = ""
    public var keepFrames: String = ""
    public var timeNanos: Int64 = 0
    public var durationNanos: Int64 = 0
    public var periodType: ValueType? = nil
    public var period: Int64 = 0

    public init() {}
}

/// A sample type or period type: what is measured and in which unit.
public struct ValueType: Sendable, Hashable {
    public var type: String
    public var unit: String
    public init(type: String, unit: String) {
        self.type = type
        self.unit = unit
    }
}

/// One stack with its values (one per sample type) and labels.
public struct Sample: Sendable, Equatable {
    /// Indices into `Profile.locations`, leaf (innermost call) first.
    public var locations: [Int]
    public var values: [Int64]
    /// String labels, as pprof's `Sample.Label` (key → values).
    public var labels: [String: [String]]
    /// Numeric labels, as pprof's `Sample.NumLabel`.
    public var numLabels: [String: [Int64]]
    /// Units of numeric labels, parallel to `numLabels` (may be empty).
    public var numUnits: [String: [String]]

    public init(
        locations: [Int], values: [Int64], labels: [String: [String]] = [:],
        numLabels: [String: [Int64]] = [:], numUnits: [String: [String]] = [:]
    ) {
        self.locations = locations
        self.values = values
        self.labels = labels
        self.numLabels = numLabels
        self.numUnits = numUnits
    }
}

/// A binary mapped into the profiled process.
public struct Mapping: Sendable, Hashable {
    public var id: UInt64
    public var start: UInt64
    public var limit: UInt64
    public var offset: UInt64
    public var file: String
    public var buildID: String
    public var hasFunctions: Bool
    public var hasFilenames: Bool
    public var hasLineNumbers: Bool
    public var hasInlineFrames: Bool

    public init(
        id: UInt64, start: UInt64 = 0, limit: UInt64 = 0, offset: UInt64 = 0, file: String = "",
        buildID: String = "", hasFunctions: Bool = false, hasFilenames: Bool = false,
        hasLineNumbers: Bool = false, hasInlineFrames: Bool = false
    ) {
        self.id = id
        self.start = start
        self.limit = limit
        self.offset = offset
        self.file = file
        self.buildID = buildID
        self.hasFunctions = hasFunctions
        self.hasFilenames = hasFilenames
        self.hasLineNumbers = hasLineNumbers
        self.hasInlineFrames = hasInlineFrames
    }
}

/// A program counter with the source lines it stands for.
/// `lines` lists inlined frames innermost first, the last one is the caller.
public struct Location: Sendable, Hashable {
    public var id: UInt64
    /// Index into `Profile.mappings`, or nil when the location has no mapping.
    public var mapping: Int?
    public var address: UInt64
    public var lines: [Line]
    public var isFolded: Bool

    public init(id: UInt64, mapping: Int? = nil, address: UInt64 = 0, lines: [Line] = [], isFolded: Bool = false) {
        self.id = id
        self.mapping = mapping
        self.address = address
        self.lines = lines
        self.isFolded = isFolded
    }
}

/// One source line of a location: a function, a line number in it and
/// (when the profile records it) a column.
public struct Line: Sendable, Hashable {
    /// Index into `Profile.functions`.
    public var function: Int
    public var line: Int64
    public var column: Int64

    public init(function: Int, line: Int64, column: Int64 = 0) {
        self.function = function
        self.line = line
        self.column = column
    }
}

public struct Function: Sendable, Hashable {
    public var id: UInt64
    public var name: String
    public var systemName: String
    public var filename: String
    public var startLine: Int64

    public init(id: UInt64, name: String, systemName: String = "", filename: String = "", startLine: Int64 = 0) {
        self.id = id
        self.name = name
        self.systemName = systemName
        self.filename = filename
        self.startLine = startLine
    }
}
