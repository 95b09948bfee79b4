/// Arithmetic on profile values that cannot trap.
///
/// Sample values come from files and URLs: any `Int64`, `Int64.min` included,
/// and sums that overflow. Swift's `+`, `-` and `abs` trap on those; pprof's Go
/// `int64` arithmetic wraps around. Values are therefore summed with wrapping
/// operators (so reports keep pprof's numbers), and sizes are taken as
/// `magnitude` (a `UInt64`, exact for `Int64.min`) where a picture needs how big
/// a value is.
extension Sequence where Element == Int64 {
    /// The sum as Go's `int64` computes it: wrapping around on overflow.
    public func wrappingSum() -> Int64 {
        reduce(0, &+)
    }
}

extension Int64 {
    /// |self| as a `Double`, exact for `Int64.min` (2⁶³): for widths, shares and colours.
    public var magnitudeValue: Double { Double(magnitude) }
}
