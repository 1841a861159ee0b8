import BigFloat
import KinkCheckSupport
import RealModule

/// Real float32 arithmetic; the requirements shared with `Double` are in
/// `BinaryFloatingPoint+ActivationScalar.swift`.
extension Float: ActivationScalar {
    /// In Double (x is exact there, and erfcx in Double is within a few Double ulps), rounded once.
    @inlinable public static func erfcx(_ x: Float) -> Float { Float(ScaledErfc.erfcx(Double(x))) }
    @inlinable public static func constant(_ c: DecimalConstant, like x: Float) -> Float { c.float }
}
