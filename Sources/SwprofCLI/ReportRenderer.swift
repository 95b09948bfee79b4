import Foundation
import SwprofCore
import SwprofRender

/// Turns a prepared report into the bytes pprof would write for its command.
enum ReportRenderer {
    static func render(_ prepared: PreparedReport, command: ReportCommand) throws -> Data {
        switch prepared.options.format {
        case .proto:
            // The filtered, aggregated profile itself, scaled by -divide_by (pprof's -proto).
            let report = try Report(profile: prepared.profile, options: prepared.options)
            return ProfileEncoder.encode(report.protoProfile())
        case .raw:
            return Data(RawBytes.utf8(prepared.profile.rawText))
        case .topProto:
            let report = try Report(profile: prepared.profile, options: prepared.options)
            return ProfileEncoder.encode(report.topProtoProfile())
        default:
            let text = try Report(profile: prepared.profile, options: prepared.options).text()
            switch command.output {
            case .svg:
                // DOT laid out by libgvc in process, with pprof's pan/zoom script.
                return Data(try Graphviz.interactiveSVG(fromDOT: text).utf8)
            case .image(let format):
                return try Graphviz.image(fromDOT: text, format: format)
            case .text, .file:
                break
            }
            // Text reports (DOT too) pass bytes that were not UTF-8 through, as pprof does.
            return Data(RawBytes.utf8(text))
        }
    }
}
