import BigFloat
import KinkCheckSupport
import RealModule

/// Real float64 arithmetic; the requirements shared with `Float` are in
/// `BinaryFloatingPoint+ActivationScalar.swift`.
extension Double: ActivationScalar {
    @inlinable public static func erfcx(_ x: Double) -> Double { ScaledErfc.erfcx(x) }
    @inlinable public static func constant(_ c: DecimalConstant, like x: Double) -> Double { c.double }
}
