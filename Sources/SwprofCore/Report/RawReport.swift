extension Report {
    /// The `-raw` dump. The text itself is the profile's (written by the
    /// decoding code); until that lands this reports that it is missing.
    func rawText() -> String {
        "raw output is not available in this build\n"
    }
}
