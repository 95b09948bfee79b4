import Foundation

/// Paths of the shared test fixtures in Tests/Fixtures.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")
    static func profile(_ name: String) -> URL { root.appendingPathComponent("profiles").appendingPathComponent(name) }
    static func data(_ name: String) throws -> Data { try Data(contentsOf: profile(name)) }
}
