import SwprofCore

/// What the views show: one loaded profile (and with a base, its two sides;
/// with `-trend`, the snapshots). The server's `WebServer.Input` is this type.
public struct ViewInput: Sendable {
    /// The profile every view reports on: the loaded profiles merged, and,
    /// with `-base`/`-diff_base`, the base already subtracted as the CLI's
    /// reports have it.
    public var profile: Profile {
        didSet { preparation = PreparationCache() }
    }
    /// With `-base`/`-diff_base`: the base profile and the new profile
    /// alone, for the comparison flame graph and the side-by-side view.
    public var comparison: (base: Profile, new: Profile)?
    /// The name shown for the profile when it names no binary (the file
    /// given on the command line).
    public var name: String
    /// The bytes `/ui/download` serves (`profile.pb.gz`). Nil: `profile`
    /// encoded as gzipped profile.proto.
    public var download: [UInt8]?
    /// With `-trend`: the snapshots, for the Trend view (see
    /// ``trend(_:name:)``).
    public var trend: [TrendReport.Snapshot]? = nil
    /// Prepared profiles shared by the pages of `profile` (pages differing
    /// only in sample type, node count or view reuse the filtered profile).
    public private(set) var preparation = PreparationCache()

    public init(
        profile: Profile, name: String, comparison: (base: Profile, new: Profile)? = nil, download: [UInt8]? = nil
    ) {
        self.profile = profile
        self.name = name
        self.comparison = comparison
        self.download = download
    }
}

extension ViewInput {
    /// `new` against `base` as `-base` shows it (``Profile/compared(with:mode:normalize:)``),
    /// with both kept for the comparison flame graph.
    public static func comparing(_ new: ViewInput, against base: ViewInput) throws -> ViewInput {
        let newProfile = new.comparison?.new ?? new.profile
        let baseProfile = base.comparison?.new ?? base.profile
        var difference = try newProfile.compared(with: baseProfile)
        try? difference.removeUninteresting()
        return ViewInput(profile: difference, name: new.name, comparison: (baseProfile, newProfile))
    }
}
