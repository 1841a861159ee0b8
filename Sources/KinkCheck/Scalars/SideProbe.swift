import BigFloat
import KinkCheckSupport

/// One evaluation of a definition that proves what it computes on one side of a point x*.
///
/// It runs the definition three ways at once, as ``Dual``s over ``MPFRInterval``s:
/// - `over`: on a closed interval K that reaches from x* (or from an enclosure C of it) a small
///   step δ into the side — enclosures of every intermediate value and derivative for all ξ ∈ K;
/// - `at`: at the near end E of K — x* itself when it is known exactly (a typed decimal carries
///   its exact rational, so a tie like 0.7 − 0.7 is exactly 0), else the end of C that faces the
///   side;
/// - `enclosure`: over C, when x* is only known to lie in C (a located kink).
///
/// Every comparison a < b is decided for the *open* side (E, far end of K], and proven constant
/// there, from d = a − b: d's enclosure over K excludes 0 (the same answer on all of K); or d′'s
/// enclosure over K excludes 0 and is finite, so d is strictly monotone on K, and d(E) is exactly
/// 0 or has the sign d takes moving into the side — then d ≠ 0 on the open side; or d′ is exactly
/// 0 on K, so d is the constant d(E), known exactly or by a strict sign. Anything else (a switch
/// inside K, an enclosure too wide to tell) is logged as a failure in ``SideProbeLog`` and the
/// caller retries with a smaller δ or more precision.
///
/// With every comparison proven, the side's program g runs on the whole open side and on K.
/// Every intermediate value finite over K makes g continuous on K (each operation is continuous
/// where its enclosure is finite; comparisons are not operations here), so f(x*±) = g(x*) ∈ the
/// value at E (or over C). Every intermediate derivative finite over K as well makes g C¹ on K,
/// so D± = g′(x*) ∈ the derivative at E (or over C). The log records when either fails.
///
/// Edge cases: `choosingDerivative` keeps the true derivative (conventions pick derivatives at a
/// tie, which the open side never is); `isNaN`/`isInfinite` answer for K.
package struct SideProbe: ActivationScalar {
    package var over: Dual<MPFRInterval>
    package var at: Dual<MPFRInterval>
    package var enclosure: Dual<MPFRInterval>?

    package init(over: Dual<MPFRInterval>, at: Dual<MPFRInterval>, enclosure: Dual<MPFRInterval>?) {
        self.over = over
        self.at = at
        self.enclosure = enclosure
        SideProbeLog.current?.note(over)
    }

    package init(integerLiteral value: Int) { self.init(exactInteger: value) }
    package init(exactInteger n: Int) {
        let c = Dual<MPFRInterval>(exactInteger: n)
        over = c; at = c; enclosure = nil
    }

    /// The same operation on every part.
    @inline(__always)
    package static func map(_ a: SideProbe, _ f: (Dual<MPFRInterval>) -> Dual<MPFRInterval>) -> SideProbe {
        SideProbe(over: f(a.over), at: f(a.at), enclosure: a.enclosure.map(f))
    }
    @inline(__always)
    package static func map(_ a: SideProbe, _ b: SideProbe, _ f: (Dual<MPFRInterval>, Dual<MPFRInterval>) -> Dual<MPFRInterval>) -> SideProbe {
        let c: Dual<MPFRInterval>? = (a.enclosure != nil || b.enclosure != nil) ? f(a.enclosure ?? a.at, b.enclosure ?? b.at) : nil
        return SideProbe(over: f(a.over, b.over), at: f(a.at, b.at), enclosure: c)
    }

    package static func + (a: SideProbe, b: SideProbe) -> SideProbe { map(a, b, +) }
    package static func - (a: SideProbe, b: SideProbe) -> SideProbe { map(a, b, -) }
    package static func * (a: SideProbe, b: SideProbe) -> SideProbe { map(a, b, *) }
    package static func / (a: SideProbe, b: SideProbe) -> SideProbe { map(a, b, /) }
    package static prefix func - (a: SideProbe) -> SideProbe { map(a) { -$0 } }

    package static func exp(_ x: SideProbe) -> SideProbe { map(x, Dual.exp) }
    package static func expm1(_ x: SideProbe) -> SideProbe { map(x, Dual.expm1) }
    package static func log(_ x: SideProbe) -> SideProbe { map(x, Dual.log) }
    package static func log1p(_ x: SideProbe) -> SideProbe { map(x, Dual.log1p) }
    package static func tanh(_ x: SideProbe) -> SideProbe { map(x, Dual.tanh) }
    package static func erf(_ x: SideProbe) -> SideProbe { map(x, Dual.erf) }
    package static func erfc(_ x: SideProbe) -> SideProbe { map(x, Dual.erfc) }
    package static func erfcx(_ x: SideProbe) -> SideProbe { map(x, Dual.erfcx) }
    package static func sqrt(_ x: SideProbe) -> SideProbe { map(x, Dual.sqrt) }
    package static func sin(_ x: SideProbe) -> SideProbe { map(x, Dual.sin) }
    package static func cos(_ x: SideProbe) -> SideProbe { map(x, Dual.cos) }
    package static func atan(_ x: SideProbe) -> SideProbe { map(x, Dual.atan) }
    /// |x| by the sign of x on the open side (a comparison, so proven like any other).
    package static func abs(_ x: SideProbe) -> SideProbe {
        if x > 0 { return x }
        if x < 0 { return -x }
        return x   // x ≡ 0 on the side
    }
    package static func min(_ a: SideProbe, _ b: SideProbe) -> SideProbe { b < a ? b : a }
    package static func max(_ a: SideProbe, _ b: SideProbe) -> SideProbe { b > a ? b : a }
    package static func constant(_ c: DecimalConstant, like x: SideProbe) -> SideProbe {
        SideProbe(over: Dual.constant(c, like: x.over), at: Dual.constant(c, like: x.at),
                  enclosure: x.enclosure.map { Dual.constant(c, like: $0) })
    }
    package static func pi(like x: SideProbe) -> SideProbe {
        SideProbe(over: Dual.pi(like: x.over), at: Dual.pi(like: x.at), enclosure: x.enclosure.map { Dual.pi(like: $0) })
    }
    package static func choosingDerivative(_ value: SideProbe, slope: SideProbe, of x: SideProbe) -> SideProbe { value }
    package static func splittingTie(_ a: SideProbe, _ b: SideProbe) -> SideProbe { map(a, b, Dual.splittingTie) }

    package var isNaN: Bool { over.isNaN }
    package var isInfinite: Bool { over.isInfinite }
    package var signBit: Bool { self < 0 }

    // MARK: Comparisons, decided for the open side

    /// The sign of a − b on the open side, proven constant there; nil (and a logged failure)
    /// when it cannot be.
    package static func sign(_ a: SideProbe, _ b: SideProbe) -> Int? {
        guard let log = SideProbeLog.current else { preconditionFailure("a SideProbe compared outside SideProbeLog.run") }
        let d = a.over - b.over, e = (a.at - b.at).value
        let d0 = d.value, d1 = d.derivative
        let answer: Int?
        if d0.isNaN || e.isNaN {
            answer = nil
        } else if d0.lower.signum > 0 {
            answer = 1
        } else if d0.upper.signum < 0 {
            answer = -1
        } else if !log.continuous {
            answer = nil   // d may jump inside K: no monotonicity argument
        } else if d1.lower.isZero && d1.upper.isZero {
            answer = strictSign(e)   // d′ ≡ 0: d is d(E) on all of K
        } else if d1.isFiniteInterval && (d1.lower.signum > 0 || d1.upper.signum < 0) {
            let intoSide = log.side.sign * (d1.lower.signum > 0 ? 1 : -1)
            // Strictly monotone on K: d ≠ 0 on the open side if d(E) is 0 or already has that sign.
            answer = strictSign(e).flatMap { $0 == 0 || $0 == intoSide ? intoSide : nil }
        } else {
            answer = nil
        }
        log.signs.append(answer ?? 2)
        if answer == nil { log.decided = false }
        if strictSign(e) == 0 { log.tieAtPoint = true }
        return answer
    }

    /// The sign of a value known exactly (a rational or a point) or strictly (an enclosure clear
    /// of 0); nil when the enclosure holds 0 and the value is not known to be 0.
    package static func strictSign(_ e: MPFRInterval) -> Int? {
        if let q = e.exact?.rational { return q.signum }
        if e.isPoint { return e.lower.signum }
        if e.lower.signum > 0 { return 1 }
        if e.upper.signum < 0 { return -1 }
        return nil
    }

    package static func == (a: SideProbe, b: SideProbe) -> Bool { sign(a, b) == 0 }
    package static func < (a: SideProbe, b: SideProbe) -> Bool { sign(a, b).map { $0 < 0 } ?? false }
    package static func <= (a: SideProbe, b: SideProbe) -> Bool { sign(a, b).map { $0 <= 0 } ?? false }
    package static func > (a: SideProbe, b: SideProbe) -> Bool { sign(a, b).map { $0 > 0 } ?? false }
    package static func >= (a: SideProbe, b: SideProbe) -> Bool { sign(a, b).map { $0 >= 0 } ?? false }
}

/// What one ``SideProbe`` evaluation established: every comparison decided for the open side,
/// every intermediate value over K finite (g continuous on K), every intermediate derivative
/// over K finite (g C¹ on K).
package final class SideProbeLog: @unchecked Sendable {
    // Unsynchronised by design: one log belongs to one synchronous evaluation.
    package let side: Side
    package var decided = true
    package var continuous = true
    package var smooth = true
    /// The sign of a − b on the open side at each comparison, in order (2: undecided).
    package var signs: [Int] = []
    /// True when some comparison's two sides are exactly equal at the point itself: the point is
    /// on a switch, where f's own branch may differ from the sides'.
    package var tieAtPoint = false

    package init(side: Side) { self.side = side }

    @TaskLocal package static var current: SideProbeLog?

    package func note(_ x: Dual<MPFRInterval>) {
        if !x.value.isFiniteInterval { continuous = false; smooth = false }
        else if !x.derivative.isFiniteInterval { smooth = false }
    }

    /// Runs `body` with a fresh log for `side`, in exact mode and MPFR's widest exponent range.
    package static func run<R>(side: Side, _ body: () -> R) -> (R, SideProbeLog) {
        let log = SideProbeLog(side: side)
        let r = BigFloat.withWidestExponentRange {
            ExactArithmetic.with { $current.withValue(log, operation: body) }
        }
        return (r, log)
    }
}
