import BigFloat
import BigFloatTestSupport
import Testing

/// `BigFloat(parsing:precision:rounding:)`: correctly rounded in all five directions, strict about
/// what it accepts.
@Suite struct ParsingTests {
    @Test func parsedStringsAreCorrectlyRoundedInAllDirections() throws {
        let records = try Fixture.records("parse", key: "parse")
        #expect(records.count > 150)
        for record in records {
            let text = try #require(record["s"] as? String)
            let p = try #require(record["p"] as? Int)
            for (code, rounding) in roundingCodes {
                let pair = try #require(record[code] as? [Any])
                let expected = try exactValue(try #require(pair[0] as? String), precision: p)
                var t = Ternary(0)
                let got = try withUnsafeMutablePointer(to: &t) {
                    try BigFloat(parsing: text, precision: p, rounding: rounding, ternary: $0)
                }
                #expect(same(got, expected),
                        "parse \"\(text.prefix(60))\" at \(p) bits, \(rounding): got \(got.hexString), expected \(expected.hexString)")
                #expect(sign(t) == pair[1] as? Int, "parse \"\(text.prefix(60))\" at \(p) bits, \(rounding): ternary \(t)")
                // The plain initialisers round the same way.
                #expect(same(try BigFloat(parsing: text, precision: p, rounding: rounding), got))
                #expect(BigFloat(text, precision: p, rounding: rounding).map { same($0, got) } == true)
            }
        }
    }

    @Test func decimalTiesBetweenTwentyFourBitNeighboursGoToEven() throws {
        // 1 + 2^-24 lies halfway between 1 and 1 + 2^-23; 1 + 3·2^-24 between 1 + 2^-23 and 1 + 2^-22.
        let lowTie = "1.000000059604644775390625", highTie = "1.000000178813934326171875"
        let one = BigFloat(1, precision: 24)
        let next = one.nextUp, nextNext = one.nextUp.nextUp
        let expectations: [(String, Rounding, BigFloat)] = [
            (lowTie, .nearestEven, one), (lowTie, .towardZero, one), (lowTie, .down, one),
            (lowTie, .up, next), (lowTie, .awayFromZero, next),
            (highTie, .nearestEven, nextNext), (highTie, .towardZero, next), (highTie, .down, next),
            (highTie, .up, nextNext), (highTie, .awayFromZero, nextNext),
            ("-" + lowTie, .nearestEven, -one), ("-" + lowTie, .towardZero, -one), ("-" + lowTie, .up, -one),
            ("-" + lowTie, .down, -next), ("-" + lowTie, .awayFromZero, -next),
            (lowTie + "0000000000000000000000001", .nearestEven, next),
            ("1.000000059604644775390624999999999", .nearestEven, one),
        ]
        for (text, rounding, expected) in expectations {
            let got = try BigFloat(parsing: text, precision: 24, rounding: rounding)
            #expect(same(got, expected), "\(text) at 24 bits, \(rounding): got \(got.hexString), expected \(expected.hexString)")
        }
        // Swift's own parser (glibc strtof) agrees for nearest.
        #expect(Float(lowTie)! == 1 && Float(highTie)! == Float(nextNext))
    }

    @Test(arguments: ["", "1.2.3", " 1", "1 ", "1e", "0x", "abc", "1_0", "--1", "nan1", "+", "-", ".",
                      "e5", "1e+", "0x1p", "0x.p1", "1.2e3.4", "1e5e5", "1,5", "\u{663}",
                      "0x\u{FF11}", "infinity1", "in", "1e1234567890123456789", "\t1", "1\n", "0b101",
                      "1.5f", "+-1", "nan()", "1e--5", "٣.5", "١"])
    func malformedStringsAreRejected(_ text: String) throws {
        #expect(throws: NumberParseError.self, "\"\(text)\" must not parse") {
            try BigFloat(parsing: text, precision: 53)
        }
        #expect(BigFloat(text, precision: 53) == nil)
    }

    @Test func rejectionNamesTheInputAndTheReason() throws {
        do {
            _ = try BigFloat(parsing: "1.2.3", precision: 53)
            Issue.record("1.2.3 parsed")
        } catch let error as NumberParseError {
            #expect(error.input == "1.2.3")
            #expect(error.description.contains("1.2.3") && error.description.contains("point"))
        }
        #expect(throws: NumberParseError.self) { try BigFloat(parsing: "1", precision: 1) }
        #expect(throws: NumberParseError.self) { try BigFloat(parsing: "1", precision: BigFloat.maximumPrecision + 1) }
    }

    @Test func specialSpellingsAreAccepted() throws {
        for text in ["inf", "INF", "+Infinity", "infinity"] {
            let x = try BigFloat(parsing: text, precision: 53)
            #expect(x.isInfinite && !x.signBit, "\(text)")
        }
        for text in ["-inf", "-Infinity"] {
            let x = try BigFloat(parsing: text, precision: 53)
            #expect(x.isInfinite && x.signBit, "\(text)")
        }
        for text in ["nan", "NaN", "+nan", "-NAN"] {
            #expect(try BigFloat(parsing: text, precision: 53).isNaN, "\(text)")
        }
        let negativeZero = try BigFloat(parsing: "-0.000e+7", precision: 53)
        #expect(negativeZero.isZero && negativeZero.signBit)
    }

    /// Random decimal strings in binary64's normal range: the same double as Swift's parser.
    @Test func decimalParsingAgreesWithSwiftsDoubleAndFloatParsers() throws {
        let seed: UInt64 = 424242
        var rng = LCG(seed: seed)
        for _ in 0..<2000 {
            let digitCount = rng.int(in: 1...40)
            var digits = String(rng.int(in: 1...9))
            for _ in 1..<digitCount { digits += String(rng.int(in: 0...9)) }
            let point = rng.int(in: 0...digitCount)
            let mantissa = point == digitCount ? digits
                : String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
            let text = (rng.bool() ? "-" : "") + mantissa + "e" + String(rng.int(in: -300...280))
            let x = try BigFloat(parsing: text, precision: 53)
            let d = try #require(Double(text))
            #expect(Double(x) == d && x.compare(d) == 0,
                    "parse(\(text)) at 53 bits is \(x.hexString), Swift says \(cFormat("%a", d)); seed \(seed)")
            if let f = Float(text), f.isNormal {
                let y = try BigFloat(parsing: text, precision: 24)
                #expect(Float(y) == f, "parse(\(text)) at 24 bits is \(y.hexString), Swift says \(f); seed \(seed)")
            }
        }
    }

    /// Exact decimal expansions of doubles and of numbers just off them (the parser must read
    /// hundreds of digits exactly), including subnormal doubles: rounding the exact value to
    /// binary64 gives what Swift's parser gives.
    @Test func longExactDecimalsRoundLikeSwiftsParserIncludingSubnormals() throws {
        let seed: UInt64 = 99
        var rng = LCG(seed: seed)
        for i in 0..<400 {
            // m · 2^-k with a 55-bit m: two bits more than a double holds, so halfway cases and
            // their neighbours come up often.
            let m = (rng.next64() >> 9) | (1 << 54)
            let k = i % 4 == 0 ? rng.int(in: 1070...1130) : rng.int(in: 60...1070)
            let text = exactDecimal(mantissa: m, twoToMinus: k, negative: rng.bool())
            let exact = try BigFloat(parsing: text, precision: 64)
            var check = BigFloat(m, precision: 64).timesPowerOfTwo(-k)
            if text.hasPrefix("-") { check.negate() }
            #expect(same(exact, check), "the \(text.count)-character decimal of \(m)·2^-\(k) parsed inexactly")
            let d = try #require(Double(text))
            let rounded = exact.rounded(to: .binary64).value
            #expect(Double(rounded) == d && rounded.compare(d) == 0,
                    "\(m)·2^-\(k): binary64 rounding gives \(rounded.hexString), Swift's parser \(cFormat("%a", d)); seed \(seed)")
        }
    }

    @Test func hexParsingIsExactAndCorrectlyRounded() throws {
        #expect(same(try BigFloat(parsing: "0x1.8p+3", precision: 53), BigFloat(12, precision: 53)))
        #expect(same(try BigFloat(parsing: "-0X.8P-1", precision: 53), BigFloat(-0.25, precision: 53)))
        #expect(same(try BigFloat(parsing: "0xff", precision: 53), BigFloat(255, precision: 53)))
        #expect(same(try BigFloat(parsing: "0x1.8", precision: 53), BigFloat(1.5, precision: 53)))     // exponent optional, as in C
        // 0x1.fffffffp0 has 29 significant bits; at 24 bits it rounds up to 2 (nearest and up)
        // and down to 0x1.fffffep0.
        #expect(same(try BigFloat(parsing: "0x1.fffffffp0", precision: 24), BigFloat(2, precision: 24)))
        #expect(same(try BigFloat(parsing: "0x1.fffffffp0", precision: 24, rounding: .down),
                     try BigFloat(parsing: "0x1.fffffep0", precision: 24)))
        // Swift's parser agrees on random hex strings with more bits than a double.
        var rng = LCG(seed: 5)
        for _ in 0..<500 {
            let a = rng.next64(), b = rng.next32()
            let text = "0x1." + String(a, radix: 16) + String(b, radix: 16) + "p" + String(rng.int(in: -1000...1000))
            #expect(Double(try BigFloat(parsing: text, precision: 53)) == Double(text)!, "\(text)")
        }
    }
}
