/// SplitMix64 (Steele, Lea & Flood, 2014), written from Vigna's published reference
/// `splitmix64.c`: a 64-bit counter advanced by the golden-ratio increment, finalised by a
/// MurmurHash3-style mixer.
///
/// KinkCheck uses it only to derive seeds — every ``Xoshiro256StarStar`` state and every
/// per-case seed comes from it — never as the stream itself.
///
/// Edge cases: every seed, 0 included, gives a full-period stream (period 2⁶⁴); the output
/// sequence depends on nothing but the seed (no platform or toolchain state).
@usableFromInline package struct SplitMix64: Sendable, Hashable {
    /// The counter; the next output is `mix(state + 0x9E3779B97F4A7C15)`.
    @usableFromInline package var state: UInt64

    @inlinable package init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    @inlinable
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// The finaliser alone: a bijection of `UInt64` with full avalanche.
    @inlinable
    package static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
