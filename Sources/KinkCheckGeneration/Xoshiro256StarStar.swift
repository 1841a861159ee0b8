import BigFloat
import KinkCheck
import KinkCheckSupport

/// xoshiro256** 1.0 (Blackman & Vigna, 2018), written from the published reference
/// `xoshiro256starstar.c`: 256 bits of state, period 2²⁵⁶ − 1, the generator behind every
/// random draw KinkCheck makes.
///
/// Everything derived from it is made by KinkCheck's own integer code (`next(below:)`,
/// ``nextUnitDouble()``, the float constructions in ``InputGenerator``), so a seed gives the
/// same inputs with every toolchain. It deliberately does not conform to
/// `RandomNumberGenerator`: the standard library's `random(in:)` algorithms are not promised to
/// stay the same across releases.
///
/// Edge cases: the all-zero state is the one invalid state; `init(seed:)` can never produce it
/// (four consecutive SplitMix64 outputs are distinct), and `init(state:)` rejects it.
package struct Xoshiro256StarStar: Sendable, Hashable {
    package var s0: UInt64
    package var s1: UInt64
    package var s2: UInt64
    package var s3: UInt64

    /// The state filled with four outputs of `SplitMix64(seed: seed)`, as the reference advises.
    @inlinable
    package init(seed: UInt64) {
        var sm = SplitMix64(seed: seed)
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
    }

    /// An explicit state (for test vectors). Precondition: not all zero.
    package init(state: (UInt64, UInt64, UInt64, UInt64)) {
        precondition(state != (0, 0, 0, 0), "xoshiro256** state must not be all zero")
        (s0, s1, s2, s3) = state
    }

    /// The current state, in reference order s[0] … s[3].
    package var state: (UInt64, UInt64, UInt64, UInt64) { (s0, s1, s2, s3) }

    /// The next 64 random bits.
    @inlinable
    package mutating func next() -> UInt64 {
        let result = (s1 &* 5).xoshiroRotatedLeft(7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3.xoshiroRotatedLeft(45)
        return result
    }

    /// A uniform integer in `0 ..< bound` (Lemire's multiply-and-reject: unbiased, and the same
    /// answer on every platform). Precondition: `bound > 0`.
    @inlinable
    package mutating func next(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "bound must be positive")
        var m = next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold { m = next().multipliedFullWidth(by: bound) }
        }
        return m.high
    }

    /// A uniform `Int` in `range` (which must not be empty).
    @inlinable
    package mutating func nextInt(in range: ClosedRange<Int>) -> Int {
        let span = UInt64(bitPattern: Int64(range.upperBound &- range.lowerBound))
        if span == UInt64.max { return Int(Int64(bitPattern: next())) }
        return range.lowerBound &+ Int(truncatingIfNeeded: next(below: span &+ 1))
    }

    /// k/2⁵³ for a uniform k in 0 ..< 2⁵³: a `Double` in [0, 1) made from the top 53 bits.
    @inlinable
    package mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// One fair bit (the top bit of the next output).
    @inlinable
    package mutating func nextBool() -> Bool { next() >> 63 == 1 }
}

extension UInt64 {
    @inlinable
    package func xoshiroRotatedLeft(_ k: UInt64) -> UInt64 { (self << k) | (self >> (64 &- k)) }
}
