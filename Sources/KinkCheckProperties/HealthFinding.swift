import BigFloat
import KinkCheck
import KinkCheckGeneration
import KinkCheckSupport
import BigFloat
import KinkCheck
import KinkCheckGeneration
import KinkCheckSupport

/// A problem with how a property was run (as opposed to a counterexample to its law).
public struct HealthFinding: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable { case warning, error }
    public enum Kind: String, Sendable, Hashable { case discards, coverage, regressions, environment }
    public let severity: Severity
    public let kind: Kind
    public let message: String
    public var description: String { "\(severity.rawValue): \(message)" }
}
