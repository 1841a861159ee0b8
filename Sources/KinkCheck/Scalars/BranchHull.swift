import BigFloat
import KinkCheckSupport

/// An enclosure of what a definition computes at *every* point of an interval G, whichever
/// branches it takes there: for a tiny interval around a switch point no binary number holds
/// (√½, 3/10), where the branch taken changes inside G.
///
/// Arithmetic is ``MPFRInterval``'s (abs, min and max are its rigorous ranges, whatever branch a
/// point takes). A comparison whose answer is the same at every point of G (the enclosure of
/// a − b clear of 0) is answered; one that may go either way forks the evaluation:
/// ``BranchHull/evaluate(_:)`` reruns the definition once per combination of answers to the
/// undecided comparisons met along the way (a depth-first search by re-execution), and the
/// hull of the results holds the value at every point of G — each point's own branches are one
/// of the combinations run. At most ``BranchHull/maximumRuns`` runs; beyond, or when a run's
/// value is not finite, there is no enclosure.
package struct HullProbe: ActivationScalar {
    package var value: MPFRInterval

    package init(_ value: MPFRInterval) { self.value = value }
    package init(integerLiteral value: Int) { self.init(exactInteger: value) }
    package init(exactInteger n: Int) { value = MPFRInterval(exactInteger: n) }

    package static func + (a: HullProbe, b: HullProbe) -> HullProbe { HullProbe(a.value + b.value) }
    package static func - (a: HullProbe, b: HullProbe) -> HullProbe { HullProbe(a.value - b.value) }
    package static func * (a: HullProbe, b: HullProbe) -> HullProbe { HullProbe(a.value * b.value) }
    package static func / (a: HullProbe, b: HullProbe) -> HullProbe { HullProbe(a.value / b.value) }
    package static prefix func - (a: HullProbe) -> HullProbe { HullProbe(-a.value) }

    package static func exp(_ x: HullProbe) -> HullProbe { HullProbe(.exp(x.value)) }
    package static func expm1(_ x: HullProbe) -> HullProbe { HullProbe(.expm1(x.value)) }
    package static func log(_ x: HullProbe) -> HullProbe { HullProbe(.log(x.value)) }
    package static func log1p(_ x: HullProbe) -> HullProbe { HullProbe(.log1p(x.value)) }
    package static func tanh(_ x: HullProbe) -> HullProbe { HullProbe(.tanh(x.value)) }
    package static func erf(_ x: HullProbe) -> HullProbe { HullProbe(.erf(x.value)) }
    package static func erfc(_ x: HullProbe) -> HullProbe { HullProbe(.erfc(x.value)) }
    package static func erfcx(_ x: HullProbe) -> HullProbe { HullProbe(.erfcx(x.value)) }
    package static func sqrt(_ x: HullProbe) -> HullProbe { HullProbe(.sqrt(x.value)) }
    package static func sin(_ x: HullProbe) -> HullProbe { HullProbe(.sin(x.value)) }
    package static func cos(_ x: HullProbe) -> HullProbe { HullProbe(.cos(x.value)) }
    package static func atan(_ x: HullProbe) -> HullProbe { HullProbe(.atan(x.value)) }
    package static func abs(_ x: HullProbe) -> HullProbe { HullProbe(.abs(x.value)) }
    package static func min(_ a: HullProbe, _ b: HullProbe) -> HullProbe { HullProbe(.min(a.value, b.value)) }
    package static func max(_ a: HullProbe, _ b: HullProbe) -> HullProbe { HullProbe(.max(a.value, b.value)) }
    package static func constant(_ c: DecimalConstant, like x: HullProbe) -> HullProbe { HullProbe(.constant(c, like: x.value)) }
    package static func pi(like x: HullProbe) -> HullProbe { HullProbe(.pi(like: x.value)) }
    /// The value (a convention's slope is the business of ``Dual`` over this type).
    package static func choosingDerivative(_ value: HullProbe, slope: HullProbe, of x: HullProbe) -> HullProbe { value }
    package static func splittingTie(_ a: HullProbe, _ b: HullProbe) -> HullProbe { a }

    package var isNaN: Bool { value.isNaN }
    package var isInfinite: Bool { value.isInfinite }
    package var signBit: Bool { self < 0 }

    /// A comparison's answer over every point: decided when the enclosures settle it (`surely`
    /// true, or `never` true), else forked.
    static func answer(surely: Bool, never: Bool) -> Bool {
        if surely { return true }
        if never { return false }
        guard let search = BranchHull.current else { preconditionFailure("a HullProbe compared outside BranchHull.evaluate") }
        return search.fork()
    }

    package static func == (a: HullProbe, b: HullProbe) -> Bool {
        let (x, y) = (a.value, b.value)
        return answer(surely: x.isPoint && y.isPoint && x.lower == y.lower, never: x.upper < y.lower || x.lower > y.upper)
    }
    package static func < (a: HullProbe, b: HullProbe) -> Bool {
        answer(surely: a.value.upper < b.value.lower, never: a.value.lower >= b.value.upper)
    }
    package static func <= (a: HullProbe, b: HullProbe) -> Bool {
        answer(surely: a.value.upper <= b.value.lower, never: a.value.lower > b.value.upper)
    }
    package static func > (a: HullProbe, b: HullProbe) -> Bool { b < a }
    package static func >= (a: HullProbe, b: HullProbe) -> Bool { b <= a }
}

/// The depth-first search over undecided comparisons behind ``HullProbe``.
package final class BranchHull: @unchecked Sendable {
    // Unsynchronised by design: one search belongs to one synchronous evaluation.
    /// Runs allowed per hull.
    package static let maximumRuns = 64

    /// The answers this run gives to the undecided comparisons, in order; beyond them, `false`
    /// (and the `true` alternative is queued).
    var prefix: [Bool]
    var position = 0
    var pending: [[Bool]] = []

    init(prefix: [Bool]) { self.prefix = prefix }

    @TaskLocal static var current: BranchHull?

    func fork() -> Bool {
        defer { position += 1 }
        if position < prefix.count { return prefix[position] }
        pending.append(prefix + [true])
        prefix.append(false)
        return false
    }

    /// The hull of `body` over every combination of answers to its undecided comparisons; nil
    /// past ``maximumRuns`` runs or when a run's value is not finite.
    package static func evaluate(_ body: () -> MPFRInterval) -> MPFRInterval? {
        var queue: [[Bool]] = [[]]
        var hull: MPFRInterval? = nil
        var runs = 0
        while let prefix = queue.popLast() {
            runs += 1
            guard runs <= maximumRuns else { return nil }
            let search = BranchHull(prefix: prefix)
            let v = BigFloat.withWidestExponentRange { $current.withValue(search, operation: body) }
            guard v.isFiniteInterval else { return nil }
            hull = hull?.hull(v) ?? v
            queue += search.pending
        }
        return hull
    }
}
