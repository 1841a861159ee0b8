import BigFloat
import KinkCheckSupport
import RealModule

extension Double: ActivationScalar {
    @inlinable public init(exactInteger n: Int) { self = Double(n) }
    @inlinable public var signBit: Bool { sign == .minus }
    @inlinable public static func expm1(_ x: Double) -> Double { expMinusOne(x) }
    @inlinable public static func log1p(_ x: Double) -> Double { log(onePlus: x) }
    @inlinable public static func erfcx(_ x: Double) -> Double { ScaledErfc.erfcx(x) }
    @inlinable public static func abs(_ x: Double) -> Double { x.magnitude }
    @inlinable public static func min(_ a: Double, _ b: Double) -> Double { b < a ? b : a }
    @inlinable public static func max(_ a: Double, _ b: Double) -> Double { b > a ? b : a }
    @inlinable public static func constant(_ c: DecimalConstant, like x: Double) -> Double { c.double }
    @inlinable public static func pi(like x: Double) -> Double { .pi }
    @inlinable public static func choosingDerivative(_ value: Double, slope: Double, of x: Double) -> Double { value }
}
