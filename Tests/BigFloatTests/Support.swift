import BigFloat
import Foundation
import Testing

// MARK: - Fixtures

/// The JSON files `scripts/gen_bigfloat_fixtures.py` writes (mpmath 1.3 at ≥ 2400 bits, rounded
/// exactly with integer arithmetic). Regenerate with `python3 scripts/gen_bigfloat_fixtures.py`.
enum Fixture {
    /// The records stored under `key` in `Fixtures/<name>.json`.
    static func records(_ name: String, key: String) throws -> [[String: Any]] {
        let object = try document(name)
        return try #require(object[key] as? [[String: Any]], "\(name).json has no array '\(key)'")
    }

    static func document(_ name: String) throws -> [String: Any] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"),
                               "Fixtures/\(name).json is missing from the test bundle")
        let data = try Data(contentsOf: url)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}

/// The fixtures' one-letter names for rounding directions (MPFR's RNDN, RNDZ, RNDU, RNDD, RNDA).
let roundingCodes: [(code: String, rounding: Rounding)] = [
    ("N", .nearestEven), ("Z", .towardZero), ("U", .up), ("D", .down), ("A", .awayFromZero),
]

/// Parses a fixture value (exact hex, or inf/-inf) at precision p; it must be exact.
func exactValue(_ text: String, precision p: Int, sourceLocation: SourceLocation = #_sourceLocation) throws -> BigFloat {
    var t = Ternary(0)
    let x = try withUnsafeMutablePointer(to: &t) { try BigFloat(parsing: text, precision: p, ternary: $0) }
    #expect(t.isExact, "fixture value \(text) is not exact at \(p) bits", sourceLocation: sourceLocation)
    return x
}

/// The sign of a ternary value, as the fixtures store it.
func sign(_ t: Ternary) -> Int { Int(t.rawValue.signum()) }

// MARK: - Independent references

/// C's snprintf (glibc prints binary floating point exactly, so `%.Ne` is correctly rounded
/// and `%a` exact): a reference that shares no code with MPFR.
func cFormat(_ format: String, _ value: Double) -> String {
    var buffer = [CChar](repeating: 0, count: 512)
    let n = withVaList([value]) { args in
        buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, 512, format, args) }
    }
    precondition(n >= 0 && n < 512)
    return String(cString: buffer)
}

/// The exact decimal expansion of m · 2^-k (k ≥ 0), with a small base-10⁹ bignum: m · 5^k
/// with the point k digits from the right. No BigFloat, no MPFR.
func exactDecimal(mantissa m: UInt64, twoToMinus k: Int, negative: Bool = false) -> String {
    var limbs: [UInt64] = [m % 1_000_000_000, (m / 1_000_000_000) % 1_000_000_000, m / 1_000_000_000_000_000_000]
    for _ in 0..<k {
        var carry: UInt64 = 0
        for i in limbs.indices {
            let v = limbs[i] * 5 + carry
            limbs[i] = v % 1_000_000_000
            carry = v / 1_000_000_000
        }
        if carry > 0 { limbs.append(carry) }
    }
    while limbs.count > 1 && limbs.last == 0 { limbs.removeLast() }
    var digits = String(limbs.last!)
    for limb in limbs.dropLast().reversed() {
        let s = String(limb)
        digits += String(repeating: "0", count: 9 - s.count) + s
    }
    if digits.count <= k { digits = String(repeating: "0", count: k - digits.count + 1) + digits }
    let cut = digits.index(digits.endIndex, offsetBy: -k)
    var text = String(digits[..<cut]) + (k > 0 ? "." + digits[cut...] : "")
    if negative { text = "-" + text }
    return text
}

/// The round-to-nearest-even bfloat16 of a Float, by the usual bit trick (bfloat16 is the top
/// half of binary32): add 0x7FFF plus the lowest kept bit, truncate. NaN is left out.
func bfloat16RoundedBits(_ f: Float) -> UInt32 {
    let bits = f.bitPattern
    return (bits &+ 0x7FFF &+ ((bits >> 16) & 1)) >> 16
}

func floatFromBFloat16Bits(_ b: UInt32) -> Float { Float(bitPattern: b << 16) }
