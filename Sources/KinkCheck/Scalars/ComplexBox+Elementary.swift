import BigFloat

/// The elementary functions of a ``ComplexBox``, each from real interval functions of the two
/// coordinates (x = Re z, y = Im z) by an identity that holds at every point, so that the result
/// contains f(z) for every z in the box. Formulas are chosen so that a tiny z keeps its
/// magnitude (expm1, log1p, tanh, atan of 10⁻³⁰⁰ are about 10⁻³⁰⁰, never ±2⁻ᵖ): no difference of
/// two nearly equal enclosures appears where the result is small.
///
/// Edge cases: every function gives the unbounded box for an input that is not finite.
extension ComplexBox {
    /// f(z), or the unbounded box for a z that is not finite; the result is ``checked``.
    static func finite(_ z: ComplexBox, _ body: () -> ComplexBox) -> ComplexBox {
        guard z.isFinite else { return .whole(precision: z.precision) }
        return body().checked
    }

    /// The ranges of cos and sin over an interval (``MPFRInterval/trigonometricRange(_:)``; a
    /// point is enclosed to an ulp, 0 exactly).
    static func cos(_ y: MPFRInterval) -> MPFRInterval { y.trigonometricRange(.cos) }
    static func sin(_ y: MPFRInterval) -> MPFRInterval { y.trigonometricRange(.sin) }

    /// eᶻ = eˣ(cos y + i sin y). A real z (y the point 0) gives the real eˣ: cos 0 = 1 and
    /// sin 0 = 0 exactly.
    package static func exp(_ z: ComplexBox) -> ComplexBox {
        finite(z) {
            let r = MPFRInterval.monotone(.exp, z.re)
            return ComplexBox(re: r * cos(z.im), im: r * sin(z.im))
        }
    }

    /// eᶻ − 1 = (expm1(x)·cos y − 2 sin²(y/2)) + i eˣ sin y, from eˣ cos y − 1 =
    /// (eˣ − 1) cos y + (cos y − 1) and cos y − 1 = −2 sin²(y/2): both terms keep their relative
    /// accuracy for a small z, so no threshold is needed (|expm1 z| ≈ |z| for tiny z). On a wide
    /// box the two terms take their extremes at different points; the real part is intersected
    /// with eˣ cos y − 1, which has a single term.
    package static func expm1(_ z: ComplexBox) -> ComplexBox {
        finite(z) {
            let x = z.re, y = z.im
            let e = MPFRInterval.monotone(.exp, x), c = cos(y)
            let split = MPFRInterval.monotone(.expm1, x) * c - sin(y.halved).squared.doubled
            let direct = e * c - MPFRInterval.integer(1, precision: z.precision)
            return ComplexBox(re: split.intersection(direct), im: e * sin(y))
        }
    }

    /// arg(x + iy) over a box that avoids the closed cut (−∞, 0], else nil:
    /// - x > 0 throughout: atan(y/x);
    /// - y > 0 throughout: π/2 − atan(x/y) (the angle from the positive imaginary axis);
    /// - y < 0 throughout: −π/2 − atan(x/y).
    /// A box with y ∋ 0 and some x ≤ 0 meets the cut or 0 (or touches it: y = 0 at an end, where
    /// the principal arg jumps between π and −π), and has no enclosure.
    static func argument(re x: MPFRInterval, im y: MPFRInterval) -> MPFRInterval? {
        if x.lower.signum > 0 { return MPFRInterval.monotone(.atan, y / x) }
        let halfPi = MPFRInterval.pi(precision: Swift.max(x.precision, y.precision)).halved
        if y.lower.signum > 0 { return halfPi - MPFRInterval.monotone(.atan, x / y) }
        if y.upper.signum < 0 { return -halfPi - MPFRInterval.monotone(.atan, x / y) }
        return nil
    }

    /// log|w| for w = 1 + t (t = u + iy), enclosed two ways and intersected (both contain the
    /// true range, so their common part does):
    /// - ½ log((Re w)² + y²), accurate unless |w| ≈ 1, and
    /// - ½ log1p(u(2 + u) + y²), as |w|² − 1 = u(2 + u) + y² (``MPFRInterval/shiftedSquareRange``
    ///   takes the range of u(2 + u) exactly), accurate unless |w| ≈ 0; it is skipped when its
    ///   argument may reach −1.
    /// Nil when the box of w may contain 0.
    static func logModulus(re w: MPFRInterval, shifted u: MPFRInterval, im y: MPFRInterval) -> MPFRInterval? {
        let n = w.squared + y.squared
        guard n.lower.signum > 0 else { return nil }
        let direct = MPFRInterval.monotone(.log, n).halved
        let s = u.shiftedSquareRange + y.squared
        guard s.lower > BigFloat(-1, precision: s.precision) else { return direct }
        return direct.intersection(MPFRInterval.monotone(.log1p, s).halved)
    }

    /// log z = log|z| + i arg z (principal branch, cut along (−∞, 0]), with log|z| from
    /// ``logModulus(re:shifted:im:)`` for z = 1 + (z − 1) (so log z near 1 keeps its relative
    /// accuracy: log(1 + 10⁻²⁰i) ≈ 10⁻²⁰i + 5·10⁻⁴¹). Unbounded when the box meets the closed
    /// cut (which includes z = 0).
    package static func log(_ z: ComplexBox) -> ComplexBox {
        finite(z) {
            let p = z.precision
            guard let theta = argument(re: z.re, im: z.im),
                  let modulus = logModulus(re: z.re, shifted: z.re - MPFRInterval.integer(1, precision: p), im: z.im)
            else { return .whole(precision: p) }
            return ComplexBox(re: modulus, im: theta)
        }
    }

    /// log(1 + z) = log|1 + z| + i arg(1 + x + iy), log|1 + z| from
    /// ``logModulus(re:shifted:im:)``: for a tiny z this is x + iy to within a few ulps, with no
    /// threshold (log1p(10⁻³⁰⁰) ≈ 10⁻³⁰⁰), and near z = −1 it keeps its accuracy too. Cut along
    /// (−∞, −1]: unbounded when the box meets it (z = −1 included).
    package static func log1p(_ z: ComplexBox) -> ComplexBox {
        finite(z) {
            let p = z.precision
            let w = z.re + MPFRInterval.integer(1, precision: p)
            guard let theta = argument(re: w, im: z.im), let modulus = logModulus(re: w, shifted: z.re, im: z.im)
            else { return .whole(precision: p) }
            return ComplexBox(re: modulus, im: theta)
        }
    }

    /// √z = exp(½ log z), principal branch (Re √z ≥ 0), cut along (−∞, 0]: unbounded when the
    /// box meets the cut, including z = 0 (where √ is continuous but not analytic).
    package static func sqrt(_ z: ComplexBox) -> ComplexBox {
        finite(z) {
            let l = log(z)
            return exp(ComplexBox(re: l.re.halved, im: l.im.halved))
        }
    }

    /// sin z = sin x cosh y + i cos x sinh y (cosh y as a range, sinh increasing).
    package static func sin(_ z: ComplexBox) -> ComplexBox {
        finite(z) {
            ComplexBox(re: sin(z.re) * z.im.coshRange, im: cos(z.re) * MPFRInterval.monotone(.sinh, z.im))
        }
    }

    /// cos z = cos x cosh y − i sin x sinh y.
    package static func cos(_ z: ComplexBox) -> ComplexBox {
        finite(z) {
            ComplexBox(re: cos(z.re) * z.im.coshRange, im: -(sin(z.re) * MPFRInterval.monotone(.sinh, z.im)))
        }
    }

    /// tanh z, with poles at i(π/2 + kπ). For Re z ≥ 0: tanh z = (1 − e⁻²ᶻ)/(1 + e⁻²ᶻ), the
    /// numerator as −expm1(−2z) (so a tiny z keeps its magnitude), the denominator as 1 + e⁻²ᶻ
    /// (one term: tighter on a wide box than 2 + expm1(−2z)). |e⁻²ᶻ| ≤ 1 keeps both bounded, and
    /// the denominator vanishes only at the poles (the division then is unbounded). For
    /// Re z ≤ 0, tanh z = −tanh(−z); a box across Re z = 0 is split there and the two results
    /// joined.
    package static func tanh(_ z: ComplexBox) -> ComplexBox {
        func right(_ w: ComplexBox) -> ComplexBox {
            let minusTwoW = -(w * 2)
            return -expm1(minusTwoW) / (exp(minusTwoW) + 1)
        }
        return finite(z) {
            if z.re.lower.signum >= 0 { return right(z) }
            if z.re.upper.signum <= 0 { return -right(-z) }
            let zero = BigFloat.zero(precision: z.re.precision)
            let left = ComplexBox(re: MPFRInterval(lower: z.re.lower, upper: zero), im: z.im)
            let rightHalf = ComplexBox(re: MPFRInterval(lower: zero, upper: z.re.upper), im: z.im)
            let a = -right(-left), b = right(rightHalf)
            return a.isFinite && b.isFinite ? a.hull(b) : .whole(precision: z.precision)
        }
    }

    /// atan z = (i/2)(log(1 − iz) − log(1 + iz)) = (i/2)(log1p(−iz) − log1p(iz)), principal
    /// branch: the logs' cuts are exactly atan's, iz ∈ (−∞, −1] ⇔ z ∈ i[1, ∞) and
    /// −iz ∈ (−∞, −1] ⇔ z ∈ −i[1, ∞). Off them Im(1 + iz) = x and Im(1 − iz) = −x have opposite
    /// signs (or both vanish, for |y| < 1), so the two args differ by less than π and the result
    /// is (i/2)·Log((1 − iz)/(1 + iz)), the principal atan, with Re atan z ∈ (−π/2, π/2). log1p
    /// keeps a tiny z's magnitude.
    /// Unbounded when the box meets a cut (which includes the poles ±i).
    package static func atan(_ z: ComplexBox) -> ComplexBox {
        finite(z) {
            let iz = z.timesI
            let d = log1p(-iz) - log1p(iz)
            guard d.isFinite else { return .whole(precision: z.precision) }
            return ComplexBox(re: (-d.im).halved, im: d.re.halved)
        }
    }
}
