import Foundation
import SwprofCore

/// swprof-bench: writes large synthetic heap profiles for scripts/bench.sh.
///
///     swprof-bench STACKS OUT.pb.gz [FUNCTIONS]
///
/// The profile looks like a busy Go service's heap profile: call paths walk a fixed
/// random call graph from a few dozen entry points (so stacks share long prefixes),
/// about a fifth of the locations carry inlined frames, samples have `bytes` numeric
/// labels and some string labels, and there are four sample types
/// (alloc_objects, alloc_space, inuse_objects, inuse_space). The output depends only on
/// the arguments (fixed seed).
///
///     swprof-bench STACKS OUT.pb.gz FUNCTIONS POD
///
/// writes one pod of a fleet: the service's call paths are the same for every POD
/// (a pool of 50,000 stacks walked as above with a fixed seed), and each pod's STACKS
/// samples pick from that pool (skewed, so hot paths recur) with values and labels
/// of its own, seeded by POD.

/// SplitMix64: small, fast and deterministic.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Skewed towards small values: index `n` is picked with weight about 1/(n+1).
    mutating func skewed(_ count: Int) -> Int {
        let u = Double(next() >> 11) / Double(1 << 53)
        let v = Int(pow(Double(count + 1), u)) - 1
        return min(max(v, 0), count - 1)
    }
}

let args = CommandLine.arguments
guard args.count >= 3, let stacks = Int(args[1]), stacks > 0 else {
    FileHandle.standardError.write("usage: swprof-bench STACKS OUT.pb.gz [FUNCTIONS]\n".data(using: .utf8)!)
    exit(2)
}
let out = args[2]
let functionCount = args.count > 3 ? Int(args[3]) ?? 20_000 : 20_000
let pod = args.count > 4 ? UInt64(args[4]) : nil
let poolSize = 50_000

var rng = SplitMix(state: 0x5EED_0000 ^ UInt64(pod == nil ? stacks : poolSize))
var p = Profile()
p.sampleTypes = [
    ValueType(type: "alloc_objects", unit: "count"), ValueType(type: "alloc_space", unit: "bytes"),
    ValueType(type: "inuse_objects", unit: "count"), ValueType(type: "inuse_space", unit: "bytes"),
]
p.defaultSampleType = "inuse_space"
p.periodType = ValueType(type: "space", unit: "bytes")
p.period = 524_288
p.timeNanos = 1_700_000_000_000_000_000
p.mappings = [
    Mapping(id: 1, start: 0x400000, limit: 0x4000000, file: "/usr/local/bin/service",
            buildID: "f00dfeedbeef", hasFunctions: true, hasFilenames: true, hasLineNumbers: true,
            hasInlineFrames: true)
]

// Functions: packages × types × methods, with Go-style names and file paths.
let packages = (0..<200).map { "github.com/example/service/internal/pkg\($0)" }
let verbs = ["Handle", "Process", "Decode", "Encode", "Lookup", "Store", "Fetch", "Merge", "Flush", "Apply"]
for f in 0..<functionCount {
    let pkg = packages[f % packages.count]
    let name = "\(pkg).(*Type\(f / packages.count % 50)).\(verbs[f % verbs.count])\(f)"
    p.functions.append(Function(
        id: UInt64(f + 1), name: name, systemName: name,
        filename: "/src/\(pkg)/file\(f % 17).go", startLine: Int64(10 + f % 500)))
}

// Call graph: each function calls a few others; entry points are the first 40.
let callees: [[Int]] = (0..<functionCount).map { _ in
    (0..<(2 + Int(rng.next() % 4))).map { _ in Int(rng.next() % UInt64(functionCount)) }
}

// Locations: two per function (two call sites); every fifth has an inlined callee.
var locationOf: [[Int]] = Array(repeating: [], count: functionCount)
for f in 0..<functionCount {
    for site in 0..<2 {
        var lines = [Line(function: f, line: Int64(20 + f % 500 + site * 7))]
        if (f + site) % 5 == 0 {
            let inl = Int(rng.next() % UInt64(functionCount))
            lines.insert(Line(function: inl, line: Int64(15 + inl % 300)), at: 0)
        }
        locationOf[f].append(p.locations.count)
        p.locations.append(Location(
            id: UInt64(p.locations.count + 1), mapping: 0,
            address: 0x401000 + UInt64(p.locations.count) * 0x40, lines: lines))
    }
}

// Samples: walk the call graph from an entry point (skewed choice so a few paths
// are hot and many share prefixes), then list the stack leaf first.
let sizes: [Int64] = [16, 32, 48, 64, 128, 256, 512, 1024, 4096, 32768]
let handlers = (0..<30).map { "/api/v1/endpoint\($0)" }
p.samples.reserveCapacity(stacks)
var path: [Int] = []
/// A call path walked from an entry point, root first.
@MainActor func walk() -> [Int] {
    var path: [Int] = []
    var f = rng.skewed(40)
    let depth = 6 + Int(rng.next() % 28)
    for _ in 0..<depth {
        path.append(locationOf[f][Int(rng.next() & 1)])
        let next = callees[f]
        f = next[rng.skewed(next.count)]
    }
    return path
}
let pool: [[Int]] = pod == nil ? [] : (0..<poolSize).map { _ in walk() }
if let pod { rng = SplitMix(state: 0xF1EE_7000 ^ pod) }
for _ in 0..<stacks {
    path = pod == nil ? walk() : pool[rng.skewed(poolSize)]
    let size = sizes[rng.skewed(sizes.count)]
    let allocObjects = Int64(1 + rng.next() % 400)
    let inuseObjects = allocObjects / Int64(1 + rng.next() % 8)
    var labels: [String: [String]] = [:]
    if rng.next() % 3 == 0 { labels["handler"] = [handlers[rng.skewed(handlers.count)]] }
    p.samples.append(Sample(
        locations: path.reversed(),
        values: [allocObjects, allocObjects * size, inuseObjects, inuseObjects * size],
        labels: labels, numLabels: ["bytes": [size]]))
}

let data = ProfileEncoder.encode(p)
do {
    try data.write(to: URL(fileURLWithPath: out))
} catch {
    FileHandle.standardError.write("swprof-bench: \(error)\n".data(using: .utf8)!)
    exit(1)
}
print("\(out): \(stacks) stacks, \(p.functions.count) functions, \(p.locations.count) locations, \(data.count) bytes")
