import Foundation
import SwprofCore

// TEMPORARY (cli helper): the calls the CLI makes into other helpers' code
// (decoder and merge from `decode`, reports from `report`, SVG from `web`).
// Until each lands on main its entry here throws; when it lands, the body
// becomes a direct call and this file shrinks to nothing.
enum Backend {
    /// Decodes a profile file's bytes (`ProfileParser.parse(_:source:)`).
    static func parse(_ data: Data, source: String) throws -> Profile {
        throw ProfileError(.unrecognized, source: source, "profile decoding is not available yet")
    }

    /// Scales the profiles to common units and merges them (`scaleProfiles`, `Profile.merge`).
    static func merge(_ profiles: [Profile]) throws -> Profile {
        if profiles.count == 1 { return profiles[0] }
        throw ProfileError(.incompatible, "merging profiles is not available yet")
    }

    /// The report's bytes: text or DOT from the report code, the encoded
    /// profile for `-proto`.
    static func render(_ prepared: PreparedReport) throws -> Data {
        throw ProfileError(.invalidOption, "reports are not available yet")
    }

    /// Lays out DOT into SVG.
    static func svg(fromDOT dot: Data) throws -> Data {
        throw ProfileError(.invalidOption, "SVG output is not available yet")
    }
}
