import BigFloat
import KinkCheck
import KinkCheckSupport

/// What one direction d tells at a point x of a multi-input activation, from the certified
/// one-sided limits of the ray t ↦ f(x + t·d) at t → 0⁺.
package struct DirectionalResult: Sendable {
    package var direction: [DecimalConstant]
    /// lim f(x + t·d), t → 0⁺.
    package var value: LimitEstimate
    /// f′(x; d) = lim (f(x + t·d) − f(x⁺))/t.
    package var derivative: LimitEstimate
    /// The limiting gradient along d (each component lim ∂f/∂xᵢ(x + t·d)); nil when the ray stays
    /// on a switch of the definition (a tie holds all along it), where the gradient autodiff
    /// gives is a convention, not a limit of gradients of f from a region of smoothness.
    package var gradient: [LimitEstimate]?
    /// True when every limit here is a proven enclosure.
    package var certified: Bool {
        value.isCertified && derivative.isCertified && (gradient?.allSatisfy(\.isCertified) ?? true)
    }
}

/// The local analysis of a multi-input activation at a point of ℝⁿ: continuity along the
/// probed directions, directional derivatives, the Clarke generalized gradient (the convex hull
/// of the limiting gradients of the pieces active at x), and membership of autodiff's gradient.
package struct MultiInputAnalysis: Sendable {
    package enum Classification: String, Sendable {
        /// Continuous, and one limiting gradient: f is (strictly) differentiable at x.
        case differentiable
        /// Continuous with several limiting gradients: the Clarke set is their hull.
        case nonsmooth
        /// Some direction's limit differs from f(x).
        case jump
        /// A limit could not be established (not certified, or not a number).
        case notEstablished = "not_established"
    }

    package var point: [DecimalConstant]
    package var precision: Int
    /// f(x) correctly rounded.
    package var value: CorrectlyRounded
    package var directions: [DirectionalResult]
    package var classification: Classification
    /// The vertices of the Clarke set (midpoints of certified limits, at `precision` bits).
    package var clarke: [[BigFloat]]
    /// A bound on every vertex component's error.
    package var clarkeBound: BigFloat
    /// Membership is decided within this distance (the vertices' bound, plus rounding).
    package var tolerance: BigFloat
    package var autodiff: [AutodiffGradient]

    /// The backward gradient at x in one scalar type (autodiff, or the hand-written one), and
    /// whether it is in the Clarke set.
    package struct AutodiffGradient: Sendable {
        package var scalar: String
        package var gradient: [BigFloat]
        /// Its distance from the Clarke set (0 inside, up to `tolerance`).
        package var distance: BigFloat?
        /// nil when x is not a point of this type (then nothing is checked in it).
        package var inClarke: Bool?
    }
}

extension MultiInputAnalysis {
    /// The directions probed when none are given: ±eᵢ, ±eᵢ tilted by distinct small amounts in
    /// the other inputs, and for n ≤ 4 also ±(eᵢ − eⱼ) and every sign vector — enough to enter every cell of the built-ins' non-smooth sets at a point
    /// (half-spaces, maxout's cones x_i > x_j) — in a fixed order.
    package static func defaultDirections(_ n: Int) -> [[DecimalConstant]] {
        func unit(_ i: Int, _ s: Int) -> [DecimalConstant] { (0..<n).map { $0 == i ? DecimalConstant(integerLiteral: s) : 0 } }
        var out: [[DecimalConstant]] = []
        for i in 0..<n { out.append(unit(i, 1)); out.append(unit(i, -1)) }
        // ±eᵢ tilted by distinct small amounts in the other inputs: a tie among the others (maxout's
        // x₁ = x₂ while x₃ rises) is broken, so the ray enters a cell.
        for i in 0..<n {
            for s in [1, -1] {
                out.append((0..<n).map { j in j == i ? DecimalConstant(integerLiteral: s) : (try! DecimalConstant("-0x\(j + 1)p-6")) })
            }
        }
        guard n <= 4 else { return out }
        for i in 0..<n { for j in (i + 1)..<n where j < n {
            for s in [1, -1] { out.append((0..<n).map { $0 == i ? DecimalConstant(integerLiteral: s) : ($0 == j ? DecimalConstant(integerLiteral: -s) : 0) }) }
        } }
        if n >= 3 {
            for mask in 0..<(1 << n) { out.append((0..<n).map { DecimalConstant(integerLiteral: mask & (1 << $0) == 0 ? 1 : -1) }) }
        } else if n == 2 {
            out += [[1, 1], [-1, -1]]   // the other two sign vectors are ±(e₁ − e₂)
        }
        return out
    }

    /// Analyses `f` at `point` (exact constants) along `directions` (default:
    /// ``defaultDirections(_:)``) to `precision` bits.
    package static func analyze(_ f: any MultiInputActivation, at point: [DecimalConstant], precision p: Int,
                                directions given: [[DecimalConstant]]? = nil) -> MultiInputAnalysis {
        let n = f.arity
        let exact = point.map { ExactPoint($0) }
        let value = f.correctlyRounded(at: exact, precision: p)
        let zero = ExactPoint(BigFloat.zero(precision: 2))
        let directions = (given ?? defaultDirections(n)).map { d -> DirectionalResult in
            let slice = RaySlice(f, origin: point, direction: d)
            let limit = CertifiedLimit.compute(slice, at: .exact(zero), side: .right, precision: p)
            let valueLimit = limit.map { LimitEstimate.certified($0.value, precision: p) } ?? .unestablished(p)
            let slope = limit?.slope.map { LimitEstimate.certified($0, precision: p) } ?? .unestablished(p)
            // A ray along which some comparison ties throughout lies on a switch: no cell.
            var gradient: [LimitEstimate]? = nil
            if let limit, !limit.decisions.contains(0) {
                gradient = (0..<n).map { i in
                    let partial = RaySlice(f, origin: point, direction: d, component: i)
                    return CertifiedLimit.compute(partial, at: .exact(zero), side: .right, precision: p)
                        .map { LimitEstimate.certified($0.value, precision: p) } ?? .unestablished(p)
                }
            }
            return DirectionalResult(direction: d, value: valueLimit, derivative: slope, gradient: gradient)
        }
        return assemble(f, point: point, precision: p, value: value, directions: directions)
    }

    private static func assemble(_ f: any MultiInputActivation, point: [DecimalConstant], precision p: Int,
                                 value: CorrectlyRounded, directions: [DirectionalResult]) -> MultiInputAnalysis {
        let w = p + 64
        // The vertices' error: the largest bound among the limits used, plus a few ulps at p.
        var bound = BigFloat.zero(precision: 64)
        for d in directions { for g in d.gradient ?? [] where g.errorBound > bound { bound = g.errorBound } }
        var tolerance = BigFloat(1, precision: 64).timesPowerOfTwo(-(p - 4))
        var scale = BigFloat(1, precision: 64)
        for d in directions { for g in d.gradient ?? [] where BigFloat.abs(g.value) > scale { scale = BigFloat.abs(g.value).rounded(toPrecision: 64, rounding: .up) } }
        tolerance = (tolerance * scale).rounded(toPrecision: 64, rounding: .up)
        tolerance = (tolerance + bound * 4).rounded(toPrecision: 64, rounding: .up)

        let gradients = directions.compactMap { $0.gradient?.map(\.value) }
        let established = directions.allSatisfy { $0.certified && $0.value.isNumber } && !gradients.isEmpty && value.certified
        // Each limit's bound covers its enclosure from its printed value; f(x) is correctly rounded
        // at p bits, so half an ulp of it more (2^(1−p)·|f(x)| bounds it).
        let continuous = directions.allSatisfy { d in
            d.value.value == value.value
                || BigFloat.abs(d.value.value - value.value) <= d.value.errorBound + BigFloat.abs(value.value).timesPowerOfTwo(1 - p)
        }
        let vertices = gradients.isEmpty ? [] : ConvexHull.vertices(gradients, tolerance: tolerance, precision: w).map { gradients[$0] }
        let classification: Classification =
            !established ? .notEstablished : (!continuous ? .jump : (vertices.count == 1 ? .differentiable : .nonsmooth))

        // Autodiff's gradient in Float, Double and MPFR, where x is a point of the type.
        var autodiff: [AutodiffGradient] = []
        let exact = point.map { ExactPoint($0) }
        for (name, format) in [("float", IEEEFormat.binary32), ("double", IEEEFormat.binary64)] {
            let rounded = exact.map { $0.rounded(to: format) }
            let representable = zip(rounded, exact).allSatisfy { r, x in x.compare(to: r) == 0 }
            let g: [BigFloat] = format == .binary32
                ? f.valueAndGradient(at: rounded.map { Float($0) }).gradient.map { BigFloat(Double($0), precision: 53) }
                : f.valueAndGradient(at: rounded.map { Double($0) }).gradient.map { BigFloat($0, precision: 53) }
            // The type's own rounding, as for one input: a few ulps of it at the magnitude of the
            // vertices (at least 1), per component.
            var scale = BigFloat(1, precision: 64)
            for v in vertices { for c in v where BigFloat.abs(c) > scale { scale = BigFloat.abs(c).rounded(toPrecision: 64, rounding: .up) } }
            let own = (scale * BigFloat(f.arity, precision: 64)).timesPowerOfTwo(-(format.precision - 2))
            autodiff.append(member(name, g, vertices: vertices, tolerance: (tolerance + own).rounded(toPrecision: 64, rounding: .up),
                                   checked: representable, precision: w))
        }
        let mpfr = (0..<f.arity).map { f.correctlyRoundedBackward($0, at: exact, precision: p).value }
        autodiff.append(member("mpfr", mpfr, vertices: vertices, tolerance: tolerance, checked: true, precision: w))
        return MultiInputAnalysis(point: point, precision: p, value: value, directions: directions, classification: classification,
                                  clarke: vertices, clarkeBound: bound, tolerance: tolerance, autodiff: autodiff)
    }

    private static func member(_ scalar: String, _ g: [BigFloat], vertices: [[BigFloat]], tolerance: BigFloat,
                               checked: Bool, precision w: Int) -> AutodiffGradient {
        guard checked, !vertices.isEmpty, g.allSatisfy(\.isFinite) else {
            return AutodiffGradient(scalar: scalar, gradient: g, distance: nil, inClarke: checked && !vertices.isEmpty ? false : nil)
        }
        let d = ConvexHull.distance(from: g, to: vertices, precision: w)
        return AutodiffGradient(scalar: scalar, gradient: g, distance: d, inClarke: d <= tolerance)
    }
}

extension LimitEstimate {
    /// A limit no proof established (reported as such, never as a number).
    package static func unestablished(_ p: Int) -> LimitEstimate {
        LimitEstimate(value: .nan(precision: p), errorBound: .infinity(precision: 64), order: nil, method: .unconverged,
                      verified: false, levels: 0)
    }
}
