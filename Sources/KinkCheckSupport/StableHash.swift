/// FNV-1a, 64-bit (Fowler, Noll & Vo): a stable hash for property names and digests.
///
/// Swift's `Hasher` is seeded per process, so it cannot name a random stream that must be the
/// same tomorrow; this can. Bytes are fed in order; integers as 8 little-endian bytes.
///
/// Edge cases: the empty input hashes to the offset basis 0xcbf29ce484222325.
package struct FNV1a64: Sendable, Hashable {
    package private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    package init() {}

    @inlinable
    package static var prime: UInt64 { 0x0000_0100_0000_01B3 }

    /// Feeds one byte.
    package mutating func combine(byte: UInt8) {
        value = (value ^ UInt64(byte)) &* FNV1a64.prime
    }
    /// Feeds the UTF-8 bytes of `text`.
    package mutating func combine(_ text: String) {
        for b in text.utf8 { combine(byte: b) }
    }
    /// Feeds `word` as 8 little-endian bytes.
    package mutating func combine(_ word: UInt64) {
        var w = word
        for _ in 0 ..< 8 { combine(byte: UInt8(truncatingIfNeeded: w)); w >>= 8 }
    }

    /// FNV-1a 64 of the UTF-8 bytes of `text`.
    package static func hash(_ text: String) -> UInt64 {
        var h = FNV1a64()
        h.combine(text)
        return h.value
    }
}
