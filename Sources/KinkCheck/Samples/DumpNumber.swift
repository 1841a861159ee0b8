import BigFloat

/// The numbers of a dump field, read in a dtype.
///
/// - A hex float (`0x1.8p+3`, `-0x0.0p+0`) must be exactly a number of the dtype; one that is
///   not is an error (a framework's output is a number of its dtype, so an inexact hex float is
///   a broken dump, not something to round quietly).
/// - A decimal (`0.1`, `1e-40`, `20.000000000000004`) is read as the nearest number of the
///   dtype, ties to even, with gradual underflow and overflow to ±∞ — correctly rounded directly
///   to the dtype's precision and exponent range, never through `Double` (which would round a
///   float16 or bfloat16 value twice).
/// - `nan`, `inf`, `+inf`, `-inf`, `infinity` (any case, optional sign), and `-0.0` (a decimal).
public enum DumpNumber {
    /// Bits the decimal is first read at (far beyond any dtype, see ``read(_:in:)``).
    static let parsePrecision = 256
    /// Bits a hex float is read at: more digits than that cannot be a dtype number anyway.
    static let hexPrecision = 4096

    /// Why a field is not a number of the dtype.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        case malformed(String)
        case inexactHex(String, IEEEFormat)

        public var description: String {
            switch self {
            case .malformed(let t): "'\(t)' is not a number (hex float, decimal, nan, inf, -inf)"
            case .inexactHex(let t, let f): "hex float '\(t)' is not exactly a \(f.name) number"
            }
        }
    }

    /// The field as a number of `format` (returned as the `Double` it exactly is).
    ///
    /// Correct rounding of a decimal: it is read toward zero at 256 bits; when that is inexact,
    /// the exact value lies strictly between two 256-bit numbers v and v′, and so does their
    /// mean, which needs 257 bits and so is no midpoint of the dtype: rounding the mean gives the
    /// same dtype number as rounding the exact decimal would.
    public static func read(_ text: String, in format: IEEEFormat) throws(Failure) -> Double {
        let s = text.lowercased()
        if s == "nan" || s == "+nan" || s == "-nan" { return .nan }
        let unsigned = s.hasPrefix("-") || s.hasPrefix("+") ? String(s.dropFirst()) : s
        let isHex = unsigned.hasPrefix("0x")
        var t = Ternary(0)
        let p = isHex ? hexPrecision : parsePrecision
        guard var v = try? BigFloat(parsing: text, precision: p, rounding: isHex ? .nearestEven : .towardZero, ternary: &t)
        else { throw .malformed(text) }
        if isHex {
            let (r, rt) = v.rounded(to: format)
            guard t.isExact, rt.isExact, !(v.isFinite && !r.isFinite) else { throw .inexactHex(text, format) }
            return Double(r)
        }
        if !t.isExact {
            let away = v.signBit ? v.nextDown : v.nextUp
            var mid = BigFloat(v, precision: p + 1)
            mid = (mid + BigFloat(away, precision: p + 1)).timesPowerOfTwo(-1)
            v = mid
        }
        return Double(v.rounded(to: format).value)
    }
}
