import BigFloat
import KinkCheck
import KinkCheckAnalysis
import KinkCheckProperties

extension Verifier {
    /// The proof law for a claimed shape law (a Lipschitz claim carries its constant).
    package func proofLaw(_ law: ShapeLaw, _ activation: any Activation) -> ShapeProofLaw {
        switch law {
        case .convexity: .convex
        case .monotonicity: .monotone
        case .lipschitz: .lipschitz(activation.claims.lipschitz!)
        }
    }

    /// One shape claim's verdict from its proof on [−R, R] and its sampled run (which covers all
    /// of ℝ, the tails beyond ±R included):
    /// - a true claim proven on [−R, R] holds when the sampled run also finds no counterexample;
    ///   evidence `proof` (the tails beyond ±R are sampled, and the detail says so);
    /// - a claim refuted by a certified counterexample: a true claim fails, a false claim
    ///   ("not convex") holds; evidence `certified`;
    /// - a false claim whose law is proven on [−R, R] holds only if the sampled run found a
    ///   counterexample (then beyond ±R); evidence `sample`;
    /// - undecided: the sampled verdict, evidence `sample`, the undecided sub-intervals named.
    package func shapeVerdict(_ r: ShapeClaimResult, proof: ShapeProofOutcome) -> PropertyVerdict {
        let claimText = r.claim ? "" : "not "
        let law = r.law == .lipschitz ? r.report.law : "\(claimText)\(r.law.rawValue): \(r.report.law)\(r.claim ? "" : " fails somewhere")"
        let n = r.report.casesRun
        let domain = "[−\(radiusText), \(radiusText)]"
        let sampled = r.verified
            ? (r.claim ? "no counterexample in \(n) cases" : "counterexample found, as claimed: \(r.counterexample ?? "")")
            : (r.claim ? "counterexample after \(n) cases: \(r.counterexample ?? "")"
                       : "no counterexample found in \(n) cases: the claim that it fails is unconfirmed")
        var verdict = PropertyVerdict(property: PropertyName(r.law), law: law, holds: r.verified, cases: n,
                                      counterexample: r.verified && r.claim ? nil : r.counterexample, detail: sampled)
        switch proof {
        case .proven(let cells, let junctions):
            let proven = "proven on \(domain) (\(cells) sub-intervals, \(junctions) kink(s) or switch(es))"
            if r.claim {
                verdict.detail = r.verified ? "\(proven); beyond ±\(radiusText) sampled: \(sampled)" : "\(proven), but sampled: \(sampled)"
                verdict.evidence = r.verified ? .proof : .sample
            } else {
                verdict.detail = "the law holds on \(domain) (\(proven.dropFirst("proven on \(domain) ".count))); sampled: \(sampled)"
            }
        case .refuted(let c):
            verdict.holds = !r.claim
            verdict.counterexample = c.text + " (certified)"
            verdict.detail = r.claim ? "refuted on \(domain): \(c.text) (certified)" : "refuted, as claimed: \(c.text) (certified)"
            verdict.evidence = .certified
        case .undecided(let remaining, let decided):
            let shown = remaining.prefix(3).joined(separator: "; ") + (remaining.count > 3 ? "; …" : "")
            verdict.detail = "\(sampled); proof on \(domain) undecided after \(decided) sub-intervals: \(remaining.count) left (\(shown))"
        }
        return verdict
    }

    /// R as given (64, 0.5, 1e3), without a trailing ".0".
    var radiusText: String {
        radius == radius.rounded() && abs(radius) < 1e15 ? String(Int(radius)) : "\(radius)"
    }
}
