import BigFloat
import KinkCheckSupport

/// A forward-mode dual number v + d·ε (ε² = 0): evaluating a definition on
/// `Dual(x, derivative: 1)` yields f(x) and the derivative an autodiff system computes.
///
/// Comparisons look only at the value, so at a kink the branch the code takes decides the
/// derivative — `x > 0 ? x : 0` gives 0 at x = 0, as PyTorch's ReLU kernel does.
/// `Dual<Float>` models a float32 framework, `Dual<BigFloat>` gives the same choices exactly.
///
/// Edge cases: derivatives of functions at points where they are infinite (√0, log 0) are
/// ±∞ or NaN by IEEE arithmetic, as in frameworks.
@usableFromInline package struct Dual<Base: ActivationScalar>: ActivationScalar {
    @usableFromInline package var value: Base
    @usableFromInline package var derivative: Base

    @inlinable package init(_ value: Base, derivative: Base) {
        self.value = value
        self.derivative = derivative
    }
    /// A constant (derivative 0).
    @inlinable package init(constant value: Base) { self.init(value, derivative: 0) }
    @usableFromInline package init(integerLiteral v: Int) { self.init(Base(exactInteger: v), derivative: 0) }
    @usableFromInline package init(exactInteger v: Int) { self.init(Base(exactInteger: v), derivative: 0) }

    @inlinable package static func == (a: Dual, b: Dual) -> Bool { a.value == b.value }
    @inlinable package static func < (a: Dual, b: Dual) -> Bool { a.value < b.value }
    @inlinable package static func <= (a: Dual, b: Dual) -> Bool { a.value <= b.value }
    @inlinable package static func > (a: Dual, b: Dual) -> Bool { a.value > b.value }
    @inlinable package static func >= (a: Dual, b: Dual) -> Bool { a.value >= b.value }

    @inlinable package static func + (a: Dual, b: Dual) -> Dual { Dual(a.value + b.value, derivative: a.derivative + b.derivative) }
    @inlinable package static func - (a: Dual, b: Dual) -> Dual { Dual(a.value - b.value, derivative: a.derivative - b.derivative) }
    @inlinable package static func * (a: Dual, b: Dual) -> Dual {
        Dual(a.value * b.value, derivative: a.derivative * b.value + a.value * b.derivative)
    }
    @inlinable package static func / (a: Dual, b: Dual) -> Dual {
        let q = a.value / b.value
        return Dual(q, derivative: (a.derivative - q * b.derivative) / b.value)
    }
    @inlinable package static prefix func - (a: Dual) -> Dual { Dual(-a.value, derivative: -a.derivative) }

    @inlinable package static func exp(_ x: Dual) -> Dual { let e = Base.exp(x.value); return Dual(e, derivative: e * x.derivative) }
    @inlinable package static func expm1(_ x: Dual) -> Dual { Dual(Base.expm1(x.value), derivative: Base.exp(x.value) * x.derivative) }
    @inlinable package static func log(_ x: Dual) -> Dual { Dual(Base.log(x.value), derivative: x.derivative / x.value) }
    @inlinable package static func log1p(_ x: Dual) -> Dual { Dual(Base.log1p(x.value), derivative: x.derivative / (1 + x.value)) }
    /// tanh′ = sech²v = s² with s = sech v = 2y/(1 + y²), y = e^(−|v|), not 1 − tanh²v: that
    /// cancels to 0 in Float beyond |v| ≈ 9 and in Double beyond 19 while sech²v is still a
    /// normal number. s is a normal number wherever sech²v is not 0 in the type, so the only
    /// operation that can underflow is the last product (4e/(1 + e)² with e = e^(−2|v|) would
    /// scale a subnormal e up by 4: 1.7 ulps of error at v = 48 in Float).
    @inlinable package static func tanh(_ x: Dual) -> Dual {
        let y = Base.exp(-Base.abs(x.value))
        let s = 2 * y / (1 + y * y)
        return Dual(Base.tanh(x.value), derivative: s * (s * x.derivative))
    }
    @inlinable package static func erf(_ x: Dual) -> Dual {
        Dual(Base.erf(x.value), derivative: erfSlope(x.value) * x.derivative)
    }
    @inlinable package static func erfc(_ x: Dual) -> Dual {
        Dual(Base.erfc(x.value), derivative: -erfSlope(x.value) * x.derivative)
    }
    /// erfcx′(v) = 2v·erfcx(v) − 2/√π.
    @inlinable package static func erfcx(_ x: Dual) -> Dual {
        let e = Base.erfcx(x.value)
        return Dual(e, derivative: (2 * x.value * e - 2 / Base.sqrt(Base.pi(like: x.value))) * x.derivative)
    }
    /// erf′(v) = 2/√π · e^(−v²).
    @inlinable package static func erfSlope(_ v: Base) -> Base { 2 / Base.sqrt(Base.pi(like: v)) * Base.exp(-(v * v)) }
    @inlinable package static func sqrt(_ x: Dual) -> Dual {
        let r = Base.sqrt(x.value)
        return Dual(r, derivative: x.derivative / (2 * r))
    }
    @inlinable package static func sin(_ x: Dual) -> Dual { Dual(Base.sin(x.value), derivative: Base.cos(x.value) * x.derivative) }
    /// atan′(v) = 1/(1 + v²).
    @inlinable package static func atan(_ x: Dual) -> Dual { Dual(Base.atan(x.value), derivative: x.derivative / (1 + x.value * x.value)) }
    @inlinable package static func cos(_ x: Dual) -> Dual { Dual(Base.cos(x.value), derivative: -Base.sin(x.value) * x.derivative) }
    @inlinable package static func abs(_ x: Dual) -> Dual {
        if x.value > 0 { return x }
        if x.value < 0 { return -x }
        return Dual(Base.abs(x.value), derivative: x.isNaN ? x.value : 0)   // sgn(0) = 0; NaN stays NaN
    }
    /// The smaller by value; NaN if either is; at a tie the derivatives' mean (``splittingTie(_:_:)``),
    /// as a formula's `min` and torch.minimum give.
    @inlinable package static func min(_ a: Dual, _ b: Dual) -> Dual {
        if b.value < a.value || (b.isNaN && !a.isNaN) { return b }
        if a.value < b.value || a.isNaN { return a }
        return splittingTie(a, b)
    }
    /// The larger by value; NaN if either is; at a tie the derivatives' mean, as torch.maximum.
    @inlinable package static func max(_ a: Dual, _ b: Dual) -> Dual {
        if b.value > a.value || (b.isNaN && !a.isNaN) { return b }
        if a.value > b.value || a.isNaN { return a }
        return splittingTie(a, b)
    }
    @inlinable package static func constant(_ c: DecimalConstant, like x: Dual) -> Dual {
        let v = Base.constant(c, like: x.value)
        return Dual(v, derivative: 0)
    }
    @inlinable package static func pi(like x: Dual) -> Dual { let v = Base.pi(like: x.value); return Dual(v, derivative: 0) }
    @inlinable package static func splittingTie(_ a: Dual, _ b: Dual) -> Dual {
        Dual(Base.splittingTie(a.value, b.value), derivative: (a.derivative + b.derivative) / 2)
    }
    @inlinable package static func choosingDerivative(_ value: Dual, slope: Dual, of x: Dual) -> Dual {
        Dual(value.value, derivative: slope.value * x.derivative)
    }
    @inlinable package var isNaN: Bool { value.isNaN }
    @inlinable package var isInfinite: Bool { value.isInfinite }
    @inlinable package var signBit: Bool { value.signBit }
}

extension Dual: CustomStringConvertible {
    @usableFromInline package var description: String { "Dual(\(value), \(derivative))" }
}
