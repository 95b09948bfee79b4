/// What a graph node stands for: a function, a source line, an address or a
/// file, depending on the granularity the profile was aggregated to. Nodes
/// with equal infos are merged (pprof's `NodeInfo`).
public struct NodeInfo: Hashable, Sendable {
    public var name: String
    public var origName: String
    public var address: UInt64
    public var file: String
    public var startLine: Int
    public var lineno: Int
    /// The column, kept only with `-showcolumns`.
    public var columnno: Int
    public var objfile: String

    public init(
        name: String = "", origName: String = "", address: UInt64 = 0, file: String = "",
        startLine: Int = 0, lineno: Int = 0, columnno: Int = 0, objfile: String = ""
    ) {
        self.name = name
        self.origName = origName
        self.address = address
        self.file = file
        self.startLine = startLine
        self.lineno = lineno
        self.columnno = columnno
        self.objfile = objfile
    }

    /// The name reports print: address, function, then `file:line[:column]`, the
    /// file, `[binary]` or `<unknown>`, whichever is the most precise known.
    public var printableName: String {
        nameComponents.joined(separator: " ")
    }

    public var nameComponents: [String] {
        var parts: [String] = []
        if address != 0 {
            parts.append(CFormat.hex(address, width: 16))
        }
        if !name.isEmpty {
            parts.append(name)
        }
        if lineno != 0 {
            parts.append(columnno != 0 ? "\(file):\(lineno):\(columnno)" : "\(file):\(lineno)")
        } else if !file.isEmpty {
            parts.append(file)
        } else if !name.isEmpty {
            // The function name says it all.
        } else if !objfile.isEmpty {
            parts.append("[" + GoFilePath.base(objfile) + "]")
        } else {
            parts.append("<unknown>")
        }
        return parts
    }

    /// All fields in one string, as Go's `fmt.Sprint` prints the struct; the
    /// last tie-breaker when ordering nodes.
    var sortKey: String {
        "{\(name) \(origName) \(address) \(file) \(startLine) \(lineno) \(columnno) \(objfile)}"
    }
}
