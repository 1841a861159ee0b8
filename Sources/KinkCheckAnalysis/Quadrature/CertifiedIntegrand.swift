import BigFloat
import KinkCheck
import KinkCheckSupport

/// The integrands of a distributional identity, hᵢ = ±Aᵢ·φ⁽ᵏⁱ⁾, integrated together: an
/// activation part Aᵢ (f, the backward derivative g, or f″ — g′ when g is hand-written) times a
/// derivative of one test function — written once and evaluated as enclosures at a node
/// (``MPFRInterval``) and over a whole sub-interval with its analytic continuation
/// (``AnalyticProbe``). φ's derivatives are computed once per point for all parts (both sides of
/// an identity share them).
package struct CertifiedIntegrand: Sendable {
    package enum ActivationPart: Sendable, Hashable {
        /// f.
        case value
        /// g: ``Activation/derivative(_:)`` (autodiff of f, or the hand-written derivative).
        case derivative
        /// f″ by nested autodiff, or g′ (autodiff of a hand-written g).
        case secondDerivative
    }

    /// One integrand: ±A·φ⁽ᵏ⁾.
    package struct Part: Sendable {
        package var activationPart: ActivationPart
        /// k in φ⁽ᵏ⁾.
        package var order: Int
        package var negated: Bool

        package init(_ activationPart: ActivationPart, order: Int, negated: Bool = false) {
            self.activationPart = activationPart
            self.order = order
            self.negated = negated
        }
    }

    package var activation: any Activation
    package var testFunction: any TestFunction
    package var parts: [Part]

    package init(activation: any Activation, testFunction: any TestFunction, parts: [Part]) {
        self.activation = activation
        self.testFunction = testFunction
        self.parts = parts
    }

    var highestOrder: Int { parts.map(\.order).max() ?? 0 }

    /// A in any scalar type, as ``DistributionalCheck`` integrates it.
    package func activationPart<T: ActivationScalar>(_ part: ActivationPart, _ x: T) -> T {
        switch part {
        case .value: return activation(x)
        case .derivative: return activation.derivative(x)
        case .secondDerivative:
            return activation.hasHandWrittenDerivative ? activation.derivative(Dual(x, derivative: 1)).derivative
                : activation.trueSecondDerivative(x)
        }
    }

    /// f with f′ or f″ from one dual evaluation, when the parts ask for both and the derivative
    /// is autodiff's: the same operations, so the same results, as evaluating f again. Empty
    /// otherwise.
    func sharedParts<T: ActivationScalar>(_ x: T) -> [ActivationPart: T] {
        guard !activation.hasHandWrittenDerivative, parts.contains(where: { $0.activationPart == .value }) else { return [:] }
        if parts.contains(where: { $0.activationPart == .secondDerivative }) {
            let d = activation(Dual(Dual(x, derivative: 1), derivative: Dual(1, derivative: 0)))
            return [.value: d.value.value, .secondDerivative: d.derivative.derivative]
        }
        if parts.contains(where: { $0.activationPart == .derivative }) {
            let d = activation(Dual(x, derivative: 1))
            return [.value: d.value, .derivative: d.derivative]
        }
        return [:]
    }

    /// Every hᵢ over a (tiny) node interval X, enclosed; nil when some Aᵢ is not finite. The
    /// caller tracks ambiguous comparisons (``IntervalAmbiguity``): with one, an enclosure might
    /// be of the wrong branch and must not be used.
    package func node(_ x: MPFRInterval) -> [MPFRInterval]? {
        let phi = testFunction.derivatives(upTo: highestOrder, over: x)
        // With autodiff, one dual evaluation gives f beside f′ (or f″): the same operations, so
        // the same enclosures, as evaluating f again.
        let shared = sharedParts(x)
        var out: [MPFRInterval] = []
        out.reserveCapacity(parts.count)
        for part in parts {
            let a = shared[part.activationPart] ?? activationPart(part.activationPart, x)
            guard a.isFiniteInterval else { return nil }
            let h = a * phi[part.order]
            out.append(part.negated ? -h : h)
        }
        return out
    }

    /// Every hᵢ over the real sub-interval K = [a, b], for the program proven to run on all of K
    /// (plain interval arithmetic deciding every comparison over K) or, failing that, on K minus
    /// E (a ``SideProbe``: E the end of K on `side`'s near side, a for `.right`, b for `.left`),
    /// and that program's continuation on each box. Nil when some comparison is not proven
    /// constant.
    package func cell(_ a: BigFloat, _ b: BigFloat, sides: [Side], boxes: [ComplexBox]) -> [(real: MPFRInterval, boxes: [ComplexBox])]? {
        let k = MPFRInterval(lower: a, upper: b)
        let phiReal = testFunction.derivatives(upTo: highestOrder, over: k)
        let phiBoxes = boxes.map { testFunction.derivatives(upTo: highestOrder, over: $0) }
        var out: [(real: MPFRInterval, boxes: [ComplexBox])] = []
        for part in parts {
            var found: (MPFRInterval, [ComplexBox])? = nil
            let (plain, ambiguous) = IntervalAmbiguity.withTracking { activationPart(part.activationPart, AnalyticProbe(probe: k, boxes: boxes)) }
            if ambiguous == 0 {
                found = (plain.probe, plain.boxes)
            } else {
                for side in sides {
                    let e = MPFRInterval(side == .right ? a : b)
                    let (result, log) = SideProbeLog.run(side: side) { () -> AnalyticProbe<SideProbe> in
                        let probe = SideProbe(over: Dual(k, derivative: 1), at: Dual(e, derivative: 1), enclosure: nil)
                        return activationPart(part.activationPart, AnalyticProbe(probe: probe, boxes: boxes))
                    }
                    if log.decided { found = (result.probe.over.value, result.boxes); break }
                }
            }
            guard let (value, results) = found else { return nil }
            var real = value * phiReal[part.order]
            var products = boxes.indices.map { i in results[results.count == 1 ? 0 : i] * phiBoxes[i][part.order] }
            if part.negated {
                real = -real
                products = products.map { -$0 }
            }
            out.append((real, products))
        }
        return out
    }
}
