import CMPFR

/// Why a string was not accepted as a number.
package struct NumberParseError: Error, CustomStringConvertible, Sendable {
    package let input: String
    package let reason: String
    package var description: String { "'\(input)' is not a number: \(reason)" }
}

extension BigFloat {
    /// Parses a decimal (`-1.25e-3`) or hexadecimal (`0x1.8p+3`) number, `inf`/`infinity`/`nan`
    /// (any case, optional sign), correctly rounded to `precision` bits. Anything else — empty
    /// strings, stray characters, spaces, a second point — throws; it never becomes a silent NaN.
    package init(parsing text: String, precision: Int, rounding: Rounding = .nearestEven) throws {
        try self.init(parsing: text, precision: precision, rounding: rounding, ternary: nil)
    }

    /// As `init(parsing:precision:rounding:)`, also reporting whether the conversion was exact.
    package init(parsing text: String, precision: Int, rounding: Rounding = .nearestEven,
                ternary: UnsafeMutablePointer<Ternary>?) throws {
        guard BigFloat.isValidPrecision(precision) else {
            throw NumberParseError(input: text, reason: "precision \(precision) outside \(BigFloat.minimumPrecision)...\(BigFloat.maximumPrecision)")
        }
        let kind = try BigFloat.validate(text)
        self.init(nanWithPrecision: precision)
        let target = ptr
        switch kind {
        case .nan:
            ternary?.pointee = Ternary(0)
            return
        case .infinity(let negative):
            mpfr_set_inf(target, negative ? -1 : 1)
            ternary?.pointee = Ternary(0)
            return
        case .finite(let base):
            let t: Int32 = text.withCString { cs in
                var end: UnsafeMutablePointer<CChar>? = nil
                let t = mpfr_strtofr(target, cs, &end, base, rounding.mpfr)
                return end.map { $0.pointee == 0 } == true ? t : Int32.min
            }
            guard t != Int32.min else { throw NumberParseError(input: text, reason: "MPFR did not read it whole") }
            ternary?.pointee = Ternary(t)
        }
    }

    /// As `init(parsing:…)`, but nil for a malformed string.
    package init?(_ text: String, precision: Int, rounding: Rounding = .nearestEven) {
        guard let v = try? BigFloat(parsing: text, precision: precision, rounding: rounding) else { return nil }
        self = v
    }

    enum Syntax { case nan, infinity(negative: Bool), finite(base: Int32) }

    /// A strict grammar check before MPFR reads the string (MPFR would skip leading blanks and
    /// stop silently at the first character it does not understand).
    static func validate(_ text: String) throws -> Syntax {
        if let syntax = validASCII(text) { return syntax }
        return try validateCharacters(text)
    }

    /// The same grammar as ``validateCharacters(_:)`` on the UTF-8 bytes of a well-formed ASCII
    /// number (nil for anything else, which the full check then names): numbers in dumps are
    /// read millions of times, and walking Characters cost more than MPFR's reading.
    static func validASCII(_ text: String) -> Syntax? {
        var text = text
        return text.withUTF8 { u -> Syntax? in
            let lower: (UInt8) -> UInt8 = { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            var i = 0
            var negative = false
            if i < u.count, u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-") { negative = u[i] == UInt8(ascii: "-"); i += 1 }
            let rest = u.count - i
            func word(_ w: StaticString) -> Bool {
                rest == w.utf8CodeUnitCount && (0 ..< rest).allSatisfy { lower(u[i + $0]) == w.utf8Start[$0] }
            }
            if word("inf") || word("infinity") { return .infinity(negative: negative) }
            if word("nan") { return .nan }
            let isHex = rest >= 2 && u[i] == UInt8(ascii: "0") && lower(u[i + 1]) == UInt8(ascii: "x")
            if isHex { i += 2 }
            func isDigit(_ c: UInt8) -> Bool {
                (c >= 0x30 && c <= 0x39) || (isHex && lower(c) >= UInt8(ascii: "a") && lower(c) <= UInt8(ascii: "f"))
            }
            var mantissaDigits = 0, sawPoint = false
            while i < u.count {
                if isDigit(u[i]) { mantissaDigits += 1 }
                else if u[i] == UInt8(ascii: ".") {
                    if sawPoint { return nil }
                    sawPoint = true
                } else { break }
                i += 1
            }
            guard mantissaDigits > 0 else { return nil }
            if i < u.count {
                guard lower(u[i]) == UInt8(ascii: isHex ? "p" : "e") else { return nil }
                i += 1
                if i < u.count, u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-") { i += 1 }
                var exponentDigits = 0
                while i < u.count, u[i] >= 0x30, u[i] <= 0x39 { exponentDigits += 1; i += 1 }
                guard exponentDigits > 0, exponentDigits <= 18, i == u.count else { return nil }
            }
            return .finite(base: isHex ? 16 : 10)
        }
    }

    /// The grammar on Characters, naming what is wrong.
    static func validateCharacters(_ text: String) throws -> Syntax {
        func fail(_ why: String) -> NumberParseError { NumberParseError(input: text, reason: why) }
        var s = Substring(text)
        var negative = false
        if let c = s.first, c == "+" || c == "-" { negative = c == "-"; s = s.dropFirst() }
        guard !s.isEmpty else { throw fail("no digits") }
        switch s.lowercased() {
        case "inf", "infinity": return .infinity(negative: negative)
        case "nan": return .nan
        default: break
        }
        let isHex = s.lowercased().hasPrefix("0x")
        if isHex { s = s.dropFirst(2) }
        let isDigit: (Character) -> Bool = isHex ? { $0.isHexDigit } : { $0.isASCII && $0.isNumber }
        let exponentMarks: Set<Character> = isHex ? ["p", "P"] : ["e", "E"]
        var mantissaDigits = 0, sawPoint = false, index = s.startIndex
        while index < s.endIndex {
            let c = s[index]
            if isDigit(c) { mantissaDigits += 1 }
            else if c == "." {
                if sawPoint { throw fail("more than one decimal point") }
                sawPoint = true
            } else { break }
            index = s.index(after: index)
        }
        guard mantissaDigits > 0 else { throw fail(isHex ? "no hexadecimal digits" : "no digits") }
        if index < s.endIndex {
            guard exponentMarks.contains(s[index]) else {
                throw fail("unexpected character '\(s[index])'")
            }
            index = s.index(after: index)
            if index < s.endIndex, s[index] == "+" || s[index] == "-" { index = s.index(after: index) }
            var exponentDigits = 0
            while index < s.endIndex, s[index].isASCII, s[index].isNumber { exponentDigits += 1; index = s.index(after: index) }
            guard exponentDigits > 0 else { throw fail("exponent has no digits") }
            guard exponentDigits <= 18 else { throw fail("exponent too large") }
            guard index == s.endIndex else { throw fail("unexpected character '\(s[index])'") }
        }
        return .finite(base: isHex ? 16 : 10)
    }
}

// MARK: - Formatting

extension BigFloat: CustomStringConvertible, LosslessStringConvertible {
    /// A decimal that reads back (round to nearest, at this precision) as exactly this value —
    /// MPFR's round-trip digit count, 1 + ⌈p·log₁₀2⌉, trailing zeros dropped;
    /// `-0`, `inf`, `-inf`, `nan` for the specials. Scientific notation outside 1e-5 … 1e21.
    @usableFromInline package var description: String { decimalString(significantDigits: 0) }

    /// Parses at 53 bits (for LosslessStringConvertible); prefer `init(parsing:precision:)`.
    @usableFromInline package init?(_ description: String) { self.init(description, precision: 53) }

    /// Decimal digits and exponent: value = 0.d₁d₂… × 10^exponent (correctly rounded to
    /// `digits` significant digits; 0 means as many as round-tripping at this precision needs).
    package func decimalDigits(_ digits: Int, rounding: Rounding = .nearestEven) -> (digits: String, exponent: Int, negative: Bool)? {
        guard isFinite, !isZero else { return nil }
        var e: mpfr_exp_t = 0
        guard let raw = mpfr_get_str(nil, &e, 10, digits, ptr, rounding.mpfr) else { return nil }
        defer { mpfr_free_str(raw) }
        var s = String(cString: raw)
        var negative = false
        if s.hasPrefix("-") { negative = true; s.removeFirst() }
        return (s, Int(e), negative)
    }

    /// This value as a decimal string with `significantDigits` digits, correctly rounded
    /// (0: enough digits to round-trip at this precision, trailing zeros dropped).
    package func decimalString(significantDigits: Int, rounding: Rounding = .nearestEven) -> String {
        if isNaN { return "nan" }
        if isInfinite { return signBit ? "-inf" : "inf" }
        if isZero { return signBit ? "-0" : "0" }
        // The shortest round trip (0 digits asked) of a value whose exact expansion is shorter
        // than MPFR's round-trip count is that expansion: print only its digits (the zeros after
        // them are trimmed below anyway). A 2²⁴-bit ½ is "0.5" from 3 digits, not 5,050,446.
        var asked = significantDigits
        if asked == 0, let bound = exactDecimalDigitsBound, bound < Int(mpfr_get_str_ndigits(10, mpfr_prec_t(precision))) {
            asked = bound
        }
        guard let parts = decimalDigits(asked, rounding: rounding) else { return "nan" }
        var digits = parts.digits
        let (e, negative) = (parts.exponent, parts.negative)
        if significantDigits == 0 {
            // One backward pass over the bytes (the digits are ASCII): linear in the length,
            // where counting the characters on every removal was quadratic.
            let bytes = digits.utf8
            var end = bytes.endIndex
            let first = bytes.index(after: bytes.startIndex)
            while end > first, bytes[bytes.index(before: end)] == UInt8(ascii: "0") { end = bytes.index(before: end) }
            if end < bytes.endIndex { digits = String(digits[..<end]) }
        }
        return BigFloat.layout(digits: digits, exponent: e, negative: negative)
    }

    /// A bound on the significant decimal digits of this value's exact decimal expansion (nil for
    /// zeros, infinities and NaN): printed with at least that many digits it is exact, so more
    /// digits only add zeros. x = m·2^k with m of ``significantBits`` bits: for k ≥ 0 an integer
    /// of at most ⌈e·log₁₀2⌉ digits, for k < 0 the integer m·5^(−k) over 10^(−k).
    package var exactDecimalDigitsBound: Int? {
        guard let e = exponent else { return nil }
        let b = significantBits, k = e - b
        // 0.30103 > log₁₀2 and 0.69898 > log₁₀5.
        let digits = k >= 0 ? Double(e) * 0.30103 : Double(b) * 0.30103 + Double(-k) * 0.69898
        return Int(digits.rounded(.up)) + 2
    }

    /// C's `%.Ne` form: one digit, point, N digits, `e±XX` (at least two exponent digits),
    /// correctly rounded with `rounding`; N+1 significant digits in all.
    package func scientificString(fractionDigits n: Int, rounding: Rounding = .nearestEven) -> String {
        if isNaN { return "nan" }
        if isInfinite { return signBit ? "-inf" : "inf" }
        if isZero {
            return (signBit ? "-" : "") + "0" + (n > 0 ? "." + String(repeating: "0", count: n) : "") + "e+00"
        }
        guard let (digits, e, negative) = decimalDigits(n + 1, rounding: rounding) else { return "nan" }
        let exp10 = e - 1
        let head = String(digits.prefix(1)), tail = String(digits.dropFirst())
        let expText = String(Swift.abs(exp10))
        return (negative ? "-" : "") + head + (n > 0 ? "." + tail : "") + "e" + (exp10 < 0 ? "-" : "+")
            + (expText.count < 2 ? "0" + expText : expText)
    }

    /// This value as a short decimal for people: `significantDigits` digits, correctly rounded,
    /// trailing fraction zeros dropped, and either zero as `0` (`1.25`, `-3e-7`, `0`); `nan`,
    /// `inf`, `-inf` for the specials. The one formatter behind the text, JSON and report numbers
    /// that are not round trips.
    package func shortDecimal(_ significantDigits: Int = 20) -> String {
        isZero ? "0" : decimalString(significantDigits: significantDigits).trimmingFractionZeros
    }

    /// 0.d₁d₂… × 10^e as plain text for 1e-5 ≤ |v| < 1e21 (e in −4 … 21), else as `d.ddde±N`
    /// without a plus sign or leading exponent zeros. `digits` is non-empty.
    package static func layout(digits: String, exponent e: Int, negative: Bool) -> String {
        let sign = negative ? "-" : ""
        let n = digits.count
        if e > 21 || e < -4 {
            let head = String(digits.prefix(1)), tail = String(digits.dropFirst())
            return sign + head + (tail.isEmpty ? "" : "." + tail) + "e" + String(e - 1)
        }
        if e <= 0 { return sign + "0." + String(repeating: "0", count: -e) + digits }
        if e >= n { return sign + digits + String(repeating: "0", count: e - n) }
        let cut = digits.index(digits.startIndex, offsetBy: e)
        return sign + digits[..<cut] + "." + digits[cut...]
    }

    /// Exact hexadecimal form `0x1.8p+3` (normalised, trailing zero digits dropped);
    /// `0x0p+0`, `-0x0p+0`, `inf`, `-inf`, `nan` for the specials.
    package var hexString: String {
        if isNaN { return "nan" }
        if isInfinite { return signBit ? "-inf" : "inf" }
        if isZero { return signBit ? "-0x0p+0" : "0x0p+0" }
        var e: mpfr_exp_t = 0
        guard let raw = mpfr_get_str(nil, &e, 2, precision, ptr, MPFR_RNDN) else { return "nan" }
        defer { mpfr_free_str(raw) }
        var bits = Array(String(cString: raw).utf8)
        var negative = false
        if bits.first == UInt8(ascii: "-") { negative = true; bits.removeFirst() }
        // value = 0.1b₂b₃… × 2^e = 1.b₂b₃… × 2^(e−1)
        var fraction = Array(bits.dropFirst())
        while let last = fraction.last, last == UInt8(ascii: "0") { fraction.removeLast() }
        while fraction.count % 4 != 0 { fraction.append(UInt8(ascii: "0")) }
        var hex = ""
        let symbols = Array("0123456789abcdef")
        var i = 0
        while i < fraction.count {
            var nibble = 0
            for j in 0..<4 { nibble = nibble * 2 + (fraction[i + j] == UInt8(ascii: "1") ? 1 : 0) }
            hex.append(symbols[nibble])
            i += 4
        }
        let exp2 = Int(e) - 1
        return (negative ? "-" : "") + "0x1" + (hex.isEmpty ? "" : "." + hex) + "p" + (exp2 < 0 ? "-" : "+") + String(Swift.abs(exp2))
    }
}

extension BigFloat {
    /// This value with exactly `places` digits after the point, correctly rounded ties-to-even
    /// (`-1.2346` for −1.23456 and 4 places); `nan`, `inf`, `-inf` for the specials.
    package func fixedString(fractionDigits places: Int) -> String {
        if isNaN { return "nan" }
        if isInfinite { return signBit ? "-inf" : "inf" }
        // A private temporary wide enough for the scaling to be exact — above `maximumPrecision`
        // when self is near it (MPFR's own limit is far higher), so it is never made through the
        // checked initialisers, and rounded in place.
        // (At the bits the value needs, not its storage's: the scaling is exact either way.)
        let exact = trimmed
        let wide = exact.precision + 4 * places + 64
        var scaled = BigFloat(storage: MPFRStorage.make(precision: wide))
        mpfr_set(scaled.ptr, exact.ptr, MPFR_RNDN)
        for _ in 0..<places { scaled *= 10 }   // exact: the precision grew enough
        mpfr_rint(scaled.ptr, scaled.ptr, MPFR_RNDN)
        let n = scaled
        let negative = n.signum < 0
        var digits = "0"
        if let (d, e, _) = n.decimalDigits(0) {
            // n is an integer: its digits, padded with zeros up to its decimal exponent.
            digits = String(d.prefix(e)) + String(repeating: "0", count: Swift.max(0, e - d.count))
        }
        let count = digits.count
        if count <= places { digits = String(repeating: "0", count: places + 1 - count) + digits }
        let cut = digits.index(digits.endIndex, offsetBy: -places)
        return (negative ? "-" : "") + digits[..<cut] + (places > 0 ? "." + digits[cut...] : "")
    }
}

extension String {
    /// A decimal string without trailing zeros after its point (and without a bare point);
    /// an exponent part is kept: "1.2500e-7" → "1.25e-7", "2.000" → "2".
    package var trimmingFractionZeros: String {
        var mantissa = self, exponent = ""
        if let e = firstIndex(where: { $0 == "e" || $0 == "E" }) { mantissa = String(self[..<e]); exponent = String(self[e...]) }
        guard mantissa.contains(".") else { return self }
        // One backward pass over the bytes, linear however many zeros there are.
        let bytes = mantissa.utf8
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[bytes.index(before: end)] == UInt8(ascii: "0") { end = bytes.index(before: end) }
        if end > bytes.startIndex, bytes[bytes.index(before: end)] == UInt8(ascii: ".") { end = bytes.index(before: end) }
        return String(mantissa[..<end]) + exponent
    }
}
