import BigFloat
import KinkCheckSupport

/// The exact value an ``MPFRInterval`` encloses, when it is known: a rational, or a small
/// expression over rationals and π with the elementary functions (ln 2 as `log1p(1)`).
///
/// Rationals compare and combine exactly. Expressions only support *identity*: two values built
/// the same way are the same number (`log1p(exp(0))` and `0 + log1p(1)` both reduce to
/// `log1p(1)`), so a tie between them — softplus's two branches at 0, `where(x < 1, exp(x),
/// exp(x))` at 1 — is decided exactly and a continuity there is proven. Nothing is ever concluded
/// from two expressions that differ: they may still be equal numbers, and then only the
/// enclosures speak.
///
/// Size: an expression of more than ``maximumSize`` nodes is dropped (the interval stays a plain
/// enclosure), so exact values never cost more than a few allocations per operation.
package indirect enum ExactValue: Sendable {
    case rational(Rational)
    case pi
    case function(ElementaryFunction, ExactValue)
    case sum(ExactValue, ExactValue)
    case product(ExactValue, ExactValue)
    case quotient(ExactValue, ExactValue)
    case negation(ExactValue)

    /// The most nodes an expression may have.
    package static let maximumSize = 64

    package var rational: Rational? {
        if case .rational(let q) = self { return q }
        return nil
    }

    /// Nodes in the expression.
    package var size: Int {
        switch self {
        case .rational, .pi: 1
        case .function(_, let a), .negation(let a): 1 + a.size
        case .sum(let a, let b), .product(let a, let b), .quotient(let a, let b): 1 + a.size + b.size
        }
    }

    /// True when the two are the same number because they are built the same way (sums and
    /// products in either order), or are equal rationals.
    package func isIdentical(to other: ExactValue) -> Bool {
        switch (self, other) {
        case (.rational(let a), .rational(let b)): return a == b
        case (.pi, .pi): return true
        case (.function(let f, let a), .function(let g, let b)): return f == g && a.isIdentical(to: b)
        case (.negation(let a), .negation(let b)): return a.isIdentical(to: b)
        case (.quotient(let a, let b), .quotient(let c, let d)): return a.isIdentical(to: c) && b.isIdentical(to: d)
        case (.sum(let a, let b), .sum(let c, let d)), (.product(let a, let b), .product(let c, let d)):
            return (a.isIdentical(to: c) && b.isIdentical(to: d)) || (a.isIdentical(to: d) && b.isIdentical(to: c))
        default: return false
        }
    }

    package var isZero: Bool { rational?.isZero ?? false }
    package var isOne: Bool { rational.map { $0 == Rational(1) } ?? false }

    /// A term, or nil when it is too large to keep.
    package static func bounded(_ term: ExactValue) -> ExactValue? { term.size <= maximumSize ? term : nil }
}
