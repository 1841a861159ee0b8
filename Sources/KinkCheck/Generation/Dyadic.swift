import BigFloat

/// A finite nonzero BigFloat as ±B·2^e with B an odd integer (held as its binary digits).
struct DyadicParts {
    var negative: Bool
    /// Binary digits of the odd integer B, most significant first (always starts with 1).
    var binaryDigits: [Bool]
    var exponent: Int

    /// nil for zero, ±∞ and NaN.
    init?(_ x: BigFloat) {
        guard x.isFinite, !x.isZero else { return nil }
        // hexString: [-]0x1[.hhhh]p±E, value 1.hhhh × 2^E.
        var s = Substring(x.hexString)
        negative = s.hasPrefix("-")
        if negative { s = s.dropFirst() }
        s = s.dropFirst(2)                     // 0x
        guard let p = s.firstIndex(of: "p"), let e = Int(s[s.index(after: p)...]) else { return nil }
        let mantissa = s[..<p].filter { $0 != "." }
        var digits: [Bool] = []
        for (i, c) in mantissa.enumerated() {
            guard let v = c.hexDigitValue else { return nil }
            if i == 0 { digits.append(true); continue }   // the leading 1
            for b in (0 ..< 4).reversed() { digits.append((v >> b) & 1 == 1) }
        }
        while digits.count > 1, digits.last == false { digits.removeLast() }
        binaryDigits = digits
        exponent = e - (digits.count - 1)
    }

    /// Significant bits (the length of B).
    var significantBits: Int { binaryDigits.count }

    /// B in decimal when it fits 64 bits, else `0x…`.
    var integerText: String {
        if binaryDigits.count <= 64 {
            var v: UInt64 = 0
            for d in binaryDigits { v = v << 1 | (d ? 1 : 0) }
            return String(v)
        }
        var padded = binaryDigits
        while padded.count % 4 != 0 { padded.insert(false, at: 0) }
        var hex = "0x"
        var i = 0
        while i < padded.count {
            var nibble = 0
            for j in 0 ..< 4 { nibble = nibble * 2 + (padded[i + j] ? 1 : 0) }
            hex.append(Character(String(nibble, radix: 16)))
            i += 4
        }
        return hex
    }

    /// `2^e`, `B·2^e` (magnitude only).
    var magnitudeText: String {
        binaryDigits.count == 1 ? "2^\(exponent)" : "\(integerText)·2^\(exponent)"
    }
}

/// How a value sits relative to a kink: `x0 + n ulp = x0 + m·2^-k`.
public struct KinkRelativePosition: Sendable, CustomStringConvertible {
    /// The kink's label.
    public let label: String
    /// x0 in the format.
    public let x0: GeneratedInput
    /// Signed number of format steps from x0 (decimal integer text; `0` at x0).
    public let ulps: String
    /// The exact difference as `+ m·2^-k` / `- 2^-k`, or nil when too wide to write exactly.
    public let dyadic: String?

    init?(of value: GeneratedInput, kink: PlannedKink) {
        guard value.isFinite else { return nil }
        let space = UlpSpace(value.format)
        let steps = space.ordinal(of: value) - space.ordinal(of: kink.x0)
        label = kink.label
        x0 = kink.x0
        ulps = steps.isZero ? "0" : steps.decimalString(significantDigits: 0)
        let a = value.bigFloat, b = kink.x0.bigFloat
        let spread = Swift.abs((a.exponent ?? 0) - (b.exponent ?? 0))
        if spread + value.format.precision + 8 > 1 << 20 {
            dyadic = nil
        } else {
            var d = BigFloat(a, precision: spread + value.format.precision + 8)
            d.formDifference(with: b)
            if let parts = DyadicParts(d) {
                dyadic = (parts.negative ? "- " : "+ ") + parts.magnitudeText
            } else {
                dyadic = d.isZero ? "+ 0" : nil
            }
        }
    }

    /// `x0 + 1024 ulp = x0 + 2^-40 (x0 = 6: relu6 kink at 6)`.
    public var description: String {
        if ulps == "0" { return "x0 exactly (x0 = \(x0.decimalString): \(label))" }
        let n = ulps.hasPrefix("-") ? "- " + ulps.dropFirst() : "+ " + ulps
        let exact = dyadic.map { " = x0 \($0)" } ?? ""
        return "x0 \(n) ulp\(exact) (x0 = \(x0.decimalString): \(label))"
    }
}
