#!/usr/bin/env python3
"""Reference values of complex elementary and error functions for the ComplexBox tests, from mpmath.

Writes Tests/KinkCheckTests/Fixtures/complex_functions.json:

"cases": one entry per (function, point) with
    "function"  exp, expm1, log, log1p, sqrt, sin, cos, tanh, atan, erf, erfc or erfcx
    "re", "im"  the point z, a pair of binary64 numbers written exactly as hex floats (Python's
                float.hex), so that KinkCheck reads them without rounding at any precision >= 53
                bits and the point box is the point mpmath evaluated at
    "value_re", "value_im"  f(z) to DIGITS significant digits (each part relative to |f(z)|)

Functions are mpmath's principal branches (log, sqrt cut along (-inf, 0]; log1p along (-inf, -1];
atan along the imaginary axis outside (-i, i)); erfcx is exp(z^2)*erfc(z). erf and erfc go through
mpmath's erfc of the right half-plane (see erf() and erfc() below). Points: moderate values,
points near the real axis, far out (Re z = +-30, +-1e3), tiny (1e-300), close to the branch cuts
from either allowed side, close to tanh's pole i*pi/2, and large imaginary parts for the entire
functions (|e^(y^2 - x^2)| up to e^900).

Check (the script stops if it fails): every value is computed at 800 and again at 900 digits (far
more than DIGITS: mpmath's atan, for one, loses ~230 digits of Im atan(1e-300 + 1e-300i) to
cancellation), and the two must agree in each part to within 10^-(DIGITS+5) of that part.

Run:  python3 scripts/gen_complex_fixtures.py      (mpmath 1.3; about a minute and a half)
"""
import json
import os
import sys

import mpmath as mp

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "KinkCheckTests", "Fixtures", "complex_functions.json")
DIGITS = 50

def erfc(z):
    """erfc, with erfc(z) = 2 - erfc(-z) for Re z < 0 (mpmath's erfc(z) there, like its erf(z) for
    large |Re z|, is 1 -+ a tiny number computed as a difference, which loses the tiny number's
    digits -- the imaginary part of erf(-1000 + 0.5i), about 1e-434294, entirely)."""
    return mp.erfc(z) if mp.re(z) >= 0 else 2 - mp.erfc(-z)


def erf(z):
    """erf = 1 - erfc(z) for Re z > 0, erfc(-z) - 1 for Re z < 0 (the subtraction from a real
    number leaves the imaginary part exact), mpmath's erf on the imaginary axis."""
    if mp.re(z) > 0:
        return 1 - mp.erfc(z)
    if mp.re(z) < 0:
        return mp.erfc(-z) - 1
    return mp.erf(z)


FUNCTIONS = {
    "exp": mp.exp,
    "expm1": mp.expm1,
    "log": mp.log,
    "log1p": mp.log1p,
    "sqrt": mp.sqrt,
    "sin": mp.sin,
    "cos": mp.cos,
    "tanh": mp.tanh,
    "atan": mp.atan,
    "erf": erf,
    "erfc": erfc,
    "erfcx": lambda z: mp.exp(z * z) * erfc(z),
}

# Points shared by all functions (none on a cut or a pole of any of them).
COMMON = [(0.5, 0.25), (-1.5, 2.0), (2.0, -3.0), (0.75, 0.0), (1e-300, 1e-300), (1e-300, 0.0)]

POINTS = {
    "exp": [(30.0, 2.0), (-30.0, -1.0), (1000.0, 0.5), (-1000.0, 1.0), (0.25, 100.0), (1.0, -1000.0), (0.0, 1e-300)],
    "expm1": [(1e-10, 1e-10), (-1e-8, 3e-8), (0.3, 0.4), (-0.5, -0.5), (30.0, 2.0), (-30.0, 1.0), (-1000.0, 3.0),
              (0.0, 1e-300), (1e-300, -2.0)],
    "log": [(2.0, 0.0), (-1.0, 1e-20), (-3.0, -1e-15), (1000.0, 1000.0), (1.0, 1e-20), (-1000.0, 2.0), (0.0, -5.0),
            (-30.0, 0.5), (1e-300, -1e-300)],
    "log1p": [(-2.0, 1e-20), (-1.5, -1e-10), (30.0, 0.5), (-0.5, 0.5), (1000.0, -1000.0), (-0.9999999999, 0.0),
              (-1.0, 1e-5), (1e-20, -1e-20), (-30.0, 2.0)],
    "sqrt": [(4.0, 0.0), (-4.0, 1e-30), (-4.0, -1e-30), (1000.0, -1000.0), (-30.0, 1.0), (0.0, 2.0), (1e-300, 1e-300)],
    "sin": [(1000.0, 0.5), (0.25, 30.0), (-1.0, -100.0), (3.0, 700.0), (-30.0, 1.0), (0.0, 1e-300)],
    "cos": [(1000.0, 0.5), (0.25, 30.0), (-1.0, -100.0), (3.0, 700.0), (-30.0, 1.0), (1e-300, 1e-300)],
    "tanh": [(30.0, 1.0), (-30.0, 2.0), (1000.0, 5.0), (-1000.0, -7.0), (0.0, 1.5), (0.01, 1.57), (-0.2, -1.5),
             (0.5, 100.0), (-1e-3, 1.5707963), (0.0, 1e-300)],
    "atan": [(1e-20, 2.0), (-1e-20, -3.0), (0.0, 0.999), (1000.0, 1.0), (-30.0, 5.0), (2.0, 0.0), (0.5, -1.0),
             (-1e-10, 1.0), (1e-300, -1e-300)],
    "erf": [(5.5, 1.0), (3.0, 4.5), (0.1, 5.5), (0.0, 5.9), (7.0, 0.0), (30.0, 1.0), (-30.0, 2.0), (1000.0, 0.0),
            (-1000.0, 0.5), (0.5, 10.0), (-0.5, 10.0), (3.0, 20.0), (10.0, -30.0), (8.0, 8.0), (-2.5, -6.0),
            (6.5, 0.25), (1.0, 0.0)],
}
POINTS["erfc"] = POINTS["erf"]
POINTS["erfcx"] = POINTS["erf"]


def value(f, z, dps):
    mp.mp.dps = dps
    return f(mp.mpc(mp.mpf(z[0]), mp.mpf(z[1])))


def text(x):
    return "0" if x == 0 else mp.nstr(x, DIGITS)


def main():
    cases = []
    for name, f in FUNCTIONS.items():
        for z in COMMON + POINTS.get(name, []):
            z = (float(z[0]), float(z[1]))
            lo, hi = value(f, z, 800), value(f, z, 900)
            mp.mp.dps = 900
            for a, b in ((mp.re(lo), mp.re(hi)), (mp.im(lo), mp.im(hi))):
                if abs(a - b) > abs(b) * mp.mpf(10) ** (-(DIGITS + 5)):
                    sys.exit(f"{name}{z}: 800 and 900 digits disagree: {mp.nstr(lo, 30)} vs {mp.nstr(hi, 30)}")
            mp.mp.dps = DIGITS + 10
            cases.append({"function": name, "re": z[0].hex(), "im": z[1].hex(),
                          "value_re": text(mp.re(hi)), "value_im": text(mp.im(hi))})
    doc = {"generator": "scripts/gen_complex_fixtures.py", "mpmath": mp.__version__, "digits": DIGITS, "cases": cases}
    with open(OUT, "w") as fh:
        json.dump(doc, fh, indent=1)
        fh.write("\n")
    print("wrote", os.path.normpath(OUT), f"({len(cases)} cases)", file=sys.stderr)


if __name__ == "__main__":
    main()
