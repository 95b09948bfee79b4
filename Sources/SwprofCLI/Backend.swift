import Foundation
import SwprofCore
import SwprofRender

// TEMPORARY (cli helper): the calls the CLI makes into other helpers' code
// (decoder and merge from `decode`, reports from `report`, SVG from `web`).
// Until each lands on main its entry here throws; when it lands, the body
// becomes a direct call and this file shrinks to nothing.
enum Backend {
    /// Decodes a profile file's bytes (`ProfileParser.parse(_:source:)`).
    static func parse(_ data: Data, source: String) throws -> Profile {
        try ProfileParser.parse(data, source: source)
    }

    /// Scales the profiles to common units and merges them (`scaleProfiles`, `Profile.merge`).
    static func merge(_ profiles: [Profile]) throws -> Profile {
        var scaled = profiles
        try scaleProfiles(&scaled)
        return try Profile.merge(scaled)
    }

    /// The report's bytes: text or DOT from the report code, the encoded
    /// profile for `-proto`.
    static func render(_ prepared: PreparedReport) throws -> Data {
        switch prepared.options.format {
        case .proto: return ProfileEncoder.encode(prepared.profile)
        case .raw: return Data(prepared.profile.rawText.utf8)
        case .topProto:
            return ProfileEncoder.encode(try Report(profile: prepared.profile, options: prepared.options).topProtoProfile())
        default:
            return Data(try Report(profile: prepared.profile, options: prepared.options).text().utf8)
        }
    }

    /// Lays out DOT into SVG.
    static func svg(fromDOT dot: Data) throws -> Data {
        Data(try Graphviz.interactiveSVG(fromDOT: String(decoding: dot, as: UTF8.self)).utf8)
    }
}
