import SwprofCore

/// Small profiles built in code, with names a hostile profile could carry.
enum TestProfiles {
    static let hostileName = "evil<script>alert(\"x\")</script>&amp;'\u{0301}\"\u{0301}><img src=x onerror=alert(1)>"

    /// A heap-like profile: two sample types, a few stacks, one hostile frame.
    static func heap(scale: Int64 = 1) -> Profile {
        var p = Profile()
        p.sampleTypes = [ValueType(type: "alloc_space", unit: "bytes"), ValueType(type: "inuse_space", unit: "bytes")]
        p.mappings = [Mapping(id: 1, file: "/usr/local/bin/leaky.bin", hasFunctions: true)]
        let names = [
            "main.main", "main.handler", "net/http.(*conn).serve", "net/http.HandlerFunc.ServeHTTP",
            "main.leakHeap", "strings.(*Builder).WriteString", "runtime.malg", "runtime.main", hostileName,
            "std::vector<int, std::allocator<int>>::push_back",
        ]
        p.functions = names.enumerated().map { Function(id: UInt64($0.offset + 1), name: $0.element, filename: "/src/app/main.go") }
        p.locations = names.indices.map { Location(id: UInt64($0 + 1), mapping: 0, address: UInt64(0x1000 + $0 * 16), lines: [Line(function: $0, line: Int64(10 + $0))]) }
        func loc(_ name: String) -> Int { names.firstIndex(of: name)! }
        func sample(_ leafFirst: [String], _ alloc: Int64, _ inuse: Int64) -> Sample {
            Sample(locations: leafFirst.map(loc), values: [alloc * scale, inuse * scale])
        }
        p.samples = [
            sample(["main.leakHeap", "main.handler", "net/http.HandlerFunc.ServeHTTP", "net/http.(*conn).serve"], 40_000_000, 27_000_000),
            sample(["strings.(*Builder).WriteString", "main.main", "runtime.main"], 9_000_000, 5_000_000),
            sample(["runtime.malg", "runtime.main"], 600_000, 512_000),
            sample([hostileName, "main.main", "runtime.main"], 300_000, 100_000),
            sample(["std::vector<int, std::allocator<int>>::push_back", "main.main", "runtime.main"], 1_000, 1_000),
        ]
        p.defaultSampleType = "inuse_space"
        p.timeNanos = 1_795_000_000_000_000_000
        return p
    }
}
