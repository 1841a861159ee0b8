import BigFloat
import BigFloatTestSupport
import CMPFR
import Testing

/// `rounded(to:rounding:)`: what IEEE hardware computes, subnormals and overflow included,
/// checked against the hardware's own conversions (Float16, Float, Double, Float80).
@Suite struct IEEEFormatTests {
    @Test func formatConstantsMatchTheHardwareTypes() throws {
        #expect(Double(BigFloat.largestFinite(.binary64)) == .greatestFiniteMagnitude)
        #expect(Double(BigFloat.leastNormal(.binary64)) == .leastNormalMagnitude)
        #expect(Double(BigFloat.leastSubnormal(.binary64)) == .leastNonzeroMagnitude)
        #expect(Double(BigFloat.largestSubnormal(.binary64)) == Double.leastNormalMagnitude.nextDown)
        #expect(Float(BigFloat.largestFinite(.binary32)) == .greatestFiniteMagnitude)
        #expect(Float(BigFloat.leastNormal(.binary32)) == .leastNormalMagnitude)
        #expect(Float(BigFloat.leastSubnormal(.binary32)) == .leastNonzeroMagnitude)
        #expect(Float(BigFloat.largestSubnormal(.binary32)) == Float.leastNormalMagnitude.nextDown)
        #if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
        #expect(Double(BigFloat.largestFinite(.binary16)) == Double(Float16.greatestFiniteMagnitude))
        #expect(Double(BigFloat.leastNormal(.binary16)) == Double(Float16.leastNormalMagnitude))
        #expect(Double(BigFloat.leastSubnormal(.binary16)) == Double(Float16.leastNonzeroMagnitude))
        #expect(Double(BigFloat.largestSubnormal(.binary16)) == Double(Float16.leastNormalMagnitude.nextDown))
        #endif
        // bfloat16: binary32's exponent range with 8 significant bits.
        #expect(Float(BigFloat.largestFinite(.bfloat16)) == floatFromBFloat16Bits(0x7F7F))
        #expect(Float(BigFloat.leastNormal(.bfloat16)) == floatFromBFloat16Bits(0x0080))
        #expect(Float(BigFloat.leastSubnormal(.bfloat16)) == floatFromBFloat16Bits(0x0001))
        #expect(Float(BigFloat.largestSubnormal(.bfloat16)) == floatFromBFloat16Bits(0x007F))
        for f in IEEEFormat.allCases {
            #expect(f.bitWidth == (f == .binary64 ? 64 : f == .binary32 ? 32 : 16))
            #expect(BigFloat.largestFinite(f).precision == f.precision)
        }
    }

    /// Random doubles across binary16's whole range (subnormals, ties, overflow) against the
    /// hardware conversion Float16(Double).
    @Test func binary16RoundingMatchesFloat16Conversion() throws {
        #if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
        expectRoundingMatchesHardware(.binary16, seed: 16, exponent: -30...17) { Float16($0) }
        #endif
    }

    /// Random doubles across binary32's range against the hardware conversion Float(Double), and
    /// against mpfr_get_flt, a second, independent path to the same answer.
    @Test func binary32RoundingMatchesFloatConversion() throws {
        expectRoundingMatchesHardware(.binary32, seed: 32, exponent: -155...130, { Float($0) },
                                      secondPath: { Float(BigFloat(exactly: $0)) })
    }

    /// 4000 random doubles (exponents in `exponent`) rounded to `format` against `hardware`: the
    /// same value and sign of zero at the format's precision, the ternary the direction of the
    /// rounding, and `secondPath` (when given) the same answer again.
    func expectRoundingMatchesHardware<H: BinaryFloatingPoint>(_ format: IEEEFormat, seed: UInt64, exponent: ClosedRange<Int>,
                                                              _ hardware: (Double) -> H, secondPath: ((Double) -> H)? = nil) {
        var rng = LCG(seed: seed)
        for _ in 0..<4000 {
            let d = randomDouble(&rng, exponent: exponent)
            let got = BigFloat(exactly: d).rounded(to: format)
            let h = hardware(d)
            #expect(got.value.precision == format.precision)
            #expect(Double(got.value) == Double(h) && got.value.signBit == (h.sign == .minus),
                    "\(format)(\(cFormat("%a", d))): \(got.value.hexString), hardware \(cFormat("%a", Double(h))); seed \(seed)")
            #expect(sign(got.ternary) == got.value.compare(d) ?? 99, "ternary of \(format)(\(cFormat("%a", d)))")
            if let secondPath { #expect(secondPath(d) == h, "second path for \(format)(\(cFormat("%a", d)))") }
        }
    }

    /// Random 64-bit-significand Float80 values across binary64's range against the x87
    /// hardware conversion Double(Float80).
    @Test func binary64RoundingMatchesFloat80Conversion() throws {
        #if arch(x86_64) && !os(Windows) && !os(Android)
        let seed: UInt64 = 64
        var rng = LCG(seed: seed)
        for _ in 0..<4000 {
            var significand = rng.next64() | (1 << 63)
            if rng.bool() { significand &= ~((UInt64(1) << UInt64(rng.int(in: 0...20))) &- 1) }   // ties
            let e = rng.int(in: -1090...1030)
            let negative = rng.bool()
            let wide = Float80(sign: negative ? .minus : .plus, exponentBitPattern: UInt(e + 16383),
                               significandBitPattern: significand & ~(1 << 63))
            var x = BigFloat(significand, precision: 64).timesPowerOfTwo(e - 63)
            if negative { x.negate() }
            #expect(Float80(exactly: x) == wide)
            let got = x.rounded(to: .binary64)
            let hardware = Double(wide)
            #expect(Double(got.value) == hardware,
                    "binary64(\(x.hexString)): \(got.value.hexString), hardware \(cFormat("%a", hardware)); seed \(seed)")
            #expect(Double(x) == hardware, "Double(\(x.hexString)) (mpfr_get_d) disagrees with the hardware")
        }
        #endif
    }

    /// Random floats against the bfloat16 bit trick (round-to-nearest-even on the top half).
    @Test func bfloat16RoundingMatchesTheBitTrick() throws {
        let seed: UInt64 = 1616
        var rng = LCG(seed: seed)
        for _ in 0..<4000 {
            var bits = UInt32(truncatingIfNeeded: rng.next32()) & 0x7FFF_FFFF
            if rng.bool() { bits &= ~((UInt32(1) << UInt32(rng.int(in: 0...15))) &- 1) }
            if rng.bool() { bits &= 0x00FF_FFFF }                       // subnormals and tiny normals
            if bits >= 0x7F80_0000 { continue }                          // keep to finite values
            let f = Float(bitPattern: bits | (rng.bool() ? 0x8000_0000 : 0))
            let got = BigFloat(exactly: f).rounded(to: .bfloat16)
            let expected = floatFromBFloat16Bits(bfloat16RoundedBits(f))
            #expect(Float(got.value) == expected && got.value.signBit == (expected.sign == .minus),
                    "bfloat16(\(cFormat("%a", Double(f)))): \(got.value.hexString), expected \(cFormat("%a", Double(expected))); seed \(seed)")
        }
    }

    /// Directed roundings bracket the value with adjacent numbers of the format.
    @Test(arguments: IEEEFormatTests.hardwareFormats)
    func directedRoundingsAreAdjacentFormatNumbersAroundTheValue(_ format: IEEEFormat) throws {
        let seed: UInt64 = 77
        var rng = LCG(seed: seed)
        let range = format == .binary16 ? -30...17 : format == .binary32 ? -155...130 : -1080...1025
        for _ in 0..<1500 {
            let x = rng.bigFloat(precision: 80, exponent: range)
            var results: [Rounding: (value: BigFloat, ternary: Ternary)] = [:]
            for r in Rounding.allCases { results[r] = x.rounded(to: format, rounding: r) }
            let down = results[.down]!, up = results[.up]!
            let (lo, hi) = (nextNumberUp(down.value, format), nextNumberDown(up.value, format))
            let law = "\(format) roundings of \(x.hexString) (seed \(seed))"
            #expect(down.value <= x && x <= up.value, "\(law): down \(down.value.hexString), up \(up.value.hexString)")
            if down.ternary.isExact {
                #expect(same(down.value, up.value) && down.value == x, "\(law)")
            } else {
                #expect(down.ternary.roundedDown && up.ternary.roundedUp, "\(law)")
                #expect(same(lo, up.value) || (lo.isZero && up.value.isZero), "\(law): up is not the successor of down")
                #expect(same(hi, down.value) || (hi.isZero && down.value.isZero), "\(law): down is not the predecessor of up")
            }
            let towardZero = x.signBit ? up : down, awayFromZero = x.signBit ? down : up
            #expect(same(results[.towardZero]!.value, towardZero.value), "\(law)")
            #expect(same(results[.awayFromZero]!.value, awayFromZero.value), "\(law)")
            let nearest = results[.nearestEven]!.value
            #expect(same(nearest, down.value) || same(nearest, up.value), "\(law)")
        }
    }

    /// Overflow: nearest and away go to ±∞ from the midpoint between the largest finite number
    /// and 2^(E+1) on; toward zero stays at the largest finite number; up and down by sign.
    @Test(arguments: IEEEFormat.allCases)
    func overflowGoesToInfinityOrTheLargestFiniteNumberByDirection(_ format: IEEEFormat) throws {
        let big = BigFloat.largestFinite(format)
        let p = 200
        let maxAtP = BigFloat(big, precision: p)
        let midpoint = maxAtP + BigFloat(big.ulp, precision: p).timesPowerOfTwo(-1)
        let inf = BigFloat.infinity(precision: format.precision)
        for (x, label) in [(midpoint, "midpoint"), (midpoint.timesPowerOfTwo(10), "2^10·midpoint")] {
            for negative in [false, true] {
                let v = negative ? -x : x
                let m = negative ? -big : big, i = negative ? -inf : inf
                let expected: [Rounding: BigFloat] = [
                    .nearestEven: i, .awayFromZero: i, .towardZero: m,
                    .up: negative ? m : i, .down: negative ? i : m,
                ]
                for (r, e) in expected {
                    let got = v.rounded(to: format, rounding: r).value
                    #expect(same(got, e), "\(format), \(negative ? "-" : "")\(label), \(r): got \(got.hexString), expected \(e.hexString)")
                }
            }
        }
        // Just below the midpoint, nearest gives the largest finite number; the largest finite
        // number itself is exact in every direction, and so is infinity (it does not overflow).
        #expect(same(midpoint.nextDown.rounded(to: format).value, big))
        for r in Rounding.allCases {
            let exact = maxAtP.rounded(to: format, rounding: r)
            #expect(same(exact.value, big) && exact.ternary.isExact)
            let infinite = BigFloat.infinity(precision: p, negative: r == .up).rounded(to: format, rounding: r)
            #expect(infinite.value.isInfinite && infinite.value.signBit == (r == .up) && infinite.ternary.isExact)
        }
        // Between the largest finite number and the midpoint (exact in a double).
        let below = maxAtP + BigFloat(big.ulp, precision: p).timesPowerOfTwo(-2)
        // The hardware agrees where it can.
        switch format {
        case .binary16:
            #if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
            #expect(Float16(Double(midpoint)).isInfinite && Float16(Double(below)) == .greatestFiniteMagnitude)
            #endif
        case .binary32:
            #expect(Float(Double(midpoint)).isInfinite && Float(Double(below)) == .greatestFiniteMagnitude)
        case .binary64:
            #if arch(x86_64) && !os(Windows) && !os(Android)
            #expect(Double(Float80(exactly: midpoint)).isInfinite)
            #expect(Double(Float80(exactly: below)) == .greatestFiniteMagnitude)
            #endif
        case .bfloat16:
            #expect(bfloat16RoundedBits(Float(midpoint)) == 0x7F80 && bfloat16RoundedBits(Float(below)) == 0x7F7F)
        }
    }

    /// Gradual underflow: ties at the bottom of the subnormals go to even (often zero), the
    /// sign of an underflowed zero survives, and rounding up reaches the least subnormal.
    @Test(arguments: IEEEFormat.allCases)
    func subnormalsRoundLikeHardware(_ format: IEEEFormat) throws {
        let p = 100
        let s = BigFloat(BigFloat.leastSubnormal(format), precision: p)
        let half = s.timesPowerOfTwo(-1)
        let zero = BigFloat.zero(precision: format.precision)
        let least = BigFloat.leastSubnormal(format)
        func check(_ x: BigFloat, _ r: Rounding, _ expected: BigFloat, _ ternary: Int, _ label: String) {
            let got = x.rounded(to: format, rounding: r)
            #expect(same(got.value, expected), "\(format) \(label) \(r): got \(got.value.hexString), expected \(expected.hexString)")
            #expect(sign(got.ternary) == ternary, "\(format) \(label) \(r): ternary \(got.ternary)")
        }
        check(half, .nearestEven, zero, -1, "s/2")
        check(half, .towardZero, zero, -1, "s/2")
        check(half, .down, zero, -1, "s/2")
        check(half, .up, least, 1, "s/2")
        check(half, .awayFromZero, least, 1, "s/2")
        check(half.nextUp, .nearestEven, least, 1, "s/2 + tiny")
        check(-half, .nearestEven, -zero, 1, "-s/2")
        check(-half, .up, -zero, 1, "-s/2")
        check(-half, .down, -least, -1, "-s/2")
        check(s.timesPowerOfTwo(-40), .up, least, 1, "s/2^40")
        check(s * 3 / 2, .nearestEven, least.timesPowerOfTwo(1), 1, "1.5 s")
        check(s * 5 / 2, .nearestEven, least.timesPowerOfTwo(1), -1, "2.5 s")
        check(s * 7 / 2, .nearestEven, least.timesPowerOfTwo(2), 1, "3.5 s")
        check(s * 7 / 2, .towardZero, BigFloat(least * 3, precision: format.precision), -1, "3.5 s")
        let topTie = BigFloat(BigFloat.largestSubnormal(format), precision: p) + half
        check(topTie, .nearestEven, BigFloat.leastNormal(format), 1, "largest subnormal + s/2")
        check(topTie, .down, BigFloat.largestSubnormal(format), -1, "largest subnormal + s/2")
        // Subnormal results carry fewer significant bits than the format's precision.
        let sub = BigFloat(1, precision: p).timesPowerOfTwo(format.minExponent - 3) / 3
        let rounded = sub.rounded(to: format).value
        #expect(rounded.isInteger == false && (rounded / least).isInteger, "\(format): a subnormal is a multiple of the least subnormal")
        // The hardware agrees (on values exact in a double, or in a Float80 for binary64).
        let hardwareChecks = [half, half + s.timesPowerOfTwo(-10), s * 3 / 2, s * 5 / 2, topTie, -half,
                              s.timesPowerOfTwo(-3) * 5, BigFloat.largestSubnormal(format) * 3 / 4]
        switch format {
        case .binary16:
            #if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
            for v in hardwareChecks {
                let h = Float16(Double(v))
                let got = v.rounded(to: .binary16).value
                #expect(Double(got) == Double(h) && got.signBit == (h.sign == .minus), "binary16(\(v.hexString))")
            }
            #endif
        case .binary32:
            for v in hardwareChecks {
                let h = Float(Double(v))
                let got = v.rounded(to: .binary32).value
                #expect(Float(got) == h && got.signBit == (h.sign == .minus), "binary32(\(v.hexString))")
            }
        case .binary64:
            #if arch(x86_64) && !os(Windows) && !os(Android)
            for v in hardwareChecks {
                let h = Double(Float80(exactly: v))
                let got = v.rounded(to: .binary64).value
                #expect(Double(got) == h && got.signBit == (h.sign == .minus), "binary64(\(v.hexString))")
                // Swift's parser on the exact decimal expansion agrees too.
                let text = v.decimalString(significantDigits: 1200)
                #expect(Double(text)! == h, "Double(\"\(text.prefix(30))…\")")
            }
            #endif
        case .bfloat16:
            break
        }
    }

    @Test func roundingToAFormatLeavesMPFRsExponentRangeAlone() throws {
        let emin = mpfr_get_emin(), emax = mpfr_get_emax()
        for f in IEEEFormat.allCases {
            _ = BigFloat(1e-300, precision: 53).rounded(to: f)
            _ = BigFloat(1e300, precision: 53).rounded(to: f, rounding: .up)
        }
        #expect(mpfr_get_emin() == emin && mpfr_get_emax() == emax)
        // And arithmetic afterwards still has the wide range.
        let tiny = BigFloat(1, precision: 53).timesPowerOfTwo(-100_000)
        #expect(!(tiny * tiny).isZero)
    }

    @Test func specialsPassThrough() throws {
        for f in IEEEFormat.allCases {
            #expect(BigFloat.nan(precision: 53).rounded(to: f).value.isNaN)
            let negZero = BigFloat.zero(precision: 53, negative: true).rounded(to: f)
            #expect(negZero.value.isZero && negZero.value.signBit && negZero.ternary.isExact)
            let negInf = BigFloat.infinity(precision: 53, negative: true).rounded(to: f, rounding: .towardZero)
            #expect(negInf.value.isInfinite && negInf.value.signBit, "-inf stays -inf in \(f)")
        }
    }

    // MARK: helpers

    /// The formats with a hardware type to take neighbours from (Float16 is missing on Intel Macs).
    static var hardwareFormats: [IEEEFormat] {
        #if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
        return [.binary16, .binary32, .binary64]
        #else
        return [.binary32, .binary64]
        #endif
    }

    /// A double with a random 53-bit significand (often with trailing zeros, to make ties), a
    /// random exponent in `exponent` and a random sign.
    func randomDouble(_ rng: inout LCG, exponent: ClosedRange<Int>) -> Double {
        var significand = rng.next64() >> 11
        if rng.bool() { significand &= ~((UInt64(1) << UInt64(rng.int(in: 0...45))) &- 1) }
        let d = Double(sign: rng.bool() ? .minus : .plus, exponent: rng.int(in: exponent),
                       significand: 1 + Double(significand & ((1 << 52) - 1)) * 0x1p-52)
        return d
    }

    func nextNumberUp(_ v: BigFloat, _ f: IEEEFormat) -> BigFloat {
        switch f {
        #if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
        case .binary16: return BigFloat(exactly: Double(Float16(Double(v)).nextUp)).rounded(toPrecision: 11)
        #endif
        case .binary32: return BigFloat(exactly: Float(v).nextUp).rounded(toPrecision: 24)
        default: return BigFloat(exactly: Double(v).nextUp)
        }
    }

    func nextNumberDown(_ v: BigFloat, _ f: IEEEFormat) -> BigFloat {
        -nextNumberUp(-v, f)
    }
}

#if arch(x86_64) && !os(Windows) && !os(Android)
extension Float80 {
    /// A BigFloat with at most 64 significant bits, exactly (tests only): the scaled value
    /// y = x·2^-e in [½, 1) is the sum of two doubles, which Float80 adds exactly.
    init(exactly x: BigFloat) {
        precondition(x.isFinite && x.rounded(toPrecision: 64) == x, "needs at most 64 significant bits")
        guard let e = x.exponent else { self = x.signBit ? -0.0 : 0.0; return }
        let y = x.timesPowerOfTwo(-e)
        let head = Double(y, rounding: .towardZero)
        let tail = Double(y - BigFloat(exactly: head))
        self = (Float80(head) + Float80(tail)) * Float80(sign: .plus, exponent: e, significand: 1)
    }
}
#endif
