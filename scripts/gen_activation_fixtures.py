#!/usr/bin/env python3
"""Reference values of KinkCheck's built-in activations, from mpmath.

Writes Tests/KinkCheckTests/Fixtures/activations.json: for every spec below and every test point,
the exact input and f(x) correctly rounded (round-half-even) at 24, 53 and 256 bits with an
unbounded exponent (as MPFR rounds at a given precision), and rounded to IEEE binary32 and
binary64 (gradual underflow, overflow to infinity) for checking real Float/Double code.

How a value is made: every definition is evaluated on exact inputs with mpmath at W = 640 bits
(more than 2 x 256) and again at 2W; both results must round to the same value at every target, and a W-bit result
that falls exactly on a rounding midpoint must be exact (equal at 2W); otherwise W doubles, up to
16 times, before the script gives up. Parameters are mpf's parsed from their decimal (or hex) text at the working
precision -- never Python floats. Exact results (relu(3) = 3, sigmoid(0) = 1/2, hardswish(-1.5))
come out exact because mpmath's arithmetic is correctly rounded and exp(0), erfc(0) are exact.

Points per spec (deterministic; seed below): each declared kink k and 0 (a branch switch in
sigmoid/softplus code) with its neighbours k +- 1 ulp at 24, 53 and 256 bits (at k = 0: +-2^-149,
+-2^-1074, +-2^-2000); the common switch points 0, +-1, +-2, +-3, 6, 10, +-20; the tails +-30,
+-100, +-1e-30 (the binary64 nearest), +-2^-60; 20 random binary32 numbers in [-8, 8] and 4 random
256-bit numbers in [-5, 5]. Exact zero results are written as +0 (mpmath has no signed zero; the
definitions give +0 at every nonzero or +0 input used here); a negative value that underflows to
zero in binary32/binary64 is written -0, as IEEE rounding gives it.

Run:  python3 scripts/gen_activation_fixtures.py     (mpmath 1.3; takes a few seconds)
"""
import json
import random
import struct
import sys
from fractions import Fraction
from pathlib import Path

import mpmath
from mpmath import mp, mpf

SEED = 20240603
W = 640
TARGETS = {"p24": 24, "p53": 53, "p256": 256}
IEEE = {"binary32": (24, -126, 127), "binary64": (53, -1022, 1023)}

# SELU's published constants, as decimal text (exact decimals, never Python floats).
SELU_ALPHA = "1.6732632423543772848170429916717"
SELU_LAMBDA = "1.0507009873554804934193349852946"


def num(text):
    """A parameter from its text at the current precision (decimal or hex-float)."""
    t = text.strip()
    if t.lower().lstrip("+-").startswith("0x"):
        return mpf(exact_fraction_of_hex(t))
    return mpf(t)


def exact_fraction_of_hex(t):
    neg = t.startswith("-")
    t = t.lstrip("+-")[2:]
    mant, _, exp = t.lower().partition("p")
    whole, _, frac = mant.partition(".")
    value = Fraction(int((whole or "0") + frac, 16), 16 ** len(frac)) * Fraction(2) ** int(exp or "0")
    return -value if neg else value


def mpf_of_fraction(q):
    return mpf(q.numerator) / mpf(q.denominator)


# ---------------------------------------------------------------------------------------------
# Definitions (the mathematical functions of the Swift definitions, on exact mpf inputs)
# ---------------------------------------------------------------------------------------------

def sigmoid(z):
    return 1 / (1 + mpmath.exp(-z))


def softplus_raw(z):
    return mpmath.log1p(mpmath.exp(z))


def make(spec):
    name, _, params = spec.partition(":")
    p = dict(kv.split("=", 1) for kv in params.split(",")) if params else {}
    P = lambda key, default: num(p.get(key, default))

    if name == "relu":
        return lambda x: x if x > 0 else mpf(0)
    if name in ("leaky_relu", "prelu"):
        key, default = ("slope", "0.01") if name == "leaky_relu" else ("a", "0.25")
        return lambda x: x if x > 0 else P(key, default) * x
    if name == "elu":
        return lambda x: x if x > 0 else P("alpha", "1") * mpmath.expm1(x)
    if name == "selu":
        return lambda x: num(SELU_LAMBDA) * (x if x > 0 else num(SELU_ALPHA) * mpmath.expm1(x))
    if name == "celu":
        return lambda x: x if x > 0 else P("alpha", "1") * mpmath.expm1(x / P("alpha", "1"))
    if name == "softplus":
        def f(x):
            b = P("beta", "1")
            if "threshold" in p and b * x > num(p["threshold"]):
                return x
            return softplus_raw(b * x) / b
        return f
    if name == "sigmoid":
        return sigmoid
    if name == "tanh":
        return mpmath.tanh
    if name == "gelu":
        return lambda x: x * mpmath.erfc(-x / mpmath.sqrt(2)) / 2
    if name == "gelu_tanh":
        # x/2 (1 + tanh u) = x sigma(2u): the same function, without 1 + tanh u cancelling for x << 0.
        def f(x):
            u = mpmath.sqrt(2 / mpmath.pi) * (x + num("0.044715") * x ** 3)
            return x * sigmoid(2 * u)
        return f
    if name == "silu":
        return lambda x: x * sigmoid(P("beta", "1") * x)
    if name == "mish":
        return lambda x: x * mpmath.tanh(softplus_raw(x))
    if name == "relu6":
        return lambda x: mpf(0) if x <= 0 else (mpf(6) if x >= 6 else x)
    if name == "hardtanh":
        return lambda x: max(P("min", "-1"), min(P("max", "1"), x))
    if name == "hardsigmoid":
        return lambda x: mpf(0) if x <= -3 else (mpf(1) if x >= 3 else (x + 3) / 6)
    if name == "hardswish":
        return lambda x: mpf(0) if x <= -3 else (x if x >= 3 else x * (x + 3) / 6)
    if name == "softsign":
        return lambda x: x / (1 + abs(x))
    if name == "abs":
        return abs
    if name == "heaviside":
        return lambda x: mpf(1) if x > 0 else (mpf(0) if x < 0 else P("h0", "0.5"))
    if name == "sign":
        return lambda x: mpf(1) if x > 0 else (mpf(-1) if x < 0 else mpf(0))
    raise ValueError(spec)


# (spec, declared kinks as exact text): the kinks must match what the Swift catalogue declares.
SPECS = [
    ("relu", ["0"]), ("leaky_relu", ["0"]), ("prelu", ["0"]), ("elu", ["0"]), ("selu", ["0"]),
    ("celu", ["0"]), ("softplus", []), ("sigmoid", []), ("tanh", []), ("gelu", []),
    ("gelu_tanh", []), ("silu", []), ("mish", []), ("relu6", ["0", "6"]), ("hardtanh", ["-1", "1"]),
    ("hardsigmoid", ["-3", "3"]), ("hardswish", ["-3", "3"]), ("softsign", []), ("abs", ["0"]),
    ("heaviside", ["0"]), ("sign", ["0"]),
    ("elu:alpha=0.5", ["0"]), ("leaky_relu:slope=0.2", ["0"]), ("softplus:beta=2", []),
    ("softplus:threshold=20", ["20"]), ("softplus:beta=2,threshold=20", ["10"]),
    ("hardtanh:min=-2,max=2", ["-2", "2"]), ("celu:alpha=2", ["0"]), ("silu:beta=1.5", []),
]

# ---------------------------------------------------------------------------------------------
# Exact binary numbers as Fractions; rounding; hex formatting (same text as BigFloat.hexString)
# ---------------------------------------------------------------------------------------------

def fraction_of_mpf(y):
    sign, man, exp, _ = y._mpf_
    if man == 0:
        if exp != 0:
            raise ValueError("special value %r" % y)
        return Fraction(0)
    v = Fraction(man) * (Fraction(2) ** exp)
    return -v if sign else v


def exponent_of(q):
    """E with 2^E <= |q| < 2^(E+1), for q != 0."""
    a = abs(q)
    e = a.numerator.bit_length() - a.denominator.bit_length()
    if a >= Fraction(2) ** (e + 1):
        e += 1
    elif a < Fraction(2) ** e:
        e -= 1
    return e


def round_to(q, prec, emin=None, emax=None):
    """q rounded half-even to prec bits (gradual underflow below 2^emin, overflow above emax).
    Returns a Fraction, or +-inf as a float."""
    if q == 0:
        return Fraction(0)
    e = exponent_of(q)
    if emin is not None:
        e = max(e, emin)
    quantum = Fraction(2) ** (e - prec + 1)
    n = q / quantum
    fl = n.numerator // n.denominator
    rem = n - fl
    if rem > Fraction(1, 2) or (rem == Fraction(1, 2) and fl % 2 == 1):
        fl += 1
    r = fl * quantum
    if emax is not None and r != 0 and abs(r) >= Fraction(2) ** (emax + 1):
        return float("-inf") if r < 0 else float("inf")
    return r


def is_midpoint(q, prec):
    """True when q lies exactly halfway between two prec-bit numbers."""
    if q == 0:
        return False
    quantum = Fraction(2) ** (exponent_of(q) - prec + 1)
    n = q / quantum
    return n.denominator == 2


def hex_string(q):
    if isinstance(q, float):
        return "-inf" if q < 0 else "inf"
    if q == 0:
        return "0x0p+0"
    neg = q < 0
    a = abs(q)
    e = exponent_of(a)
    m = a / Fraction(2) ** e            # 1 <= m < 2, dyadic
    bits = ""
    frac = m - 1
    while frac:
        frac *= 2
        bit = frac >= 1
        bits += "1" if bit else "0"
        frac -= int(bit)
    while len(bits) % 4:
        bits += "0"
    digits = "".join("0123456789abcdef"[int(bits[i:i + 4], 2)] for i in range(0, len(bits), 4))
    return ("-" if neg else "") + "0x1" + ("." + digits if digits else "") + "p" + ("-" if e < 0 else "+") + str(abs(e))


def next_up(q, prec):
    if q == 0:
        raise ValueError("no neighbour of 0")
    e = exponent_of(q)
    if q < 0:
        return -next_down(-q, prec)
    return q + Fraction(2) ** (e - prec + 1)


def next_down(q, prec):
    if q == 0:
        raise ValueError("no neighbour of 0")
    if q < 0:
        return -next_up(-q, prec)
    e = exponent_of(q)
    step = Fraction(2) ** (e - prec + 1)
    if q == Fraction(2) ** e:              # binade boundary: the step below is half as large
        step /= 2
    return q - step


def min_precision(q):
    """The smallest of 24, 53, 256 bits that holds q exactly (subnormal doubles hold fewer bits)."""
    for p in (24, 53, 256):
        if round_to(q, p) == q:
            return p
    raise ValueError("input needs more than 256 bits: %r" % q)


# ---------------------------------------------------------------------------------------------
# Points
# ---------------------------------------------------------------------------------------------

def points_for(kinks, rng_state):
    pts = []                               # (Fraction, tag)

    def add(q, tag):
        if all(q != p for p, _ in pts):
            pts.append((q, tag))

    for text in sorted(set(kinks) | {"0"}, key=lambda t: Fraction(t)):
        k = Fraction(text)
        add(k, "kink %s" % text if text in kinks else "switch 0")
        if k == 0:
            for e, label in ((-149, "binary32"), (-1074, "binary64"), (-2000, "256-bit")):
                add(Fraction(2) ** e, "0 + least %s" % label)
                add(-Fraction(2) ** e, "0 - least %s" % label)
        else:
            for p, label in ((24, "binary32"), (53, "binary64"), (256, "256-bit")):
                add(next_up(k, p), "%s + 1 ulp %s" % (text, label))
                add(next_down(k, p), "%s - 1 ulp %s" % (text, label))
    for s in (0, 1, -1, 2, -2, 3, -3, 6, 10, 20, -20):
        add(Fraction(s), "switch point")
    tiny = Fraction(1e-30)                 # the binary64 nearest 1e-30, exactly
    for t in (Fraction(30), Fraction(100), tiny, Fraction(2) ** -60):
        add(t, "tail")
        add(-t, "tail")
    rng = random.Random(rng_state)
    for _ in range(20):
        f32 = struct.unpack("<f", struct.pack("<f", rng.uniform(-8, 8)))[0]
        add(Fraction(f32), "random binary32")
    for _ in range(4):
        m = rng.getrandbits(256) | (1 << 255)
        q = Fraction(m, 1 << 255) * Fraction(rng.choice([1, 2, 4]))
        add(q if rng.random() < 0.5 else -q, "random 256-bit")
    return pts


# ---------------------------------------------------------------------------------------------

def evaluate(f, x, prec):
    with mp.workprec(prec):
        return fraction_of_mpf(f(mpf_of_fraction(x)))


def settled(lo, hi, p, emin=None, emax=None):
    a, b = round_to(lo, p, emin, emax), round_to(hi, p, emin, emax)
    return a if a == b and not (is_midpoint(lo, p) and lo != hi) else None


def reference(spec, f, x):
    """Rounded values, from W-bit and 2W-bit evaluations that agree; W doubles (up to 16x) when
    they do not (a result within 2^-W of a midpoint, such as gelu(2^-1074) = 2^-1075 + tiny)."""
    targets = [(key, p, None, None) for key, p in TARGETS.items()]
    targets += [(key, p, emin, emax) for key, (p, emin, emax) in IEEE.items()]
    w = W
    hi = evaluate(f, x, w)
    out = {}
    while targets:
        lo, hi = hi, evaluate(f, x, 2 * w)
        pending = []
        for key, p, emin, emax in targets:
            r = settled(lo, hi, p, emin, emax)
            if r is None:
                pending.append((key, p, emin, emax))
            else:
                # An IEEE result that underflows to zero keeps the sign of the exact value.
                out[key] = "-0x0p+0" if r == 0 and lo < 0 else hex_string(r)
        targets = pending
        w *= 2
        if targets and w > 16 * W:
            sys.exit("%s at %s: %s not settled at %d bits" % (spec, hex_string(x), targets, w))
    return {key: out[key] for key in list(TARGETS) + list(IEEE)}


def main():
    out_path = Path(__file__).resolve().parent.parent / "Tests/KinkCheckTests/Fixtures/activations.json"
    activations = []
    for index, (spec, kinks) in enumerate(SPECS):
        f = make(spec)
        rows = []
        for x, tag in points_for(kinks, SEED + index):
            row = {"x": hex_string(x), "xprec": min_precision(x), "tag": tag}
            row.update(reference(spec, f, x))
            rows.append(row)
        activations.append({"spec": spec, "kinks": [hex_string(Fraction(k)) for k in kinks], "points": rows})
    doc = {
        "generator": "scripts/gen_activation_fixtures.py",
        "mpmath": mpmath.__version__,
        "workingPrecision": W,
        "seed": SEED,
        "rounding": "p24/p53/p256: nearest-even at that precision, unbounded exponent; "
                    "binary32/binary64: IEEE nearest-even with subnormals",
        "activations": activations,
    }
    out_path.write_text(json.dumps(doc, indent=1) + "\n")
    total = sum(len(a["points"]) for a in activations)
    print("wrote %s: %d specs, %d points" % (out_path, len(activations), total))


if __name__ == "__main__":
    main()
