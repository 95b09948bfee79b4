import Foundation

/// User tasks, regions and logs (`runtime/trace`'s `NewTask`, `StartRegion`
/// and `Log`) as Go's trace summarizer collects them for `go tool trace`'s
/// /usertasks and /userregions pages: tasks by ID (mentioned by a begin, an
/// end, a log, a region or a child), regions per goroutine (closed by their
/// end, the goroutine's end or the trace's end), and the logs in order.
public struct TraceUserAnnotations: TraceConsumer, Sendable {
    public struct Task: Sendable {
        public var id: UInt64
        /// The type given to `NewTask`; "" when the trace holds no begin or end naming it.
        public var name = ""
        /// The parent task's ID, if one was named.
        public var parent: UInt64?
        public var start: Int64?
        public var end: Int64?
        /// The goroutine that began it, if the begin is in the trace.
        public var goroutine: Int64?
        public var logs = 0

        /// Begun and ended within the trace.
        public var complete: Bool { start != nil && end != nil }
    }

    public struct Region: Sendable {
        public var name: String
        public var task: UInt64
        public var goroutine: Int64
        /// Nil when the region began before the trace (its end had no begin).
        public var start: Int64?
        /// Nil when the region was still open at the end of the trace.
        public var end: Int64?
        /// The outermost frame of the stack the region began at (Go groups regions by it).
        public var frame: ExecutionTraceFrame?
    }

    public struct Log: Sendable {
        public var time: Int64
        public var goroutine: Int64
        public var task: UInt64
        public var category: String
        public var message: String
    }

    /// Go's `NoTask`: no task.
    public static let noTask = UInt64.max
    /// Logs kept in memory; later ones are only counted.
    public static let maxLogs = 100_000

    public private(set) var tasks: [UInt64: Task] = [:]
    /// Regions in the order they were closed (ended, or finalized with their goroutine).
    public private(set) var regions: [Region] = []
    public private(set) var logs: [Log] = []
    public private(set) var logCount = 0

    /// Per goroutine: its start function as Go's summary names it (the root
    /// frame of the first stack a transition names) and its open regions.
    private struct GoroutineState: Sendable {
        var name = ""
        var open: [Region] = []
    }
    private var goroutines: [Int64: GoroutineState] = [:]
    private var finished = false

    public init() {}

    public mutating func consume(_ event: TraceEvent, tables: TraceGeneration) {
        typealias E = TraceEventType
        switch event.type {
        case E.userTaskBegin, E.userTaskEnd:
            let id = event.args[0]
            let begin = event.type == E.userTaskBegin
            let parent = begin ? event.args[1] : event.args[2]
            let name = begin ? (tables.string(event.args[2]) ?? "") : Self.extraString(event.args[3], tables)
            addTask(id)
            tasks[id]!.name = name
            if begin {
                tasks[id]!.start = event.time
                tasks[id]!.goroutine = event.g
            } else {
                tasks[id]!.end = event.time
            }
            if parent != Self.noTask, tasks[id]!.parent == nil {
                tasks[id]!.parent = parent
                addTask(parent)
            }
        case E.userRegionBegin:
            guard goroutines[event.g] != nil else { return }
            let task = event.args[0]
            goroutines[event.g]!.open.append(Region(
                name: tables.string(event.args[1]) ?? "", task: task, goroutine: event.g, start: event.time,
                end: nil, frame: tables.frames(ofStack: event.stackID).last))
            addTask(task)
        case E.userRegionEnd:
            guard goroutines[event.g] != nil else { return }
            var region: Region
            if goroutines[event.g]!.open.isEmpty {
                // An end without a begin: the region began before the trace.
                region = Region(name: tables.string(event.args[1]) ?? "", task: event.args[0], goroutine: event.g,
                                start: nil, end: nil, frame: nil)
                addTask(event.args[0])
            } else {
                region = goroutines[event.g]!.open.removeLast()
            }
            region.end = event.time
            regions.append(region)
        case E.userLog:
            let task = event.args[0]
            addTask(task)
            tasks[task]!.logs += 1
            logCount += 1
            if logs.count < Self.maxLogs {
                logs.append(Log(time: event.time, goroutine: event.g, task: task,
                                category: tables.string(event.args[1]) ?? "", message: tables.string(event.args[2]) ?? ""))
            }
        default:
            break
        }
        guard let t = event.goTransition, t.from != t.to else { return }
        let id = t.goroutine
        switch t.from {
        case .undetermined:
            goroutines[id] = GoroutineState()
        case .notExist:
            var state = GoroutineState()
            // A goroutine created inside a region is counted in a region of its
            // own, named "", of the creator's innermost region's task.
            if let creator = goroutines[event.g], let innermost = creator.open.last {
                state.open = [Region(name: "", task: innermost.task, goroutine: id, start: event.time, end: nil,
                                     frame: tables.frames(ofStack: event.stackID).last)]
            }
            goroutines[id] = state
        default:
            break
        }
        guard goroutines[id] != nil else { return }
        if goroutines[id]!.name.isEmpty, t.stack != 0, let root = tables.frames(ofStack: t.stack).last {
            goroutines[id]!.name = root.function
        }
        let reason = t.reason == 0 ? "" : (tables.string(t.reason) ?? "")
        if t.to == .notExist || (t.to == .waiting && reason == "forever") {
            close(id, at: event.time)
        }
    }

    /// Closes the regions still open at the end of the trace (Go's `Finalize`).
    public mutating func finish() {
        guard !finished else { return }
        finished = true
        for id in goroutines.keys.sorted() { close(id, at: nil) }
    }

    /// A goroutine's end: its open regions end with it, except on system
    /// goroutines, whose regions are dropped (Go's `finalize`).
    private mutating func close(_ id: Int64, at time: Int64?) {
        guard let state = goroutines[id] else { return }
        if !Self.isSystemGoroutine(state.name) {
            for var region in state.open {
                region.end = time
                regions.append(region)
            }
        }
        goroutines[id]!.open = []
    }

    private mutating func addTask(_ id: UInt64) {
        if tasks[id] == nil { tasks[id] = Task(id: id) }
    }

    /// The task type the ordering carried to a task's end event.
    private static func extraString(_ arg: UInt64, _ tables: TraceGeneration) -> String {
        let index = Int(truncatingIfNeeded: arg & ~(UInt64(1) << 63))
        return tables.extraString(index)
    }

    /// Go's `IsSystemGoroutine`: no start function, or one in the runtime other than `runtime.main`.
    static func isSystemGoroutine(_ function: String) -> Bool {
        function.isEmpty || (function != "runtime.main" && function.hasPrefix("runtime."))
    }
}

/// Go's `TimeHistogram` (cmd/trace): durations in buckets five to a power of ten.
public struct TraceTimeHistogram: Sendable, Equatable {
    public private(set) var buckets: [Int] = []
    public private(set) var count = 0

    static let logDiv = log(pow(10, 1.0 / 5))

    public init() {}

    /// The bucket of `duration` (0 for none or negative).
    public static func bucket(_ duration: Int64) -> Int {
        duration > 0 ? max(0, Int(log(Double(duration)) / logDiv)) : 0
    }

    /// The shortest duration in `bucket`, truncated to nanoseconds as Go does.
    public static func bucketMin(_ bucket: Int) -> Int64 {
        let value = exp(Double(bucket) * logDiv)
        return value >= 9.2e18 ? Int64.max : Int64(value)
    }

    public mutating func add(_ duration: Int64) {
        let b = Self.bucket(duration)
        if buckets.count <= b { buckets += Array(repeating: 0, count: b - buckets.count + 1) }
        buckets[b] += 1
        count += 1
    }

    /// The non-empty buckets, lowest first, as (bucket, count).
    public var nonEmpty: [(bucket: Int, count: Int)] {
        buckets.enumerated().filter { $0.element > 0 }.map { ($0.offset, $0.element) }
    }
}

/// The rows of the task and region tables: instances grouped by type (and,
/// for regions, by the outermost frame they began at, as Go groups them),
/// each with its count, duration histogram and percentiles.
public struct TraceAnnotationGroup: Sendable {
    /// One task or region: from, to (nil: outside the trace), its duration (a
    /// region's with the trace's start and end standing in for what is
    /// missing; 0 for an incomplete task), its goroutine and task.
    public struct Instance: Sendable {
        public var start: Int64?
        public var end: Int64?
        public var duration: Int64
        public var goroutine: Int64?
        public var task: UInt64
    }

    public var name: String
    /// Regions: the outermost frame they began at.
    public var frame: ExecutionTraceFrame?
    public var instances: [Instance] = []
    public var histogram = TraceTimeHistogram()

    public var count: Int { instances.count }

    /// The durations counted in the histogram, sorted.
    public var sortedDurations: [Int64] = []

    /// The `p`-th percentile (0...100) of the histogram's durations, nearest rank; nil when empty.
    public func percentile(_ p: Double) -> Int64? {
        guard !sortedDurations.isEmpty else { return nil }
        let rank = Int((p / 100 * Double(sortedDurations.count)).rounded(.up))
        return sortedDurations[min(max(rank, 1), sortedDurations.count) - 1]
    }

    /// The earliest start and latest end of its instances (trace bounds for what is missing).
    public func window(traceStart: Int64, traceEnd: Int64) -> (Int64, Int64) {
        let starts = instances.map { $0.start ?? traceStart }
        let ends = instances.map { $0.end ?? traceEnd }
        return (starts.min() ?? traceStart, ends.max() ?? traceEnd)
    }
}

extension TraceUserAnnotations {
    /// Tasks by type, sorted by type (Go's /usertasks): every task counts, the
    /// histogram holds the complete ones.
    public func taskGroups() -> [TraceAnnotationGroup] {
        var groups: [String: TraceAnnotationGroup] = [:]
        for task in tasks.values.sorted(by: { $0.id < $1.id }) {
            var group = groups[task.name] ?? TraceAnnotationGroup(name: task.name)
            let duration = task.complete ? task.end! - task.start! : 0
            group.instances.append(.init(start: task.start, end: task.end, duration: duration, goroutine: task.goroutine,
                                         task: task.id))
            if task.complete {
                group.histogram.add(duration)
                group.sortedDurations.append(duration)
            }
            groups[task.name] = group
        }
        return groups.values.map { var g = $0; g.sortedDurations.sort(); return g }.sorted { $0.name < $1.name }
    }

    /// Regions by type and outermost start frame, sorted by type then PC (Go's
    /// /userregions); every region counts in the histogram, with the trace's
    /// start and end standing in for a missing begin or end.
    public func regionGroups(traceStart: Int64, traceEnd: Int64) -> [TraceAnnotationGroup] {
        struct Key: Hashable { var name: String; var frame: ExecutionTraceFrame? }
        var groups: [Key: TraceAnnotationGroup] = [:]
        for region in regions {
            let key = Key(name: region.name, frame: region.frame)
            var group = groups[key] ?? TraceAnnotationGroup(name: region.name, frame: region.frame)
            let duration = (region.end ?? traceEnd) - (region.start ?? traceStart)
            group.instances.append(.init(start: region.start, end: region.end, duration: duration,
                                         goroutine: region.goroutine, task: region.task))
            group.histogram.add(duration)
            group.sortedDurations.append(duration)
            groups[key] = group
        }
        return groups.values.map { var g = $0; g.sortedDurations.sort(); return g }.sorted {
            $0.name != $1.name ? $0.name < $1.name : ($0.frame?.pc ?? 0) < ($1.frame?.pc ?? 0)
        }
    }
}
