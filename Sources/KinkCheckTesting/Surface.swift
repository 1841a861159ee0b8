import KinkCheckGeneration
import KinkCheckProperties
import KinkCheckVerification

// The names a test writer meets in `verifyActivation` and `checkProperty`, so that
// `import KinkCheck` (activations) and `import KinkCheckTesting` are the only imports a test
// needs. The types live in the layers below (docs/architecture.md); these are their only
// public spellings.

/// The seed of a run: `KINKCHECK_SEED`, or a number (``RunSeed/init(_:)``).
public typealias RunSeed = KinkCheckGeneration.RunSeed
/// What ``verifyActivation(_:seed:cases:precision:digits:sourceLocation:)`` found: one verdict per property.
public typealias ActivationVerification = KinkCheckVerification.ActivationVerification
/// One property's verdict: name, law, holds, detail, counterexample.
public typealias PropertyVerdict = KinkCheckVerification.PropertyVerdict
/// What a verdict rests on: `proof`, `certified` or `sample`.
public typealias Evidence = KinkCheckVerification.Evidence
/// A law over generated inputs, for ``checkProperty(_:configuration:sourceLocation:)``.
public typealias Property = KinkCheckProperties.Property
/// The generated inputs of one case.
public typealias PropertyInput = KinkCheckProperties.PropertyInput
/// What a law says of one case: holds, fails (with a metric), or discards it.
public typealias PropertyOutcome = KinkCheckProperties.PropertyOutcome
/// The outcome of a property run: the cases, the shrunk failure if any, the health findings.
public typealias PropertyReport = KinkCheckProperties.PropertyReport
/// Runs a property: ``PropertyRunner/Configuration`` sets the activation, formats, cases and seed.
public typealias PropertyRunner = KinkCheckProperties.PropertyRunner
/// How many inputs a case has and how they relate (single, ordered pair, …).
public typealias InputShape = KinkCheckProperties.InputShape
