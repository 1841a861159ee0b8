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
    /// slice identities over the other inputs (Fubini): besides the slices, it is integrated over
    /// the plane of xᵢ and the next input through the first point with every coordinate within
    /// ±16 (``productIdentities(_:through:)``): certified where the cuts stay put, estimates where
    /// a tie of the two moves the cut (maxout), which makes the verdict's evidence a sample.
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
        let (products, skipped) = productIdentities(f, through: points.first { $0.coordinates.allSatisfy { $0.isFinite && Swift.abs($0) <= 16 } })
        let failing = results.first { !$0.1.holds }
        let failingProduct = products.first { !$0.1.holds }
        let worst = results.map(\.1.residual).max()
        let worstProduct = products.map(\.1.residual).max()
        let names = f.inputNames.joined(separator: ", ")
        func sci(_ x: BigFloat?) -> String { x.map { $0.isZero ? "0" : $0.scientificString(fractionDigits: 2) } ?? "—" }
        let productDetail = skipped.map { "; product test functions not taken: \($0)" }
            ?? "; \(products.count) product test function(s) φ(xᵢ)ψ(xⱼ), both sides integrated over the plane (" + Self.productEvidence(products.map(\.1))
                + "), max residual \(sci(worstProduct))" + Self.enclosureRadius(products.map(\.1))
        let productFailure = failingProduct.map { name, r in
            "\(name): " + (r.converged ? "residual \(sci(r.residual)) (lhs \(r.lhs.shortDecimal(12)), rhs \(r.rhs.shortDecimal(12)); tolerance \(sci(r.tolerance)); \(r.evidence.isCertified ? "enclosures of radius \(sci(BigFloat.maximum(r.lhsError, r.rhsError)))" : "estimates"))"
                            : "the sums did not settle with \(r.points) points a direction (error estimates \(sci(r.lhsError)), \(sci(r.rhsError)))")
        }
        return PropertyVerdict(
            property: .distributionFirst,
            law: "on slices through points of the non-smooth sets and a random point, for each input of (\(names)): −∫ f(x + t·eᵢ) φ′(t) dt = ∫ ∂ᵢf(x + t·eᵢ) φ(t) dt + Σ J φ(tⱼ) to \(digits) digits (certified); and over product test functions φ(xᵢ)ψ(xⱼ), xⱼ the next input and the others held at a drawn point: −∬ f φ′(xᵢ)ψ(xⱼ) = ∬ ∂ᵢf φ(xᵢ)ψ(xⱼ) (certified where the cuts stay put, else estimates)",
            holds: failing == nil && failingProduct == nil, cases: results.count + products.count,
            counterexample: failing.map { "\($0.0), \($0.1.testFunction): residual \($0.1.residual.scientificString(fractionDigits: 2))" } ?? productFailure,
            detail: "max residual \(sci(worst)) over \(results.count) slice(s); " + DistributionalCheck.evidenceSummary(results.map(\.1)) + productDetail,
            evidence: !results.isEmpty && results.allSatisfy(\.1.evidence.isCertified) && products.allSatisfy(\.1.evidence.isCertified) ? .certified : .sample)
    }

    /// " (certified enclosures of radius ≤ r)", r the widest side of the certified cases: each
    /// side's printed centre is within r of its exact integral, so each residual printed (the
    /// centres' difference) within 2r of the exact one.
    static func enclosureRadius(_ results: [ProductIdentity.Result]) -> String {
        let radii = results.filter(\.evidence.isCertified).map { BigFloat.maximum($0.lhsError, $0.rhsError) }
        guard let widest = radii.max() else { return "" }
        return " (certified enclosures of radius ≤ \(widest.isZero ? "0" : widest.scientificString(fractionDigits: 2, rounding: .up)))"
    }

    /// "2 certified: tensor Gauss–Legendre with Bernstein-ellipse bounds; 1 estimated (why): …".
    static func productEvidence(_ results: [ProductIdentity.Result]) -> String {
        let certified = results.filter(\.evidence.isCertified).count
        let reasons = results.compactMap(\.evidence.reason)
        var parts: [String] = []
        if certified > 0 { parts.append("\(certified) certified: tensor Gauss–Legendre with Bernstein-ellipse bounds") }
        if let why = reasons.first {
            parts.append("\(reasons.count) estimated (\(why)): Gauss–Legendre sums with 4 … 64 points a direction")
        }
        return parts.joined(separator: "; ")
    }

    /// The identity over a product test function φ(xᵢ)·ψ(xⱼ) for each input i, j = i + 1 (mod n),
    /// the other inputs held at `point` (``ProductIdentity``): φ and ψ polynomial bumps (1 − t²)⁴
    /// over the point's coordinates — a parameter's on its side of 0 (half-width |θ|/2), any other's
    /// of a seeded half-width 1/4 … 2 and centre up to 3/8 of it from the point, so that the
    /// non-smooth set crosses the support. None (and why) when f is not claimed continuous (the
    /// jump term over a surface is not integrated), a set is only described, or no point is given.
    func productIdentities(_ f: any MultiInputActivation, through point: MultiInputGenerator.Point?) -> ([(String, ProductIdentity.Result)], String?) {
        guard f.claimsContinuous == true else { return ([], "f is not claimed continuous (a jump across a surface would add a term that is not integrated)") }
        guard let point else { return ([], "no drawn point with every input finite and within ±16") }
        let n = f.inputNames.count
        let bits = ProductIdentity.bits(forDigits: digits)
        func bump(_ k: Int, _ salt: String) -> PolynomialBump {
            let c = point.coordinates[k]
            if k < f.inputScales.count, f.inputScales[k] != nil, c != 0 {
                return PolynomialBump(center: BigFloat(c, precision: bits), halfWidth: BigFloat(Swift.abs(c) * 0.5 as Double, precision: bits), degree: 4)
            }
            var g = SplitMix64(seed: seed.value ^ FNV1a64.hash("\(f.spec).product.\(salt)"))
            let w = Double(1 + g.next() % 8) / 4
            let offset = w * Double(Int(g.next() % 7) - 3) / 8
            return PolynomialBump(center: BigFloat(c, precision: bits) + BigFloat(offset, precision: bits), halfWidth: BigFloat(w, precision: bits), degree: 4)
        }
        let identities = (0 ..< n).map { i in
            ProductIdentity(function: f, input: i, other: (i + 1) % n, origin: point.coordinates.map { BigFloat($0, precision: 64) },
                            phi: bump(i, "\(i).phi"), psi: bump((i + 1) % n, "\(i).psi"), digits: digits)
        }
        if let why = identities.first?.unsupported { return ([], why) }
        return (identities.map { identity in
            let i = identity.input, j = identity.other
            let name = "∂/∂\(f.inputNames[i]) over φ(\(f.inputNames[i]))ψ(\(f.inputNames[j])) through (" + point.coordinates.map { Accuracy.specialText($0) }.joined(separator: ", ")
                + "), φ: \(identity.phi.description), ψ: \(identity.psi.description)"
            return (name, identity.evaluate())
        }, nil)
    }
}
