#!/usr/bin/env python3
"""float32 inputs where a transcendental built-in's exact f or f' lies within 2^-60 (relative) of a
rounding boundary of float32 (halfway between two neighbours), found with MPFR (gmpy2, 300 bits),
for the test that the exhaustive check's fast path never decides such a rounding wrongly.

An exact boundary needs a rational function (scripts/gen_hard_cases.py); a transcendental one comes
within 2^-60 of a boundary where its Taylor series starts on one: sigmoid(x) = 1/2 + x/4 - x^3/48 + ...
is a hair below the boundary 1/2 + 2^-25 at x = 2^-23; silu(x) = x/2 + x^2/4 + ..., gelu and
gelu_tanh (x/2 + c*x^2 + ...) are a hair beyond x/2, a boundary for every subnormal x with an odd
last bit; silu'(x) = 1/2 + x/2 + O(x^3) and softplus'(x) = sigmoid(x) likewise. The search takes
the float32 inputs k*2^-e (k odd, below 2^12) and the subnormals with an odd last bit near both ends
of the subnormal range, evaluates each quantity at 300 bits, and keeps every input whose value is
within 2^-60 of a boundary (and not on it).

Writes Tests/KinkCheckTests/Fixtures/near_ties.json: for each activation and quantity, how many
inputs the search found and up to 8 of them (spread over the list), each with x and the
value rounded to float32 (round to nearest) as hex floats, and log2 of the relative distance.

Needs gmpy2 (MPFR): pip install gmpy2.
"""
import sys

from rounding_fixture import spread, write_fixture

try:
    import gmpy2
    from gmpy2 import mpfr
except ImportError:
    sys.exit("gen_near_ties.py needs gmpy2 (MPFR bindings): pip install gmpy2")

LIMIT = 8
gmpy2.get_context().precision = 300
HALF = mpfr(1) / 2


def sigmoid(x):
    return 1 / (1 + gmpy2.exp(-x))


def phi(x):
    return gmpy2.exp(-x * x / 2) / gmpy2.sqrt(2 * gmpy2.const_pi())


def big_phi(x):
    return gmpy2.erfc(-x / gmpy2.sqrt(mpfr(2))) / 2


C = 2 * gmpy2.sqrt(2 / gmpy2.const_pi())
A = mpfr("0.044715")

QUANTITIES = {
    ("sigmoid", "value"): sigmoid,
    ("silu", "value"): lambda x: x * sigmoid(x),
    ("silu", "derivative"): lambda x: sigmoid(x) * (1 + x * (1 - sigmoid(x))),
    ("softplus", "derivative"): sigmoid,
    ("gelu", "value"): lambda x: x * big_phi(x),
    ("gelu_tanh", "value"): lambda x: x * sigmoid(C * (x + A * x * x * x)),
}


def candidates():
    """float32 numbers k*2^-e (k odd < 2^12, e = 20..40, both signs) and subnormals m*2^-149 with m
    odd, the first and last 2^12 of them, both signs: as exact Python floats."""
    out = set()
    for e in range(20, 41):
        for k in range(1, 1 << 12, 2):
            out.add(k * 2.0 ** -e)
    for m in list(range(1, 1 << 13, 2)) + list(range((1 << 23) - (1 << 13) + 1, 1 << 23, 2)):
        out.add(m * 2.0 ** -149)
    return sorted(out | {-x for x in out})


def boundary_distance(v):
    """(rounded to float32 as a float, log2 of |v - nearest boundary| / |v|); v nonzero, in range."""
    m, ex = v.as_mantissa_exp()
    e = max(ex + abs(m).bit_length() - 1, -126)   # floor(log2 |v|), at least float32's least normal exponent
    ulp = mpfr(2) ** (e - 23)
    q = v / ulp
    f = gmpy2.floor(q)
    frac = q - f
    distance = abs(frac - HALF) * ulp
    n = int(f) + (1 if frac > HALF else 0)
    return float(mpfr(n) * ulp), float(gmpy2.log2(distance / abs(v))) if distance != 0 else None


def main():
    xs = candidates()
    cases = []
    for (name, quantity), fn in QUANTITIES.items():
        found = []
        for x in xs:
            v = fn(mpfr(x))
            if v == 0:
                continue
            rounded, log2d = boundary_distance(v)
            if log2d is not None and log2d < -60:
                found.append((x, rounded, log2d))
        chosen = spread(found, LIMIT)
        cases.append({"activation": name, "quantity": quantity, "found": len(found),
                      "inputs": [{"x": x.hex(), "rounded": r.hex(), "log2_distance": round(d, 1)} for x, r, d in chosen]})
        print(f"{name} {quantity}: {len(found)} of {len(xs)} candidate inputs within 2^-60 of a float32 boundary; kept {len(chosen)}")
    write_fixture("near_ties.json", "scripts/gen_near_ties.py", cases)


if __name__ == "__main__":
    main()
