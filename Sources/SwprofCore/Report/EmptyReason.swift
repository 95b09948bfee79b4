/// Why a view has nothing to draw, as one sentence for the page: an empty
/// profile, a sample type whose values are all zero, or filters that matched
/// nothing are different problems with different fixes.
public enum EmptyReason {
    /// The sentence for `profile` (before any filtering) reported on its
    /// sample type at `sampleIndex`.
    public static func sentence(profile: Profile, sampleIndex: Int) -> String {
        if profile.samples.isEmpty {
            return "This profile has no samples."
        }
        if profile.sampleTypes.indices.contains(sampleIndex),
            profile.samples.allSatisfy({ sample in
                !sample.values.indices.contains(sampleIndex) || sample.values[sampleIndex] == 0
            })
        {
            let type = profile.sampleTypes[sampleIndex].type
            return "Every sample's \(type) is 0; pick another sample type."
        }
        return "No samples match these options."
    }
}
