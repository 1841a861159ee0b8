#!/usr/bin/env python3
"""Reference integrals and test-function derivatives for the quadrature tests, from mpmath.

Writes Tests/KinkCheckTests/Fixtures/quadrature.json:

- "integrals": named definite integrals of bumps (and bumps times polynomials, and the pairings
  -int relu*phi' that the distributional-derivative check computes), each with its value to
  DIGITS significant digits. Every value is computed twice, by independent means, at W and at
  W + 40 digits, and the script stops unless the two agree to W - 10 digits:
    * the centred unit bump: the closed form (K1(1/2) - K0(1/2))/sqrt(e) against mpmath's
      tanh-sinh quad;
    * bumps (times polynomials): mpmath's tanh-sinh quad against its Gauss-Legendre quad on a
      grid graded towards the support ends;
    * -int relu*phi': directly (split at the kink) against int_0^(c+w) phi (by parts).
- "derivatives": phi, phi', phi'' of the three test-function families at a few points, from
  mpmath.diff of the *definitions* (phi = exp(-1/(1-t^2)), (1-t^2)^m, q(x)*bump) -- independent of
  the hand-derived formulas the Swift code uses. 120 digits.

Parameters are decimal strings read by mpmath at the working precision (never Python floats).
The unit-bump integral is written to 700 digits, more than twice the 300 digits tested; the rest
to 220 digits (tests use 50-100).

Run:  python3 scripts/gen_quadrature_fixtures.py      (mpmath 1.3; about three minutes)
"""
import json
import os
import sys

import mpmath as mp

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "KinkCheckTests", "Fixtures", "quadrature.json")


def bump(c, w):
    c, w = mp.mpf(c), mp.mpf(w)

    def f(x):
        t = (x - c) / w
        return mp.exp(-1 / (1 - t * t)) if abs(t) < 1 else mp.mpf(0)
    return f


def poly_bump(c, w, m):
    c, w = mp.mpf(c), mp.mpf(w)

    def f(x):
        t = (x - c) / w
        return (1 - t * t) ** m if abs(t) < 1 else mp.mpf(0)
    return f


def times_poly(inner, coeffs):
    def f(x):
        q = mp.mpf(0)
        for a in reversed(coeffs):
            q = q * x + mp.mpf(a)
        return q * inner(x)
    return f


def relu(x):
    return x if x > 0 else mp.mpf(0)


def pieces(points):
    return [mp.mpf(p) for p in points]


def two_ways(make, digits):
    """make() -> (value by method 1, value by method 2), evaluated at `digits` working digits."""
    results = []
    for d in (digits, digits + 40):
        mp.mp.dps = d
        a, b = make()
        if abs(a - b) > abs(a) * mp.mpf(10) ** (-(digits - 10)) + mp.mpf(10) ** (-(digits - 10)):
            sys.exit(f"methods disagree at {d} digits: {mp.nstr(a, 30)} vs {mp.nstr(b, 30)}")
        results.append(a)
    hi = results[1]
    if abs(results[0] - hi) > abs(hi) * mp.mpf(10) ** (-(digits - 10)) + mp.mpf(10) ** (-(digits - 10)):
        sys.exit("value changed with precision")
    mp.mp.dps = digits + 40
    return hi


def quad_two_rules(f, points, c, w):
    """tanh-sinh on `points`; Gauss-Legendre on `points` plus c +- w(1 - 2^-k), k < 10: the bump's
    essential singularity at c +- w needs that grading (ungraded, mpmath's Gauss-Legendre gets
    about half the digits)."""
    pts = pieces(points)
    c, w = mp.mpf(c), mp.mpf(w)
    graded = sorted(set(pts + [c + s * w * (1 - mp.mpf(2) ** -k) for k in range(10) for s in (-1, 1)]))
    return (mp.quad(f, pts, method="tanh-sinh"), mp.quad(f, graded, method="gauss-legendre"))


def integral_records():
    recs = []

    def add(name, description, digits, make):
        v = two_ways(make, digits)
        recs.append({"name": name, "description": description, "digits": digits,
                     "value": mp.nstr(v, digits, strip_zeros=False, min_fixed=-mp.inf, max_fixed=mp.inf)
                     if v != 0 else "0"})
        print(name, mp.nstr(v, 40), file=sys.stderr)

    def unit_bump():
        half = mp.mpf(1) / 2
        closed = (mp.besselk(1, half) - mp.besselk(0, half)) / mp.sqrt(mp.e)
        return closed, mp.quad(bump("0", "1"), [-1, 0, 1])
    # 700 digits by the closed form; quad is the cross-check at 420 digits (its cost grows fast).
    mp.mp.dps = 740
    half = mp.mpf(1) / 2
    closed = (mp.besselk(1, half) - mp.besselk(0, half)) / mp.sqrt(mp.e)
    mp.mp.dps = 780
    half = mp.mpf(1) / 2
    closed2 = (mp.besselk(1, half) - mp.besselk(0, half)) / mp.sqrt(mp.e)
    if abs(closed - closed2) > mp.mpf(10) ** -720:
        sys.exit("closed form unstable")
    two_ways(unit_bump, 420)  # checks closed form == quad to 410 digits
    mp.mp.dps = 780
    recs.append({"name": "bump_unit", "description": "int_{-1}^{1} exp(-1/(1-x^2)) dx = (K1(1/2)-K0(1/2))/sqrt(e)",
                 "digits": 700, "value": mp.nstr(closed2, 700, strip_zeros=False, min_fixed=-mp.inf, max_fixed=mp.inf)})
    recs.append({"name": "bump_unit_half", "description": "int_0^1 exp(-1/(1-x^2)) dx (half of bump_unit by symmetry)",
                 "digits": 700, "value": mp.nstr(closed2 / 2, 700, strip_zeros=False, min_fixed=-mp.inf, max_fixed=mp.inf)})

    D = 220
    add("bump_c0.3_w0.7", "int exp(-1/(1-t^2)), t=(x-0.3)/0.7, over [-0.4, 1]", D,
        lambda: quad_two_rules(bump("0.3", "0.7"), ["-0.4", "0.3", "1"], "0.3", "0.7"))
    add("bump_c0.3_w0.7_times_1-2x+3x2", "int (1 - 2x + 3x^2) * bump(c=0.3, w=0.7)", D,
        lambda: quad_two_rules(times_poly(bump("0.3", "0.7"), ["1", "-2", "3"]), ["-0.4", "0.3", "1"], "0.3", "0.7"))
    add("bump_unit_times_x2", "int_{-1}^{1} x^2 exp(-1/(1-x^2)) dx", D,
        lambda: quad_two_rules(times_poly(bump("0", "1"), ["0", "0", "1"]), ["-1", "0", "1"], "0", "1"))
    # -int relu * phi' = int_0^{c+w} phi (integration by parts): check the pairing both ways.
    for c, w, lo, hi in [("0.25", "0.5", "-0.25", "0.75"), ("-0.2", "1.5", "-1.7", "1.3"), ("0", "1", "-1", "1")]:
        phi = bump(c, w)

        def make(phi=phi, c=c, w=w, lo=lo, hi=hi):
            cc, ww = mp.mpf(c), mp.mpf(w)

            def relu_dphi(x):
                t = (x - cc) / ww
                if abs(t) >= 1:
                    return mp.mpf(0)
                s = 1 - t * t
                return relu(x) * phi(x) * (-2 * t / s ** 2) / ww
            by_parts = mp.quad(phi, pieces(["0", c, hi]) if mp.mpf(c) > 0 else pieces(["0", hi]))
            direct = -mp.quad(relu_dphi, pieces([lo, "0", hi]))
            return by_parts, direct
        add(f"minus_relu_dphi_c{c}_w{w}", f"-int relu(x) phi'(x) dx, bump c={c} w={w} (= int_0^(c+w) phi)", D, make)
    return recs


def derivative_records():
    mp.mp.dps = 160
    recs = []
    specs = [
        ({"kind": "bump", "center": "0.3", "half_width": "0.7"}, bump("0.3", "0.7")),
        ({"kind": "bump", "center": "0", "half_width": "1"}, bump("0", "1")),
        ({"kind": "polynomial_bump", "center": "-0.5", "half_width": "2", "degree": 3}, poly_bump("-0.5", "2", 3)),
        ({"kind": "bump_times_polynomial", "bump": "bump", "center": "0.3", "half_width": "0.7",
          "coefficients": ["1", "-2", "3"]}, times_poly(bump("0.3", "0.7"), ["1", "-2", "3"])),
    ]
    points = ["0", "0.125", "-0.3", "0.9", "0.99", "1.4", "-2.2"]
    for spec, f in specs:
        for xs in points:
            x = mp.mpf(xs)
            c, w = mp.mpf(spec["center"]), mp.mpf(spec["half_width"])
            if abs((x - c) / w) >= 1:
                continue
            vals = [f(x), mp.diff(f, x, 1), mp.diff(f, x, 2)]
            recs.append({"function": spec, "x": xs,
                         "value": mp.nstr(vals[0], 120, min_fixed=-mp.inf, max_fixed=mp.inf),
                         "first": mp.nstr(vals[1], 120, min_fixed=-mp.inf, max_fixed=mp.inf),
                         "second": mp.nstr(vals[2], 120, min_fixed=-mp.inf, max_fixed=mp.inf)})
    return recs


def main():
    doc = {
        "generator": "scripts/gen_quadrature_fixtures.py",
        "mpmath": mp.__version__,
        "integrals": integral_records(),
        "derivatives": derivative_records(),
    }
    with open(OUT, "w") as fh:
        json.dump(doc, fh, indent=1)
        fh.write("\n")
    print("wrote", os.path.normpath(OUT), file=sys.stderr)


if __name__ == "__main__":
    main()
