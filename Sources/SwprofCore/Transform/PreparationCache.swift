import Foundation

/// Prepared profiles kept for reuse by a process that prepares many reports
/// of one profile (the web UI): reports that differ only in what they show
/// (sample type, node count, sort, format) share the filtered and aggregated
/// profile. The key is the whole config but for the options known to only
/// choose what is shown of the prepared profile: an option added later (a new
/// filter) is part of the key unless it is added to that list. At most
/// `capacity` profiles are kept, the oldest dropped first.
public final class PreparationCache: @unchecked Sendable {
    struct Key: Hashable {
        let config: ReportConfig

        init(_ cfg: ReportConfig) {
            var key = cfg
            // What reports show of the prepared profile (sample type, size,
            // order, numbers, sources), not what it holds.
            let defaults = ReportConfig()
            key.output = defaults.output
            key.callTree = defaults.callTree
            key.compactLabels = defaults.compactLabels
            key.sourcePath = defaults.sourcePath
            key.trimPath = defaults.trimPath
            key.intelSyntax = defaults.intelSyntax
            key.mean = defaults.mean
            key.sampleIndex = defaults.sampleIndex
            key.divideBy = defaults.divideBy
            key.normalize = defaults.normalize
            key.sort = defaults.sort
            key.dropNegative = defaults.dropNegative
            key.nodeCount = defaults.nodeCount
            key.nodeFraction = defaults.nodeFraction
            key.edgeFraction = defaults.edgeFraction
            key.trim = defaults.trim
            // The granularity counts, not whether it was chosen.
            key.granularity = cfg.granularity
            config = key
        }
    }

    struct Labelled {
        var profile: Profile
        var numLabelUnits: [String: String]
        var warnings: [String]
    }

    private let lock = NSLock()
    /// Keys being prepared now, and where preparations of the same key wait.
    private let preparing = NSCondition()
    private var busy: Set<Key> = []
    private var labelledProfiles: [Key: Labelled] = [:]
    private var filteredProfiles: [Key: (profile: Profile, warnings: [String])] = [:]
    private var derivedData: [Key: DerivedReportData] = [:]
    private var order: [Key] = []
    public let capacity: Int

    public init(capacity: Int = 4) {
        self.capacity = max(1, capacity)
    }

    /// Runs `body` (which prepares `key`, or finds it prepared) once no other
    /// thread is running it for `key`: a page that needs a profile another
    /// page is preparing waits for it and reuses it instead of preparing it
    /// again beside it (twice the memory and half the speed each).
    func exclusively<T>(_ key: Key, _ body: () throws -> T) rethrows -> T {
        preparing.lock()
        while busy.contains(key) { WorkBudget.waitingForSharedWork { preparing.wait() } }
        busy.insert(key)
        preparing.unlock()
        defer {
            preparing.lock()
            busy.remove(key)
            preparing.broadcast()
            preparing.unlock()
        }
        return try body()
    }

    func labelled(_ key: Key) -> Labelled? {
        lock.withLock { labelledProfiles[key] }
    }

    func filtered(_ key: Key) -> (profile: Profile, warnings: [String])? {
        lock.withLock { filteredProfiles[key] }
    }

    func store(labelled: Labelled, _ key: Key) {
        lock.withLock {
            if labelledProfiles[key] == nil { touch(key) }
            labelledProfiles[key] = labelled
        }
    }

    func store(filtered: (profile: Profile, warnings: [String]), _ key: Key) {
        lock.withLock {
            if labelledProfiles[key] == nil && filteredProfiles[key] == nil { touch(key) }
            filteredProfiles[key] = filtered
        }
    }

    /// The shared data of the filtered profile of `key` (created on first use).
    func derived(_ key: Key, for profile: Profile) -> DerivedReportData {
        lock.withLock {
            if let data = derivedData[key] { return data }
            let data = DerivedReportData(for: profile)
            if filteredProfiles[key] != nil { derivedData[key] = data }
            return data
        }
    }

    /// Records a new key and drops the oldest beyond capacity. Called with the lock held.
    private func touch(_ key: Key) {
        order.removeAll { $0 == key }
        order.append(key)
        while order.count > capacity {
            let oldest = order.removeFirst()
            labelledProfiles[oldest] = nil
            filteredProfiles[oldest] = nil
            derivedData[oldest] = nil
        }
    }
}

/// Data derived from one prepared profile for building its graphs, kept by a
/// `PreparationCache` with the profile so that reports of other sample types
/// and views reuse it: the samples' stacks in flat arrays and their label
/// groups.
public final class DerivedReportData: @unchecked Sendable {
    private let lock = NSLock()
    private var stackShape: StackShape?
    private var tagGroups: [String: TagGroupCache] = [:]
    /// Node sums of every sample type by the options that name the nodes,
    /// and those being computed (a graph that needs them waits for them).
    private var columnSums: [String: NodeColumnSums] = [:]
    private var computingColumnSums: Set<String> = []
    private let columnSumsDone = NSCondition()
    /// The samples of the profile it belongs to.
    let sampleCount: Int

    init(for profile: Profile) {
        sampleCount = profile.samples.count
    }

    /// The samples' label groups as DOT tags see them with `format` (the
    /// tags' units), as far as earlier graphs worked them out.
    func tagGroups(format: String) -> TagGroupCache {
        lock.withLock { tagGroups[format] ?? TagGroupCache() }
    }

    /// Keeps what a graph worked out of the label groups for later graphs.
    func store(tagGroups groups: TagGroupCache, format: String) {
        lock.withLock { tagGroups[format] = groups }
    }

    /// The node sums of every sample type for nodes named as `key` says,
    /// from `compute` the first time (nil: stopped, nothing kept). A graph
    /// that needs them while another computes them waits for that result
    /// instead of computing them beside it.
    func columnSums(_ key: String, compute: () -> NodeColumnSums?) -> NodeColumnSums? {
        columnSumsDone.lock()
        while computingColumnSums.contains(key) {
            WorkBudget.waitingForSharedWork { columnSumsDone.wait() }
        }
        if let done = columnSums[key] {
            columnSumsDone.unlock()
            return done
        }
        computingColumnSums.insert(key)
        columnSumsDone.unlock()
        let sums = compute()
        columnSumsDone.lock()
        computingColumnSums.remove(key)
        if let sums { columnSums[key] = sums }
        columnSumsDone.broadcast()
        columnSumsDone.unlock()
        return sums
    }

    /// The stacks of `profile`, computed once (nil for another profile).
    func shape(of profile: Profile) -> StackShape? {
        guard profile.samples.count == sampleCount else { return nil }
        return lock.withLock {
            if let stackShape { return stackShape }
            let shape = StackShape(profile)
            stackShape = shape
            return shape
        }
    }
}
