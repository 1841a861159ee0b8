import BigFloat
import KinkCheck
import KinkCheckGeneration
import KinkCheckSupport
import BigFloat
import KinkCheck
import KinkCheckGeneration
import KinkCheckSupport

/// A problem with how a property was run (as opposed to a counterexample to its law).
package struct HealthFinding: Sendable, Hashable, CustomStringConvertible {
    package enum Severity: String, Sendable, Hashable { case warning, error }
    package enum Kind: String, Sendable, Hashable { case discards, coverage, regressions, environment }
    package let severity: Severity
    package let kind: Kind
    package let message: String
    package var description: String { "\(severity.rawValue): \(message)" }
}
