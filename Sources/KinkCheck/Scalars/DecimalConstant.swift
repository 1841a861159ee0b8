import BigFloat
import KinkCheckSupport

/// A constant held exactly as written (decimal like `0.01`, `1.6732632423543772848170429916717`,
/// or hex-float like `0x1.8p-3`) and rounded once per use at the working precision — never via
/// Double. Float and Double roundings are computed once, correctly rounded through MPFR.
///
/// In a definition, write a constant as a string literal where a `DecimalConstant` is expected —
/// `T.constant("0.8944", like: x)` — or `try DecimalConstant("0.8944")` where the text comes from
/// input. A literal is checked when it is first built: a malformed one stops the program with a
/// message naming it (a programming error, like an out-of-range index).
public struct DecimalConstant: Sendable, Hashable, CustomStringConvertible, ExpressibleByIntegerLiteral,
                               ExpressibleByStringLiteral {
    /// The normalised source text (a valid number for ``BigFloat/init(parsing:precision:rounding:)``).
    public let text: String
    public let float: Float
    public let double: Double

    /// Parses `text`; throws ``NumberParseError`` for a malformed number.
    public init(_ text: String) throws {
        let trimmed = text.hasPrefix("+") ? String(text.dropFirst()) : text
        self.text = trimmed
        self.float = Float(try BigFloat(parsing: trimmed, precision: 24))
        self.double = Double(try BigFloat(parsing: trimmed, precision: 53))
    }

    /// A constant written as a string literal, e.g. `"1.6732632423543772848170429916717"`.
    public init(stringLiteral text: String) {
        do { try self.init(text) } catch {
            preconditionFailure("DecimalConstant literal \"\(text)\" is not a number (decimal like 0.01 or hex-float like 0x1.8p-3): \(error)")
        }
    }

    public init(integerLiteral value: Int) {
        text = String(value)
        float = Float(BigFloat(value, precision: 24))
        double = Double(BigFloat(value, precision: 53))
    }

    /// The value correctly rounded at `precision` bits (parsed once per precision and rounding:
    /// ``DecimalConstantCache``).
    @usableFromInline package func bigFloat(precision: Int, rounding: Rounding = .nearestEven) -> BigFloat {
        DecimalConstantCache.value(text, precision: precision, rounding: rounding)
    }

    /// The exact value as a rational (0.7 is 7/10, 0x1.8p-3 is 3/16); nil for a constant beyond
    /// ``Rational/maximumBits`` (1e−400000000) — it is then known by its enclosures only.
    package var rational: Rational? { DecimalConstantCache.rational(text) }

    /// True when the constant is a dyadic rational that `precision` bits hold exactly.
    public func isExact(atPrecision precision: Int) -> Bool {
        var t = Ternary(0)
        _ = try? BigFloat(parsing: text, precision: precision, rounding: .nearestEven, ternary: &t)
        return t.isExact
    }

    public var description: String { text }

    /// Exact product of two constants: digit arithmetic for two decimals, an exact binary product
    /// (written as a hex-float) when either is a hex-float; nil for a special (NaN, ±∞).
    public static func exactProduct(_ a: DecimalConstant, _ b: DecimalConstant) -> DecimalConstant? {
        guard let (ma, ea, na) = a.decimalParts, let (mb, eb, nb) = b.decimalParts else {
            // A hex-float is a binary number; with the other one binary too, the product at the sum
            // of their bits is exact. (A hex-float times a non-binary decimal has no short form.)
            guard let q = a.rational, let r = b.rational, q.isDyadic, r.isDyadic, let product = q * r else { return nil }
            let v = BigFloat(product, precision: Swift.max(product.bits + 2, BigFloat.minimumPrecision))
            return try? DecimalConstant(v.hexString)
        }
        // Schoolbook multiplication of digit strings.
        let da = ma.reversed().map { Int($0.asciiValue! - 48) }, db = mb.reversed().map { Int($0.asciiValue! - 48) }
        var out = [Int](repeating: 0, count: da.count + db.count)
        for (i, x) in da.enumerated() { for (j, y) in db.enumerated() { out[i + j] += x * y } }
        var carry = 0
        for k in out.indices { let v = out[k] + carry; out[k] = v % 10; carry = v / 10 }
        while carry > 0 { out.append(carry % 10); carry /= 10 }
        var digits = String(out.reversed().map { Character(String($0)) })
        while digits.count > 1 && digits.hasPrefix("0") { digits.removeFirst() }
        if digits == "0" { return 0 }
        let text = (na != nb && digits != "0" ? "-" : "") + digits + "e" + String(ea + eb)
        return try? DecimalConstant(text)
    }

    /// (digits, exponent, negative) with value = digits × 10^exponent, for plain decimals.
    var decimalParts: (String, Int, Bool)? {
        var s = Substring(text.lowercased())
        var negative = false
        if s.hasPrefix("-") { negative = true; s = s.dropFirst() }
        if s.hasPrefix("0x") || s.contains("n") || s.contains("i") { return nil }
        var exponent = 0
        if let e = s.firstIndex(of: "e") {
            guard let v = Int(s[s.index(after: e)...]) else { return nil }
            exponent = v
            s = s[..<e]
        }
        var digits = ""
        if let dot = s.firstIndex(of: ".") {
            let frac = s[s.index(after: dot)...]
            digits = String(s[..<dot]) + frac
            exponent -= frac.count
        } else { digits = String(s) }
        if digits.isEmpty { digits = "0" }
        return (digits, exponent, negative)
    }
}

extension DecimalConstant {
    /// The exact value of a finite Double, as a hex-float constant.
    package static func exact(_ x: Double) -> DecimalConstant {
        try! DecimalConstant(BigFloat(x, precision: 53).hexString)
    }
}
