import CMPFR

extension BigFloat {
    /// A value as a dictionary key by its exact representation: two keys are equal when their
    /// values have the same precision and are identical (``isIdentical(to:)``: the same number
    /// with the same sign, NaN equal to NaN). The hash reads the significand's limbs, so values
    /// that agree to 53 bits and differ beyond (quadrature nodes beside an interval's end) spread;
    /// it is computed once, when the key is made, and compared before the values.
    package struct Key: Hashable, Sendable {
        package let value: BigFloat
        let fold: UInt64

        package init(_ value: BigFloat) {
            self.value = value
            let x = value.ptr
            let p = Int(mpfr_get_prec(x))
            // Precision, sign and class, then (for a regular value) exponent and limbs, folded.
            var fold = UInt64(truncatingIfNeeded: p) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(cmpfr_signbit(x))
            if cmpfr_is_regular(x) != 0 {
                fold = (fold &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(truncatingIfNeeded: Int(mpfr_get_exp(x)))
                let bits = MemoryLayout<mp_limb_t>.size * 8
                let d = x.pointee._mpfr_d!
                for i in 0..<((p + bits - 1) / bits) { fold = (fold &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(d[i]) }
            } else {
                fold ^= cmpfr_is_nan(x) != 0 ? 0x10 : cmpfr_is_inf(x) != 0 ? 0x20 : 0x30
            }
            self.fold = fold
        }

        package static func == (a: Key, b: Key) -> Bool {
            a.fold == b.fold && a.value.precision == b.value.precision && a.value.isIdentical(to: b.value)
        }

        package func hash(into hasher: inout Hasher) { hasher.combine(fold) }
    }
}
