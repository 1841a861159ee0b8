import BigFloat
import KinkCheckSupport

/// bfloat16: the top 16 bits of a binary32 (sign, 8 exponent bits, 7 fraction bits), as
/// TPUs and mixed-precision training store activations.
///
/// Only storage and conversions: arithmetic happens in `Float` (the "opmath" type) and is
/// rounded once to bfloat16, as frameworks do.
///
/// Edge cases: `init(_: Float)` rounds to nearest, ties to even, on the low 16 bits of the
/// binary32 pattern — so it has binary32's exponent range and subnormals, overflows to ±∞ past
/// the largest finite value plus half an ulp, and keeps the sign of zero; a NaN stays a NaN
/// (quiet, sign kept). `Float(_: BFloat16)` is exact.
@usableFromInline package struct BFloat16: Sendable, Hashable, CustomStringConvertible {
    @usableFromInline package var bitPattern: UInt16

    @inlinable
    package init(bitPattern: UInt16) { self.bitPattern = bitPattern }

    /// `f` rounded to nearest, ties to even.
    @inlinable
    package init(_ f: Float) {
        let b = f.bitPattern
        if f.isNaN {
            bitPattern = UInt16(truncatingIfNeeded: b >> 16) | 0x0040   // the quiet bit
            return
        }
        // Adding 0x7FFF plus the lowest kept bit carries into bit 16 exactly when the dropped
        // half is above one half, or exactly one half with an odd kept part; a carry out of the
        // fraction bumps the exponent (up to ∞, 0x7F80), which is the correct rounding.
        let lsb = (b >> 16) & 1
        bitPattern = UInt16(truncatingIfNeeded: (b &+ 0x7FFF &+ lsb) >> 16)
    }

    /// The value as a `Float` (exact).
    @inlinable
    package var float: Float { Float(bitPattern: UInt32(bitPattern) << 16) }

    package var isNaN: Bool { float.isNaN }
    @usableFromInline package var description: String { float.description }
}

extension Float {
    /// The value of a bfloat16 (exact).
    @inlinable
    package init(_ b: BFloat16) { self = b.float }
}
