import RealModule

/// The requirements `Float` and `Double` meet the same way, written once: hardware arithmetic
/// through RealModule's functions, no derivative to choose. (Each type's own file has what
/// differs: erfcx and the rounding of a ``DecimalConstant``.) `@inlinable`, so a definition
/// specialized for the type calls the hardware operation directly.
extension ActivationScalar where Self: BinaryFloatingPoint & ElementaryFunctions {
    @inlinable public init(exactInteger n: Int) { self.init(n) }
    @inlinable public var signBit: Bool { sign == .minus }
    @inlinable public static func expm1(_ x: Self) -> Self { expMinusOne(x) }
    @inlinable public static func log1p(_ x: Self) -> Self { log(onePlus: x) }
    @inlinable public static func abs(_ x: Self) -> Self { x.magnitude }
    /// The smaller; NaN if either is (a first); on a tie `a` (``ActivationScalar/min(_:_:)``).
    @inlinable public static func min(_ a: Self, _ b: Self) -> Self { b < a || (b.isNaN && !a.isNaN) ? b : a }
    /// The larger; NaN if either is (a first); on a tie `a`.
    @inlinable public static func max(_ a: Self, _ b: Self) -> Self { b > a || (b.isNaN && !a.isNaN) ? b : a }
    @inlinable public static func pi(like x: Self) -> Self { .pi }
    @inlinable public static func choosingDerivative(_ value: Self, slope: Self, of x: Self) -> Self { value }
}
