import Foundation
import KinkCheck
import KinkCheckSupport
import Testing

/// SplitMix64: a deterministic generator, stable across toolchains (unlike `Hasher`).
private struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

@Suite("Formula parser fuzz")
struct FormulaFuzzTests {
    static let alphabet = ["x", "pi", "e", "a", "y", "0", "1", "0.5", "1e3", "0x1p-2", "1.2.3", "2x", "+", "-", "*", "/", "^",
                           "(", ")", "(", ")", ",", ";", "=", "<", "<=", ">", ">=", " ", "exp(", "max(", "min(", "where(",
                           "relu(", "elu(", "leaky_relu(", "abs(", "sqrt(", "alpha=", "convention=jax", "slope=0.2", "·", "**"]
    static let valid = ["where(x < 0, 0.1*x, 1.5*x)", "x*sigmoid(x)", "min(max(x, 0), 6)", "elu(x; alpha=0.5) + a*x^2",
                        "leaky_relu(x; slope=0.2, convention=jax)", "-x^2 + 2^-1*exp(-x) / (1 + abs(x))",
                        "softplus(2*x; beta=3) - log1p(x^(-2))", "where(a >= x, max(x, pi), min(e, erf(x)))"]

    /// 100,000 formulas with KINKCHECK_FUZZ=large; 10,000 by default, which keeps the debug-build
    /// test to a few seconds (the parser is the same code either way).
    static var count: Int { ProcessInfo.processInfo.environment["KINKCHECK_FUZZ"] == "large" ? 100_000 : 10_000 }

    /// Half random token sequences from the grammar's alphabet, half truncations and mutations of
    /// valid formulas: each parses (and then evaluates) or throws a FormulaError; none crashes.
    @Test func randomFormulasParseOrThrowFormulaError() {
        var rng = SplitMix64(state: 0x5EED_F0F0)
        var parsed = 0, rejected = 0
        for i in 0..<Self.count {
            var text: String
            if i % 2 == 0 {
                text = (0..<(1 + rng.below(14))).map { _ in rng.pick(Self.alphabet) }.joined()
            } else {
                var s = Array(rng.pick(Self.valid).unicodeScalars)
                for _ in 0..<(1 + rng.below(3)) {
                    switch rng.below(4) {
                    case 0: s = Array(s.prefix(rng.below(s.count + 1)))
                    case 1 where !s.isEmpty: s.remove(at: rng.below(s.count))
                    case 2: s.insert(contentsOf: rng.pick(Self.alphabet).unicodeScalars, at: rng.below(s.count + 1))
                    default: if !s.isEmpty { s[rng.below(s.count)] = rng.pick(Array("()x,;<^-".unicodeScalars)) }
                    }
                }
                text = String(String.UnicodeScalarView(s))
            }
            do {
                let f = try Formula(formula: text, parameters: [("a", "0.25")])
                _ = f(0.5)
                _ = f.valueAndDerivative(at: Float(-1))
                parsed += 1
            } catch {
                #expect(error.column >= 0 && error.column <= text.unicodeScalars.count + 1 && !error.message.isEmpty,
                        "'\(text)': \(error)")
                rejected += 1
            }
        }
        #expect(parsed > Self.count / 50 && rejected > Self.count / 2, "parsed \(parsed), rejected \(rejected)")
    }
}
