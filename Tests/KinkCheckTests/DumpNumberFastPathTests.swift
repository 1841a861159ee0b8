import BigFloat
import Foundation
import KinkCheckSamples
import KinkCheckSupport
import Testing

/// `DumpNumber.read` reads `nan`, `inf` and short exact hex floats from their bytes, and everything
/// else through MPFR; both must give the same number (bit for bit) or the same refusal.
@Suite struct DumpNumberFastPathTests {
    func outcome(_ read: (String, IEEEFormat) throws(DumpNumber.Failure) -> Double, _ text: String, _ f: IEEEFormat) -> String {
        do { return String((try read(text, f)).bitPattern, radix: 16) } catch { return "refused: \(error)" }
    }

    func expectAgreement(_ text: String, _ f: IEEEFormat, sourceLocation: SourceLocation = #_sourceLocation) {
        let fast = outcome(DumpNumber.read, text, f), mpfr = outcome(DumpNumber.readWithMPFR, text, f)
        #expect(fast == mpfr, "'\(text)' in \(f): \(fast), through MPFR \(mpfr)", sourceLocation: sourceLocation)
    }

    @Test(arguments: IEEEFormat.allCases)
    func theFastPathsAgreeWithMPFROnEdgeSpellings(_ f: IEEEFormat) {
        let texts = [
            "0x1.", "0x.8", "0x.", "0x", "0x1p", "0x1p+", "0x1.8.8", "0xg", "0x1e3", "0X1P3", "0x1P-3", "-0x0p+0", "0x0p0", "+0x0.000p-99",
            "0x1.8p1023", "0x1p1024", "0x1.fffffffffffffp+1023", "0x1p-1074", "0x1p-1075", "0x1.8p-1074", "0x0.0000000000001p-1022",
            "0x1.fffffep+127", "0x1.ffffffp+127", "0x1p-149", "0x1p-150", "0x1.8p-149", "0x1.ffcp15", "0x1p16", "0x1p-24", "0x1p-25",
            "0x1.8p-24", "0x1.fep127", "0x1.ffp127", "0x1p-133", "0x1p-134", "0x1.0000000000000p+0", "0x00001.0000p0",
            "0x1000000000000000p-60", "0x10000000000000000p-64", "0x1.00000000000000000p0", "0x1p999999", "0x1p-999999",
            "0x1p1000000", "0x1p+0000001", "0x 1p0", "0x1p0 ", "0x1p1.5", "inf", "-Infinity", "+INF", "infinit", "nan", "-NaN",
            "+nan", "nan1", "1.5", "-0.0", "0x1.8p+1",
        ]
        for t in texts { expectAgreement(t, f) }
    }

    /// Every dtype number in several hex spellings, and a neighbour one digit off (inexact).
    @Test(arguments: IEEEFormat.allCases)
    func theFastPathAgreesWithMPFROnRandomNumbers(_ f: IEEEFormat) {
        var rng = SplitMix64(seed: 0x6865_7866_6173_7421)   // "hexfast!"
        for _ in 0 ..< 3000 {
            let bits = rng.next()
            let raw: Double
            switch f {
            case .binary64: raw = Double(bitPattern: bits)
            case .binary32: raw = Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))
            case .binary16, .bfloat16:
                // A random sign, exponent and significand within the format's range.
                let e = Int(bits % UInt64(f.maxExponent - f.minExponent + f.precision + 1)) + f.minExponent - f.precision + 1
                let m = Double((bits >> 20) % (1 << UInt64(f.precision)))
                raw = Double(sign: bits & 1 == 0 ? .plus : .minus, exponent: e, significand: m)
            }
            let x = BigFloat(raw, precision: 53).rounded(to: f).value
            guard x.isFinite else { continue }
            let hex = x.hexString
            let body = hex.hasPrefix("-") ? String(hex.dropFirst(3)) : String(hex.dropFirst(2))
            let sign = hex.hasPrefix("-") ? "-" : ""
            let spellings = [hex, hex.uppercased(), sign + "0x000" + body,
                             sign + "0x" + body.replacingOccurrences(of: "p", with: "000p"),
                             sign + "0x" + body.replacingOccurrences(of: "p", with: "1p")]
            for t in spellings { expectAgreement(t, f) }
        }
    }
}
