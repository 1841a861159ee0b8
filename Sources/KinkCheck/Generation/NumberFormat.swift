import BigFloat

/// A number format inputs are generated in: the four IEEE-style binary formats, or MPFR at a
/// precision p (MPFR's default exponent range, no subnormals).
///
/// IEEE values are carried as their bit encoding (``GeneratedInput/bits``), so generation in
/// those formats is integer work and never allocates; every value of binary16, bfloat16 and
/// binary32 is also exactly a `Double`. MPFR values are `BigFloat`s at precision p.
///
/// Edge cases: `mpfr(precision:)` needs a precision BigFloat accepts (2 … 2²⁴); its largest and
/// smallest values are those of MPFR's default exponent range (±2^(2³⁰ − 1)), which KinkCheck
/// never changes outside a scoped call.
public enum NumberFormat: Sendable, Hashable, CustomStringConvertible, LosslessStringConvertible {
    case binary16, bfloat16, binary32, binary64
    case mpfr(precision: Int)

    /// The four IEEE-style formats, narrowest first.
    public static let ieeeFormats: [NumberFormat] = [.binary16, .bfloat16, .binary32, .binary64]

    /// The matching ``IEEEFormat``; nil for MPFR.
    @inlinable
    public var ieee: IEEEFormat? {
        switch self {
        case .binary16: .binary16
        case .bfloat16: .bfloat16
        case .binary32: .binary32
        case .binary64: .binary64
        case .mpfr: nil
        }
    }

    /// Significand bits, the hidden bit included.
    @inlinable
    public var precision: Int {
        switch self {
        case .binary16: 11
        case .bfloat16: 8
        case .binary32: 24
        case .binary64: 53
        case .mpfr(let p): p
        }
    }

    /// `binary16`, `bfloat16`, `binary32`, `binary64` or `mpfr<p>` (e.g. `mpfr256`): the
    /// spelling used in case ids, regression files and reports.
    public var name: String {
        switch self {
        case .binary16: "binary16"
        case .bfloat16: "bfloat16"
        case .binary32: "binary32"
        case .binary64: "binary64"
        case .mpfr(let p): "mpfr\(p)"
        }
    }

    public var description: String { name }

    /// Parses a ``name`` (also `float16`, `half`, `float32`, `float`, `float64`, `double`,
    /// `mpfr:256`).
    public init?(_ description: String) {
        switch description.lowercased() {
        case "binary16", "float16", "half": self = .binary16
        case "bfloat16", "bf16": self = .bfloat16
        case "binary32", "float32", "float": self = .binary32
        case "binary64", "float64", "double": self = .binary64
        default:
            var rest = Substring(description.lowercased())
            guard rest.hasPrefix("mpfr") else { return nil }
            rest = rest.dropFirst(4)
            if rest.hasPrefix(":") || rest.hasPrefix("(") { rest = rest.dropFirst() }
            if rest.hasSuffix(")") { rest = rest.dropLast() }
            guard let p = Int(rest), BigFloat.isValidPrecision(p) else { return nil }
            self = .mpfr(precision: p)
        }
    }

    /// The bit layout of an IEEE format; nil for MPFR.
    @inlinable
    var codec: IEEECodec? {
        switch self {
        case .binary16: IEEECodec(width: 16, fractionBits: 10, exponentBits: 5)
        case .bfloat16: IEEECodec(width: 16, fractionBits: 7, exponentBits: 8)
        case .binary32: IEEECodec(width: 32, fractionBits: 23, exponentBits: 8)
        case .binary64: IEEECodec(width: 64, fractionBits: 52, exponentBits: 11)
        case .mpfr: nil
        }
    }

    /// MPFR's default exponent range (x = m·2^e with ½ ≤ m < 1): e in emin … emax.
    static let mpfrMinExponent = 1 - (1 << 30)
    static let mpfrMaxExponent = (1 << 30) - 1
}

/// The encoding of an IEEE-style binary format: sign, biased exponent, fraction; all the bit
/// arithmetic generation needs (decoding to `Double`, correctly rounded encoding from `Double`,
/// and the ordinal "ulp space" in which neighbours differ by one).
@usableFromInline
struct IEEECodec: Sendable, Hashable {
    @usableFromInline let width: Int
    @usableFromInline let fractionBits: Int
    @usableFromInline let exponentBits: Int

    @inlinable
    init(width: Int, fractionBits: Int, exponentBits: Int) {
        self.width = width; self.fractionBits = fractionBits; self.exponentBits = exponentBits
    }

    @inlinable var signMask: UInt64 { 1 << UInt64(width - 1) }
    @inlinable var magnitudeMask: UInt64 { signMask &- 1 }
    @inlinable var fractionMask: UInt64 { (1 << UInt64(fractionBits)) &- 1 }
    @inlinable var maxBiasedExponent: Int { (1 << exponentBits) - 1 }
    @inlinable var exponentMask: UInt64 { UInt64(maxBiasedExponent) << UInt64(fractionBits) }
    @inlinable var infinityBits: UInt64 { exponentMask }
    @inlinable var quietNaNBits: UInt64 { exponentMask | (1 << UInt64(fractionBits - 1)) }
    @inlinable var largestFiniteBits: UInt64 { exponentMask &- 1 }
    @inlinable var bias: Int { (1 << (exponentBits - 1)) - 1 }
    /// The exponent of the least normal number, 1 − bias.
    @inlinable var minExponent: Int { 1 - bias }
    /// All bits of the format set: the mask for raw bit patterns.
    @inlinable var allBits: UInt64 { width == 64 ? UInt64.max : (1 << UInt64(width)) &- 1 }

    // MARK: Ordinals (ulp space)

    /// The position of a non-NaN encoding on the number line: ±0 → 0, the least subnormal → 1,
    /// +∞ → `infinityBits`, and −x → −ordinal(x). Adjacent floats differ by exactly 1.
    @inlinable
    func ordinal(_ bits: UInt64) -> Int64 {
        let magnitude = Int64(bitPattern: bits & magnitudeMask)
        return bits & signMask != 0 ? -magnitude : magnitude
    }

    /// The encoding at an ordinal, clamped to [−∞, +∞]; ordinal 0 gives +0.
    @inlinable
    func bits(ordinal: Int64) -> UInt64 {
        let limit = Int64(bitPattern: infinityBits)
        let o = Swift.min(Swift.max(ordinal, -limit), limit)
        return o >= 0 ? UInt64(o) : signMask | UInt64(-o)
    }

    @inlinable
    func isNaN(_ bits: UInt64) -> Bool { bits & magnitudeMask > infinityBits }

    // MARK: Decoding

    /// The value of an encoding as a `Double` — exact for every format up to binary64 (NaN
    /// payloads kept in the top fraction bits).
    @inlinable
    func double(_ bits: UInt64) -> Double {
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
    func bits(rounding d: Double) -> UInt64 {
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
