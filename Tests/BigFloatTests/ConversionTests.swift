import BigFloat
import BigFloatTestSupport
import Testing

/// Construction from and conversion to machine numbers.
@Suite struct ConversionTests {
    @Test func integersAreExactAtSixtyFourBits() throws {
        #expect(BigFloat(exactly: Int.max).hexString == "0x1.fffffffffffffffcp+62")
        #expect(BigFloat(exactly: Int.min).hexString == "-0x1p+63")
        #expect(BigFloat(exactly: Int64.max).hexString == "0x1.fffffffffffffffcp+62")
        #expect(BigFloat(exactly: Int64.min + 1).hexString == "-0x1.fffffffffffffffcp+62")
        #expect(BigFloat(exactly: UInt64.max).hexString == "0x1.fffffffffffffffep+63")
        #expect(BigFloat(exactly: UInt64(1) << 63).hexString == "0x1p+63")
        #expect(BigFloat(exactly: 0).isZero && !BigFloat(exactly: 0).signBit)
        #expect(BigFloat(exactly: Int.max).precision == 64)
        // Neighbours stay distinct: Int.max − (Int.max − 1) is exactly 1.
        #expect(BigFloat(exactly: Int.max) - BigFloat(exactly: Int.max - 1) == BigFloat(1, precision: 2))
        #expect(BigFloat(exactly: UInt64.max) - BigFloat(exactly: UInt64.max - 1) == BigFloat(1, precision: 2))
        #expect(Int(BigFloat(exactly: Int.max)) == Int.max && Int(BigFloat(exactly: Int.min)) == Int.min)
        var rng = LCG(seed: 64)
        for _ in 0..<1000 {
            let n = Int(bitPattern: UInt(rng.next64()))
            #expect(Int(BigFloat(exactly: n)) == n, "Int \(n) round trip")
            let u = rng.next64()
            let x = BigFloat(exactly: u)
            // u = hi·2^32 + lo, reassembled exactly at 64 bits.
            let rebuilt = BigFloat(exactly: Int(u >> 32)).timesPowerOfTwo(32) + BigFloat(exactly: Int(u & 0xFFFF_FFFF))
            #expect(same(x, rebuilt), "UInt64 \(u)")
        }
    }

    @Test func integersRoundOnceAtSmallerPrecisions() throws {
        // Int.max = 2^63 − 1 rounds to 2^63 at 53 bits (nearest, up) and to 2^63 − 2^10 toward zero.
        #expect(BigFloat(Int.max, precision: 53).hexString == "0x1p+63")
        #expect(BigFloat(Int.max, precision: 53, rounding: .towardZero).hexString == "0x1.fffffffffffffp+62")
        #expect(BigFloat(UInt64.max, precision: 24, rounding: .down).hexString == "0x1.fffffep+63")
        // 2^53 + 1 is a tie at 53 bits (goes to even, 2^53); 2^53 + 3 goes up to 2^53 + 4.
        let twoTo53: Int = 1 << 53, twoTo53d: Double = 0x1p53   // typed: inferring the literals took seconds
        #expect(Double(BigFloat(twoTo53 + 1, precision: 53)) == twoTo53d)
        #expect(Double(BigFloat(twoTo53 + 3, precision: 53)) == twoTo53d + 4)
        #expect(Double(BigFloat(-twoTo53 - 1, precision: 53, rounding: .down)) == -twoTo53d - 2)
    }

    @Test func doublesAndFloatsAreExact() throws {
        let specials: [Double] = [0, -0.0, 1, -1, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
                                  .leastNormalMagnitude, Double.leastNormalMagnitude.nextDown,
                                  .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .infinity, -.infinity,
                                  0.1, 1.0 / 3.0, .pi, 0x1.fffffffffffffp-1]
        for d in specials {
            let x = BigFloat(exactly: d)
            #expect(Double(x).bitPattern == d.bitPattern, "\(d) does not survive a round trip")
            #expect(x.signBit == (d.sign == .minus) && x.isZero == d.isZero && x.isInfinite == d.isInfinite)
        }
        #expect(BigFloat(exactly: Double.leastNonzeroMagnitude).hexString == "0x1p-1074")
        #expect(BigFloat(exactly: Double.leastNormalMagnitude.nextDown).hexString == "0x1.ffffffffffffep-1023")
        #expect(BigFloat(exactly: -0.0).hexString == "-0x0p+0")
        #expect(BigFloat(exactly: Double.nan).isNaN)
        #expect(BigFloat(exactly: Float.leastNonzeroMagnitude).hexString == "0x1p-149")
        #expect(BigFloat(exactly: Float(-0.0)).signBit)
        #expect(BigFloat(exactly: Float.nan).isNaN)
        // Random bit patterns of every class, checked against glibc's exact %a.
        var rng = LCG(seed: 53)
        for _ in 0..<3000 {
            let d = Double(bitPattern: rng.next64())
            let x = BigFloat(exactly: d)
            if d.isNaN { #expect(x.isNaN); continue }
            #expect(Double(x).bitPattern == d.bitPattern, "\(cFormat("%a", d)) round trip")
            if d.isNormal { #expect(x.hexString == cFormat("%a", d), "hexString of \(cFormat("%a", d))") }
            let f = Float(bitPattern: UInt32(truncatingIfNeeded: rng.next32()))
            let y = BigFloat(exactly: f)
            if f.isNaN { #expect(y.isNaN); continue }
            #expect(Float(y).bitPattern == f.bitPattern, "Float \(f) round trip")
            #expect(y.compare(Double(f)) == 0)
        }
    }

    @Test func literalsAreExactAtSixtyFourOrFiftyThreeBits() throws {
        // Integer literals are exact at 64 bits, float literals at 53 (their Double value).
        #expect((0.5 as BigFloat).precision == 53 && (0.1 as BigFloat) == BigFloat(exactly: 0.1))
        #expect((6 as BigFloat).precision == 64 && (0 as BigFloat).isZero && !(0 as BigFloat).signBit)
        #expect((9223372036854775807 as BigFloat) == BigFloat(exactly: Int.max) && (-9223372036854775807 as BigFloat) == BigFloat(exactly: -Int.max))
        let subnormal = BigFloat(floatLiteral: 3 * Double.leastNonzeroMagnitude)
        #expect(subnormal.precision == 53 && Double(subnormal) == 3 * .leastNonzeroMagnitude)
        let wide = BigFloat(floatLiteral: Double.leastNormalMagnitude.nextDown)
        #expect(Double(wide) == Double.leastNormalMagnitude.nextDown)
        // A literal operand keeps the other operand's precision.
        #expect((BigFloat(1, precision: 100) + 6).precision == 100)
    }

    /// Double(x, rounding:) and Float(x, rounding:): directed results bracket x with adjacent
    /// machine numbers; nearest agrees with rounded(to:); overflow and underflow by direction.
    @Test func toDoubleAndFloatInAllRoundingModes() throws {
        let seed: UInt64 = 2024
        var rng = LCG(seed: seed)
        for i in 0..<2000 {
            let range = i % 3 == 0 ? -1085...(-1015) : i % 3 == 1 ? -160...(-120) : -300...300
            let x = rng.bigFloat(precision: 120, exponent: range)
            let law = "conversions of \(x.hexString) (seed \(seed))"
            let dd = Double(x, rounding: .down), du = Double(x, rounding: .up)
            #expect(x.compare(dd)! >= 0 && x.compare(du)! <= 0, "\(law): Double down \(dd), up \(du)")
            #expect(dd.nextUp == du || (dd == du && x.compare(dd) == 0), "\(law): Double down/up not adjacent")
            #expect(Double(x, rounding: .towardZero) == (x.signBit ? du : dd), "\(law)")
            #expect(Double(x, rounding: .awayFromZero) == (x.signBit ? dd : du), "\(law)")
            #expect(Double(x) == Double(x.rounded(to: .binary64).value), "\(law): Double(x) vs rounded(to: .binary64)")
            let fd = Float(x, rounding: .down), fu = Float(x, rounding: .up)
            #expect(x.compare(Double(fd))! >= 0 && x.compare(Double(fu))! <= 0, "\(law): Float down \(fd), up \(fu)")
            #expect(fd.nextUp == fu || (fd == fu && x.compare(Double(fd)) == 0), "\(law): Float down/up not adjacent")
            #expect(Float(x, rounding: .towardZero) == (x.signBit ? fu : fd), "\(law)")
            #expect(Float(x, rounding: .awayFromZero) == (x.signBit ? fd : fu), "\(law)")
            for r in Rounding.allCases {
                #expect(Float(x, rounding: r) == Float(x.rounded(to: .binary32, rounding: r).value), "\(law): \(r)")
                #expect(Double(x, rounding: r) == Double(x.rounded(to: .binary64, rounding: r).value), "\(law): \(r)")
            }
        }
    }

    @Test func toDoubleOverflowAndUnderflowByDirection() throws {
        let huge = BigFloat(1, precision: 53).timesPowerOfTwo(1024)            // 2^1024
        #expect(Double(huge) == .infinity && Double(-huge) == -.infinity)
        #expect(Double(huge, rounding: .towardZero) == .greatestFiniteMagnitude)
        #expect(Double(huge, rounding: .down) == .greatestFiniteMagnitude && Double(huge, rounding: .up) == .infinity)
        #expect(Double(-huge, rounding: .up) == -.greatestFiniteMagnitude && Double(-huge, rounding: .down) == -.infinity)
        #expect(Double(huge, rounding: .awayFromZero) == .infinity)
        let tiny = BigFloat(1, precision: 53).timesPowerOfTwo(-1100)
        #expect(Double(tiny) == 0 && Double(tiny, rounding: .up) == .leastNonzeroMagnitude)
        #expect(Double(tiny, rounding: .awayFromZero) == .leastNonzeroMagnitude)
        let negativeZero = Double(-tiny, rounding: .up)
        #expect(negativeZero == 0 && negativeZero.sign == .minus, "an underflowed negative keeps its sign")
        #expect(Double(-tiny, rounding: .down) == -.leastNonzeroMagnitude)
        // The tie at half the least subnormal goes to zero (even); just above it, up.
        let half = BigFloat(1, precision: 60).timesPowerOfTwo(-1075)
        #expect(Double(half) == 0 && Double(half.nextUp) == .leastNonzeroMagnitude)
        #expect(Double(half * 3) == 2 * .leastNonzeroMagnitude)
        #expect(Float(BigFloat(1, precision: 53).timesPowerOfTwo(128)) == .infinity)
        #expect(Float(BigFloat(1, precision: 53).timesPowerOfTwo(128), rounding: .towardZero) == .greatestFiniteMagnitude)
        #expect(Float(BigFloat(1, precision: 53).timesPowerOfTwo(-150)) == 0)
        #expect(Float(BigFloat(3, precision: 53).timesPowerOfTwo(-151)) == .leastNonzeroMagnitude)
        #expect(Double(BigFloat.nan(precision: 53)).isNaN && Float(BigFloat.nan(precision: 53)).isNaN)
    }

    @Test func toIntRoundsAsAskedAndRefusesWhatDoesNotFit() throws {
        let x = BigFloat(2.5, precision: 53), y = BigFloat(-2.5, precision: 53)
        #expect(Int(x) == 2 && Int(y) == -2)
        #expect(Int(x, rounding: .nearestEven) == 2 && Int(BigFloat(3.5, precision: 53), rounding: .nearestEven) == 4)
        #expect(Int(x, rounding: .up) == 3 && Int(y, rounding: .up) == -2)
        #expect(Int(x, rounding: .down) == 2 && Int(y, rounding: .down) == -3)
        #expect(Int(y, rounding: .awayFromZero) == -3)
        let twoTo63 = BigFloat(1, precision: 53).timesPowerOfTwo(63)
        #expect(Int(twoTo63) == nil && Int(-twoTo63) == Int.min)
        #expect(Int(BigFloat.nan(precision: 53)) == nil && Int(BigFloat.infinity(precision: 53)) == nil)
        #expect(Int(BigFloat(exactly: Int.max) + 0.5) == Int.max)
    }

    @Test func changingPrecisionRoundsOnce() throws {
        let third = BigFloat(1, precision: 200) / 3
        #expect(Double(third.rounded(toPrecision: 53)) == 1.0 / 3.0)
        #expect(third.rounded(toPrecision: 53, rounding: .up) > third)
        #expect(third.rounded(toPrecision: 53, rounding: .down) < third)
        #expect(BigFloat(third, precision: 24, rounding: .up).precision == 24)
        var y = BigFloat.nan(precision: 10)
        #expect(y.set(third, rounding: .up).roundedUp && y.precision == 10)
        #expect(y.set(0.5).isExact && y == BigFloat(0.5, precision: 2))
        #expect(y.set(1025).roundedDown && y == BigFloat(1024, precision: 11))      // 1025 needs 11 bits
    }
}
