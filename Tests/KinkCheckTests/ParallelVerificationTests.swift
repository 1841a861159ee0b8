import BigFloat
import KinkCheck
import KinkCheckGeneration
import KinkCheckVerification
import Testing

/// A verification's four independent parts run side by side when the verifier has threads; what
/// it finds must not depend on that.
@Suite struct ParallelVerificationTests {
    @Test(arguments: ["selu", "hardswish"])
    func partsSideBySideGiveTheSerialVerdicts(_ spec: String) throws {
        let a = try Catalogue.activation(spec)
        var serial = Verifier(seed: RunSeed(3), cases: 40, exhaustiveAccuracy: false)
        serial.threads = 1
        var parallel = serial
        parallel.threads = 4
        let (s, p) = (serial.verify(a), parallel.verify(a))
        #expect(s.properties.map(\.name) == p.properties.map(\.name))
        for (x, y) in zip(s.properties, p.properties) {
            #expect(x.holds == y.holds && x.detail == y.detail && x.counterexample == y.counterexample && x.evidence == y.evidence,
                    "\(spec) \(x.name): \(x.detail) vs \(y.detail)")
        }
        #expect(s.distributionCases.map { $0.lhs.value.description } == p.distributionCases.map { $0.lhs.value.description })
    }
}
