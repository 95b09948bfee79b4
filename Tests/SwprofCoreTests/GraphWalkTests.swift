import Foundation
import Testing

@testable import SwprofCore

/// A heap-like profile with four sample types, inlined frames, string and
/// numeric labels, zero values and recursion: enough for node cutoffs, node
/// counts and tags to pick different nodes per sample type.
enum WalkProfile {
    static func make(samples: Int = 3000) -> Profile {
        var rng = SplitMix(seed: 0x5741_4C4B)
        var p = Profile()
        p.sampleTypes = [
            ValueType(type: "alloc_objects", unit: "count"), ValueType(type: "alloc_space", unit: "bytes"),
            ValueType(type: "inuse_objects", unit: "count"), ValueType(type: "inuse_space", unit: "bytes"),
        ]
        p.functions = (0..<60).map { Function(id: UInt64($0 + 1), name: "pkg\($0 % 7).fn\($0)", filename: "/src/f\($0 % 9).go") }
        for l in 0..<90 {
            var lines = [Line(function: l % 60, line: Int64(10 + l))]
            if l % 4 == 0 { lines.insert(Line(function: (l * 7 + 3) % 60, line: Int64(5 + l)), at: 0) }
            p.locations.append(Location(id: UInt64(l + 1), address: 0x1000 + UInt64(l) * 16, lines: lines))
        }
        let handlers = ["/a", "/b", "/c", "/d"]
        for _ in 0..<samples {
            let depth = 2 + Int(rng.next() % 9)
            var path: [Int] = []
            var l = Int(rng.next() % 6)
            for _ in 0..<depth {
                path.append(l)
                l = (l * 3 + Int(rng.next() % 11)) % 90
            }
            let objects = Int64(rng.next() % 50)
            let size = Int64([16, 64, 512, 4096][Int(rng.next() % 4)])
            let inuse = objects / Int64(1 + rng.next() % 5)
            var labels: [String: [String]] = [:]
            if rng.next() % 3 == 0 { labels["handler"] = [handlers[Int(rng.next() % 4)]] }
            p.samples.append(
                Sample(
                    locations: path.reversed(), values: [objects, objects * size, inuse, inuse * size], labels: labels,
                    numLabels: ["bytes": [size]]))
        }
        return p
    }
}

@Suite struct GraphWalkTests {
    /// A node's tags as sorted lines (name, unit, value and sums).
    func tags(_ node: Graph.Node) -> [String] {
        func line(_ key: String, _ t: Graph.Tag) -> String {
            "\(key) \(t.name) \(t.unit) \(t.value) \(t.flat) \(t.flatDiv) \(t.cum) \(t.cumDiv)"
        }
        var lines = node.labelTags.map { line($0.key, $0.value) }
        for (labels, numeric) in node.numericTags {
            lines += numeric.map { line(labels + "|" + $0.key, $0.value) }
        }
        return lines.sorted()
    }

    /// The node sums of every sample type from one walk are each sample
    /// type's (and each `-mean` divisor's) sums from a walk of its own.
    @Test func columnSumsAreEachSampleTypesNodeSums() throws {
        let profile = WalkProfile.make()
        var nodes = Graph()
        var nodeMap: [NodeInfo: Int] = [:]
        let table = LocationNodeTable(nodes.createNodes(profile, options: GraphOptions(valueIndex: 0), nodeMap: &nodeMap))
        let sums = NodeColumnSums(
            profile, stacks: StackShape(profile), table: table, nodeCount: nodes.allNodes.count, columns: 4)
        for valueIndex in 0..<4 {
            for divisorIndex in [nil, 0] as [Int?] {
                let options = GraphOptions(valueIndex: valueIndex, divisorIndex: divisorIndex)
                let walked = Graph.buildGraph(profile, options: options, edges: false).graph
                var fromColumns = nodes
                fromColumns.setValues(sums, valueIndex: valueIndex, divisorIndex: divisorIndex)
                #expect(walked.allNodes.count == fromColumns.allNodes.count)
                for (a, b) in zip(walked.allNodes, fromColumns.allNodes) {
                    #expect(a.info == b.info)
                    #expect(
                        [a.flat, a.flatDiv, a.cum, a.cumDiv] == [b.flat, b.flatDiv, b.cum, b.cumDiv],
                        "\(a.printableName) value \(valueIndex) divisor \(String(describing: divisorIndex))")
                }
            }
        }
    }

    /// Tags summed in the build's walk are the tags of a separate walk.
    @Test func tagsSummedInTheBuildAreThoseOfASeparateWalk() throws {
        let profile = WalkProfile.make()
        for valueIndex in 0..<4 {
            var options = GraphOptions(valueIndex: valueIndex)
            let folded = Graph.build(profile, options: options)
            options.collectTags = false
            var (separate, locationNodes) = Graph.buildGraph(profile, options: options)
            var groups = TagGroupCache()
            options.collectTags = true
            separate.fillTags(
                profile, options: options, stacks: StackTable(profile, options: options),
                table: LocationNodeTable(locationNodes), wanted: Array(separate.allNodes.indices), groups: &groups)
            #expect(folded.allNodes.count == separate.allNodes.count)
            var tagged = 0
            for (a, b) in zip(folded.allNodes, separate.allNodes) {
                #expect(tags(a) == tags(b), "\(a.printableName)")
                if !a.labelTags.isEmpty { tagged += 1 }
            }
            #expect(tagged > 10)
        }
    }

    /// Reports through a preparation cache (column sums and tags shared
    /// between sample types, as the web UI's pages share them) print what
    /// reports without one print: DOT graphs with tags and `-top`, for every
    /// sample type, with `-mean`, node counts that rebuild the graph and none.
    @Test func reportsSharingDerivedDataPrintTheSame() throws {
        let profile = WalkProfile.make()
        let cache = PreparationCache()
        for round in 0..<2 {
            for command in [ReportCommand.top, .dot] {
                for sampleIndex in ["alloc_objects", "alloc_space", "inuse_objects", "inuse_space"] {
                    for nodeCount in [-1, 0, 6] {
                        for mean in [false, true] {
                            var config = ReportConfig()
                            config.sampleIndex = sampleIndex
                            config.mean = mean
                            if nodeCount >= 0 { config.nodeCount = nodeCount }
                            let plain = try ReportPreparation.prepare(profile, command: command, argument: nil, config: config)
                            let shared = try ReportPreparation.prepare(
                                profile, command: command, argument: nil, config: config, cache: cache)
                            #expect(shared.derived != nil)
                            let a = try Report(profile: plain.profile, options: plain.options).text()
                            let b = try Report(profile: shared.profile, options: shared.options, derived: shared.derived).text()
                            #expect(a == b, "round \(round) \(command.name) \(sampleIndex) nodecount \(nodeCount) mean \(mean)")
                        }
                    }
                }
            }
        }
    }

    /// A graph that needs the column sums while another computes them waits
    /// for that result: they are computed once, and both get the same.
    /// (Threads, not tasks: the waits block their threads.)
    @Test func columnSumsAreComputedOnceWhileOthersWait() throws {
        let profile = WalkProfile.make(samples: 100)
        let derived = DerivedReportData(for: profile)
        let computing = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let computed = LockedCount()
        let results = LockedSums()
        let make: @Sendable () -> NodeColumnSums? = {
            computed.add()
            computing.signal()
            release.wait()
            var graph = Graph()
            var nodeMap: [NodeInfo: Int] = [:]
            let table = LocationNodeTable(graph.createNodes(profile, options: GraphOptions(valueIndex: 0), nodeMap: &nodeMap))
            return NodeColumnSums(profile, stacks: StackShape(profile), table: table, nodeCount: graph.allNodes.count, columns: 4)
        }
        Thread {
            results.append(derived.columnSums("k", compute: make))
            finished.signal()
        }.start()
        computing.wait()
        // The second asks while the first computes; it must not compute too.
        Thread {
            results.append(derived.columnSums("k", compute: make))
            finished.signal()
        }.start()
        Thread.sleep(forTimeInterval: 0.2)
        release.signal()
        finished.wait()
        finished.wait()
        #expect(computed.value == 1)
        let sums = results.all
        #expect(sums.count == 2 && sums[0] != nil && sums[0] === sums[1])
        // A stopped computation (nil) keeps nothing: the next one computes.
        #expect(derived.columnSums("stopped") { nil } == nil)
        release.signal()
        #expect(derived.columnSums("stopped") { make() } != nil)
    }

    /// Background work pauses at its checkpoints while its gate has demand,
    /// and goes on when the demand ends, when a request comes to wait for
    /// it, or while a thread waits for shared work (which may be its own).
    @Test func backgroundWorkPausesForDemand() throws {
        let gate = PauseGate()
        for release in ["end of demand", "wanted", "shared wait"] {
            let budget = WorkBudget(seconds: nil, gate: gate, background: true)
            let progress = LockedCount()
            gate.beginDemand()
            let done = DispatchSemaphore(value: 0)
            Thread {
                WorkBudget.$current.withValue(budget) {
                    for i in 0..<4096 {
                        if WorkBudget.isStopped(at: i) { break }
                        progress.add()
                    }
                }
                done.signal()
            }.start()
            Thread.sleep(forTimeInterval: 0.2)
            #expect(progress.value == 0, "\(release): paused at the first checkpoint")
            #expect(gate.hasDemand)
            switch release {
            case "end of demand":
                gate.endDemand()
                done.wait()
            case "wanted":
                budget.wantedNow()
                done.wait()
                gate.endDemand()
            default:
                // A page of the gate (not background) waits for shared work.
                WorkBudget.$current.withValue(WorkBudget(seconds: nil, gate: gate)) {
                    WorkBudget.waitingForSharedWork { done.wait() }
                }
                gate.endDemand()
            }
            #expect(progress.value == 4096, "\(release)")
        }
        // Work that is not background never pauses.
        gate.beginDemand()
        var count = 0
        WorkBudget.$current.withValue(WorkBudget(seconds: nil, gate: gate)) {
            for i in 0..<4096 where !WorkBudget.isStopped(at: i) { count += 1 }
        }
        gate.endDemand()
        #expect(count == 4096)
    }
}

/// Column sums handed back by threads.
final class LockedSums: @unchecked Sendable {
    private let lock = NSLock()
    private var sums: [NodeColumnSums?] = []
    func append(_ value: NodeColumnSums?) { lock.withLock { sums.append(value) } }
    var all: [NodeColumnSums?] { lock.withLock { sums } }
}

/// A count shared between threads.
final class LockedCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
