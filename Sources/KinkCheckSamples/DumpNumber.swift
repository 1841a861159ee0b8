import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckSupport

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
package enum DumpNumber {
    /// Bits the decimal is first read at (far beyond any dtype, see ``read(_:in:)``).
    package static let parsePrecision = 256
    /// Bits a hex float is read at: more digits than that cannot be a dtype number anyway.
    package static let hexPrecision = 4096

    /// Why a field is not a number of the dtype.
    package enum Failure: Error, Sendable, CustomStringConvertible {
        case malformed(String)
        case inexactHex(String, IEEEFormat)

        package var description: String {
            switch self {
            case .malformed(let t): "'\(t)' is not a number (hex float, decimal, nan, inf, -inf)"
            case .inexactHex(let t, let f): "hex float '\(t)' is not exactly a \(f.name) number"
            }
        }
    }

    /// The field as a number of `format` (returned as the `Double` it exactly is). `nan`, `inf`
    /// and hex floats of up to 16 significant digits that are exact in the format are read
    /// directly from their bytes (``readDirectly(_:in:)``); everything else through MPFR
    /// (``readWithMPFR(_:in:)``).
    ///
    /// Correct rounding of a decimal: it is read toward zero at 256 bits; when that is inexact,
    /// the exact value lies strictly between two 256-bit numbers v and v′, and so does their
    /// mean, which needs 257 bits and so is no midpoint of the dtype: rounding the mean gives the
    /// same dtype number as rounding the exact decimal would.
    package static func read(_ text: String, in format: IEEEFormat) throws(Failure) -> Double {
        var t = text
        if let x = t.withUTF8({ readDirectly($0, in: format) }) { return x }
        return try readWithMPFR(text, in: format)
    }

    /// `nan`, `inf`, `infinity` (any case, optional sign) and exact hex floats of up to 16
    /// significant digits, from the bytes of the field; nil for anything else (which
    /// ``readWithMPFR(_:in:)`` reads, or refuses).
    package static func readDirectly(_ u: UnsafeBufferPointer<UInt8>, in format: IEEEFormat) -> Double? {
        guard let first = u.first else { return nil }
        let negative = first == UInt8(ascii: "-")
        let unsigned = negative || first == UInt8(ascii: "+") ? u[1...] : u[...]
        if letters(unsigned, are: "nan") { return .nan }
        if letters(unsigned, are: "inf") || letters(unsigned, are: "infinity") { return negative ? -.infinity : .infinity }
        guard letters(unsigned.prefix(2), are: "0x") else { return nil }
        return exactHex(unsigned.dropFirst(2), negative: negative, in: format)
    }

    /// Whether `s` spells `word` (lower-case ASCII) in any case.
    package static func letters(_ s: Slice<UnsafeBufferPointer<UInt8>>, are word: StaticString) -> Bool {
        guard s.count == word.utf8CodeUnitCount else { return false }
        var k = 0
        for a in s {
            let lower: UInt8 = a >= 0x41 && a <= 0x5A ? a | 0x20 : a
            if lower != word.utf8Start[k] { return false }
            k += 1
        }
        return true
    }

    /// ``read(_:in:)`` through MPFR alone, for every input (the reference the fast paths are
    /// tested against).
    package static func readWithMPFR(_ text: String, in format: IEEEFormat) throws(Failure) -> Double {
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

    /// The value of the hex digits `h` (what follows `0x`: digits, one optional point, an
    /// optional `p` exponent) when it is exactly a number of `format` and has at most 16
    /// significant digits; nil for anything else, which the MPFR path then reads (or refuses).
    /// A dump holds millions of hex floats: this reads the common ones with integer arithmetic,
    /// giving the very numbers MPFR gives (the tests compare the two).
    package static func exactHex(_ h: Slice<UnsafeBufferPointer<UInt8>>, negative: Bool, in format: IEEEFormat) -> Double? {
        var m: UInt64 = 0, significant = 0, fractionDigits = 0, digits = 0
        var sawPoint = false
        var i = h.startIndex
        while i != h.endIndex {
            let c = h[i]
            let d: UInt64
            switch c {
            case 0x30...0x39: d = UInt64(c - 0x30)
            case 0x41...0x46: d = UInt64(c - 0x41 + 10)
            case 0x61...0x66: d = UInt64(c - 0x61 + 10)
            case UInt8(ascii: "."):
                if sawPoint { return nil }
                sawPoint = true
                i = h.index(after: i)
                continue
            default: d = 16
            }
            if d == 16 { break }
            digits += 1
            if sawPoint { fractionDigits += 1 }
            if m != 0 || d != 0 {
                significant += 1
                if significant > 16 { return nil }
                m = m << 4 | d
            }
            i = h.index(after: i)
        }
        guard digits > 0 else { return nil }
        var exponent = 0
        if i != h.endIndex {
            guard h[i] == UInt8(ascii: "p") || h[i] == UInt8(ascii: "P") else { return nil }
            i = h.index(after: i)
            var sign = 1
            if i != h.endIndex, h[i] == UInt8(ascii: "+") || h[i] == UInt8(ascii: "-") {
                sign = h[i] == UInt8(ascii: "-") ? -1 : 1
                i = h.index(after: i)
            }
            var exponentDigits = 0
            while i != h.endIndex, h[i] >= 0x30, h[i] <= 0x39 {
                exponent = exponent * 10 + Int(h[i] - 0x30)
                exponentDigits += 1
                if exponentDigits > 6 { return nil }   // far outside every dtype: MPFR's path says so
                i = h.index(after: i)
            }
            guard exponentDigits > 0, i == h.endIndex else { return nil }
            exponent *= sign
        }
        if m == 0 { return negative ? -0.0 : 0.0 }
        // m·2^e with m odd; its leading bit is at 2^top.
        let zeros = m.trailingZeroBitCount
        m >>= UInt64(zeros)
        let e = exponent - 4 * fractionDigits + zeros
        let top = e + (64 - m.leadingZeroBitCount) - 1
        let p = format.precision
        guard top <= format.maxExponent, e >= Swift.max(top, format.minExponent) - p + 1 else { return nil }
        return Double(sign: negative ? .minus : .plus, exponent: e, significand: Double(m))
    }
}
