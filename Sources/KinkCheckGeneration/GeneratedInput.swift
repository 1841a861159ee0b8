import BigFloat
import KinkCheck
import KinkCheckSupport

/// One generated number: its format, its value and where it came from.
///
/// In the IEEE formats the value is the bit encoding ``bits`` (the low `bitWidth` bits), so a
/// `GeneratedInput` is a few words of plain data; ``double`` is exact for all four formats and
/// ``float`` for all but binary64. In `.mpfr(precision: p)` the value is a `BigFloat` at
/// precision p (``bigFloat``) and `bits` is 0.
///
/// Edge cases: NaN inputs keep their payload in the IEEE formats; `double` of an MPFR value is
/// rounded to nearest (and overflows to ±∞ outside binary64's range).
public struct GeneratedInput: Sendable, CustomStringConvertible {
    public let format: NumberFormat
    /// The IEEE encoding (0 for MPFR).
    public let bits: UInt64
    @usableFromInline package let mpfrValue: BigFloat?
    @usableFromInline package var provenance: Provenance

    /// An IEEE input from its encoding. Precondition: `format` is not MPFR.
    @inlinable
    package init(bits: UInt64, format: NumberFormat, provenance: Provenance) {
        assert(format.ieee != nil, "GeneratedInput(bits:) needs an IEEE format; use init(_:format:provenance:) for MPFR")
        self.format = format
        self.bits = bits
        self.mpfrValue = nil
        self.provenance = provenance
    }

    /// `value` rounded to nearest in `format` (IEEE rounding with subnormals and overflow for
    /// the IEEE formats, precision p for MPFR).
    package init(_ value: BigFloat, format: NumberFormat, provenance: Provenance) {
        self.format = format
        self.provenance = provenance
        if let ieee = format.ieee, let codec = format.codec {
            let rounded = value.isNaN ? Double.nan : Double(value.rounded(to: ieee).value)
            self.bits = codec.bits(rounding: rounded)
            self.mpfrValue = nil
        } else {
            self.bits = 0
            self.mpfrValue = value.precision == format.precision ? value : value.rounded(toPrecision: format.precision)
        }
    }

    /// The value as a `Double`: exact in the IEEE formats, rounded to nearest for MPFR.
    @inlinable
    public var double: Double {
        if let v = mpfrValue { return Double(v) }
        return format.codec!.double(bits)
    }

    /// The value as a `Float`: exact for binary32, binary16 and bfloat16; rounded otherwise.
    @inlinable
    public var float: Float {
        if format == .binary32 { return Float(bitPattern: UInt32(truncatingIfNeeded: bits)) }
        if let v = mpfrValue { return Float(v) }
        return Float(double)
    }

    /// The value exactly, as a `BigFloat` at the format's precision (allocates).
    package var bigFloat: BigFloat {
        if let v = mpfrValue { return v }
        return BigFloat(double, precision: format.precision)
    }

    public var isNaN: Bool {
        if let v = mpfrValue { return v.isNaN }
        return format.codec!.isNaN(bits)
    }
    public var isInfinite: Bool {
        if let v = mpfrValue { return v.isInfinite }
        return bits & format.codec!.magnitudeMask == format.codec!.infinityBits
    }
    public var isFinite: Bool { !isNaN && !isInfinite }
    public var isZero: Bool {
        if let v = mpfrValue { return v.isZero }
        return bits & format.codec!.magnitudeMask == 0
    }
    /// The sign bit (set for −0 and negative values).
    public var signBit: Bool {
        if let v = mpfrValue { return v.signBit }
        return bits & format.codec!.signMask != 0
    }

    /// −x (the sign bit flipped; exact, NaN stays NaN).
    public var negated: GeneratedInput {
        if let v = mpfrValue { return GeneratedInput(-v, format: format, provenance: provenance) }
        return GeneratedInput(bits: bits ^ format.codec!.signMask, format: format, provenance: provenance)
    }

    /// The next value up in the format (−0 and +0 go to the least positive value, +∞ and NaN
    /// stay).
    public var nextUp: GeneratedInput { stepped(by: 1) }
    /// The next value down in the format.
    public var nextDown: GeneratedInput { stepped(by: -1) }

    /// n steps along the format's values (clamped at ±∞; NaN unchanged).
    public func stepped(by n: Int) -> GeneratedInput {
        if isNaN || n == 0 { return self }
        if let codec = format.codec {
            let (o, overflow) = codec.ordinal(bits).addingReportingOverflow(Int64(n))
            let target = overflow ? (n > 0 ? Int64.max : Int64.min) : o
            return GeneratedInput(bits: codec.bits(ordinal: target), format: format, provenance: provenance)
        }
        let space = UlpSpace(format)
        let o = space.ordinal(of: self) + BigFloat(n, precision: 64)
        return space.input(atOrdinal: o, provenance: provenance)
    }

    /// True when both are the same datum of the same format: equal bits, or equal MPFR values
    /// with equal sign of zero (NaNs equal each other).
    public func isIdentical(to other: GeneratedInput) -> Bool {
        guard format == other.format else { return false }
        if let a = mpfrValue, let b = other.mpfrValue { return a.isIdentical(to: b) }
        return bits == other.bits
    }

    // MARK: Text

    /// A decimal that reads back as this value: Swift's shortest round-trip form for binary64
    /// and binary32, MPFR's round-trip digits otherwise; `inf`, `-inf`, `nan`, `-0`.
    public var decimalString: String {
        if isNaN { return "nan" }
        if isInfinite { return signBit ? "-inf" : "inf" }
        switch format {
        case .binary64: return Double(bitPattern: bits).description
        case .binary32: return Float(bitPattern: UInt32(truncatingIfNeeded: bits)).description
        default: return bigFloat.description
        }
    }

    /// The exact hexadecimal form (`0x1.8p+2`, `-0x0p+0`, `inf`, `nan`).
    public var hexString: String { bigFloat.hexString }

    /// The raw encoding as `0x…` with the format's width in hex digits; `-` for MPFR.
    public var bitsString: String {
        guard let codec = format.codec else { return "-" }
        let hex = String(bits, radix: 16)
        return "0x" + String(repeating: "0", count: Swift.max(0, codec.width / 4 - hex.count)) + hex
    }

    /// `decimal (hex, bits raw)` — the three forms a report shows.
    public var description: String {
        format.codec == nil ? "\(decimalString) (\(hexString))" : "\(decimalString) (\(hexString), bits \(bitsString))"
    }
}
