extension Profile {
    /// Forgets the location details that a report at `granularity` does not show,
    /// so that locations differing only in those details fall into one report node.
    ///
    /// With `noInlines`, every location keeps only its outermost line (inlined
    /// frames are attributed to the function they were inlined into).
    /// At `.addresses` with inlines kept, nothing changes.
    /// Columns are kept only with `showColumns` (and where line numbers are).
    public mutating func aggregate(granularity: Granularity, noInlines: Bool, showColumns: Bool = false) {
        let inlines = !noInlines
        let c = showColumns
        switch granularity {
        case .addresses:
            if inlines { return }
            aggregate(inlineFrames: false, function: true, filename: true, lineNumber: true, column: c, address: true)
        case .lines:
            aggregate(inlineFrames: inlines, function: true, filename: true, lineNumber: true, column: c, address: false)
        case .files:
            aggregate(inlineFrames: inlines, function: false, filename: true, lineNumber: false, column: c, address: false)
        case .functions:
            aggregate(inlineFrames: inlines, function: true, filename: false, lineNumber: false, column: c, address: false)
        case .filefunctions:
            aggregate(inlineFrames: inlines, function: true, filename: true, lineNumber: false, column: c, address: false)
        }
    }

    /// Clears every attribute that is not asked to be kept: function names,
    /// file names, line numbers, columns, addresses, and inlined frames. Mapping flags
    /// are downgraded to match.
    public mutating func aggregate(
        inlineFrames: Bool, function: Bool, filename: Bool, lineNumber: Bool, column: Bool = false, address: Bool
    ) {
        for i in mappings.indices {
            mappings[i].hasInlineFrames = mappings[i].hasInlineFrames && inlineFrames
            mappings[i].hasFunctions = mappings[i].hasFunctions && function
            mappings[i].hasFilenames = mappings[i].hasFilenames && filename
            mappings[i].hasLineNumbers = mappings[i].hasLineNumbers && lineNumber
        }

        if !function || !filename {
            for i in functions.indices {
                if !function {
                    functions[i].name = ""
                    functions[i].systemName = ""
                }
                if !filename {
                    functions[i].filename = ""
                }
            }
        }

        if !inlineFrames || !address || !lineNumber || !column {
            for i in locations.indices {
                if !inlineFrames, locations[i].lines.count > 1, let outermost = locations[i].lines.last {
                    locations[i].lines = [outermost]
                }
                if !lineNumber || !column {
                    for j in locations[i].lines.indices {
                        if !lineNumber { locations[i].lines[j].line = 0 }
                        locations[i].lines[j].column = 0
                    }
                }
                if !address {
                    locations[i].address = 0
                }
            }
        }
    }
}
