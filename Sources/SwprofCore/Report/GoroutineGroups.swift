/// Goroutines grouped by identical stack, as panicparse groups a dump: per
/// group, how many goroutines, in which states, and the longest wait.
///
/// Works on any goroutine profile: `debug=2` dumps and crash tracebacks carry
/// one sample per goroutine with the `state` label and the `wait` numeric
/// label (minutes); `/debug/pprof/goroutine` protos carry counts only.
public struct GoroutineGroups: Sendable {
    /// One frame of a stack.
    public struct Frame: Sendable, Hashable {
        public var function: String
        public var file: String
        public var line: Int64
    }

    /// Goroutines with one stack.
    public struct Group: Sendable {
        /// Leaf first, inlined frames expanded (innermost first).
        public var frames: [Frame]
        public var count: Int64
        /// States with their goroutine counts, most common first.
        public var states: [(state: String, count: Int64)]
        /// The longest wait in minutes, when any goroutine recorded one.
        public var longestWaitMinutes: Int64?
        /// The distinct `created by` frames.
        public var createdBy: [String]
        /// The goroutines' IDs, ascending, when the profile recorded them
        /// (`debug=2` dumps carry the numeric label `goid`).
        public var ids: [Int64] = []
        /// With a base (see ``comparing(against:)``): goroutines gained (or,
        /// negative, lost) on this stack since the base.
        public var change: Int64? = nil

        /// The frame a reader knows the group by: the first from the leaf
        /// outside the Go runtime (`runtime.gopark` says only that it waits),
        /// else the leaf; nil for an empty stack.
        public var owner: Frame? {
            frames.first { !GoroutineGroups.isRuntime($0.function) } ?? frames.first
        }

        /// Why the goroutines wait: the dump's state (`chan receive`) when it
        /// recorded one, else read from the runtime frames above the owner
        /// (a `/debug/pprof/goroutine` profile has no states).
        public var waitReason: String? {
            if let state = states.first?.state, !state.isEmpty { return state }
            for frame in frames {
                if let reason = GoroutineGroups.waitReasons[frame.function] { return reason }
                if !GoroutineGroups.isRuntime(frame.function) { break }
            }
            return nil
        }
    }

    /// Runtime frames a goroutine parks in, with the wait reason Go's
    /// `debug=2` dumps print for them.
    static let waitReasons: [String: String] = [
        "runtime.chanrecv": "chan receive", "runtime.chanrecv1": "chan receive", "runtime.chanrecv2": "chan receive",
        "runtime.chansend": "chan send", "runtime.chansend1": "chan send", "runtime.selectgo": "select",
        "runtime.block": "select (no cases)", "runtime.netpollblock": "IO wait",
        "internal/poll.runtime_pollWait": "IO wait", "time.Sleep": "sleep", "runtime.timeSleep": "sleep",
        "sync.runtime_SemacquireMutex": "sync.Mutex.Lock", "sync.runtime_SemacquireRWMutex": "sync.RWMutex.Lock",
        "sync.runtime_SemacquireRWMutexR": "sync.RWMutex.RLock", "sync.runtime_Semacquire": "semacquire",
        "sync.runtime_SemacquireWaitGroup": "sync.WaitGroup.Wait", "sync.runtime_notifyListWait": "sync.Cond.Wait",
        "runtime.gcBgMarkWorker": "GC worker (idle)", "runtime.bgsweep": "GC sweep wait", "runtime.bgscavenge": "GC scavenge wait",
        "runtime.forcegchelper": "force gc (idle)", "runtime.runfinq": "finalizer wait", "os/signal.signal_recv": "signal wait",
    ]

    /// Frames of the Go runtime (and its hooks in `sync`, `internal/poll`).
    static func isRuntime(_ name: String) -> Bool {
        name.hasPrefix("runtime.") || name.hasPrefix("sync.runtime_") || name.hasPrefix("internal/poll.runtime_")
            || name.hasPrefix("internal/runtime/")
    }

    /// Largest groups first (ties: the order the stacks first appear in the profile).
    public var groups: [Group]
    /// All goroutines.
    public var total: Int64
    /// With a base: the change of `total` since it, and the goroutines of
    /// stacks that are gone (in the base, not here).
    public var totalChange: Int64? = nil
    public var vanished: Int64 = 0

    /// Whether `profile` counts goroutines (a sample type named `goroutine`).
    public static func applies(to profile: Profile) -> Bool {
        profile.sampleTypes.contains { $0.type == "goroutine" }
    }

    /// Groups `profile`'s samples by stack, counting the value at `sampleIndex`.
    public init(profile: Profile, sampleIndex: Int) {
        struct Accumulator {
            var count: Int64 = 0
            var states: [String: Int64] = [:]
            var wait: Int64?
            var createdBy: Set<String> = []
            var ids: [Int64] = []
            var order: Int
        }
        var byStack: [[Frame]: Accumulator] = [:]
        for sample in profile.samples where sample.values.indices.contains(sampleIndex) {
            let value = sample.values[sampleIndex]
            guard value != 0 else { continue }
            var frames: [Frame] = []
            for index in sample.locations where profile.locations.indices.contains(index) {
                for line in profile.locations[index].lines where profile.functions.indices.contains(line.function) {
                    let function = profile.functions[line.function]
                    frames.append(Frame(function: function.name, file: function.filename, line: line.line))
                }
            }
            var entry = byStack[frames] ?? Accumulator(order: byStack.count)
            entry.count &+= value
            for state in sample.labels["state"] ?? [] { entry.states[state, default: 0] &+= value }
            if let wait = sample.numLabels["wait"]?.max() { entry.wait = max(entry.wait ?? wait, wait) }
            entry.createdBy.formUnion(sample.labels["created_by"] ?? [])
            entry.ids += sample.numLabels["goid"] ?? []
            byStack[frames] = entry
        }
        let ordered = byStack.sorted { a, b in
            a.value.count != b.value.count ? a.value.count > b.value.count : a.value.order < b.value.order
        }
        groups = ordered.map { frames, entry in
            Group(
                frames: frames, count: entry.count,
                states: entry.states.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) },
                longestWaitMinutes: entry.wait, createdBy: entry.createdBy.sorted(), ids: entry.ids.sorted())
        }
        total = groups.reduce(0) { $0 &+ $1.count }
    }

    /// These groups with each one's change since `base` (the same profile
    /// taken earlier, prepared the same way); stacks are matched by their
    /// frames (function, file, line).
    public func comparing(against base: GoroutineGroups) -> GoroutineGroups {
        var before: [[Frame]: Int64] = [:]
        for group in base.groups { before[group.frames, default: 0] &+= group.count }
        var result = self
        for index in result.groups.indices {
            let frames = result.groups[index].frames
            result.groups[index].change = result.groups[index].count &- (before.removeValue(forKey: frames) ?? 0)
        }
        result.vanished = before.values.reduce(0) { $0 &+ $1 }
        result.totalChange = total &- base.total
        return result
    }
}
