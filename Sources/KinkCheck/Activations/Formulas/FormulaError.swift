import BigFloat
import KinkCheckSupport

/// Why a formula was rejected: the text it is about, a 1-based column in that text, and a
/// one-line message. `description` reads `column 3: expected an operand after '*'`
/// (prefixed `derivative, ` when the derivative formula failed).
package struct FormulaError: Error, CustomStringConvertible, Sendable, Hashable {
    /// Which text the column counts in.
    package enum Field: String, Sendable, Hashable {
        /// The formula itself.
        case formula
        /// The hand-written derivative formula.
        case derivative
        /// The parameter list (the column is then 0).
        case parameters
    }
    package var field: Field
    /// 1-based column (in Unicode scalars) in the text of `field`; 0 when the error is not about one place.
    package var column: Int
    package var message: String

    package init(_ field: Field = .formula, column: Int, _ message: String) {
        self.field = field; self.column = column; self.message = message
    }

    package var description: String {
        (field == .derivative ? "derivative, " : "") + (column > 0 ? "column \(column): " : "") + message
    }
}
