import BigFloat
import Testing
@testable import KinkCheck
@testable import KinkCheckAnalysis
@testable import KinkCheckGeneration
@testable import KinkCheckVerification

/// ReLU6 that declares only its kink at 0.
struct HalfDeclaredReLU6: Activation {
    var name: String { "half_declared_relu6" }
    func evaluate<T: ActivationScalar>(_ x: T) -> T { T.min(T.max(x, 0), 6) }
    var kinks: [DeclaredKink] { [DeclaredKink(at: 0, autodiffDerivative: 0)] }
    var claims: ActivationClaims { ActivationClaims(continuous: true, convex: false, monotone: true) }
}

@Test("AnUndeclaredKinkIsLocatedExactlyAndNamedNotReportedAsAJump")
func anUndeclaredKinkIsLocatedExactlyAndNamedNotReportedAsAJump() throws {
    let found = KinkDiscovery.discover(HalfDeclaredReLU6(), in: BigFloat(-1, precision: 64), BigFloat(10, precision: 64), precision: 128)
    let six = try #require(found.first { !$0.matchesDeclared })
    #expect(six.snapped && six.x == BigFloat(6, precision: 64), "located at \(six.x)")
    let v = Verifier(seed: RunSeed(1), cases: 40, precision: 128, digits: 20, exhaustiveAccuracy: false).verify(HalfDeclaredReLU6())
    let verdicts = Dictionary(uniqueKeysWithValues: v.properties.map { ($0.name, $0) })
    #expect(verdicts["continuity"]?.holds == true, "\(verdicts["continuity"]?.detail ?? "")")
    #expect(verdicts["kinks_declared"]?.holds == false)
    #expect(verdicts["kinks_declared"]?.counterexample?.contains("undeclared kink at 6") == true,
            "\(verdicts["kinks_declared"]?.counterexample ?? "none")")
}

@Test("EveryBuiltInDeclaresEveryKinkDiscoveryFinds", arguments: Catalogue.entries.map(\.name))
func everyBuiltInDeclaresEveryKinkDiscoveryFinds(_ spec: String) throws {
    let f = try Catalogue.activation(spec)
    let found = KinkDiscovery.discover(f, in: BigFloat(-10, precision: 64), BigFloat(10, precision: 64), precision: 128)
    let undeclared = found.filter { !$0.matchesDeclared }.map(\.x)
    #expect(undeclared.isEmpty, "\(spec): \(undeclared)")
}
