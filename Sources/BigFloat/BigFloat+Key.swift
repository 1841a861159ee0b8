import CMPFR

extension BigFloat {
    /// A value as a dictionary key by its exact representation: two keys are equal when their
    /// values have the same precision and are identical (``isIdentical(to:)``: the same number
    /// with the same sign, NaN equal to NaN). Hashing reads the significand's limbs, so values
    /// that agree to 53 bits and differ beyond (quadrature nodes beside an interval's end) spread.
    public struct Key: Hashable, Sendable {
        public let value: BigFloat

        public init(_ value: BigFloat) { self.value = value }

        public static func == (a: Key, b: Key) -> Bool {
            a.value.precision == b.value.precision && a.value.isIdentical(to: b.value)
        }

        public func hash(into hasher: inout Hasher) {
            let x = value.ptr
            hasher.combine(value.precision)
            hasher.combine(value.signBit)
            guard let e = value.exponent else {
                hasher.combine(value.isNaN ? 2 : value.isInfinite ? 1 : 0)
                return
            }
            // The limbs folded into one word first: one round of the hasher instead of one a limb.
            let bits = MemoryLayout<mp_limb_t>.size * 8
            let limbs = (value.precision + bits - 1) / bits
            let d = x.pointee._mpfr_d!
            var fold = UInt64(truncatingIfNeeded: e)
            for i in 0..<limbs { fold = (fold &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(d[i]) }
            hasher.combine(fold)
        }
    }
}
