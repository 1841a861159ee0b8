/// The encoding of an IEEE-style binary format: sign, biased exponent, fraction; all the bit
/// arithmetic generation needs (decoding to `Double`, correctly rounded encoding from `Double`,
/// and the ordinal "ulp space" in which neighbours differ by one).
@usableFromInline
package struct IEEECodec: Sendable, Hashable {
    @usableFromInline package let width: Int
    @usableFromInline package let fractionBits: Int
    @usableFromInline package let exponentBits: Int

    @inlinable
    package init(width: Int, fractionBits: Int, exponentBits: Int) {
        self.width = width; self.fractionBits = fractionBits; self.exponentBits = exponentBits
    }

    @inlinable package var signMask: UInt64 { 1 << UInt64(width - 1) }
    @inlinable package var magnitudeMask: UInt64 { signMask &- 1 }
    @inlinable package var fractionMask: UInt64 { (1 << UInt64(fractionBits)) &- 1 }
    @inlinable package var maxBiasedExponent: Int { (1 << exponentBits) - 1 }
    @inlinable package var exponentMask: UInt64 { UInt64(maxBiasedExponent) << UInt64(fractionBits) }
    @inlinable package var infinityBits: UInt64 { exponentMask }
    @inlinable package var quietNaNBits: UInt64 { exponentMask | (1 << UInt64(fractionBits - 1)) }
    @inlinable package var largestFiniteBits: UInt64 { exponentMask &- 1 }
    @inlinable package var bias: Int { (1 << (exponentBits - 1)) - 1 }
    /// The exponent of the least normal number, 1 − bias.
    @inlinable package var minExponent: Int { 1 - bias }
    /// All bits of the format set: the mask for raw bit patterns.
    @inlinable package var allBits: UInt64 { width == 64 ? UInt64.max : (1 << UInt64(width)) &- 1 }

    // MARK: Ordinals (ulp space)

    /// The position of a non-NaN encoding on the number line: ±0 → 0, the least subnormal → 1,
    /// +∞ → `infinityBits`, and −x → −ordinal(x). Adjacent floats differ by exactly 1.
    @inlinable
    package func ordinal(_ bits: UInt64) -> Int64 {
        let magnitude = Int64(bitPattern: bits & magnitudeMask)
        return bits & signMask != 0 ? -magnitude : magnitude
    }

    /// The encoding at an ordinal, clamped to [−∞, +∞]; ordinal 0 gives +0.
    @inlinable
    package func bits(ordinal: Int64) -> UInt64 {
        let limit = Int64(bitPattern: infinityBits)
        let o = Swift.min(Swift.max(ordinal, -limit), limit)
        return o >= 0 ? UInt64(o) : signMask | UInt64(-o)
    }

    @inlinable
    package func isNaN(_ bits: UInt64) -> Bool { bits & magnitudeMask > infinityBits }

    // MARK: Decoding

    /// The value of an encoding as a `Double` — exact for every format up to binary64 (NaN
    /// payloads kept in the top fraction bits).
    @inlinable
    package func double(_ bits: UInt64) -> Double {
        if width == 64 { return Double(bitPattern: bits) }
        let sign: UInt64 = bits & signMask != 0 ? 1 << 63 : 0
        let biased = Int((bits & exponentMask) >> UInt64(fractionBits))
        let fraction = bits & fractionMask
        let shift = UInt64(52 - fractionBits)
        if biased == maxBiasedExponent {
            return Double(bitPattern: sign | 0x7FF0_0000_0000_0000 | fraction << shift)
        }
        if biased == 0 {
            // Subnormal (or zero): fraction · 2^(minExponent − fractionBits), exact in Double.
            let magnitude = Double(fraction) * Double(sign: .plus, exponent: minExponent - fractionBits, significand: 1)
            return sign != 0 ? -magnitude : magnitude
        }
        return Double(bitPattern: sign | UInt64(biased - bias + 1023) << 52 | fraction << shift)
    }

    // MARK: Encoding

    /// `d` correctly rounded to this format (round to nearest, ties to even), with gradual
    /// underflow and overflow to ±∞, as IEEE conversion does. NaN becomes the quiet NaN with
    /// `d`'s sign. Pure integer code: the same result on every platform.
    @inlinable
    package func bits(rounding d: Double) -> UInt64 {
        let db = d.bitPattern
        if width == 64 { return db }
        let sign: UInt64 = db >> 63 != 0 ? signMask : 0
        if d.isNaN { return sign | quietNaNBits }
        if d.isInfinite { return sign | infinityBits }
        if d == 0 { return sign }
        let de = Int((db >> 52) & 0x7FF)
        let df = db & 0x000F_FFFF_FFFF_FFFF
        // |d| = M · 2^E with M an integer below 2^53.
        let M: UInt64 = de == 0 ? df : df | (1 << 52)
        let E = de == 0 ? -1074 : de - 1075
        let top = 63 - M.leadingZeroBitCount
        let e = E + top                                   // ⌊log₂|d|⌋
        var q = Swift.max(e - fractionBits, minExponent - fractionBits)   // the quantum's exponent
        let shift = q - E
        var m: UInt64
        if shift <= 0 {
            m = M << UInt64(-shift)
        } else if shift >= 64 {
            m = 0
        } else {
            m = M >> UInt64(shift)
            let remainder = M & ((1 << UInt64(shift)) &- 1)
            let half: UInt64 = 1 << UInt64(shift - 1)
            if remainder > half || (remainder == half && m & 1 == 1) { m += 1 }
        }
        if m == 0 { return sign }
        if m >= 1 << UInt64(fractionBits + 1) { m >>= 1; q += 1 }
        if m < 1 << UInt64(fractionBits) { return sign | m }          // subnormal
        let biased = q + fractionBits + bias
        if biased >= maxBiasedExponent { return sign | infinityBits }
        return sign | UInt64(biased) << UInt64(fractionBits) | (m & fractionMask)
    }
}
