import Foundation

/// How far the reading of one profile has got, for a progress line: the
/// reader updates it, another thread shows it.
public final class LoadProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var read = 0
    private var inflated = 0
    private var stacks = 0

    public init() {}

    /// Bytes of the file read, bytes inflated, and samples (stacks) decoded so far.
    public var current: (bytesRead: Int, bytesInflated: Int, stacks: Int) {
        lock.withLock { (read, inflated, stacks) }
    }

    public func setBytesRead(_ count: Int) {
        lock.withLock { read = count }
    }

    func setDecoded(inflated bytes: Int, stacks count: Int) {
        lock.withLock {
            inflated = bytes
            stacks = count
        }
    }
}
