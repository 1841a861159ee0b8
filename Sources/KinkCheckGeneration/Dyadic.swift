import BigFloat
import KinkCheck
import KinkCheckSupport

/// A finite nonzero BigFloat as ±B·2^e with B an odd integer (held as its binary digits).
package struct DyadicParts {
    package var negative: Bool
    /// Binary digits of the odd integer B, most significant first (always starts with 1).
    package var binaryDigits: [Bool]
    package var exponent: Int

    /// nil for zero, ±∞ and NaN.
    package init?(_ x: BigFloat) {
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
    package var significantBits: Int { binaryDigits.count }

    /// B in decimal when it fits 64 bits, else `0x…`.
    package var integerText: String {
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
    package var magnitudeText: String {
        binaryDigits.count == 1 ? "2^\(exponent)" : "\(integerText)·2^\(exponent)"
    }
}
