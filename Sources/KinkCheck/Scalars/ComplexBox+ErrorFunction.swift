import BigFloat
import RealModule

/// erf, erfc and erfcx of a ``ComplexBox``: entire functions, but of size about e^(y² − x²) off
/// the real axis, so each region of ℂ gets its own rigorous method.
///
/// - |z| ≤ 6 over the whole box (``maclaurinRadius``): the Maclaurin series of erf at the box's
///   centre c (MPFR's erf and erfc when c is real), at a working precision raised past its
///   cancellation, with a proven tail bound; the rest of the box by the mean value theorem
///   (``maclaurinRegion(_:_:)``).
/// - Re z > 0 throughout: erfcx by its asymptotic expansion with a proven remainder
///   (``asymptoticErfcx(_:)``), erfc = e^(−z²)·erfcx, erf = 1 − erfc.
/// - Re z < 0 throughout: the reflections erf(z) = −erf(−z), erfc(z) = 2 − erfc(−z),
///   erfcx(z) = 2e^(z²) − erfcx(−z).
/// - Everywhere: the result is intersected with a disc from |erfcx(z)| ≤ erfcx(Re z)
///   (``magnitudeBound(_:_:)``), which alone bounds a piece that no method above covers.
///
/// A box reaching beyond |z| = 6 is first split at Re z = ±2 (``asymptoticEdge``) and the
/// pieces' results joined, so a wide rectangle around a real interval — the case of Bernstein
/// ellipses — gets the expansion on its outer parts. Its middle part |Re z| ≤ 2 uses the series
/// while |Im z| ≤ 5.6, and only the disc beyond (about |Im z|·√π times the largest |erf| there).
///
/// Tightness of a point box, relative to |f(z)|: a few ulps where |z| ≤ 6 and on the real axis;
/// beyond |z| = 6 that of the expansion, which grows with Re z and |z|: 2⁻²³ at 2 + 5.7i, 2⁻³¹
/// at 2.5 + 6i, 2⁻⁵⁰ at 6.1, 2⁻⁶⁶ at 7, 128 bits at 10, at 30 + i and at 3 + 20i; with
/// Re z < 2 it decays to a magnitude bound (2⁻⁹ at 1 + 6i, 60 % at 0.5 + 6i, the disc alone at
/// 0.2 + 7i). Wide boxes: the mean value disc of the series grows with the box's radius ρ as
/// (2/√π)e^(max y² − min x²)·ρ, and the discs cap it: on rectangles across the real axis the
/// bound on |f| is 3–10 times the true largest |erf| or |erfc| and 1.5 times the largest
/// |erfcx| (measured on [−1, 1]², [−4, 4]², [−10, 10] × [−2, 2] and [−30, 30] × [−3, 3]).
extension ComplexBox {
    package static func erf(_ z: ComplexBox) -> ComplexBox { errorFunction(.erf, z) }
    package static func erfc(_ z: ComplexBox) -> ComplexBox { errorFunction(.erfc, z) }
    /// erfcx(z) = e^(z²)·erfc(z).
    package static func erfcx(_ z: ComplexBox) -> ComplexBox { errorFunction(.erfcx, z) }

    enum ErrorFunction { case erf, erfc, erfcx }

    /// Boxes within this modulus use the Maclaurin series: at |c| = 6 its terms reach
    /// e^36 ≈ 2^52, and it needs about 150–250 terms at 64–128 bits.
    static let maclaurinRadius = 6
    /// Other boxes are split at Re z = ±2: from there on (and beyond |z| = 6) the asymptotic
    /// expansion of erfcx is accurate to 2⁻²⁰ or better.
    static let asymptoticEdge = 2

    static func errorFunction(_ f: ErrorFunction, _ z: ComplexBox) -> ComplexBox {
        finite(z) {
            let p = z.precision
            if z.magnitudeUpperBound <= BigFloat(maclaurinRadius, precision: p) { return errorFunctionPiece(f, z) }
            var result: ComplexBox? = nil
            for piece in z.splitAlongRealAxis(at: asymptoticEdge) {
                let v = errorFunctionPiece(f, piece)
                guard v.isFinite else { return .whole(precision: p) }
                result = result.map { $0.hull(v) } ?? v
            }
            return result ?? .whole(precision: p)
        }
    }

    /// The box cut by the vertical lines Re z = −e and Re z = e into up to three boxes (which
    /// share their edges) covering it.
    func splitAlongRealAxis(at e: Int) -> [ComplexBox] {
        let p = re.precision
        let (lo, hi) = (re.lower, re.upper)
        let (a, b) = (BigFloat(-e, precision: p), BigFloat(e, precision: p))
        func piece(_ l: BigFloat, _ u: BigFloat) -> ComplexBox { ComplexBox(re: MPFRInterval(lower: l, upper: u), im: im) }
        var pieces: [ComplexBox] = []
        if lo < a { pieces.append(piece(lo, BigFloat.minimum(hi, a))) }
        let (ml, mh) = (BigFloat.maximum(lo, a), BigFloat.minimum(hi, b))
        if ml <= mh { pieces.append(piece(ml, mh)) }
        if hi > b { pieces.append(piece(BigFloat.maximum(lo, b), hi)) }
        return pieces
    }

    /// f over one piece: by its region's method, intersected with ``magnitudeBound(_:_:)``'s
    /// disc (which alone answers for a piece across Re z = 0 beyond |z| = 6).
    static func errorFunctionPiece(_ f: ErrorFunction, _ z: ComplexBox) -> ComplexBox {
        let p = z.precision
        let r = magnitudeBound(f, z)
        let disc = ComplexBox(re: .symmetric(r, precision: p), im: .symmetric(r, precision: p))
        let v: ComplexBox
        if z.magnitudeUpperBound <= BigFloat(maclaurinRadius, precision: p) {
            v = maclaurinRegion(f, z)
        } else if z.re.lower.signum > 0 {
            v = rightHalfPlane(f, z)
        } else if z.re.upper.signum < 0 {
            let w = -z
            switch f {
            case .erf: v = -rightHalfPlane(.erf, w)
            case .erfc: v = 2 - rightHalfPlane(.erfc, w)
            case .erfcx: v = exp(square(z)) * 2 - rightHalfPlane(.erfcx, w)
            }
        } else {
            return disc.checked
        }
        return v.isFinite ? v.intersection(disc) : disc.checked
    }

    /// A bound on |f(z)| over the box, rounded up (+∞ when it overflows), from
    /// |erfcx(z)| = (2/√π)|∫₀^∞ e^(−2zs − s²) ds| ≤ (2/√π)∫₀^∞ e^(−2xs − s²) ds = erfcx(x), for
    /// every z with x = Re z, and erfcx decreasing on ℝ:
    /// - |erfcx z| ≤ erfcx(min x);
    /// - |erfc z| = |e^(−z²)|·|erfcx z| ≤ e^(max y² − min x²)·erfcx(min x), and, as erfc z =
    ///   2 − erfc(−z), |erfc z| ≤ 2 + e^(max y² − min x²)·erfcx(min |x|) (the smaller is taken);
    /// - |erf z| = |1 − erfc(±z)| ≤ 1 + e^(max y² − min x²)·erfcx(min |x|), taking the sign that
    ///   makes Re(±z) = |x|.
    /// erfcx of a real number is MPFR's erfc times eˣ² (``MPFRInterval/erfcx(_:)``).
    static func magnitudeBound(_ f: ErrorFunction, _ z: ComplexBox) -> BigFloat {
        let q = 64
        func erfcxUpper(_ t: BigFloat) -> BigFloat { MPFRInterval.erfcx(MPFRInterval(t.rounded(toPrecision: q, rounding: .down))).upper }
        let growth = BigFloat.apply(.exp, MPFRInterval.upward(q) { $0.setDifference(z.im.squared.upper, z.re.squared.lower, rounding: $1) },
                                    precision: q, rounding: .up)
        let nearest = BigFloat.apply(.sqrt, z.re.squared.lower, precision: q, rounding: .down)   // ≤ min |x|
        let reflected = MPFRInterval.product(growth, erfcxUpper(nearest), q, .up)
        func plus(_ n: Int, _ b: BigFloat) -> BigFloat { MPFRInterval.upward(q) { $0.setSum(BigFloat(n, precision: q), b, rounding: $1) } }
        switch f {
        case .erfcx: return erfcxUpper(z.re.lower)
        case .erfc: return BigFloat.minimum(MPFRInterval.product(growth, erfcxUpper(z.re.lower), q, .up), plus(2, reflected))
        case .erf: return plus(1, reflected)
        }
    }

    /// Re z > 0 throughout: erfcx from ``asymptoticErfcx(_:)``, erfc = e^(−z²)·erfcx and
    /// erf = 1 − erfc (tight where erfc is small, which is where erf is used).
    static func rightHalfPlane(_ f: ErrorFunction, _ z: ComplexBox) -> ComplexBox {
        let s = asymptoticErfcx(z)
        switch f {
        case .erfcx: return s
        case .erfc: return exp(-square(z)) * s
        case .erf: return 1 - exp(-square(z)) * s
        }
    }
}

// MARK: - Maclaurin series near the origin

extension ComplexBox {
    /// f over a box with |z| ≤ 6, as a centred form: the values at the centre c (a point at one
    /// bit more than the box, ``maclaurin(re:im:precision:)``) widened by the mean value
    /// theorem, |erf(z) − erf(c)| ≤ |z − c|·sup|erf′| on the segment [c, z], which lies in the
    /// box, where |erf′(t)| = (2/√π)|e^(−t²)| = (2/√π)e^(y² − x²) ≤ (2/√π)e^(max y² − min x²).
    /// erfc = 1 − erf has the same derivative up to sign; erfcx = e^(z²)·erfc as a box product.
    static func maclaurinRegion(_ f: ErrorFunction, _ z: ComplexBox) -> ComplexBox {
        let p = z.precision
        let (cx, cy) = (z.re.centre, z.im.centre)
        let (erfC, erfcC) = maclaurin(re: cx, im: cy, precision: p)
        var erfBox = erfC, erfcBox = erfcC
        if !z.isPoint {
            let dx = z.re.distance(from: cx), dy = z.im.distance(from: cy)
            let rho2 = MPFRInterval.upward(64) { $0.setSum(MPFRInterval.product(dx, dx, 64, .up), MPFRInterval.product(dy, dy, 64, .up), rounding: $1) }
            let exponent = MPFRInterval.upward(64) { $0.setDifference(z.im.squared.upper, z.re.squared.lower, rounding: $1) }
            var slope = BigFloat.apply(.exp, exponent, precision: 64, rounding: .up)
            slope = MPFRInterval.product(slope, MPFRInterval.twoOverSqrtPi(precision: 64).upper, 64, .up)
            let radius = MPFRInterval.product(slope, BigFloat.apply(.sqrt, rho2, precision: 64, rounding: .up), 64, .up)
            erfBox = erfBox.inflated(by: radius)
            erfcBox = erfcBox.inflated(by: radius)
        }
        switch f {
        case .erf: return erfBox
        case .erfc: return erfcBox
        case .erfcx: return exp(square(z)) * erfcBox
        }
    }

    /// erf(c) and erfc(c) for the point c = x + iy (|c| ≤ 6), enclosed at `p` bits: MPFR's
    /// correctly rounded erf and erfc for a real c; otherwise from
    /// erf c = (2/√π) Σₖ (−1)ᵏ c^(2k+1)/(k!(2k+1)), summed in box arithmetic.
    ///
    /// Working precision: p + 2.9x² + 24 bits. The terms reach about e^(|c|²) while erf c is
    /// about max(1, e^(y² − x²)/|c|), so the sum cancels about 1.44·min(|c|², 2x²) bits; erfc =
    /// 1 − erf cancels 1.44·max(0, x² − y²) more where erfc is small. Both together are at most
    /// 1.44·2x² bits (none on the imaginary axis, where every term has the same sign).
    ///
    /// Tail: with r ≥ |c|, Σ_{j>k} r^(2j+1)/(j!(2j+1)) ≤ Σ_{j>k} r^(2j+1)/j!, whose terms shrink
    /// by r²/(j + 1) ≤ ½ once k + 2 ≥ 2r², so it is at most 2r^(2k+3)/(k + 1)!. The sum stops when
    /// that is below 2^(−w)·min(1, |c|) and the tail is added as a disc.
    static func maclaurin(re x: BigFloat, im y: BigFloat, precision p: Int) -> (erf: ComplexBox, erfc: ComplexBox) {
        if y.isZero {
            let c = MPFRInterval(BigFloat(x, precision: p + 1))
            return (ComplexBox(real: MPFRInterval.monotone(.erf, c).roundedOutward(toPrecision: p)),
                    ComplexBox(real: MPFRInterval.monotone(.erfc, c, increasing: false).roundedOutward(toPrecision: p)))
        }
        let dx = Double(x)
        let w = BigFloat.clampedPrecision(p + Int(2.9 * dx * dx) + 24)
        let c = ComplexBox(re: BigFloat(x, precision: w), im: BigFloat(y, precision: w))
        let r2 = MPFRInterval.upward(64) { $0.setSum(MPFRInterval.product(x, x, 64, .up), MPFRInterval.product(y, y, 64, .up), rounding: $1) }
        let r = BigFloat.apply(.sqrt, r2, precision: 64, rounding: .up)
        let target = BigFloat.minimum(c.magnitudeLowerBound.rounded(toPrecision: 64, rounding: .down), BigFloat(1, precision: 64)).timesPowerOfTwo(-w)
        let minusC2 = -square(c)
        var term = c, sum = c
        var bound = r   // ≥ r^(2k+1)/k!
        for k in 1 ... 100_000 {
            term = term * minusC2 / k
            sum = sum + term / (2 * k + 1)
            bound = MPFRInterval.quotient(MPFRInterval.product(bound, r2, 64, .up), BigFloat(k, precision: 64), 64, .up)
            guard BigFloat(k + 2, precision: 64) >= MPFRInterval.product(r2, BigFloat(2, precision: 64), 64, .up) else { continue }
            let next = MPFRInterval.quotient(MPFRInterval.product(bound, r2, 64, .up), BigFloat(k + 1, precision: 64), 64, .up)
            let tail = next.timesPowerOfTwo(1)
            guard tail <= target else { continue }
            let e = sum.inflated(by: tail) * MPFRInterval.twoOverSqrtPi(precision: w)
            return (e.roundedOutward(toPrecision: p), (1 - e).roundedOutward(toPrecision: p))
        }
        return (.whole(precision: p), .whole(precision: p))
    }
}

// MARK: - Asymptotic expansion of erfcx for Re z > 0

extension ComplexBox {
    /// erfcx over a box with x = Re z > 0 throughout, by a proven asymptotic expansion.
    ///
    /// For every z, erfc z = (2/√π)∫₀^∞ e^(−(z+s)²) ds (the horizontal ray from z), so
    /// erfcx z = (2/√π) I₀ with Iₙ = ∫₀^∞ e^(−2zs) g⁽ⁿ⁾(s) ds and g(s) = e^(−s²). Integrating by
    /// parts, Iₙ = g⁽ⁿ⁾(0)/(2z) + Iₙ₊₁/(2z), so for any N
    ///
    ///     erfcx z = (2/√π) [Σ_{2m<N} (−1)ᵐ ((2m)!/m!) / (2z)^(2m+1)] + R_N,
    ///
    /// as g⁽²ᵐ⁾(0) = H₂ₘ(0) = (−1)ᵐ(2m)!/m! and odd derivatives vanish at 0. With
    /// g⁽ᴺ⁾(s) = (−1)ᴺ H_N(s) e^(−s²), |H_N(s)| ≤ N! Σₘ (2s)^(N−2m)/(m!(N−2m)!) and
    /// ∫₀^∞ e^(−2xs) sᵏ ds = k!/(2x)^(k+1):
    ///
    ///     |R_N| ≤ (2/√π) · (N!/(2x)) · Σ_{m ≤ N/2} x^(2m−N)/m! / |2z|^N,
    ///
    /// taken at x = min Re z and |z| = min |z| over the box. N = 0 is the plain bound
    /// |erfcx z| ≤ (2/√π)∫₀^∞ e^(−2xs) ds = 1/(√π x); the result is intersected with that disc.
    /// N is chosen (in floating point: any N is proven) to make the bound below 2^−(p+8) of the
    /// leading term, or as small as it gets.
    static func asymptoticErfcx(_ z: ComplexBox) -> ComplexBox {
        let p = z.precision
        let x = z.re.lower, zmin = z.magnitudeLowerBound
        let sqrtPi = BigFloat.apply(.sqrt, BigFloat.pi(precision: 64, rounding: .down), precision: 64, rounding: .down)
        let plain = MPFRInterval.quotient(BigFloat(1, precision: 64), MPFRInterval.product(x, sqrtPi, 64, .down), 64, .up)
        var result = ComplexBox(re: .symmetric(plain, precision: p), im: .symmetric(plain, precision: p))
        let n = zmin.signum > 0 ? asymptoticOrder(x: x, zmin: zmin, zmax: z.magnitudeUpperBound, precision: p) : 0
        if n > 0 {
            let v = 1 / (z * 2)
            let minusV2 = -square(v)
            var term = v, sum = v
            var m = 1
            while 2 * m < n {
                term = term * minusV2 * (2 * (2 * m - 1))
                sum = sum + term
                m += 1
            }
            let expansion = (sum * MPFRInterval.twoOverSqrtPi(precision: p)).inflated(by: asymptoticRemainder(order: n, x: x, zmin: zmin))
            if expansion.isFinite { result = result.intersection(expansion) }
        }
        // On the real axis erfcx is real: the discs' imaginary extent is not part of the image.
        if z.im.lower.isZero && z.im.upper.isZero { result.im = MPFRInterval(BigFloat.zero(precision: p)) }
        return result
    }

    /// The proven bound on |R_N| (see ``asymptoticErfcx(_:)``), rounded up at 64 bits:
    /// (2/√π)·N!·S/(2x·(2|z|)^N) with S = Σ_{m ≤ N/2} x^(2m−N)/m!.
    static func asymptoticRemainder(order n: Int, x: BigFloat, zmin: BigFloat) -> BigFloat {
        let q = 64
        func up(_ a: BigFloat, times b: BigFloat) -> BigFloat { MPFRInterval.product(a, b, q, .up) }
        func up(_ a: BigFloat, over b: BigFloat) -> BigFloat { MPFRInterval.quotient(a, b, q, .up) }
        let one = BigFloat(1, precision: q)
        let inverseX = up(one, over: x)
        let x2 = up(x, times: x)
        var t = one
        for _ in 0 ..< n { t = up(t, times: inverseX) }        // x^(−N)
        var s = t
        if n >= 2 {
            for m in 1 ... n / 2 {
                t = up(up(t, times: x2), over: BigFloat(m, precision: q))   // x^(2m−N)/m!
                s = MPFRInterval.upward(q) { $0.setSum(s, t, rounding: $1) }
            }
        }
        var factorial = one, power = one
        let twoZ = zmin.timesPowerOfTwo(1).rounded(toPrecision: q, rounding: .down)
        for k in 1 ... n {
            factorial = up(factorial, times: BigFloat(k, precision: q))
            power = MPFRInterval.product(power, twoZ, q, .down)
        }
        let twoX = x.timesPowerOfTwo(1).rounded(toPrecision: q, rounding: .down)
        let bound = up(up(up(factorial, times: s), over: twoX), over: power)
        return up(bound, times: MPFRInterval.twoOverSqrtPi(precision: q).upper)
    }

    /// The N of ``asymptoticErfcx(_:)``: the first whose remainder bound, estimated in floating
    /// point (logarithms, so nothing overflows), is below 2^−(p+8)/(√π·max|z|), else the one with
    /// the smallest bound (0: none beats the plain disc). The bound's logarithm is
    /// log(2/√π) + log N! − log 2x + log S_N − N log 2|z|, with S_N = x^(−2)·S_(N−2) + x^(2⌊N/2⌋−N)/⌊N/2⌋!.
    static func asymptoticOrder(x: BigFloat, zmin: BigFloat, zmax: BigFloat, precision p: Int) -> Int {
        func ln(_ v: BigFloat) -> Double { Double(BigFloat.apply(.log, v, precision: 53)) }
        let (lx, lz, lzmax) = (ln(x), ln(zmin), ln(zmax))
        let ln2 = 0.6931471805599453, lnSqrtPi = 0.5723649429247001
        let target = -lnSqrtPi - lzmax - Double(p + 8) * ln2
        var best = (order: 0, log: -lnSqrtPi - lx)
        guard best.log > target else { return 0 }
        var lnFactorials = [0.0]
        var lnS = [0.0, -lx]   // log S_0, log S_1
        for n in 1 ... 4 * p + 200 {
            lnFactorials.append(lnFactorials[n - 1] + Double.log(Double(n)))
            if n >= 2 {
                let a = lnS[n - 2] - 2 * lx, b = Double(2 * (n / 2) - n) * lx - lnFactorials[n / 2]
                lnS.append(Swift.max(a, b) + Double.log(onePlus: Double.exp(-Swift.abs(a - b))))
            }
            let estimate = ln2 - lnSqrtPi + lnFactorials[n] - (ln2 + lx) + lnS[n] - Double(n) * (ln2 + lz)
            if estimate < best.log { best = (n, estimate) }
            if estimate <= target || estimate > best.log + 40 { break }
        }
        return best.order
    }
}

// MARK: - Helpers

extension MPFRInterval {
    /// An operation rounded up into a new number of `p` bits.
    static func upward(_ p: Int, _ body: (inout BigFloat, Rounding) -> Void) -> BigFloat { directed(p, .up, body) }
}

extension ComplexBox {
    /// The box with its ends rounded outward to `p` bits.
    func roundedOutward(toPrecision p: Int) -> ComplexBox {
        ComplexBox(re: re.roundedOutward(toPrecision: p), im: im.roundedOutward(toPrecision: p))
    }

    /// The common part of two enclosures of the same set.
    func intersection(_ other: ComplexBox) -> ComplexBox {
        ComplexBox(re: re.intersection(other.re), im: im.intersection(other.im))
    }
}
