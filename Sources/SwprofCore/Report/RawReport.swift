extension Report {
    /// The `-raw` dump: the profile as pprof's `Profile.String` prints it.
    func rawText() -> String {
        profile.rawText
    }

    /// The profile `-proto` writes: the report's profile with every value
    /// multiplied by the ratio (`-divide_by`), truncated as pprof does.
    public func protoProfile() -> Profile {
        var p = profile
        let r = options.ratio
        if r > 0 && r != 1 {
            for i in p.samples.indices {
                p.samples[i].values = p.samples[i].values.map { goInt64(Double($0) * r) }
            }
        }
        return p
    }
}
