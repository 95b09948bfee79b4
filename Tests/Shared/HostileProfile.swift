import SwprofCore

/// A profile whose names, labels and comments hold what a hostile or unlucky
/// profile can: markup, quotes, ampersands, backslashes, newlines, control
/// characters, invalid UTF-8 and a 20 kB C++ template name. Shared by the CLI
/// and server tests (this file is linked into both test targets).
enum HostileProfile {
    static let script = "<script>alert(1)</script>"
    static let markup = "evil\(script)\"'&amp;<img src=x onerror=alert(2)>"
    static let quotes = "quote\"d 'single' back\\slash\\ end\\"
    static let newlines = "line one\nline two\r\nthree\u{1}\u{7f}"
    /// A C++ name of about 20 kB: a template nested deep.
    static let template: String = {
        var name = "int"
        for i in 0..<400 { name = "ns::Wrapper\(i)<\(name), std::allocator<char>>" }
        return "void " + name + "::operator()(std::vector<int, std::allocator<int>> const&)"
    }()
    /// Four bytes the encoded profile holds in place of invalid UTF-8 (same length).
    static let invalidUTF8Placeholder = "\u{2}BD\u{3}"
    static let invalidUTF8Bytes: [UInt8] = [0xff, 0xc3, 0x28, 0xfe]

    static var names: [String] {
        [
            "main.main", markup, quotes, newlines, template, "pkg.before" + invalidUTF8Placeholder + "after",
            "runtime.main",
        ]
    }

    static func profile() -> Profile {
        var p = Profile()
        // The third sample type's name and unit are hostile too (units reach DOT labels and tooltips).
        p.sampleTypes = [
            ValueType(type: "alloc_space", unit: "bytes"), ValueType(type: "inuse_space", unit: "bytes"),
            ValueType(type: "odd<\"type\">", unit: quotes),
        ]
        p.defaultSampleType = "inuse_space"
        p.mappings = [Mapping(id: 1, file: "/bin/\(script)\"&.bin", hasFunctions: true)]
        p.comments = ["comment \(markup)", quotes, newlines]
        let files = ["/src/\(script)/main.go", "/src/\"q\"&a/x.go", "C:\\src\\win.go", "/src/" + template + ".h"]
        p.functions = names.enumerated().map {
            Function(id: UInt64($0.offset + 1), name: $0.element, systemName: $0.element, filename: files[$0.offset % files.count])
        }
        p.locations = names.indices.map {
            Location(id: UInt64($0 + 1), mapping: 0, address: UInt64(0x1000 + $0 * 16), lines: [Line(function: $0, line: Int64(10 + $0))])
        }
        let stacks: [[Int]] = [[1, 0, 6], [2, 1, 0, 6], [3, 0, 6], [4, 3, 0, 6], [5, 4, 6], [4, 6]]
        p.samples = stacks.enumerated().map { i, stack in
            Sample(
                locations: stack, values: [Int64(1000 * (i + 1)), Int64(700 * (i + 1)), Int64(3 * (i + 1))],
                labels: ["tag \(script)": [markup, quotes], "q\"k": [newlines]],
                numLabels: ["bytes<&>": [Int64(i * 64)]])
        }
        p.timeNanos = 1_700_000_000_000_000_000
        return p
    }

    /// The gzipped profile.proto, with the placeholder bytes turned into invalid UTF-8.
    static func bytes() -> [UInt8] {
        var raw = ProfileEncoder.encodeBytes(profile())
        let placeholder = Array(invalidUTF8Placeholder.utf8)
        var i = 0
        while i + placeholder.count <= raw.count {
            if raw[i..<i + placeholder.count].elementsEqual(placeholder) {
                raw.replaceSubrange(i..<i + placeholder.count, with: invalidUTF8Bytes)
                i += placeholder.count
            } else {
                i += 1
            }
        }
        return Gzip.compress(raw)
    }
}
