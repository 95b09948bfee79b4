import Foundation

/// The sample profile shipped with swprof: a real Go heap profile (a small
/// leaky HTTP server). `swprof -http=:8080` with no profile argument serves it.
public enum SampleProfile {
    /// The profile's bytes (gzipped profile.proto), embedded in the binary.
    public static var bytes: [UInt8] { PackageResources.sample_heap_pb_gz }
    /// The name shown for it in the UI's legend.
    public static let name = "sample.heap.pb.gz (swprof's bundled sample)"
}
