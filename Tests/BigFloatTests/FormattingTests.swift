import BigFloat
import BigFloatTestSupport
import Testing

/// `description`, `decimalString(significantDigits:)`, `scientificString(fractionDigits:)` and
/// `hexString`.
@Suite struct FormattingTests {
    @Test func decimalStringsAreCorrectlyRoundedInAllDirections() throws {
        let records = try Fixture.records("decimal", key: "decimal")
        #expect(records.count > 40)
        for record in records {
            let p = try #require(record["p"] as? Int)
            let n = try #require(record["digits"] as? Int)
            let x = try exactValue(try #require(record["x"] as? String), precision: p)
            for (code, rounding) in roundingCodes {
                let expected = try #require(record[code] as? String)
                let got = x.decimalString(significantDigits: n, rounding: rounding)
                #expect(got == expected, "\(x.hexString) to \(n) digits, \(rounding): got \(got), expected \(expected)")
            }
        }
    }

    /// `scientificString(fractionDigits:)` against glibc's `%.Ne`, which prints doubles exactly
    /// and rounds the decimal correctly (ties to even).
    @Test func scientificStringMatchesCsPrintf() throws {
        let seed: UInt64 = 31337
        var rng = LCG(seed: seed)
        var values: [Double] = [0.125, 2.5, 0.5, 1e21, 1e-7, 123456789.5, 9.5, 0.05, 5e-324, 1.7976931348623157e308]
        for _ in 0..<1500 { values.append(Double(bitPattern: rng.next64() & 0x7FEF_FFFF_FFFF_FFFF | (rng.bool() ? 1 << 63 : 0))) }
        for d in values where d.isFinite {
            let n = rng.int(in: 0...30)
            let got = BigFloat(exactly: d).scientificString(fractionDigits: n)
            let expected = cFormat("%.\(n)e", d)
            #expect(got == expected, "scientificString(\(cFormat("%a", d)), \(n)) = \(got), printf says \(expected); seed \(seed)")
        }
        #expect(BigFloat.zero(precision: 53, negative: true).scientificString(fractionDigits: 2) == "-0.00e+00")
        #expect(BigFloat(2.5, precision: 53).scientificString(fractionDigits: 0, rounding: .up) == "3e+00")
        #expect(BigFloat.infinity(precision: 53).scientificString(fractionDigits: 3) == "inf")
    }

    @Test func descriptionLayout() throws {
        let cases: [(BigFloat, String)] = [
            (BigFloat(exactly: 0.1), "0.10000000000000001"),
            (BigFloat(1, precision: 53) / BigFloat(3, precision: 53), "0.33333333333333331"),
            (BigFloat(exactly: 0.5), "0.5"), (BigFloat(exactly: -2.0), "-2"),
            (BigFloat(exactly: 0x1p-20), "9.5367431640625e-7"),
            (BigFloat(exactly: 1e20), "100000000000000000000"), (BigFloat(exactly: 1e21), "1e21"),
            (BigFloat(exactly: 0.0001), "0.0001"), (BigFloat(exactly: 0.00001), "0.000010000000000000001"), (BigFloat(exactly: 0.000001), "9.9999999999999995e-7"),
            (BigFloat(exactly: 123.25), "123.25"),
            (BigFloat.zero(precision: 53), "0"), (BigFloat.zero(precision: 53, negative: true), "-0"),
            (BigFloat.infinity(precision: 53), "inf"), (BigFloat.infinity(precision: 53, negative: true), "-inf"),
            (BigFloat.nan(precision: 53), "nan"),
        ]
        for (x, expected) in cases {
            #expect(x.description == expected, "\(x.hexString).description = \(x.description), expected \(expected)")
        }
        #expect(BigFloat("0.1") == BigFloat(exactly: 0.1))       // LosslessStringConvertible, 53 bits
    }

    /// description reads back (nearest, same precision) as the same value, for random values
    /// at 2, 24, 53, 113, 256 and 1000 bits; at 24 and 53 bits Swift's own parsers agree.
    @Test(arguments: [2, 24, 53, 113, 256, 1000])
    func descriptionRoundTrips(_ p: Int) throws {
        let seed = UInt64(p)
        var rng = LCG(seed: seed)
        let count = p >= 256 ? 150 : 400
        for i in 0..<count {
            let range = i % 4 == 0 ? -5000...5000 : -120...120
            let x = rng.bigFloat(precision: p, exponent: range)
            let text = x.description
            let back = try BigFloat(parsing: text, precision: p)
            #expect(same(back, x), "\(x.hexString) at \(p) bits printed as \(text), read back as \(back.hexString); seed \(seed)")
            if p == 53 { #expect(Double(text)! == Double(x), "Swift reads \(text) differently") }
            if p == 24 { #expect(Float(text)! == Float(x), "Swift reads \(text) differently") }
        }
    }

    @Test func hexStringIsExactAndReparsable() throws {
        #expect(BigFloat(exactly: 1.5).hexString == "0x1.8p+0")
        #expect(BigFloat(exactly: 0.1).hexString == "0x1.999999999999ap-4")
        #expect(BigFloat(-12, precision: 4).hexString == "-0x1.8p+3")
        #expect(BigFloat(1, precision: 2).hexString == "0x1p+0")
        #expect(BigFloat(1, precision: 2).timesPowerOfTwo(-1_000_000).hexString == "0x1p-1000000")
        #expect(BigFloat.zero(precision: 9).hexString == "0x0p+0")
        #expect(BigFloat.zero(precision: 9, negative: true).hexString == "-0x0p+0")
        #expect(BigFloat.infinity(precision: 9, negative: true).hexString == "-inf")
        #expect(BigFloat.nan(precision: 9).hexString == "nan")
        // (2^257 - 1) at 257 bits: every bit set, 256 of them after the point.
        let ones = BigFloat(1, precision: 257).timesPowerOfTwo(257) - 1
        #expect(ones.hexString == "0x1." + String(repeating: "f", count: 64) + "p+256")
        var rng = LCG(seed: 16)
        for p in [2, 3, 11, 24, 53, 64, 65, 113, 256, 1000] {
            for _ in 0..<100 {
                let x = rng.bigFloat(precision: p, exponent: -3000...3000)
                let text = x.hexString
                let back = try BigFloat(parsing: text, precision: p)
                #expect(same(back, x), "hexString \(text) at \(p) bits reads back as \(back.hexString)")
                // Exact: parsing at a larger precision gives the same number.
                #expect(try BigFloat(parsing: text, precision: p + 64) == x)
            }
        }
        for special in [BigFloat.zero(precision: 53, negative: true), .infinity(precision: 53), .nan(precision: 53)] {
            #expect(same(try BigFloat(parsing: special.hexString, precision: 53), special))
        }
    }

    /// Printing is near-linear in the digit count: at 2¹⁷ bits an exact short value comes back
    /// from MPFR as 39,459 digits, nearly all trailing zeros, and trimming them by counting the
    /// string once per removed digit (the old loop) took about 3 s per call in a debug build; one pass takes
    /// milliseconds. The text is the same as at 53 bits.
    @Test func wideExactValuesPrintQuicklyAndAsAt53Bits() throws {
        let p = 1 << 17
        let start = ContinuousClock.now
        for d in [0.5, -2.0, 123.25, 1e20, 1e21, 0x1p-20, 0.0625] {
            let wide = BigFloat(d, precision: p)
            #expect(wide.description == BigFloat(exactly: d).description, "\(d) at \(p) bits prints as \(wide.description.prefix(40))…")
            #expect(wide.decimalString(significantDigits: 0).trimmingFractionZeros == BigFloat(exactly: d).description.trimmingFractionZeros)
        }
        let elapsed = ContinuousClock.now - start
        #expect(elapsed < .seconds(5), "printing seven \(p)-bit values took \(elapsed)")
        // A long fraction part with many trailing zeros trims in one pass too.
        let text = "1." + String(repeating: "0", count: 500_000)
        #expect(text.trimmingFractionZeros == "1")
        #expect(("2.5" + String(repeating: "0", count: 500_000) + "e-7").trimmingFractionZeros == "2.5e-7")
        #expect(BigFloat(exactly: 0.5).fixedString(fractionDigits: 3) == "0.500")
        #expect(BigFloat(exactly: -0.0625).fixedString(fractionDigits: 2) == "-0.06")
    }

    @Test func decimalDigitsAreRawMPFRDigits() throws {
        let d = try #require(BigFloat(exactly: -1234.5).decimalDigits(3))
        #expect(d.digits == "123" && d.exponent == 4 && d.negative)
        let e = try #require(BigFloat(exactly: 1234.5).decimalDigits(3, rounding: .up))
        #expect(e.digits == "124")
        #expect(BigFloat.zero(precision: 53).decimalDigits(5) == nil)
        #expect(BigFloat.nan(precision: 53).decimalDigits(5) == nil)
    }
}

extension FormattingTests {
    /// `fixedString` scales by 10^places exactly in a temporary wider than the value: at the
    /// maximum precision that temporary is past `maximumPrecision` (it used to trap).
    @Test func fixedStringWorksAtTheMaximumPrecision() {
        let x = BigFloat(-1.25, precision: BigFloat.maximumPrecision)
        #expect(x.fixedString(fractionDigits: 1) == "-1.2")
        #expect(x.fixedString(fractionDigits: 3) == "-1.250")
    }

    /// A value whose exact decimal expansion is shorter than the round-trip digit count prints
    /// that expansion from its own few digits; the text is what all the digits give, trimmed.
    @Test func shortExactValuesPrintTheirExpansionAtAnyPrecision() throws {
        for p in [53, 200, 4096, 1 << 20] {
            #expect(BigFloat(0.5, precision: p).description == "0.5")
            #expect(BigFloat(-1536, precision: p).description == "-1536")
            #expect(BigFloat(3, precision: p).timesPowerOfTwo(-20).description == "2.86102294921875e-6")
            // 25 digits exactly; 53 bits round-trip with 17.
            #expect(BigFloat(1, precision: p).timesPowerOfTwo(80).description
                    == (p == 53 ? "1.2089258196146292e24" : "1.208925819614629174706176e24"))
        }
        // Random dyadics at random precisions: the text reads back as the value, and its digits
        // are MPFR's round-trip digits with the trailing zeros dropped.
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let p = Int.random(in: 64...3000, using: &rng)
            let n = Int.random(in: -1_000_000...1_000_000, using: &rng)
            let v = BigFloat(BigFloat(n, precision: 64).timesPowerOfTwo(Int.random(in: -80...80, using: &rng)), precision: p)
            guard !v.isZero, let parts = v.decimalDigits(0) else { continue }
            var digits = parts.digits
            while digits.count > 1 && digits.hasSuffix("0") { digits.removeLast() }
            #expect(try BigFloat(parsing: v.description, precision: p) == v, "\(v.description) at \(p) bits")
            let shown = v.description.split(separator: "e")[0].filter(\.isNumber).drop { $0 == "0" }
            #expect(shown.hasPrefix(digits) && shown.dropFirst(digits.count).allSatisfy { $0 == "0" },
                    "\(v.description) vs digits \(digits), exponent \(parts.exponent)")
        }
    }
}
