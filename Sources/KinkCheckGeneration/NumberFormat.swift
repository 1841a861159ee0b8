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
    package var codec: IEEECodec? { ieee?.codec }

    /// MPFR's default exponent range (x = m·2^e with ½ ≤ m < 1): e in emin … emax.
    package static let mpfrMinExponent = 1 - (1 << 30)
    package static let mpfrMaxExponent = (1 << 30) - 1
}


extension IEEEFormat {
    /// The generator's format for the same encoding.
    @usableFromInline package var numberFormat: NumberFormat {
        switch self { case .binary16: .binary16; case .bfloat16: .bfloat16; case .binary32: .binary32; case .binary64: .binary64 }
    }
}
