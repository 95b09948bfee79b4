import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// gzip data inflated on a thread of its own into one buffer that never moves,
/// so that a reader decodes the first bytes while the rest is still being
/// inflated: the two halves of reading a large profile then run on two cores.
///
/// The buffer reserves address space for the whole bound (`limit + 1` bytes,
/// so that going past the limit is seen); memory is committed page by page as
/// bytes arrive, so a small profile costs what it inflates to.
final class InflatingStream: @unchecked Sendable {
    private let base: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private let condition = NSCondition()
    private var available = 0
    private var finished = false
    private var failure: ProfileError?

    /// Bytes handed to zlib per step, and so how often the reader hears of progress.
    private static let step = 1 << 20

    /// Starts inflating `input`, which must stay valid until `waitUntilFinished`
    /// returns. Nil when the address space cannot be reserved.
    init?(_ input: UnsafeBufferPointer<UInt8>, limit: Int) {
        let capacity = limit + 1
        guard let mapped = mmap(nil, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0),
            mapped != MAP_FAILED
        else { return nil }
        self.base = mapped.assumingMemoryBound(to: UInt8.self)
        self.capacity = capacity
        let source = UncheckedInput(bytes: input)
        let thread = Thread { [self] in
            self.run(source.bytes, limit: limit)
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    deinit {
        munmap(base, capacity)
    }

    private struct UncheckedInput: @unchecked Sendable {
        let bytes: UnsafeBufferPointer<UInt8>
    }

    private func run(_ input: UnsafeBufferPointer<UInt8>, limit: Int) {
        var failed: ProfileError? = nil
        do {
            try Gzip.inflate(
                input, limit: limit,
                window: { produced in
                    UnsafeMutableBufferPointer(start: base + produced, count: min(Self.step, capacity - produced))
                },
                commit: { piece in
                    condition.lock()
                    available += piece.count
                    condition.broadcast()
                    condition.unlock()
                })
        } catch let error as ProfileError {
            failed = error
        } catch {
            failed = ProfileError(.decompression, "decompressing profile: \(error)")
        }
        condition.lock()
        failure = failed
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The bytes inflated so far once there are more than `count` of them (or
    /// inflating ended), and whether that is all of them.
    func wait(beyond count: Int) -> (bytes: UnsafeBufferPointer<UInt8>, complete: Bool) {
        condition.lock()
        defer { condition.unlock() }
        while available <= count && !finished {
            condition.wait()
        }
        return (UnsafeBufferPointer(start: base, count: available), finished)
    }

    /// Waits for the inflating thread to end: all the bytes, or why gzip failed.
    func waitUntilFinished() -> Result<UnsafeBufferPointer<UInt8>, ProfileError> {
        condition.lock()
        defer { condition.unlock() }
        while !finished {
            condition.wait()
        }
        if let failure { return .failure(failure) }
        return .success(UnsafeBufferPointer(start: base, count: available))
    }
}
