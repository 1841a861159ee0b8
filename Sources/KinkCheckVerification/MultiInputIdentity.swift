import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckGeneration
import KinkCheckSupport

/// A slice t ↦ f(x + t·eᵢ) whose backward is the activation's own i-th gradient component along
/// it (hand-written), so the identity checks the code users train with.
struct GradientSlice: Activation {
    let value: RaySlice
    let component: Int
    var name: String { value.name }
    var declaresEveryKink: Bool { false }
    var hasHandWrittenDerivative: Bool { true }
    func evaluate<T: ActivationScalar>(_ t: T) -> T { value.evaluate(t) }
    func derivative<T: ActivationScalar>(_ t: T) -> T { value.function.gradient(value.inputs(at: t))[component] }
}

extension Verifier {
    /// f is a number at 33 points across [lo, hi] (in `Double`).
    static func defined(_ f: any Activation, over support: (lower: BigFloat, upper: BigFloat)) -> Bool {
        let (lo, hi) = (Double(support.lower), Double(support.upper))
        return (0 ... 32).allSatisfy { k in !f(lo + (hi - lo) * Double(k) / 32).isNaN }
    }

    /// Points on the non-smooth sets the identity slices through.
    static let identityPoints = 2

    /// `distribution_first` for an activation of several inputs, on slices: for each input i and
    /// each of `points` (the first ``identityPoints`` generator points on the non-smooth sets and
    /// one random point), the first
    /// identity of the slice t ↦ f(x + t·eᵢ) with the backward ∂ᵢf along it (autodiff, or the
    /// hand-written gradient's component):
    ///
    ///     −∫ f(x + t·eᵢ) φ′(t) dt = ∫ ∂ᵢf(x + t·eᵢ) φ(t) dt + Σ J φ(tⱼ)
    ///
    /// each side by certified quadrature where the slice's pieces allow (``DistributionalCheck``),
    /// φ drawn over the slice's crossing of the set at t = 0. With a product test function
    /// φ(xᵢ)·ψ(the other inputs), the n-dimensional identity is the ψ-weighted integral of these
    /// slice identities over the other inputs (Fubini): here they are checked at the slices
    /// through the drawn points, not integrated over ψ.
    func sliceIdentities(_ f: any MultiInputActivation, _ points: [MultiInputGenerator.Point]) -> PropertyVerdict {
        let n = f.inputNames.count
        let bits = QuadratureTarget.bits(forDigits: digits) + 64
        var results: [(String, IdentityCase)] = []
        for (p, point) in points.enumerated() {
            let origin = point.coordinates.map(DecimalConstant.exact)
            for i in 0 ..< n {
                let e: [DecimalConstant] = (0 ..< n).map { $0 == i ? 1 : 0 }
                let ray = RaySlice(f, origin: origin, direction: e)
                let slice: any Activation = f.hasHandWrittenGradient ? GradientSlice(value: ray, component: i) : ray
                var phi = TestFunctionDraw.draw(count: 1, seed: seed.value ^ FNV1a64.hash("\(f.spec).slice.\(p).\(i)"),
                                                kinks: [BigFloat.zero(precision: bits)], precision: bits, coveringEveryKink: true)[0].0
                // A parameter (an input with a scale: prelu's a, softplus's β) stays on its side
                // of 0, as the generator draws it: a bump of half-width |θ|/2 about it.
                if i < f.inputScales.count, f.inputScales[i] != nil, point.coordinates[i] != 0 {
                    phi = SmoothBump(center: BigFloat.zero(precision: bits), halfWidth: BigFloat(Swift.abs(point.coordinates[i]) * 0.5, precision: bits))
                }
                // Elsewhere a slice that leaves the domain (NaN within the drawn support): a bump
                // about t = 0, halved until f is defined across its support.
                if !Self.defined(slice, over: phi.support(precision: bits)) {
                    var halfWidth: Double = Swift.max(Swift.abs(point.coordinates[i]), 0x1p-10) / 2
                    repeat {
                        phi = SmoothBump(center: BigFloat.zero(precision: bits), halfWidth: BigFloat(halfWidth, precision: bits))
                        halfWidth /= 2
                    } while !Self.defined(slice, over: phi.support(precision: bits)) && halfWidth > 0x1p-30
                }
                let support = phi.support(precision: bits)
                let check = DistributionalCheck(activation: slice, digits: digits, identity: .first, span: (support.lower, support.upper))
                let where_ = "(" + point.coordinates.map { Accuracy.specialText($0) }.joined(separator: ", ") + ") along ∂/∂\(f.inputNames[i])"
                results.append((where_, check.check(phi)))
            }
        }
        let failing = results.first { !$0.1.holds }
        let worst = results.map(\.1.residual).max()
        let names = f.inputNames.joined(separator: ", ")
        return PropertyVerdict(
            property: .distributionFirst,
            law: "on slices through points of the non-smooth sets and a random point, for each input of (\(names)): −∫ f(x + t·eᵢ) φ′(t) dt = ∫ ∂ᵢf(x + t·eᵢ) φ(t) dt + Σ J φ(tⱼ) to \(digits) digits (a product test function's identity is these integrated over the other inputs; checked at the slices, not integrated)",
            holds: failing == nil, cases: results.count,
            counterexample: failing.map { "\($0.0), \($0.1.testFunction): residual \($0.1.residual.scientificString(fractionDigits: 2))" },
            detail: "max residual \(worst.map { $0.isZero ? "0" : $0.scientificString(fractionDigits: 2) } ?? "—") over \(results.count) slice(s); "
                + DistributionalCheck.evidenceSummary(results.map(\.1)),
            evidence: !results.isEmpty && results.allSatisfy(\.1.evidence.isCertified) ? .certified : .sample)
    }
}
