import Foundation

/// Prepared profiles kept for reuse by a process that prepares many reports
/// of one profile (the web UI): reports that differ only in what they show
/// (sample type, node count, sort, format) share the filtered and aggregated
/// profile. Only the options that change the prepared profile are part of
/// the key. At most `capacity` profiles are kept, the oldest dropped first.
public final class PreparationCache: @unchecked Sendable {
    struct Key: Hashable {
        var tagRoot, tagLeaf, unit: String
        var relativePercentages, noInlines, showColumns: Bool
        var granularity: Granularity
        var filters: [String]

        init(_ cfg: ReportConfig) {
            tagRoot = cfg.tagRoot
            tagLeaf = cfg.tagLeaf
            unit = cfg.unit
            relativePercentages = cfg.relativePercentages
            noInlines = cfg.noInlines
            showColumns = cfg.showColumns
            granularity = cfg.granularity
            filters = [
                cfg.focus, cfg.ignore, cfg.hide, cfg.show, cfg.showFrom, cfg.tagFocus, cfg.tagIgnore, cfg.tagShow,
                cfg.tagHide, cfg.pruneFrom,
            ]
        }
    }

    struct Labelled {
        var profile: Profile
        var numLabelUnits: [String: String]
        var warnings: [String]
    }

    private let lock = NSLock()
    private var labelledProfiles: [Key: Labelled] = [:]
    private var filteredProfiles: [Key: (profile: Profile, warnings: [String])] = [:]
    private var derivedData: [Key: DerivedReportData] = [:]
    private var order: [Key] = []
    public let capacity: Int

    public init(capacity: Int = 4) {
        self.capacity = max(1, capacity)
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
/// and views reuse it: the samples' stacks in flat arrays.
public final class DerivedReportData: @unchecked Sendable {
    private let lock = NSLock()
    private var stackShape: StackShape?
    private let sampleCount: Int

    init(for profile: Profile) {
        sampleCount = profile.samples.count
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
