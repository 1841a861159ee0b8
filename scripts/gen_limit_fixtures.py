#!/usr/bin/env python3
"""True one-sided limits of KinkCheck's built-in activations, from mpmath (the `limits` honesty test).

Writes Tests/KinkCheckTests/Fixtures/limits.json.

"cases": one entry per (spec, point), sorted by spec name and then by the point's value:

    left_value       = lim_{t -> x-} f(t)
    right_value      = lim_{t -> x+} f(t)
    left_derivative  = lim_{h -> 0+} (f(x - h) - f(x-)) / (-h)
    right_derivative = lim_{h -> 0+} (f(x + h) - f(x+)) / h

that is, the value and the derivative at x of the analytic branch that f follows just left
(right) of x -- at a jump, each side's own branch, taken relative to that side's limit value.
Specs: every built-in of the catalogue with default parameters (relu, leaky_relu, prelu, elu, selu,
celu, softplus, sigmoid, tanh, gelu, gelu_tanh, silu, mish, relu6, hardtanh, hardsigmoid,
hardswish, softsign, abs, heaviside, sign) plus elu:alpha=0.5 and softplus:threshold=20. Points:
every kink the Swift catalogue declares for that spec (the kink lists are imported from
gen_activation_fixtures.py, which mirrors the Swift declarations; "x" is then the plain integer
text, e.g. "0", "6", "-3", "20"), and two generic points, the binary64 numbers nearest 0.3 and
-1.7, written exactly as hex floats ("0x1.3333333333333p-2", "-0x1.b333333333333p+0") so that
KinkCheck reads them without rounding at any precision >= 53 bits. "kink" says which kind a point is.

How the limits are computed: each activation is written below as a list of breakpoints and, for
each open interval between them, the branch's analytic expression together with a hand-derived
closed form of its derivative (e.g. elu: alpha*expm1(x) and alpha*e^x on the left, x and 1 on the
right; softplus:threshold=20: log1p(e^x) and sigmoid(x) for x <= 20, x and 1 for x > 20, as the
Swift code returns x when beta*x > threshold). The left (right) branch at x is the one whose
interval has x as its right (left) end or contains x; the four numbers are that branch's
expression and derivative evaluated at x. No finite differences of the piecewise function are
used. Branch definitions follow Sources/KinkCheck/Activations/BuiltIns/*.swift: gelu is x*Phi(x) =
x*erfc(-x/sqrt 2)/2; gelu_tanh is x/2*(1 + tanh(sqrt(2/pi)*(x + 0.044715 x^3))) (the tanh form,
deliberately not the sigmoid form the Swift code and gen_activation_fixtures use, as an
independent check); selu uses the published 32-digit constants; heaviside/sign are 0/1 and -1/1
(their value at 0 plays no role in limits). Parameters (0.01, 0.25, 0.044715, the SELU constants,
0.5, 20) are the exact decimals, parsed by mpmath at the working precision -- never Python floats.

Checks (the script stops if any fails):
  * everything is computed at 2500 bits (> 2 x 1024 + 200) and again at 3000 bits; the two must
    agree to a relative 2^-2400 (exact zeros must be zero in both), and the two must give the same
    700-digit decimal string (so no digit written is unsettled);
  * each closed-form derivative must agree with mpmath.diff of its branch expression (central
    differences at doubled precision, evaluated across x -- the branch, not the piecewise f) to a
    relative 2^-2200;
  * each branch must equal the independent piecewise definition make(spec) of
    gen_activation_fixtures.py at x -+ 2^-1000 (to 2^-2200, relative), i.e. the branch assignment
    matches the reference definitions; at a generic point left and right must coincide and equal
    make(spec)(x).
Values are written as decimal strings in fixed notation with 700 significant digits (trailing
zeros kept), rounded half-even exactly from the 3000-bit result; an exact zero is written "0".
700 digits (~2325 bits) is more than twice the ~308 digits of a 1024-bit test.

"distribution": for relu and the unit bumps phi(x) = exp(-1/(1-t^2)) for |t| < 1, t = (x-c)/w,
0 elsewhere, with (c, w) in (0,1), (0.5,1), (-0.25,0.5), (10000,1), (2,3): the left-hand side of
the first distributional identity, lhs = -int relu(x) phi'(x) dx, with phi'(x) = phi(x) *
(-2t/(1-t^2)^2)/w. Computed directly by mpmath.quad (tanh-sinh) split at c - w, the kink 0 (when
inside the support), c and c + w, at 480 bits and again at 640 bits (must agree to 2^-400
relative and give the same 100-digit string); cross-checked by parts against int_{max(0,c-w)}^{c+w}
phi (Gauss-Legendre on a grid graded towards the support ends); for (0,1) against the closed form
(K1(1/2) - K0(1/2))/(2 sqrt e) and the published digits 0.22199690808403971891152446058527633188...,
for (10000,1) against w*(K1(1/2) - K0(1/2))/sqrt e. Written to 100 significant digits.

Run:  python3 scripts/gen_limit_fixtures.py     (mpmath 1.3; well under a minute)
"""
import importlib.util
import json
import sys
from fractions import Fraction
from pathlib import Path

import mpmath
from mpmath import mp, mpf

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "Tests/KinkCheckTests/Fixtures/limits.json"

_spec = importlib.util.spec_from_file_location("gen_activation_fixtures", HERE / "gen_activation_fixtures.py")
act = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(act)
num, make, fraction_of_mpf, hex_string = act.num, act.make, act.fraction_of_mpf, act.hex_string
DECLARED_KINKS = dict(act.SPECS)

PREC = 2500
CHECK_PREC = 3000
AGREE_BITS = 2400          # 2500- vs 3000-bit results
DIFF_BITS = 2200           # closed-form derivative vs mpmath.diff; branch vs make(spec)
DIGITS = 700

DIST_PREC, DIST_CHECK_PREC, DIST_AGREE_BITS, DIST_DIGITS = 480, 640, 400, 100
DIST_CASES = [("0", "1"), ("0.5", "1"), ("-0.25", "0.5"), ("10000", "1"), ("2", "3")]
KNOWN_C0_W1 = "0.221996908084039718911524460585276331880600894522848748653742276973520"

SPECS = ["relu", "leaky_relu", "prelu", "elu", "selu", "celu", "softplus", "softplus:threshold=20",
         "sigmoid", "tanh", "gelu", "gelu_tanh", "silu", "mish", "relu6", "hardtanh", "hardsigmoid",
         "hardswish", "softsign", "abs", "heaviside", "sign", "elu:alpha=0.5"]

# The binary64 numbers nearest 0.3 and -1.7, as exact hex text.
GENERIC = ["0x1.3333333333333p-2", "-0x1.b333333333333p+0"]
assert GENERIC == [float.hex(0.3), "-" + float.hex(1.7)]


# ---------------------------------------------------------------------------------------------
# Branches: (breakpoints as exact text, [(expression, derivative)] for each interval, left to right)
# ---------------------------------------------------------------------------------------------

def sigmoid(z):
    return 1 / (1 + mpmath.exp(-z))


def const(c):
    return (lambda x: c() if callable(c) else mpf(c)), (lambda x: mpf(0))


IDENTITY = (lambda x: x, lambda x: mpf(1))


def branches(spec):
    name, _, params = spec.partition(":")
    p = dict(kv.split("=", 1) for kv in params.split(",")) if params else {}
    P = lambda key, default: num(p.get(key, default))      # noqa: E731 (parsed at the current precision)

    if name == "relu":
        return ["0"], [const(0), IDENTITY]
    if name in ("leaky_relu", "prelu"):
        key, default = ("slope", "0.01") if name == "leaky_relu" else ("a", "0.25")
        return ["0"], [(lambda x: P(key, default) * x, lambda x: P(key, default)), IDENTITY]
    if name == "elu":
        return ["0"], [(lambda x: P("alpha", "1") * mpmath.expm1(x), lambda x: P("alpha", "1") * mpmath.exp(x)),
                       IDENTITY]
    if name == "selu":
        lam, alpha = (lambda: num(act.SELU_LAMBDA)), (lambda: num(act.SELU_ALPHA))
        return ["0"], [(lambda x: lam() * alpha() * mpmath.expm1(x), lambda x: lam() * alpha() * mpmath.exp(x)),
                       (lambda x: lam() * x, lambda x: lam())]
    if name == "celu":
        a = lambda: P("alpha", "1")                          # noqa: E731
        return ["0"], [(lambda x: a() * mpmath.expm1(x / a()), lambda x: mpmath.exp(x / a())), IDENTITY]
    if name == "softplus":
        b = lambda: P("beta", "1")                           # noqa: E731
        smooth = (lambda x: mpmath.log1p(mpmath.exp(b() * x)) / b(), lambda x: sigmoid(b() * x))
        if "threshold" not in p or p["threshold"] == "none":
            return [], [smooth]
        # Swift: `if z > threshold { return x }`, z = beta*x: the smooth branch up to and at t/beta.
        t, bt = exact(p["threshold"]), exact(p.get("beta", "1"))
        return [frac_text(t / bt)], [smooth, IDENTITY]
    if name == "sigmoid":
        return [], [(sigmoid, lambda x: sigmoid(x) * (1 - sigmoid(x)))]
    if name == "tanh":
        return [], [(mpmath.tanh, lambda x: mpmath.sech(x) ** 2)]
    if name == "gelu":
        return [], [(lambda x: x * mpmath.erfc(-x / mpmath.sqrt(2)) / 2,
                     lambda x: mpmath.erfc(-x / mpmath.sqrt(2)) / 2 + x * mpmath.exp(-x * x / 2) / mpmath.sqrt(2 * mpmath.pi))]
    if name == "gelu_tanh":
        k = lambda: mpmath.sqrt(2 / mpmath.pi)               # noqa: E731
        cub = lambda: num("0.044715")                        # noqa: E731
        u = lambda x: k() * (x + cub() * x ** 3)             # noqa: E731
        du = lambda x: k() * (1 + 3 * cub() * x ** 2)        # noqa: E731
        return [], [(lambda x: x / 2 * (1 + mpmath.tanh(u(x))),
                     lambda x: (1 + mpmath.tanh(u(x))) / 2 + x / 2 * mpmath.sech(u(x)) ** 2 * du(x))]
    if name == "silu":
        b = lambda: P("beta", "1")                           # noqa: E731
        return [], [(lambda x: x * sigmoid(b() * x),
                     lambda x: sigmoid(b() * x) + b() * x * sigmoid(b() * x) * (1 - sigmoid(b() * x)))]
    if name == "mish":
        sp = lambda x: mpmath.log1p(mpmath.exp(x))           # noqa: E731
        return [], [(lambda x: x * mpmath.tanh(sp(x)),
                     lambda x: mpmath.tanh(sp(x)) + x * mpmath.sech(sp(x)) ** 2 * sigmoid(x))]
    if name == "relu6":
        return ["0", "6"], [const(0), IDENTITY, const(6)]
    if name == "hardtanh":
        lo, hi = p.get("min", "-1"), p.get("max", "1")
        return [lo, hi], [const(lambda: num(lo)), IDENTITY, const(lambda: num(hi))]
    if name == "hardsigmoid":
        return ["-3", "3"], [const(0), (lambda x: (x + 3) / 6, lambda x: mpf(1) / 6), const(1)]
    if name == "hardswish":
        return ["-3", "3"], [const(0), (lambda x: x * (x + 3) / 6, lambda x: (2 * x + 3) / 6), IDENTITY]
    if name == "softsign":
        # Not a declared kink (C^1 at 0), but the expression changes there.
        return ["0"], [(lambda x: x / (1 - x), lambda x: 1 / (1 - x) ** 2), (lambda x: x / (1 + x), lambda x: 1 / (1 + x) ** 2)]
    if name == "abs":
        return ["0"], [(lambda x: -x, lambda x: mpf(-1)), IDENTITY]
    if name == "heaviside":
        return ["0"], [const(0), const(1)]
    if name == "sign":
        return ["0"], [const(-1), const(1)]
    raise ValueError(spec)


def exact(text):
    t = text.strip()
    if t.lower().lstrip("+-").startswith("0x"):
        return act.exact_fraction_of_hex(t)
    return Fraction(t)


def frac_text(q):
    return str(q.numerator) if q.denominator == 1 else hex_string(q)


def mpf_of(q):
    return mpf(q.numerator) / mpf(q.denominator)


def side_branches(spec, x):
    """(left branch, right branch) at the exact point x."""
    breaks, pieces = branches(spec)
    bs = [exact(b) for b in breaks]
    assert bs == sorted(bs) and len(pieces) == len(bs) + 1, spec
    left = sum(1 for b in bs if b < x)        # the interval (b_{i-1}, b_i) with x in (b_{i-1}, b_i]
    right = sum(1 for b in bs if b <= x)      # the interval with x in [b_{i-1}, b_i)
    return pieces[left], pieces[right]


# ---------------------------------------------------------------------------------------------

def close(a, b, bits):
    """|a - b| <= 2^-bits * max(|a|, |b|); zero only equals zero (a, b exact Fractions)."""
    if a == 0 or b == 0:
        return a == b
    return abs(a - b) <= max(abs(a), abs(b)) / Fraction(2) ** bits


def close_or_tiny(a, b, bits):
    """As close(), but a true zero may come back as a tiny number (mpmath.diff of a constant)."""
    return abs(a - b) <= max(abs(a), abs(b), Fraction(1)) / Fraction(2) ** bits


def decimal_string(q, digits):
    """q rounded half-even to `digits` significant decimal digits, fixed notation; exact 0 -> "0"."""
    if q == 0:
        return "0"
    neg, a = q < 0, abs(q)
    k = len(str(a.numerator)) - len(str(a.denominator))          # 10^k <= a < 10^(k+1), after fixing
    while a >= Fraction(10) ** (k + 1):
        k += 1
    while a < Fraction(10) ** k:
        k -= 1
    scaled = a * Fraction(10) ** (digits - 1 - k)
    n, rem = divmod(scaled.numerator, scaled.denominator)
    if 2 * rem > scaled.denominator or (2 * rem == scaled.denominator and n % 2 == 1):
        n += 1
    if n == 10 ** digits:
        n //= 10
        k += 1
    s = str(n)
    assert len(s) == digits
    if k >= 0:
        text = s[:k + 1] + ("." + s[k + 1:] if k + 1 < digits else "0" * (k + 1 - digits))
    else:
        text = "0." + "0" * (-k - 1) + s
    return ("-" if neg else "") + text


def limits_at(spec, x, prec):
    """(left_value, right_value, left_derivative, right_derivative) as exact Fractions of the
    prec-bit results, after the diff and reference-definition checks at that precision."""
    (fl, dfl), (fr, dfr) = side_branches(spec, x)
    ref = make(spec)
    with mp.workprec(prec):
        xm = mpf_of(x)
        vals = [fl(xm), fr(xm), dfl(xm), dfr(xm)]
        for g, dg, side in ((fl, dfl, "left"), (fr, dfr, "right")):
            by_diff = fraction_of_mpf(mpmath.diff(g, xm))
            if not close_or_tiny(fraction_of_mpf(dg(xm)), by_diff, DIFF_BITS):
                sys.exit("%s at %s: %s derivative disagrees with mpmath.diff" % (spec, hex_string(x), side))
        # The branch must be the reference definition just beside x (x -+ 2^-1000, rounded at prec).
        delta = mpf(2) ** -1000
        for g, t in ((fl, xm - delta), (fr, xm + delta)):
            if not close_or_tiny(fraction_of_mpf(g(t)), fraction_of_mpf(ref(t)), DIFF_BITS):
                sys.exit("%s at %s: branch differs from make(spec) at %s" % (spec, hex_string(x), mpmath.nstr(t, 20)))
        out = [fraction_of_mpf(v) for v in vals]
        if x not in [exact(b) for b in branches(spec)[0]]:
            # Inside an interval: both sides are the same branch, and the value is f(x) itself.
            if not (out[0] == out[1] and out[2] == out[3] and close(out[0], fraction_of_mpf(ref(xm)), DIFF_BITS)):
                sys.exit("%s at %s: generic point is not smooth/consistent" % (spec, hex_string(x)))
    return out


def limit_cases():
    cases = []
    for spec in SPECS:
        kinks = DECLARED_KINKS[spec]
        breaks = [exact(b) for b in branches(spec)[0]]
        assert all(exact(k) in breaks for k in kinks), spec
        points = [(exact(k), k, True) for k in kinks] + [(exact(g), g, False) for g in GENERIC]
        for x, text, is_kink in points:
            lo, hi = limits_at(spec, x, PREC), limits_at(spec, x, CHECK_PREC)
            row = {"spec": spec, "x": text, "kink": is_kink}
            for key, a, b in zip(("left_value", "right_value", "left_derivative", "right_derivative"), lo, hi):
                sa, sb = decimal_string(a, DIGITS), decimal_string(b, DIGITS)
                if not close(a, b, AGREE_BITS) or sa != sb:
                    sys.exit("%s at %s: %s not settled between %d and %d bits" % (spec, text, key, PREC, CHECK_PREC))
                row[key] = sb
            cases.append((spec, x, row))
            print("%-22s %-22s %s | %s" % (spec, text, row["left_value"][:14], row["right_value"][:14]), file=sys.stderr)
    cases.sort(key=lambda r: (r[0], r[1]))
    return [row for _, _, row in cases]


# ---------------------------------------------------------------------------------------------
# Distribution: -int relu * phi'
# ---------------------------------------------------------------------------------------------

def distribution_lhs(c_text, w_text, prec):
    """(direct, by_parts) at prec bits, as Fractions."""
    with mp.workprec(prec):
        c, w = mpf(c_text), mpf(w_text)

        def phi(x):
            t = (x - c) / w
            return mpmath.exp(-1 / (1 - t * t)) if abs(t) < 1 else mpf(0)

        def integrand(x):                        # -relu(x) * phi'(x)
            t = (x - c) / w
            if x <= 0 or abs(t) >= 1:
                return mpf(0)
            s = 1 - t * t
            return -x * mpmath.exp(-1 / s) * (-2 * t / s ** 2) / w

        pts = sorted({c - w, c, c + w} | ({mpf(0)} if c - w < 0 < c + w else set()))
        direct = mpmath.quad(integrand, pts, method="tanh-sinh")
        lo = max(mpf(0), c - w)
        grid = sorted({lo, c + w} | {c} if lo < c else {lo, c + w})
        graded = sorted(set(grid) | {c + s * w * (1 - mpf(2) ** -k) for k in range(12) for s in (-1, 1)
                                     if lo < c + s * w * (1 - mpf(2) ** -k) < c + w})
        by_parts = mpmath.quad(phi, graded, method="gauss-legendre")
        return fraction_of_mpf(direct), fraction_of_mpf(by_parts)


def distribution_cases():
    rows = []
    for c, w in DIST_CASES:
        d1, p1 = distribution_lhs(c, w, DIST_PREC)
        d2, p2 = distribution_lhs(c, w, DIST_CHECK_PREC)
        s1, s2 = decimal_string(d1, DIST_DIGITS), decimal_string(d2, DIST_DIGITS)
        if not (close(d1, d2, DIST_AGREE_BITS) and s1 == s2):
            sys.exit("relu bump c=%s w=%s: not settled between %d and %d bits" % (c, w, DIST_PREC, DIST_CHECK_PREC))
        for p in (p1, p2):
            if not close(d2, p, DIST_AGREE_BITS):
                sys.exit("relu bump c=%s w=%s: direct and by-parts integrals disagree" % (c, w))
        with mp.workprec(DIST_CHECK_PREC):
            half = mpf(1) / 2
            unit = (mpmath.besselk(1, half) - mpmath.besselk(0, half)) / mpmath.sqrt(mpmath.e)
            if (c, w) == ("0", "1"):
                if not close(d2, fraction_of_mpf(unit / 2), DIST_AGREE_BITS) or not s2.startswith(KNOWN_C0_W1[:-1]):
                    sys.exit("relu bump c=0 w=1: does not match the known value")
            if (c, w) == ("10000", "1"):
                if not close(d2, fraction_of_mpf(unit), DIST_AGREE_BITS):
                    sys.exit("relu bump c=10000 w=1: does not match int phi")
        rows.append({"spec": "relu", "center": c, "width": w, "lhs": s2})
        print("relu bump c=%s w=%s: %s" % (c, w, s2[:40]), file=sys.stderr)
    return rows


def main():
    doc = {
        "generator": "scripts/gen_limit_fixtures.py",
        "mpmath": mpmath.__version__,
        "precision_bits": PREC,
        "check_precision_bits": CHECK_PREC,
        "digits": DIGITS,
        "cases": limit_cases(),
        "distribution_digits": DIST_DIGITS,
        "distribution": distribution_cases(),
    }
    OUT.write_text(json.dumps(doc, indent=1) + "\n")
    print("wrote %s: %d cases, %d distribution cases" % (OUT, len(doc["cases"]), len(doc["distribution"])), file=sys.stderr)


if __name__ == "__main__":
    main()
