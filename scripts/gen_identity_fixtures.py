#!/usr/bin/env python3
"""Reference left-hand sides of the distributional derivative identities, from mpmath.

Writes Tests/KinkCheckTests/Fixtures/identities.json: for every case, an activation f, a test
function phi and an identity, the exact value of

    first:   lhs = -int f phi' dx          second:  lhs = int f phi'' dx

to 100 significant digits. For a correct activation the right-hand side of `kinkcheck
distribution` equals it, so one number checks both sides.

Test functions (as in Sources/KinkCheckAnalysis/TestFunctions), t = (x - c)/w, zero outside
(c - w, c + w):
    bump(c, w)                           phi = exp(-1/(1 - t^2))
    polynomial_bump(c, w, m)             phi = (1 - t^2)^m
    bump_times_polynomial(c, w, [a0..])  phi = (a0 + a1 x + a2 x^2 + ...) exp(-1/(1 - t^2))  (x, not t)
Centres and half-widths are exact binary numbers, written as exact decimal strings.

Activations: the 21 built-ins with default parameters, as the mathematical functions of
scripts/gen_activation_fixtures.py (imported, not copied); four `expr:` formulas; and the variant
`two_slope` of Tests/KinkCheckTests/Fixtures/two_slope.toml (its formula and parameters are read
from the file and must still be the ones defined here).

Names in ids: the built-ins' own; abs_x2_minus_half = expr:abs(x*x-0.5) (kinks +-sqrt(1/2)),
jump_at_half = expr:where(x<0.5,x,x+1) (a jump), max_x_quadratic = expr:max(x,0.3*x*x) (kinks 0
and 10/3), tanh_abs_shift = expr:tanh(x)*abs(x-0.3), two_slope (the variant). Decimal constants
(0.3, 0.1, SELU's) are exact decimals, as the Swift side's functions are mathematically.

Cases (ids `<name>-<kind>`): every activation with bump(c0 + 1/4, 1), c0 its first kink or 0
(`-bump`; abs_x2_minus_half uses c = 3/4 so the support holds sqrt(1/2), tanh_abs_shift uses
563/1024, the 2^-10 multiple nearest 0.3 + 1/4); every activation with the support ending
2^-40 beyond its first kink k, bump(k - 1 + 2^-40, 1) (`-edge`; for the irrational kink -sqrt(1/2)
and the decimal kink 0.3 the centre is the binary64 nearest k - 1 + 2^-40, so the support ends
2^-40 + d beyond k, |d| <= 2^-53); polynomial_bump degree 4 and bump_times_polynomial
[0.5, -1, 2] at the `-bump` centre (`-polybump`, `-bumppoly`); identity second (`-bump-second`);
half-width 2^-30 (`-narrow`, `relu-narrow-kink` with the kink inside); half-width 2^30 at
c = 1/4 (`-wide`). Every case uses identity first unless its id says second.

How a value is made ("raise working precision, compute, round once"): the support is cut at
every kink and jump (irrational ones computed in mpmath), at the anchor k of the `-edge`
cases, and for half-widths > 4 at k +- 2^j (geometric pieces: the integrand varies on every
scale from 1 to 2^30). On a piece where f is constant C the integral is exact,
C (phi(a) - phi(b)) or C (phi'(b) - phi'(a)), evaluated from the distance to the support end
(phi there can be exp(-2^39)). Every other piece is integrated twice, independently:
  A  mpmath's tanh-sinh at 150 digits, in x; a bump piece within 1/16 of a support end in r
     (below);
  B  Gauss-Legendre at 180 digits: bump pieces cut at t = +-1/2, the outer parts in r, cut
     geometrically and truncated where e^-r < 10^-210; the others in x, cut once more at 0.4142
     of their length. Each interval's error is the difference between 2^k and 2^(k+1) times 3
     nodes (k = 3..6); intervals are halved until every error is below 10^-165 of the value
     (plus 10^-175 of the sum of |pieces|, the rounding floor where pieces cancel). mpmath's
     own Gauss-Legendre estimate extrapolates as if convergence were quadratic and was seen
     to report 1e-182 for an error of 1e-98, so it is not used.
The substitution r = 1/s - 1/s0 (s = 1 - t^2, s0 at the piece's end nearer the centre) writes a
bump piece as exp(-1/s0) * int_0^R e^-r H(r) dr with H smooth; it resolves the layer of width
~2^-79 that carries a piece 2^-40 wide beside a support end (plain quadrature misses it), and
mpmath's unbounded exponent keeps exp(-2^39) as a number. The integrand in r works with
10 + 2 log10(1/s0) more digits, since f(x) beside a kink may cancel that many (hardsigmoid's
x + 3 at x = -3 + 2^-79 loses 24). A and B must agree to 110 significant
digits (relative to the value; a value that is 0 would need an absolute rule and fails loudly);
the script stops otherwise. The digits written are A's, rounded once to 100 significant
digits, trailing zeros kept (mpmath nstr: plain decimal for exponents -4..16, else scientific), e.g.
"2.09199642435209400...e-238755916390".

JSON:
  {"generator": "scripts/gen_identity_fixtures.py", "mpmath": "1.3.0", "digits": 100,
   "cases": [{"id": "relu-bump", "spec": "relu", "variants": null, "identity": "first",
              "test_function": {"kind": "bump", "center": "0.25", "half_width": "1"},
              "lhs": "0.3120142771381974179552416392961556154713..."}, ...]}
  polynomial_bump adds "degree": 4; bump_times_polynomial adds "coefficients": ["0.5", "-1", "2"];
  the variant cases have "variants": "two_slope.toml" (the file beside identities.json in
  Fixtures/) and the variant's name as "spec".

Run:  python3 scripts/gen_identity_fixtures.py     (mpmath 1.3, gmpy2 optional; two processes;
      about 5 minutes on two shared cores; prints each case's A-B agreement in digits)
"""
import json
import math
import sys
import time
import tomllib
from fractions import Fraction
from multiprocessing import Pool
from pathlib import Path

import mpmath
from mpmath import mp, mpf

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_activation_fixtures as activations  # noqa: E402  (make(spec), SPECS: the built-ins)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "Tests/KinkCheckTests/Fixtures"
DIGITS = 100
AGREEMENT = 110
METHOD_A = {"name": "A", "dps": 150}
METHOD_B = {"name": "B", "dps": 180}
EDGE_GAP = Fraction(1, 2 ** 40)


# ---------------------------------------------------------------------------------------------
# Exact binary numbers
# ---------------------------------------------------------------------------------------------

def exact_decimal(q):
    """The finite decimal expansion of a dyadic rational."""
    q = Fraction(q)
    k = q.denominator.bit_length() - 1
    if q.denominator != 1 << k:
        raise ValueError("not a binary number: %s" % q)
    digits = str(abs(q.numerator) * 5 ** k).rjust(k + 1, "0")
    whole, frac = digits[:len(digits) - k], digits[len(digits) - k:].rstrip("0")
    return ("-" if q < 0 else "") + whole + ("." + frac if frac else "")


def mpf_of(q):
    q = Fraction(q)
    return mpf(q.numerator) / q.denominator


def nearest_double(x):
    return Fraction(float(x))


# ---------------------------------------------------------------------------------------------
# Activations: f, its kinks and the pieces where it is constant
# ---------------------------------------------------------------------------------------------

class Activation:
    """name (for ids), spec and variants file as the CLI takes them; f() and kinks() build the
    function and the points where f is not analytic at the current precision; constants:
    [(lo, hi, C)] with f = C on (lo, hi) (None for an unbounded end), checked against f."""

    def __init__(self, name, spec, f, kinks, constants=(), variants=None):
        self.name, self.spec, self.variants = name, spec, variants
        self.make_f, self.make_kinks, self.constants = f, kinks, list(constants)

    def f(self):
        return self.make_f()

    def kinks(self):
        return sorted(self.make_kinks())

    def constant_on(self, a, b):
        for lo, hi, value in self.constants:
            if (lo is None or lo <= a) and (hi is None or b <= hi):
                return mpf(value)
        return None


def builtin(spec, kinks, constants=()):
    extra = ["0"] if spec == "softsign" else []   # f'' jumps at 0: not a kink, but a cut
    return Activation(spec, spec, lambda: activations.make(spec),
                      lambda: [mpf(k) for k in kinks + extra], constants)


BUILTIN_CONSTANTS = {
    "relu": [(None, 0, 0)], "relu6": [(None, 0, 0), (6, None, 6)],
    "hardtanh": [(None, -1, -1), (1, None, 1)], "hardsigmoid": [(None, -3, 0), (3, None, 1)],
    "hardswish": [(None, -3, 0)], "heaviside": [(None, 0, 0), (0, None, 1)],
    "sign": [(None, 0, -1), (0, None, 1)],
}


def two_slope():
    """The correct variant of two_slope.toml; fails when the file no longer says what f is."""
    variants = tomllib.loads((FIXTURES / "two_slope.toml").read_text())["variant"]
    v = next(v for v in variants if v["name"] == "two_slope")
    if v["formula"] != "where(x < 0, a*x, b*x)" or set(v["parameters"]) != {"a", "b"}:
        sys.exit("two_slope.toml: formula %r changed; update the definition here" % v["formula"])
    a, b = v["parameters"]["a"], v["parameters"]["b"]
    return Activation("two_slope", "two_slope",
                      lambda: (lambda x: mpf(a) * x if x < 0 else mpf(b) * x),
                      lambda: [mpf(0)], variants="two_slope.toml")


def formulas():
    half = mpf(1) / 2
    return [
        Activation("abs_x2_minus_half", "expr:abs(x*x-0.5)", lambda: (lambda x: abs(x * x - half)),
                   lambda: [-mpmath.sqrt(half), mpmath.sqrt(half)]),
        Activation("jump_at_half", "expr:where(x<0.5,x,x+1)", lambda: (lambda x: x if x < half else x + 1),
                   lambda: [half]),
        Activation("max_x_quadratic", "expr:max(x,0.3*x*x)",
                   lambda: (lambda x: max(x, mpf("0.3") * x * x)), lambda: [mpf(0), mpf(10) / 3]),
        Activation("tanh_abs_shift", "expr:tanh(x)*abs(x-0.3)",
                   lambda: (lambda x: mpmath.tanh(x) * abs(x - mpf("0.3"))), lambda: [mpf("0.3")]),
        two_slope(),
    ]


def all_activations():
    defaults = [(spec, kinks) for spec, kinks in activations.SPECS if ":" not in spec]
    assert len(defaults) == 21, defaults
    return [builtin(s, k, BUILTIN_CONSTANTS.get(s, ())) for s, k in defaults] + formulas()


def check_constants(act):
    """The constant pieces declared above must be what f computes."""
    f = act.f()
    for lo, hi, value in act.constants:
        a = mpf(lo) if lo is not None else mpf(hi) - 50
        b = mpf(hi) if hi is not None else mpf(lo) + 50
        for x in (a + (b - a) / 7, (a + b) / 2, b - (b - a) / 7):
            assert f(x) == value, (act.spec, x, f(x), value)


# ---------------------------------------------------------------------------------------------
# Test functions: profile g(t) and its t-derivatives, divided by the bump's exp(-1/s) when there
# is one (s = 1 - t^2 is passed in, computed without cancellation by the caller)
# ---------------------------------------------------------------------------------------------

class TestFunction:
    def __init__(self, kind, center, half_width, degree=None, coefficients=None):
        self.kind, self.c, self.w = kind, Fraction(center), Fraction(half_width)
        self.degree, self.coefficients = degree, coefficients
        self.has_exp = kind in ("bump", "bump_times_polynomial")

    def json(self):
        out = {"kind": self.kind, "center": exact_decimal(self.c), "half_width": exact_decimal(self.w)}
        if self.degree is not None:
            out["degree"] = self.degree
        if self.coefficients is not None:
            out["coefficients"] = list(self.coefficients)
        return out

    def profile(self, t, s, x):
        """(g, g', g'') in t; for the bump families divided by exp(-1/s)."""
        w = mpf_of(self.w)
        if self.kind == "polynomial_bump":
            m = self.degree
            return (s ** m, -2 * m * t * s ** (m - 1), 2 * m * s ** (m - 2) * (2 * (m - 1) * t * t - s))
        r2 = 1 / (s * s)
        b0, b1, b2 = mpf(1), -2 * t * r2, (6 * t ** 4 - 2) * r2 * r2
        if self.kind == "bump":
            return b0, b1, b2
        q, dq, ddq = mpf(0), mpf(0), mpf(0)
        for a in reversed(self.coefficients):
            ddq, dq, q = ddq * x + 2 * dq, dq * x + q, q * x + mpf(a)
        return q * b0, w * dq * b0 + q * b1, w * w * ddq * b0 + 2 * w * dq * b1 + q * b2

    def end_distance(self, x):
        """(t, s) at x with s from the distance to the nearer support end (exact near the ends)."""
        c, w = mpf_of(self.c), mpf_of(self.w)
        t = (x - c) / w
        e = (c + w - x) / w if t >= 0 else (x - c + w) / w
        return t, e * (2 - e)

    def jet(self, x):
        """(phi, phi') at x, 0 outside the open support."""
        t, s = self.end_distance(x)
        if s <= 0:
            return mpf(0), mpf(0)
        g = self.profile(t, s, x)
        scale = mpmath.exp(-1 / s) if self.has_exp else 1
        return g[0] * scale, g[1] * scale / mpf_of(self.w)


# ---------------------------------------------------------------------------------------------
# Pieces and their integrals
# ---------------------------------------------------------------------------------------------

def integrand_factor(identity, fx, g, w):
    """The integrand per unit t: -f phi' dx = -f g' dt and f phi'' dx = f g'' / w dt."""
    return -fx * g[1] if identity == "first" else fx * g[2] / w


def cut_points(act, tf, anchor):
    """Every x where the support is cut, as exact mpf's inside the open support, sorted."""
    c, w = mpf_of(tf.c), mpf_of(tf.w)
    lo, hi = c - w, c + w
    points = set(act.kinks())
    if anchor is not None:
        points.add(anchor)
    if tf.w > 4:
        k = anchor if anchor is not None else mpf(0)
        for j in range(0, math.ceil(math.log2(tf.w)) + 2):
            points |= {k + mpf(2) ** j, k - mpf(2) ** j}
    return [lo] + sorted(p for p in points if lo < p < hi) + [hi]


def constant_piece(tf, identity, C, a, b):
    """int over [a, b] of -C phi' or C phi'', exactly."""
    if C == 0:
        return mpf(0)
    (pa, da), (pb, db) = tf.jet(a), tf.jet(b)
    return C * (pa - pb) if identity == "first" else C * (db - da)


# A piece becomes one or more integrals scale * int h(v) dv over a polyline of points in v (x for
# a piece in t, r for a bump piece beside a support end): (h, points, scale).

def t_integral(f, tf, identity, a, b, cuts=()):
    """The piece [a, b] integrated in x."""
    c, w = mpf_of(tf.c), mpf_of(tf.w)

    def h(x):
        t = (x - c) / w
        s = (1 - t) * (1 + t)
        if s <= 0:
            return mpf(0)
        g = tf.profile(t, s, x)
        value = integrand_factor(identity, f(x), g, w) / w      # dt = dx / w
        return value * mpmath.exp(-1 / s) if tf.has_exp else value

    return h, [a] + list(cuts) + [b], mpf(1)


def r_integral(f, tf, identity, x_near, x_far, r_cuts=()):
    """A bump piece on one side of the centre, from x_near (nearer the centre) to x_far, in
    r = 1/s - 1/s0: exp(-1/s0) int e^-r H(r) dr over [0, 1/s(x_far) - 1/s0] (+inf at the support
    end), cut at r_cuts and truncated at the last one; x - x_near is computed without
    cancellation, from (1/s0 - 1/s) / (|t| + |t0|)."""
    c, w = mpf_of(tf.c), mpf_of(tf.w)
    side = 1 if x_far > x_near else -1
    end = c + side * w

    def R_of(x):
        e = (end - x) / w * side
        return mpmath.inf if e == 0 else 1 / (e * (2 - e))

    R0, R1 = R_of(x_near), R_of(x_far)
    abs_t0 = mpmath.sqrt(1 - 1 / R0)
    # x - x_near is about r w / (2 R0^2): f(x) may cancel that many digits (hardsigmoid's x + 3
    # beside -3 + 2^-40 loses 24), so h works with as many more.
    extra = 10 + 2 * max(0, int(mpmath.log10(R0)))

    def h(r):
        with mp.workdps(mp.dps + extra):
            R = R0 + r
            abs_t = mpmath.sqrt(1 - 1 / R)
            x = x_near + side * w * r / (R * R0 * (abs_t + abs_t0))
            g = tf.profile(side * abs_t, 1 / R, x)
            value = integrand_factor(identity, f(x), g, w) * mpmath.exp(-r) / (2 * R * R * abs_t)
        return +value

    last = min([R1 - R0] + list(r_cuts[-1:]))
    return h, [mpf(0)] + [p for p in r_cuts if p < last] + [last], mpmath.exp(-R0)


def side_of(tf, a, b, limit):
    """+1/-1 when [a, b] lies in t >= limit / t <= -limit, else 0."""
    c, w = mpf_of(tf.c), mpf_of(tf.w)
    ta, tb = (a - c) / w, (b - c) / w
    if ta >= limit:
        return 1
    if tb <= -limit:
        return -1
    return 0


def integrals_a(f, tf, identity, a, b):
    """Method A: the piece in x, or in r when it lies within 1/16 of a support end."""
    side = side_of(tf, a, b, mpf(15) / 16) if tf.has_exp else 0
    if side == 0:
        return [t_integral(f, tf, identity, a, b)]
    near, far = (a, b) if side > 0 else (b, a)
    return [r_integral(f, tf, identity, near, far)]


def integrals_b(f, tf, identity, a, b):
    """Method B: bump pieces cut at t = +-1/2, the outer parts in r (cut geometrically, truncated
    where e^-r < 10^-(dps+30)); the others in x, cut at 0.4142 of their length."""
    c, w = mpf_of(tf.c), mpf_of(tf.w)
    xs = [a, b]
    if tf.has_exp:
        xs = [a] + [x for x in (c - w / 2, c + w / 2) if a < x < b] + [b]
    r_max = mpf((mp.dps + 30) * math.log(10))
    r_cuts = [mpf(1) / 2, 1, 2, 4, 8, 16, 32] + [mpf(32 * j) for j in range(2, int(r_max / 32) + 1)] + [r_max]
    out = []
    for lo, hi in zip(xs, xs[1:]):
        side = side_of(tf, lo, hi, mpf(1) / 2) if tf.has_exp else 0
        if side != 0:
            near, far = (lo, hi) if side > 0 else (hi, lo)
            out.append(r_integral(f, tf, identity, near, far, r_cuts))
        else:
            out.append(t_integral(f, tf, identity, lo, hi, cuts=[lo + (hi - lo) * mpf("0.4142")]))
    return out


def tanh_sinh(integrals):
    """Method A's sum: mpmath's tanh-sinh on each integral, with its error estimate."""
    total, error = mpf(0), mpf(0)
    for h, points, scale in integrals:
        v, e = mpmath.quad(h, points, method="tanh-sinh", error=True, maxdegree=10)
        total += v * scale
        error += e * scale
    return total, error


_GL = []


def gauss_legendre(h, a, b):
    """Gauss-Legendre with 3 * 2^(d-1) nodes, d = 4, 5, ...: the first value within 10^-dps of the
    one before (at most d = 7), and that difference as its error. (mpmath's own estimate
    extrapolates as if convergence were quadratic, and was seen to claim 1e-182 for a 1e-98
    error.)"""
    if not _GL:
        _GL.append(mpmath.calculus.quadrature.GaussLegendre(mp))
    previous = None
    for degree in range(4, 8):
        value = mpmath.fsum(wt * h(x) for x, wt in _GL[0].get_nodes(a, b, degree, mp.prec))
        if previous is not None:
            error = abs(value - previous)
            if error <= abs(value) * mpf(10) ** -mp.dps:
                break
        previous = value
    return value, error


def adaptive_gauss_legendre(integrals, offset):
    """Method B's sum: every interval of every integral by ``gauss_legendre``; an interval whose
    error exceeds 10^-(dps-15) of the total (offset, the exact pieces, included) plus
    10^-(dps-5) of the sum of |parts| (the rounding floor when parts cancel) is halved; at most
    4000 intervals."""
    parts = [(h, lo, hi, scale) for h, points, scale in integrals for lo, hi in zip(points, points[1:])]
    done = [p + gauss_legendre(p[0], p[1], p[2]) for p in parts]
    while True:
        total = offset + mpmath.fsum(scale * v for _, _, _, scale, v, _ in done)
        magnitude = abs(offset) + mpmath.fsum(abs(scale * v) for _, _, _, scale, v, _ in done)
        tolerance = abs(total) * mpf(10) ** (15 - mp.dps) + magnitude * mpf(10) ** (5 - mp.dps)
        bad = [d for d in done if d[3] * d[5] > tolerance]
        if not bad:
            return total, mpmath.fsum(scale * e for _, _, _, scale, _, e in done)
        if len(done) + len(bad) > 4000:
            sys.exit("Gauss-Legendre: more than 4000 intervals needed")
        done = [d for d in done if d[3] * d[5] <= tolerance]
        for h, lo, hi, scale, _, _ in bad:
            mid = (lo + hi) / 2
            done += [(h, lo, mid, scale) + gauss_legendre(h, lo, mid),
                     (h, mid, hi, scale) + gauss_legendre(h, mid, hi)]


def integrate(act, tf, identity, anchor, method):
    """(value, error estimate) of the lhs by one method at its precision, rounded to it."""
    with mp.workdps(method["dps"]):
        f = act.f()
        if anchor is not None:
            anchor = mpf_of(anchor) if isinstance(anchor, Fraction) else anchor()
        xs = cut_points(act, tf, anchor)
        exact, integrals = mpf(0), []
        for a, b in zip(xs, xs[1:]):
            C = act.constant_on(a, b)
            if C is not None:
                exact += constant_piece(tf, identity, C, a, b)
            elif method["name"] == "A":
                integrals += integrals_a(f, tf, identity, a, b)
            else:
                integrals += integrals_b(f, tf, identity, a, b)
        if method["name"] == "A":
            value, error = tanh_sinh(integrals)
            return +(exact + value), +error
        value, error = adaptive_gauss_legendre(integrals, exact)
        return +value, +error


# ---------------------------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------------------------

def first_kink(act):
    """The first kink, exactly when it is a binary number, else as a function giving its mpf."""
    specials = {"abs_x2_minus_half": lambda: -mpmath.sqrt(mpf(1) / 2), "tanh_abs_shift": lambda: mpf("0.3")}
    if act.name in specials:
        return specials[act.name]
    with mp.workdps(50):
        ks = act.kinks()
    return activations.fraction_of_mpf(ks[0]) if ks else Fraction(0)


def bump_center(act):
    special = {"abs_x2_minus_half": Fraction(3, 4), "tanh_abs_shift": Fraction(563, 1024)}
    return special[act.name] if act.name in special else first_kink(act) + Fraction(1, 4)


def edge_center(k):
    if isinstance(k, Fraction):
        return k - 1 + EDGE_GAP
    with mp.workdps(60):
        return nearest_double(k() - 1 + mpf_of(EDGE_GAP))


def case(act, kind, tf, identity="first", anchor=None):
    return {"id": "%s-%s" % (act.name, kind), "activation": act, "tf": tf, "identity": identity,
            "anchor": anchor}


def all_cases():
    acts = all_activations()
    by_name = {a.name: a for a in acts}
    cases = [case(a, "bump", TestFunction("bump", bump_center(a), 1)) for a in acts]
    cases += [case(a, "edge", TestFunction("bump", edge_center(first_kink(a)), 1), anchor=first_kink(a))
              for a in acts]
    for name in ("relu", "gelu", "abs_x2_minus_half", "jump_at_half", "two_slope"):
        a = by_name[name]
        cases.append(case(a, "polybump", TestFunction("polynomial_bump", bump_center(a), 1, degree=4)))
        cases.append(case(a, "bumppoly", TestFunction("bump_times_polynomial", bump_center(a), 1,
                                                      coefficients=["0.5", "-1", "2"])))
    for name in ("relu", "elu", "softplus", "jump_at_half"):
        a = by_name[name]
        cases.append(case(a, "bump-second", TestFunction("bump", bump_center(a), 1), identity="second"))
    narrow = Fraction(1, 2 ** 30)
    for name in ("relu", "gelu", "softsign"):
        cases.append(case(by_name[name], "narrow", TestFunction("bump", Fraction("0.3330078125"), narrow)))
    cases.append(case(by_name["relu"], "narrow-kink", TestFunction("bump", narrow / 2, narrow)))
    for name in ("elu", "gelu", "mish", "softplus", "relu"):
        cases.append(case(by_name[name], "wide", TestFunction("bump", Fraction(1, 4), 2 ** 30),
                          anchor=Fraction(0)))
    return cases


_CASES = []


def compute(index):
    """Both methods for case `index` (cases hold closures, so each process builds its own list);
    (index, A, B, their error estimates, seconds)."""
    if not _CASES:
        _CASES.extend(all_cases())
    c = _CASES[index]
    start = time.time()
    act = c["activation"]
    check_constants(act)
    a, ea = integrate(act, c["tf"], c["identity"], c["anchor"], METHOD_A)
    b, eb = integrate(act, c["tf"], c["identity"], c["anchor"], METHOD_B)
    return index, a, b, ea, eb, time.time() - start


def agreement_digits(a, b):
    with mp.workdps(METHOD_B["dps"]):
        if a == b:
            return METHOD_A["dps"]
        if a == 0:
            return -1
        return float(-mpmath.log10(abs((a - b) / a)))


def record(c, value):
    act = c["activation"]
    with mp.workdps(METHOD_A["dps"]):
        text = mpmath.nstr(value, DIGITS, min_fixed=-4, max_fixed=16, strip_zeros=False)
    return {"id": c["id"], "spec": act.spec, "variants": act.variants, "identity": c["identity"],
            "test_function": c["tf"].json(), "lhs": text}


def main():
    started = time.time()
    cases = all_cases()
    results = []
    with Pool(2) as pool:
        for index, a, b, ea, eb, seconds in pool.imap_unordered(compute, range(len(cases))):
            digits = agreement_digits(a, b)
            with mp.workdps(20):
                estimates = "  ".join("%s %s" % (m, mpmath.nstr(e / abs(a), 2) if a else "-")
                                      for m, e in (("A", ea), ("B", eb)))
            print("%-28s %6.1f s  A-B agree to %5.1f digits  (own relative estimates: %s)  lhs %s" % (
                cases[index]["id"], seconds, digits, estimates, mpmath.nstr(a, 12)), flush=True)
            results.append((index, a, digits))
    out, failures = [], []
    for index, a, digits in sorted(results, key=lambda r: r[0]):
        if digits < AGREEMENT:
            failures.append(cases[index]["id"])
        out.append(record(cases[index], a))
    if failures:
        sys.exit("methods A and B disagree (< %d digits): %s" % (AGREEMENT, ", ".join(failures)))
    doc = {"generator": "scripts/gen_identity_fixtures.py", "mpmath": mpmath.__version__,
           "digits": DIGITS, "cases": out}
    path = FIXTURES / "identities.json"
    path.write_text(json.dumps(doc, indent=1) + "\n")
    print("wrote %s: %d cases in %.0f s" % (path.relative_to(ROOT), len(out), time.time() - started))


if __name__ == "__main__":
    main()
