import BigFloat
import KinkCheckSupport
import RealModule

extension Float: ActivationScalar {
    @inlinable public init(exactInteger n: Int) { self = Float(n) }
    @inlinable public var signBit: Bool { sign == .minus }
    @inlinable public static func expm1(_ x: Float) -> Float { expMinusOne(x) }
    @inlinable public static func log1p(_ x: Float) -> Float { log(onePlus: x) }
    /// In Double (x is exact there, and erfcx in Double is within a few Double ulps), rounded once.
    @inlinable public static func erfcx(_ x: Float) -> Float { Float(ScaledErfc.erfcx(Double(x))) }
    @inlinable public static func abs(_ x: Float) -> Float { x.magnitude }
    @inlinable public static func min(_ a: Float, _ b: Float) -> Float { b < a ? b : a }
    @inlinable public static func max(_ a: Float, _ b: Float) -> Float { b > a ? b : a }
    @inlinable public static func constant(_ c: DecimalConstant, like x: Float) -> Float { c.float }
    @inlinable public static func pi(like x: Float) -> Float { .pi }
    @inlinable public static func choosingDerivative(_ value: Float, slope: Float, of x: Float) -> Float { value }
}
