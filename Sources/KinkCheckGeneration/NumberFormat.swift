import BigFloat
import KinkCheck
import KinkCheckSupport

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
        if case .mpfr(let p) = self { "mpfr\(p)" } else { ieee!.rawValue }
    }

    public var description: String { name }

    /// Parses a ``name`` or any other spelling ``FormatName`` reads (`f32`, `float`, `half`,
    /// `mpfr:256`, …).
    public init?(_ description: String) {
        switch FormatName(description) {
        case .ieee(let format)?: self = format.numberFormat
        case .mpfr(let p)?: self = .mpfr(precision: p)
        case nil: return nil
        }
    }

    /// The bit layout of an IEEE format; nil for MPFR.
    @inlinable
    package var codec: IEEECodec? { ieee?.codec }

    /// MPFR's default exponent range (x = m·2^e with ½ ≤ m < 1): e in emin … emax.
    package static let mpfrMinExponent = 1 - (1 << 30)
    package static let mpfrMaxExponent = (1 << 30) - 1
}

extension IEEEFormat {
    /// The generator's format for the same encoding.
    package var numberFormat: NumberFormat {
        switch self { case .binary16: .binary16; case .bfloat16: .bfloat16; case .binary32: .binary32; case .binary64: .binary64 }
    }
}
