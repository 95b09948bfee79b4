import Foundation

/// A string compared and hashed by its UTF-8 bytes, as Go compares strings.
///
/// Swift's `String` equality is Unicode canonical equivalence ("é" precomposed equals
/// "e" + combining accent); pprof's tables (string table, merge keys) tell them apart.
struct ExactString: Hashable {
    var value: String

    init(_ value: String) {
        self.value = value
    }

    static func == (a: ExactString, b: ExactString) -> Bool {
        equal(a.value, b.value)
    }

    /// Whether `a` and `b` have the same UTF-8 bytes.
    static func equal(_ a: String, _ b: String) -> Bool {
        let count = a.utf8.count
        guard count == b.utf8.count else { return false }
        let compared: Bool?? = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in
                count == 0 || memcmp(x.baseAddress!, y.baseAddress!, count) == 0
            }
        }
        if let compared, let compared { return compared }
        return a.utf8.elementsEqual(b.utf8)
    }

    func hash(into hasher: inout Hasher) {
        let done: Void? = value.utf8.withContiguousStorageIfAvailable { bytes in
            hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        }
        if done == nil {
            for b in value.utf8 { hasher.combine(b) }
        }
        hasher.combine(value.utf8.count)
    }
}

extension String {
    /// Byte-wise (Go `sort.Strings`) order, unlike `<`, which compares Unicode scalars
    /// after normalisation.
    func precedesByBytes(_ other: String) -> Bool {
        self.utf8.lexicographicallyPrecedes(other.utf8)
    }
}
