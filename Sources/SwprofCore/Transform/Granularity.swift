/// The level at which samples are grouped into report nodes
/// (pprof's `-functions`, `-filefunctions`, `-files`, `-lines`, `-addresses`).
public enum Granularity: String, Sendable, CaseIterable {
    case functions
    case filefunctions
    case files
    case lines
    case addresses
}
