import BigFloat

/// A rectangle of ℂ, [re.lower, re.upper] × [im.lower, im.upper], with outward rounding: every
/// operation returns a box that contains f(z) for every z of its input boxes. It bounds the
/// analytic continuation of a definition on a rectangle around a Bernstein ellipse, for the
/// Gauss–Legendre error bounds of certified quadrature (as Arb's `acb_calc` does), so it runs at
/// low precision (64–128 bits) and needs to be rigorous, not tight: a box a few times too large
/// costs a few more nodes, a box too small a false proof.
///
/// Each function is the principal branch of the real function's analytic continuation: `log`
/// and `sqrt` are cut along (−∞, 0], `log1p` along (−∞, −1], `atan` along the imaginary axis
/// where |Im z| ≥ 1; `tanh` has poles at i(π/2 + kπ); `exp`, `expm1`, `sin`, `cos`, `erf`, `erfc`
/// and `erfcx` are entire.
///
/// Unbounded results: a box that meets a singularity or a branch cut (the closed cut, from
/// either side), a division by a box that may contain 0, an input that is not finite, and any
/// case where no finite enclosure is computed give ``whole(precision:)``, [−∞, +∞]², which
/// ``isFinite`` reports. A finite result box therefore also proves the function analytic on the
/// input box. An unbounded operand makes every result unbounded, even multiplied by 0: it may
/// stand for a singularity.
///
/// Precision: a box has its coordinates' precision (``precision``, the larger of the two); an
/// operation works at its operands' larger precision, and the functions raise it internally
/// only where cancellation demands (the error function's series).
///
/// Exact values: the coordinates are plain enclosures; an ``MPFRInterval/exact`` value is dropped
/// when a box is made.
///
/// Mathematical properties: a point box (both coordinates points) gives a result a few ulps
/// wide for the elementary functions; the wrapping effect of rectangles makes wide boxes'
/// results larger than the true image, by a moderate factor (see each function).
package struct ComplexBox: Sendable, CustomStringConvertible {
    package var re: MPFRInterval
    package var im: MPFRInterval

    package init(re: MPFRInterval, im: MPFRInterval) {
        self.re = re.enclosureOnly
        self.im = im.enclosureOnly
    }

    /// The real interval `real` (imaginary part the point 0).
    package init(real: MPFRInterval) {
        self.init(re: real, im: MPFRInterval(BigFloat.zero(precision: real.precision)))
    }

    /// The point x + iy, exactly (each coordinate at its own precision).
    package init(re x: BigFloat, im y: BigFloat) {
        self.init(re: MPFRInterval(x), im: MPFRInterval(y))
    }

    /// The box [c − a, c + a] × [−b, b] at `p` bits, rounded outward (the rectangle around the
    /// Bernstein ellipse of centre c and semi-axes a, b). The signs of a and b are ignored.
    package static func rectangle(center c: BigFloat, halfWidth a: BigFloat, halfHeight b: BigFloat, precision p: Int) -> ComplexBox {
        var left = BigFloat(nanWithPrecision: p), right = BigFloat(nanWithPrecision: p)
        left.setDifference(c, BigFloat.abs(a), rounding: .down)
        right.setSum(c, BigFloat.abs(a), rounding: .up)
        return ComplexBox(re: MPFRInterval(lower: left, upper: right), im: .symmetric(BigFloat.abs(b), precision: p))
    }

    /// The unbounded box [−∞, +∞] × [−∞, +∞] at `p` bits: the answer where no finite enclosure
    /// exists or is found.
    package static func whole(precision p: Int) -> ComplexBox {
        ComplexBox(re: .whole(precision: p), im: .whole(precision: p))
    }

    /// The larger of the coordinates' precisions.
    package var precision: Int { Swift.max(re.precision, im.precision) }

    /// All four ends finite (not infinite, not NaN).
    package var isFinite: Bool { re.isFiniteInterval && im.isFiniteInterval }

    /// Both coordinates are points.
    package var isPoint: Bool { re.isPoint && im.isPoint }

    /// sup |z| over the box, rounded up: √(max|x|² + max|y|²); +∞ when the box is not finite.
    package var magnitudeUpperBound: BigFloat {
        let p = precision
        guard isFinite else { return .infinity(precision: p) }
        var s = BigFloat(nanWithPrecision: p)
        s.setSum(re.squared.upper, im.squared.upper, rounding: .up)
        s.form(.sqrt, rounding: .up)
        return s
    }

    /// inf |z| over the box, rounded down: √(min x² + min y²) (0 when the box contains 0, and
    /// when it is not finite).
    package var magnitudeLowerBound: BigFloat {
        let p = precision
        guard isFinite else { return .zero(precision: p) }
        var s = BigFloat(nanWithPrecision: p)
        s.setSum(re.squared.lower, im.squared.lower, rounding: .down)
        s.form(.sqrt, rounding: .down)
        return s
    }

    /// The point x + iy lies in the box (ends included).
    package func contains(re x: BigFloat, im y: BigFloat) -> Bool {
        re.lower <= x && x <= re.upper && im.lower <= y && y <= im.upper
    }

    /// `other` lies in the box (ends included).
    package func contains(_ other: ComplexBox) -> Bool {
        re.lower <= other.re.lower && other.re.upper <= re.upper && im.lower <= other.im.lower && other.im.upper <= im.upper
    }

    /// The smallest box containing both.
    package func hull(_ other: ComplexBox) -> ComplexBox {
        ComplexBox(re: re.hull(other.re), im: im.hull(other.im))
    }

    /// The box grown by the disc of radius r ≥ 0 around 0, taken as the square [−r, r]²: it
    /// contains w + e for every w in the box and |e| ≤ r.
    package func inflated(by r: BigFloat) -> ComplexBox {
        let d = MPFRInterval.symmetric(r, precision: precision)
        return ComplexBox(re: re + d, im: im + d)
    }

    package var description: String { "\(re) + i·\(im)" }

    /// The box itself, or ``whole(precision:)`` when an end is NaN (an undefined operation, such
    /// as ∞ − ∞, inside a computation): every result passes through here.
    var checked: ComplexBox { re.isNaN || im.isNaN ? .whole(precision: precision) : self }
}

// MARK: - Constants

extension ComplexBox {
    /// The real constant c, enclosed at `p` bits (a point when `p` bits hold it).
    package static func constant(_ c: DecimalConstant, precision p: Int) -> ComplexBox {
        ComplexBox(real: MPFRInterval(lower: c.bigFloat(precision: p, rounding: .down), upper: c.bigFloat(precision: p, rounding: .up)))
    }

    /// π enclosed at `p` bits.
    package static func pi(precision p: Int) -> ComplexBox { ComplexBox(real: .pi(precision: p)) }

    /// The integer n at `p` bits.
    static func integer(_ n: Int, precision p: Int) -> ComplexBox { ComplexBox(real: .integer(n, precision: p)) }
}

// MARK: - Arithmetic

extension ComplexBox {
    /// Both operands finite, else the unbounded box at their precision.
    static func whenFinite(_ a: ComplexBox, _ b: ComplexBox, _ body: () -> ComplexBox) -> ComplexBox {
        guard a.isFinite && b.isFinite else { return .whole(precision: Swift.max(a.precision, b.precision)) }
        return body().checked
    }

    package static func + (a: ComplexBox, b: ComplexBox) -> ComplexBox {
        whenFinite(a, b) { ComplexBox(re: a.re + b.re, im: a.im + b.im) }
    }

    package static func - (a: ComplexBox, b: ComplexBox) -> ComplexBox {
        whenFinite(a, b) { ComplexBox(re: a.re - b.re, im: a.im - b.im) }
    }

    package static prefix func - (a: ComplexBox) -> ComplexBox { ComplexBox(re: -a.re, im: -a.im) }

    /// (a + ib)(c + id) = (ac − bd) + i(ad + bc), each product and sum in interval arithmetic
    /// (tight for point boxes; for wide boxes the rectangle around the true image, up to the
    /// dependency between ac and bd).
    package static func * (a: ComplexBox, b: ComplexBox) -> ComplexBox {
        whenFinite(a, b) {
            ComplexBox(re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re)
        }
    }

    /// a/b = a·conj(b)/|b|², with |b|² the range of x² + y² over b (``MPFRInterval/squared``);
    /// unbounded when that range reaches 0 (b may contain 0). A real divisor (imaginary part
    /// the point 0) divides each coordinate directly, which avoids the dependency of b·b/b².
    package static func / (a: ComplexBox, b: ComplexBox) -> ComplexBox {
        whenFinite(a, b) {
            let p = Swift.max(a.precision, b.precision)
            if b.im.lower.isZero && b.im.upper.isZero {
                guard b.re.strictSign != 0 else { return .whole(precision: p) }
                return ComplexBox(re: a.re / b.re, im: a.im / b.re)
            }
            let n = b.re.squared + b.im.squared
            guard n.lower.signum > 0 else { return .whole(precision: p) }
            return ComplexBox(re: (a.re * b.re + a.im * b.im) / n, im: (a.im * b.re - a.re * b.im) / n)
        }
    }

    /// z² = (x² − y²) + 2ixy with x² and y² as ranges (tighter than z·z for a box across an axis).
    package static func square(_ z: ComplexBox) -> ComplexBox {
        guard z.isFinite else { return .whole(precision: z.precision) }
        return ComplexBox(re: z.re.squared - z.im.squared, im: (z.re * z.im).doubled).checked
    }

    /// i·z = −y + ix (exact).
    package var timesI: ComplexBox { ComplexBox(re: -im, im: re) }

    // Mixed with real intervals: the interval is the box [l, u] × [0, 0], applied directly.

    package static func + (a: ComplexBox, s: MPFRInterval) -> ComplexBox { a + ComplexBox(real: s) }
    package static func + (s: MPFRInterval, a: ComplexBox) -> ComplexBox { ComplexBox(real: s) + a }
    package static func - (a: ComplexBox, s: MPFRInterval) -> ComplexBox { a - ComplexBox(real: s) }
    package static func - (s: MPFRInterval, a: ComplexBox) -> ComplexBox { ComplexBox(real: s) - a }
    package static func * (a: ComplexBox, s: MPFRInterval) -> ComplexBox {
        whenFinite(a, ComplexBox(real: s)) { ComplexBox(re: a.re * s, im: a.im * s) }
    }
    package static func * (s: MPFRInterval, a: ComplexBox) -> ComplexBox { a * s }
    package static func / (a: ComplexBox, s: MPFRInterval) -> ComplexBox { a / ComplexBox(real: s) }
    package static func / (s: MPFRInterval, a: ComplexBox) -> ComplexBox { ComplexBox(real: s) / a }

    // Mixed with integers: n enclosed at the box's precision.

    package static func + (a: ComplexBox, n: Int) -> ComplexBox { a + MPFRInterval.integer(n, precision: a.precision) }
    package static func + (n: Int, a: ComplexBox) -> ComplexBox { a + n }
    package static func - (a: ComplexBox, n: Int) -> ComplexBox { a - MPFRInterval.integer(n, precision: a.precision) }
    package static func - (n: Int, a: ComplexBox) -> ComplexBox { MPFRInterval.integer(n, precision: a.precision) - a }
    package static func * (a: ComplexBox, n: Int) -> ComplexBox { a * MPFRInterval.integer(n, precision: a.precision) }
    package static func * (n: Int, a: ComplexBox) -> ComplexBox { a * n }
    package static func / (a: ComplexBox, n: Int) -> ComplexBox { a / MPFRInterval.integer(n, precision: a.precision) }
    package static func / (n: Int, a: ComplexBox) -> ComplexBox { MPFRInterval.integer(n, precision: a.precision) / a }
}
