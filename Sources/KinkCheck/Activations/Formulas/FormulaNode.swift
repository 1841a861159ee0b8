import BigFloat
import KinkCheckSupport

/// One node of a parsed formula. Children are indices into the owning ``FormulaTree``'s node
/// array (an arena), so no Swift recursion — building, walking or freeing — grows with the
/// formula's depth.
package enum FormulaNode: Sendable {
    case x
    /// The k-th named input of a formula in several inputs (`relu(a)*b`: a is 0, b is 1).
    case input(Int)
    /// A literal or a formula parameter's value, exact (a negated one folded in).
    case constant(DecimalConstant)
    case pi
    case e
    case negated(Int)
    case binary(BinaryOperator, Int, Int)
    /// base^n for an integer n.
    case power(Int, Int)
    case function(Function, Int)
    case maximum(Int, Int)
    case minimum(Int, Int)
    /// A catalogue built-in applied to an argument.
    case apply(any Activation, Int)
    /// `lhs CMP rhs`: appears only as the condition of a `select`.
    case comparison(Comparison, Int, Int)
    /// where(condition, then, else), with `condition` a `comparison` node.
    case select(condition: Int, Int, Int)

    package enum BinaryOperator: String, Sendable { case add = "+", subtract = "-", multiply = "*", divide = "/" }
    package enum Comparison: String, Sendable, CaseIterable { case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=" }

    /// The elementary functions of one argument.
    package enum Function: String, Sendable, CaseIterable {
        case exp, expm1, log, log1p, sqrt, erf, erfc, tanh, sin, cos, atan, abs

        package func callAsFunction<T: ActivationScalar>(_ v: T) -> T {
            switch self {
            case .exp: T.exp(v)
            case .expm1: T.expm1(v)
            case .log: T.log(v)
            case .log1p: T.log1p(v)
            case .sqrt: T.sqrt(v)
            case .erf: T.erf(v)
            case .erfc: T.erfc(v)
            case .tanh: T.tanh(v)
            case .sin: T.sin(v)
            case .cos: T.cos(v)
            case .atan: T.atan(v)
            case .abs: T.abs(v)
            }
        }
    }
}
