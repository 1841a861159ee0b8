import BigFloat
import KinkCheckSupport

/// One evaluation of a definition over a real sub-interval K = [a, b], for certified quadrature:
/// which program the definition runs on K, proven, and that program's analytic continuation
/// enclosed on rectangles of ℂ around K.
///
/// - `probe` decides the branches for all of K: an ``MPFRInterval`` over K (every comparison
///   the same at every point of K, else an ambiguity is counted in ``IntervalAmbiguity`` and the
///   evaluation is void), or, where a branch switches at an end of K, a ``SideProbe`` with K as
///   its interval and that end as E: it proves every comparison constant on K minus E (so the
///   branches taken are the same straight-line program g at every point of the half-open
///   interval — which is all an integral sees). Either encloses g over K.
/// - `boxes` run the *same* program — each comparison is answered by `probe`, never by a box —
///   on rectangles B₁, B₂, … of ℂ that contain K (for Gauss–Legendre's Bernstein-ellipse bounds).
///   Every operation is analytic where its ``ComplexBox`` enclosure is finite (a pole, a branch
///   cut or an essential singularity inside a rectangle makes that box unbounded), so a finite
///   result box proves g analytic on the rectangle and bounds |g| there.
///
/// `abs`, `min` and `max` are decided like comparisons (|x| is x or −x on the side, both
/// analytic); `choosingDerivative` and `splittingTie` keep the value (conventions act at ties,
/// which the open side never is). A box list of one element is a constant for every rectangle;
/// an empty one evaluates over K alone.
package struct AnalyticProbe<Probe: ActivationScalar>: ActivationScalar {
    package var probe: Probe
    package var boxes: [ComplexBox]

    package init(probe: Probe, boxes: [ComplexBox]) {
        self.probe = probe
        self.boxes = boxes
    }

    package init(integerLiteral value: Int) { self.init(exactInteger: value) }
    package init(exactInteger n: Int) {
        probe = Probe(exactInteger: n)
        boxes = [ComplexBox(real: MPFRInterval(exactInteger: n))]
    }

    @inline(__always)
    static func map(_ a: AnalyticProbe, _ p: (Probe) -> Probe, _ f: (ComplexBox) -> ComplexBox) -> AnalyticProbe {
        AnalyticProbe(probe: p(a.probe), boxes: a.boxes.map(f))
    }
    @inline(__always)
    static func map(_ a: AnalyticProbe, _ b: AnalyticProbe, _ p: (Probe, Probe) -> Probe,
                    _ f: (ComplexBox, ComplexBox) -> ComplexBox) -> AnalyticProbe {
        // No boxes on one side (an evaluation over K only) means none in the result.
        let n = a.boxes.isEmpty || b.boxes.isEmpty ? 0 : Swift.max(a.boxes.count, b.boxes.count)
        let boxes = (0..<n).map { i in f(a.boxes[a.boxes.count == 1 ? 0 : i], b.boxes[b.boxes.count == 1 ? 0 : i]) }
        return AnalyticProbe(probe: p(a.probe, b.probe), boxes: boxes)
    }

    package static func + (a: AnalyticProbe, b: AnalyticProbe) -> AnalyticProbe { map(a, b, +, +) }
    package static func - (a: AnalyticProbe, b: AnalyticProbe) -> AnalyticProbe { map(a, b, -, -) }
    package static func * (a: AnalyticProbe, b: AnalyticProbe) -> AnalyticProbe { map(a, b, *, *) }
    package static func / (a: AnalyticProbe, b: AnalyticProbe) -> AnalyticProbe { map(a, b, /, /) }
    package static prefix func - (a: AnalyticProbe) -> AnalyticProbe { map(a, { -$0 }, { -$0 }) }

    package static func exp(_ x: AnalyticProbe) -> AnalyticProbe { map(x, Probe.exp, ComplexBox.exp) }
    package static func expm1(_ x: AnalyticProbe) -> AnalyticProbe { map(x, Probe.expm1, ComplexBox.expm1) }
    package static func log(_ x: AnalyticProbe) -> AnalyticProbe { map(x, Probe.log, ComplexBox.log) }
    package static func log1p(_ x: AnalyticProbe) -> AnalyticProbe { map(x, Probe.log1p, ComplexBox.log1p) }
    package static func tanh(_ x: AnalyticProbe) -> AnalyticProbe { map(x, Probe.tanh, ComplexBox.tanh) }
    package static func erf(_ x: AnalyticProbe) -> AnalyticProbe { map(x, Probe.erf, ComplexBox.erf) }
    package static func erfc(_ x: AnalyticProbe) -> AnalyticProbe { map(x, Probe.erfc, ComplexBox.erfc) }
    package static func erfcx(_ x: AnalyticProbe) -> AnalyticProbe { map(x, Probe.erfcx, ComplexBox.erfcx) }
    package static func sqrt(_ x: AnalyticProbe) -> AnalyticProbe { map(x, Probe.sqrt, ComplexBox.sqrt) }
    package static func sin(_ x: AnalyticProbe) -> AnalyticProbe { map(x, Probe.sin, ComplexBox.sin) }
    package static func cos(_ x: AnalyticProbe) -> AnalyticProbe { map(x, Probe.cos, ComplexBox.cos) }
    package static func atan(_ x: AnalyticProbe) -> AnalyticProbe { map(x, Probe.atan, ComplexBox.atan) }

    /// |x| by the sign of x on K, decided as ``SideProbe/abs(_:)`` decides it.
    package static func abs(_ x: AnalyticProbe) -> AnalyticProbe {
        if x > 0 { return x }
        if x < 0 { return -x }
        return x   // x ≡ 0 on the side
    }
    package static func min(_ a: AnalyticProbe, _ b: AnalyticProbe) -> AnalyticProbe { b < a ? b : a }
    package static func max(_ a: AnalyticProbe, _ b: AnalyticProbe) -> AnalyticProbe { b > a ? b : a }

    /// The box precision of this value (the constants' boxes are made at it).
    var boxPrecision: Int {
        boxes.first.map { Swift.max($0.re.lower.precision, $0.im.lower.precision, 53) } ?? 64
    }
    package static func constant(_ c: DecimalConstant, like x: AnalyticProbe) -> AnalyticProbe {
        AnalyticProbe(probe: Probe.constant(c, like: x.probe), boxes: [ComplexBox.constant(c, precision: x.boxPrecision)])
    }
    package static func pi(like x: AnalyticProbe) -> AnalyticProbe {
        AnalyticProbe(probe: Probe.pi(like: x.probe), boxes: [ComplexBox.pi(precision: x.boxPrecision)])
    }
    package static func choosingDerivative(_ value: AnalyticProbe, slope: AnalyticProbe, of x: AnalyticProbe) -> AnalyticProbe { value }
    package static func splittingTie(_ a: AnalyticProbe, _ b: AnalyticProbe) -> AnalyticProbe { a }

    package var isNaN: Bool { probe.isNaN }
    package var isInfinite: Bool { probe.isInfinite }
    package var signBit: Bool { self < 0 }

    package static func == (a: AnalyticProbe, b: AnalyticProbe) -> Bool { a.probe == b.probe }
    package static func < (a: AnalyticProbe, b: AnalyticProbe) -> Bool { a.probe < b.probe }
    package static func <= (a: AnalyticProbe, b: AnalyticProbe) -> Bool { a.probe <= b.probe }
    package static func > (a: AnalyticProbe, b: AnalyticProbe) -> Bool { a.probe > b.probe }
    package static func >= (a: AnalyticProbe, b: AnalyticProbe) -> Bool { a.probe >= b.probe }
}
