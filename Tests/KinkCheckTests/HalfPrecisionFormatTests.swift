import BigFloat
import KinkCheck
import Testing

/// bfloat16 and Float16 conversions against MPFR's IEEE rounding, exhaustively over the 16-bit
/// patterns and over every halfway point between neighbours (± one binary32 ulp).
@Suite struct HalfPrecisionFormats {
    /// `f` rounded to `format` by MPFR (round at p bits inside the format's exponent range,
    /// subnormals and overflow included), back as a Float (exact).
    static func mpfrRounded(_ f: Float, _ format: IEEEFormat) -> Float {
        Float(BigFloat(f, precision: 24).rounded(to: format).value)
    }

    /// The binary32 values at, halfway above, and ± 1 ulp around the halfway point of every
    /// non-NaN 16-bit value `decode(bits)`, whose upper neighbour is `decode(bits + 1)`.
    static func probes(_ decode: (UInt16) -> Float, ulp: (Float) -> Float) -> [Float] {
        var out: [Float] = []
        for bits in UInt16(0) ... 0xFFFF {
            let v = decode(bits)
            guard v.isFinite else { continue }
            let mid = v + (v.sign == .minus ? -1 : 1) * ulp(v) / 2
            out += [v, mid, mid.nextUp, mid.nextDown]
        }
        return out
    }

    @Test func everyBFloat16PatternConvertsToFloatAndBack() {
        var bad: [String] = []
        for bits in UInt16(0) ... 0xFFFF {
            let b = BFloat16(bitPattern: bits)
            let f = Float(b)
            #expect(f.bitPattern == UInt32(bits) << 16 || f.isNaN)
            let back = BFloat16(f)
            if f.isNaN {
                if !back.isNaN { bad.append("NaN 0x\(String(bits, radix: 16)) lost") }
            } else if back.bitPattern != bits {
                bad.append("0x\(String(bits, radix: 16)) → 0x\(String(back.bitPattern, radix: 16))")
            }
        }
        #expect(bad.isEmpty, "\(bad.prefix(5))")
    }

    @Test func floatToBFloat16RoundsLikeMPFRAtEightBits() {
        let xs = HalfPrecisionFormats.probes({ BFloat16(bitPattern: $0).float }, ulp: { v in
            // bfloat16's ulp: binary32's ulp scaled by 2^16 (subnormals included).
            Float(bitPattern: 1 << 16) * (v.isZero ? 1 : Float(sign: .plus, exponent: max(v.exponent, -126) + 126, significand: 1))
        }) + [.greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude, .infinity, -.infinity, -0.0]
        var bad: [String] = []
        for x in xs {
            let got = BFloat16(x).float, want = HalfPrecisionFormats.mpfrRounded(x, .bfloat16)
            if got.bitPattern != want.bitPattern { bad.append("\(x) (\(x.bitPattern)): \(got) vs \(want)") }
        }
        #expect(xs.count > 250_000)
        #expect(bad.isEmpty, "\(bad.count) mismatches: \(bad.prefix(5))")
        // Ties to even, overflow, NaN.
        #expect(BFloat16(Float(bitPattern: 0x3F80_8000)).bitPattern == 0x3F80)
        #expect(BFloat16(Float(bitPattern: 0x3F81_8000)).bitPattern == 0x3F82)
        #expect(BFloat16(Float.greatestFiniteMagnitude).float == .infinity)
        #expect(BFloat16(Float.nan).isNaN && BFloat16(Float(bitPattern: 0x7F80_0001)).isNaN)
    }

    @Test func everyFloat16PatternConvertsToFloatAndBack() {
        var bad: [String] = []
        for bits in UInt16(0) ... 0xFFFF {
            let h = Float16(bitPattern: bits)
            let back = Float16(Float(h))
            if h.isNaN { if !back.isNaN { bad.append("NaN lost") } }
            else if back.bitPattern != bits { bad.append("0x\(String(bits, radix: 16))") }
        }
        #expect(bad.isEmpty, "\(bad.prefix(5))")
    }

    @Test func floatToFloat16RoundsLikeMPFRAtElevenBits() {
        let xs = HalfPrecisionFormats.probes({ Float(Float16(bitPattern: $0)) }, ulp: { Float(Float16($0).ulp) })
            + [65504, 65519.996, 65520, -65520, .leastNonzeroMagnitude, 2.9802322e-08, 5.9604645e-08, .infinity]
        var bad: [String] = []
        for x in xs {
            let got = Float(Float16(x)), want = HalfPrecisionFormats.mpfrRounded(x, .binary16)
            if got.bitPattern != want.bitPattern { bad.append("\(x): \(got) vs \(want)") }
        }
        #expect(xs.count > 250_000)
        #expect(bad.isEmpty, "\(bad.count) mismatches: \(bad.prefix(5))")
    }

    @Test func formatConstants() {
        #expect(IEEEFormat.allCases.map(\.name) == ["float16", "bfloat16", "float32", "float64"])
        #expect(IEEEFormat.allCases.map(\.shortName) == ["f16", "bf16", "f32", "f64"])
        #expect(IEEEFormat.allCases.map(\.unitRoundoff) == [0x1p-11, 0x1p-8, 0x1p-24, 0x1p-53])
        #expect(IEEEFormat.binary16.largestFiniteValue == 65504 && IEEEFormat.binary16.leastSubnormalValue == 0x1p-24)
        #expect(IEEEFormat.bfloat16.largestFiniteValue == Double(BFloat16(bitPattern: 0x7F7F).float))
        #expect(IEEEFormat.bfloat16.leastSubnormalValue == 0x1p-133)
        #expect(IEEEFormat.binary64.largestFiniteValue == .greatestFiniteMagnitude && IEEEFormat.binary64.leastSubnormalValue == .leastNonzeroMagnitude)
        #expect(IEEEFormat.binary32.leastSubnormalValue == Double(Float.leastNonzeroMagnitude))
    }

    @Test func halfPrecisionActivationsRunInFloatAndRoundOnce() {
        let x = 0.30078125   // exact in bfloat16 and binary16
        let s = Activations.Sigmoid()
        #expect(IEEEFormat.binary16.value(of: s, at: x) == Double(Float16(s(Float(x)))))
        #expect(IEEEFormat.bfloat16.value(of: s, at: x) == Double(BFloat16(s(Float(x))).float))
        #expect(IEEEFormat.bfloat16.derivative(of: s, at: x) == Double(BFloat16(s.derivative(Float(x))).float))
        #expect(IEEEFormat.binary64.value(of: s, at: x) == s(x))
    }
}
