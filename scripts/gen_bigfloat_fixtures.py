#!/usr/bin/env python3
"""Generates Tests/BigFloatTests/Fixtures/*.json: reference results for the BigFloat tests.

Run from the repository root:  python3 scripts/gen_bigfloat_fixtures.py
Needs Python 3 and mpmath 1.3; the Swift tests only read the JSON it writes.

What it writes
--------------
functions.json  f(x) (and pow(x, y), and the constants pi, ln2, e) at 53, 256 and 1024 bits,
                correctly rounded in MPFR's sense for the rounding directions N (nearest-even),
                D (down) and U (up), each with its ternary value (sign of rounded - exact).
                Z and A follow from D and U and the sign, so they are not stored.
parse.json      decimal and hexadecimal strings (halfway cases, near-halfway cases, long digit
                strings, exponent overflow and underflow) and their correctly rounded values at
                several precisions in all five rounding directions, with ternaries.
decimal.json    decimalString(significantDigits:rounding:) results for a few values.

How a reference result is made
------------------------------
Inputs are exact rationals (`fractions.Fraction`), rounded to the precision p under test with
round-half-even; the rounded input is what the fixture stores (as an exact hex string), so the
test parses it exactly. The function value comes from mpmath at P >= 2400 bits (more than twice
1024). mpmath is not correctly rounded, so the script treats its answer v as the interval
[v - |v| 2^-(P-16), v + |v| 2^-(P-16)] (mpmath is good to a few ulps; 2^16 ulps is ample) and
rounds both ends to p bits: when they agree, that is the correctly rounded result; when they do
not, it retries at 2P, 4P, 8P, and fails loudly after that. Results that are exactly
representable (sqrt of a square, exp2 of an integer, log2 of a power of two, pow with an integer
exponent...) are recognised with exact integer arithmetic, never from the floating value. One
case is neither: erf(x) for huge x is 1 - erfc(x) with erfc(x) far below 2^-P, so mpmath's v is
exactly 1; the script then rounds v - |v| 2^-(P+64), which rounds like the true value (no p-bit
number lies strictly between them).

Rounding follows MPFR, including its exponent range (MPFR 4 defaults: emin = 1 - 2^30,
emax = 2^30 - 1, for x = m 2^e with 1/2 <= |m| < 1): results beyond emax overflow to inf or the
largest finite MPFR number by direction; results below emin underflow to zero or the smallest
positive MPFR number (for nearest, |x| <= 2^(emin-2) goes to zero, as mpfr_check_range does).

Hex strings use BigFloat.hexString's form: 0x1.8p+3, trailing zero digits dropped, 0x0p+0,
-0x0p+0, inf, -inf. Everything is deterministic: the output is byte-for-byte reproducible.
"""

import json
import os
import sys
from fractions import Fraction

import mpmath
from mpmath import mp, mpf

EMIN = 1 - 2**30
EMAX = 2**30 - 1
PRECISIONS = [53, 256, 1024]
BASE_WORKING_PRECISION = 2400


# ---------------------------------------------------------------------------------------------
# Exact rounding to p bits (MPFR semantics)
#
# A real number is handled as (q, k): the value q * 2^k with q an exact Fraction of moderate
# size and k an int, so that exp(744261117) or erfc(1e5) (exponents near 2^30 and 2^34) never
# become gigantic integers. A rounded result is a tuple:
#   ("num", negative, n, s)  for (-1)^negative * n * 2^s with n odd
#   ("zero", negative) and ("inf", negative)
# ---------------------------------------------------------------------------------------------

def mpfr_exponent(q):
    """e with 2^(e-1) <= |q| < 2^e, for a Fraction q != 0 (MPFR's exponent convention)."""
    q = abs(q)
    n, d = q.numerator, q.denominator
    e = n.bit_length() - d.bit_length()      # 2^(e-1) < n/d < 2^(e+1)
    if (n << max(0, -e)) >= (d << max(0, e)):
        e += 1
    return e


def num(negative, n, s):
    """Normalised ("num", ...) with n odd."""
    assert n > 0
    tz = (n & -n).bit_length() - 1
    return ("num", negative, n >> tz, s + tz)


def value_exponent(v):
    """MPFR exponent of a ("num", ...) value."""
    _, _, n, s = v
    return n.bit_length() + s


def round_unbounded(q, k, p, mode):
    """q * 2^k rounded to p significant bits with unbounded exponent; mode in N Z U D A.
    Returns (value, ternary)."""
    if q == 0:
        return ("zero", False), 0
    neg = q < 0
    a = -q if neg else q
    e = mpfr_exponent(a)
    scaled = a * (Fraction(2) ** (p - e))       # in [2^(p-1), 2^p)
    n = scaled.numerator // scaled.denominator
    rem = scaled - n
    t_mag = 0
    if rem != 0:
        if mode == "N":
            away = rem > Fraction(1, 2) or (rem == Fraction(1, 2) and n % 2 == 1)
        else:
            away = {"Z": False, "A": True, "U": not neg, "D": neg}[mode]
        n = n + 1 if away else n
        t_mag = 1 if away else -1
    return num(neg, n, e - p + k), (-t_mag if neg else t_mag)


def round_mpfr(q, k, p, mode):
    """q * 2^k rounded as MPFR rounds it into its default exponent range: (value, ternary)."""
    if q == 0:
        return ("zero", False), 0
    neg = q < 0
    r, t = round_unbounded(q, k, p, mode)
    e = value_exponent(r)
    away_from_zero = {"N": True, "A": True, "Z": False, "U": not neg, "D": neg}[mode]
    sign = -1 if neg else 1
    if e > EMAX:                                  # overflow
        if away_from_zero:
            return ("inf", neg), sign
        return num(neg, 2**p - 1, EMAX - p), -sign
    if e < EMIN:                                  # underflow
        if mode == "N":
            # mpfr_check_range: to zero when |r| < 2^(emin-2), or when |r| == 2^(emin-2) and
            # the exact value is not above it in magnitude.
            _, _, n, s = r
            is_limit = n == 1 and s == EMIN - 2
            to_zero = e < EMIN - 1 or (is_limit and t * sign >= 0)
            away_from_zero = not to_zero
        if away_from_zero:
            return num(neg, 1, EMIN - 1), sign
        return ("zero", neg), -sign
    return r, t


def to_fraction(v):
    """A ("num"/"zero", ...) value of moderate exponent as a Fraction."""
    if v[0] == "zero":
        return Fraction(0)
    _, neg, n, s = v
    q = Fraction(n) * Fraction(2) ** s
    return -q if neg else q


# ---------------------------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------------------------

def hex_string(v):
    """BigFloat.hexString's form of a rounded value."""
    if v[0] == "inf":
        return "-inf" if v[1] else "inf"
    if v[0] == "zero":
        return "-0x0p+0" if v[1] else "0x0p+0"
    _, neg, n, s = v
    e = n.bit_length() - 1 + s                 # value = 1.f * 2^e
    bits = bin(n)[3:]
    while len(bits) % 4:
        bits += "0"
    digits = "".join("0123456789abcdef"[int(bits[i:i + 4], 2)] for i in range(0, len(bits), 4))
    digits = digits.rstrip("0")
    return ("-" if neg else "") + "0x1" + ("." + digits if digits else "") + "p" + ("-" if e < 0 else "+") + str(abs(e))


def exact_decimal(q):
    """A terminating rational (dyadic) as an exact plain decimal string."""
    neg = q < 0
    a = -q if neg else q
    k = 0
    while (a * 10**k).denominator != 1:
        k += 1
    n = (a * 10**k).numerator
    s = str(n).rjust(k + 1, "0")
    text = s[:len(s) - k] + ("." + s[len(s) - k:] if k else "")
    return ("-" if neg else "") + text


# ---------------------------------------------------------------------------------------------
# mpmath evaluation with an interval check
# ---------------------------------------------------------------------------------------------

def to_mpf(q):
    assert (q.denominator & (q.denominator - 1)) == 0
    return mpmath.ldexp(mpf(q.numerator), -(q.denominator.bit_length() - 1))


def rounded_from_mpmath(compute, p, hint=None):
    """Round compute() (evaluated at growing working precision) to p bits in modes N, D, U.
    hint = -1 (+1) says the true value lies just below (above) mpmath's answer when that answer
    comes out exactly representable at p bits (see the module docstring)."""
    P = max(BASE_WORKING_PRECISION, 2 * p + 256)
    for _ in range(4):
        with mp.workprec(P):
            v = compute()
        if not isinstance(v, mpmath.mpf) or not mpmath.isfinite(v) or v == 0:
            raise ValueError("unexpected value %r" % (v,))
        sign, man, k, _ = v._mpf_            # man_exp drops the sign; _mpf_ keeps it
        q = Fraction(-man if sign else man)
        if hint is not None and round_unbounded(q, k, p, "N")[1] == 0:
            lo = hi = q + hint * abs(q) * Fraction(1, 2 ** (P + 64))
        else:
            slack = abs(q) * Fraction(1, 2 ** (P - 16))
            lo, hi = q - slack, q + slack
        results = {}
        for mode in ("N", "D", "U"):
            r_lo, t_lo = round_mpfr(lo, k, p, mode)
            r_hi, t_hi = round_mpfr(hi, k, p, mode)
            if r_lo != r_hi or t_lo != t_hi or t_lo == 0:
                break
            results[mode] = (r_lo, t_lo)
        else:
            return results
        P *= 2
    raise RuntimeError("could not decide the rounding at %d bits (tried up to %d)" % (p, P // 2))


def rounded_exact(q, p):
    return {mode: round_mpfr(q, 0, p, mode) for mode in ("N", "D", "U")}


# ---------------------------------------------------------------------------------------------
# Exactness (decided with integers, never from floating values)
# ---------------------------------------------------------------------------------------------

def isqrt_exact(q):
    """sqrt(q) if it is rational, else None (q > 0)."""
    from math import isqrt
    n, d = q.numerator, q.denominator
    rn, rd = isqrt(n), isqrt(d)
    if rn * rn == n and rd * rd == d:
        return Fraction(rn, rd)
    return None


def root_pow2_exact(q, b):
    """q^(1/2^b) if rational, else None (q > 0)."""
    for _ in range(b):
        q = isqrt_exact(q)
        if q is None:
            return None
    return q


def is_power_of_two(q):
    n, d = abs(q).numerator, abs(q).denominator
    return n & (n - 1) == 0 and d & (d - 1) == 0


def exact_value(f, x, y=None):
    """The exact result when it is a (dyadic) rational, else None. Other functions than these
    are transcendental at non-zero rationals (zero arguments live in the Swift special-value
    tests, not here)."""
    if x == 0:
        raise ValueError("zero arguments belong in the special-value tests")
    if f == "sqrt":
        return isqrt_exact(x) if x > 0 else None
    if f == "exp2":
        return Fraction(2) ** int(x) if x.denominator == 1 else None
    if f == "log2":
        return Fraction(mpfr_exponent(x) - 1) if x > 0 and is_power_of_two(x) else None
    if f == "log":
        return Fraction(0) if x == 1 else None
    if f == "pow":
        if x == 1:
            return Fraction(1)
        b = y.denominator.bit_length() - 1      # y = a / 2^b
        if x < 0:
            assert b == 0, "negative bases only with integer exponents"
            base = x
        else:
            base = root_pow2_exact(x, b)
            if base is None:
                return None
        # An integer power is exact; it is representable in p bits only if the odd part stays
        # small, so huge exponents of non-powers of two go to mpmath instead.
        if abs(y.numerator) * abs(base.numerator).bit_length() > 2_000_000 and not is_power_of_two(base):
            return None
        return base ** y.numerator
    return None
# ---------------------------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------------------------

def parse_source(s):
    """'1e-30', '2^-200', '-0.75', '1/3', '2^1000+1' as an exact Fraction."""
    s = s.strip()
    if "+" in s[1:] and "^" in s:          # 2^k+1 style
        head, tail = s.rsplit("+", 1)
        return parse_source(head) + parse_source(tail)
    if "^" in s:
        base, k = s.split("^")
        sign = -1 if base.startswith("-") else 1
        return sign * Fraction(abs(int(base))) ** int(k)
    if "/" in s:
        a, b = s.split("/")
        return Fraction(int(a), int(b))
    return Fraction(s)


COMMON = ["1e-30", "2^-200", "-1e-30", "0.5", "1", "-0.75", "0.1", "3", "10", "50", "-50"]

FUNCTIONS = {
    "sqrt": ["2", "3", "0.1", "1e-30", "2^-200", "1e5", "4", "2^-1000", "1e300", "0.75", "2^1000+1"],
    "exp": COMMON + ["-1", "1e5", "-1e5", "744261117", "744261118", "-744261117",
                     "-744261118.5", "-744261120", "2^-1000"],
    "expm1": COMMON + ["1e5", "-1e5", "2^-1000"],
    "log": ["2", "0.5", "10", "0.1", "1e-30", "2^-200", "1e5", "1e300", "1", "1.0000000000000000001",
            "0.99999999999999999999", "2^1000+1"],
    "log1p": ["1e-30", "2^-200", "-1e-30", "0.5", "1", "-0.75", "0.1", "3", "50", "1e5", "-0.999999"],
    "exp2": ["1e-30", "2^-200", "0.5", "-0.75", "0.1", "10", "-50", "1e5", "3", "-1074.5"],
    "log2": ["3", "0.1", "1e-30", "2^-200", "1e5", "1024", "0.5", "2^1000+1", "10"],
    "sinh": COMMON + ["1e5", "-1e5", "2^-1000"],
    "cosh": COMMON + ["1e5", "-1e5", "2^-1000"],
    "tanh": COMMON + ["20", "2^-1000"],
    "erf": COMMON + ["1e5", "-1e5", "5", "27"],
    "erfc": COMMON + ["1e5", "-1e5", "5", "27", "100"],
    "sin": COMMON + ["1e5", "1e22", "-1e22", "2^100", "355", "2^-1000"],
    "cos": COMMON + ["1e5", "1e22", "2^100", "355", "2^-1000"],
    "atan": COMMON + ["1e5", "-1e5", "1e30", "2^-1000"],
}

# (x, y) pairs for pow
POW_CASES = [("2", "0.5"), ("10", "-30"), ("1.5", "100.25"), ("0.1", "1e-30"), ("3", "0.1"),
             ("-2", "3"), ("-1.5", "-7"), ("4", "0.5"), ("2", "-1074"), ("7", "22"), ("1e5", "2.5"),
             ("0.5", "1e5"), ("1.0000001", "1e7"), ("50", "-50"), ("2^-200", "0.75"), ("1", "12.5")]

# Cases whose true result lies just beyond mpmath's answer, which comes out exactly representable
# at any affordable working precision: -1 = the true value is below it, +1 = above.
HINTS = {("erf", "1e5"): -1, ("erf", "-1e5"): +1, ("erfc", "-1e5"): -1, ("expm1", "-1e5"): +1}

MPMATH = {
    "sqrt": mpmath.sqrt, "exp": mpmath.exp, "expm1": mpmath.expm1, "log": mpmath.log,
    "log1p": mpmath.log1p, "exp2": lambda x: mpmath.power(2, x), "log2": lambda x: mpmath.log(x, 2),
    "sinh": mpmath.sinh, "cosh": mpmath.cosh, "tanh": mpmath.tanh, "erf": mpmath.erf,
    "erfc": mpmath.erfc, "sin": mpmath.sin, "cos": mpmath.cos, "atan": mpmath.atan,
}


def result_record(results):
    return {mode: [hex_string(v), t] for mode, (v, t) in results.items()}


def input_at(src, p):
    """The source value rounded (nearest-even) to p bits, as a Fraction and its hex string."""
    v, _ = round_unbounded(parse_source(src), 0, p, "N")
    return to_fraction(v), hex_string(v)


def function_cases():
    out = []
    for f, sources in FUNCTIONS.items():
        for src in sources:
            for p in PRECISIONS:
                x, xhex = input_at(src, p)
                exact = exact_value(f, x)
                if exact is not None:
                    results = rounded_exact(exact, p)
                else:
                    results = rounded_from_mpmath(lambda: MPMATH[f](to_mpf(x)), p, HINTS.get((f, src)))
                out.append({"f": f, "p": p, "src": src, "x": xhex, **result_record(results)})
    for xs, ys in POW_CASES:
        for p in PRECISIONS:
            x, xhex = input_at(xs, p)
            y, yhex = input_at(ys, p)
            exact = exact_value("pow", x, y)
            if exact is not None:
                results = rounded_exact(exact, p)
            else:
                results = rounded_from_mpmath(lambda: mpmath.power(to_mpf(x), to_mpf(y)), p)
            out.append({"f": "pow", "p": p, "src": xs + " ^ " + ys, "x": xhex, "y": yhex,
                        **result_record(results)})
    return out


def constant_cases():
    out = []
    for name, compute in (("pi", lambda: +mp.pi), ("ln2", lambda: +mp.ln2), ("e", lambda: mpmath.exp(1))):
        for p in [2, 24] + PRECISIONS + [4000]:
            out.append({"c": name, "p": p, **result_record(rounded_from_mpmath(compute, p))})
    return out


# ---------------------------------------------------------------------------------------------
# Parsing cases
# ---------------------------------------------------------------------------------------------

class LCG:
    """Knuth's MMIX LCG; the top 32 bits of each state are the output."""

    def __init__(self, seed):
        self.state = seed & (2**64 - 1)

    def next32(self):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) & (2**64 - 1)
        return self.state >> 32

    def bits(self, n):
        v = 0
        for _ in range((n + 31) // 32):
            v = (v << 32) | self.next32()
        return v >> ((32 - n % 32) % 32)


def parse_cases():
    rng = LCG(20240917)
    strings = []
    # Exactly halfway, just above and just below halfway between two p-bit numbers.
    for p in (2, 11, 24, 53, 113):
        for k in range(6):
            if k == 0:
                m = 2 ** (p - 1)                           # even significand: the tie goes down
            elif k == 1:
                m = 2 ** (p - 1) + 1                       # odd significand: the tie goes up
            else:
                m = 2 ** (p - 1) + rng.bits(p - 1)
            e = [0, 0, -10, 7, -40, 30][k]
            h = Fraction(2 * m + 1, 2) * Fraction(2) ** (e - p + 1)    # (m + 1/2) ulps
            d = exact_decimal(h)
            strings.append((d, p))
            strings.append((d + ("" if "." in d else ".") + "000000000000000000001", p))
            strings.append((exact_decimal(h - Fraction(1, 10 ** (len(d) + 20))), p))
            if k < 3:
                strings.append(("-" + d, p))
            if k < 2:
                strings.append((hex_string(num(False, 2 * m + 1, e - p)), p))
    strings += [
        ("1.000000059604644775390625", 24), ("1.000000178813934326171875", 24),
        ("0x1.0000008p+0", 24), ("0x1.0000018p+0", 24), ("0x1.00000080000000000001p+0", 24),
        ("-0x1.0000008p+0", 24), ("0x.8p1", 24), ("0X1P-1074", 53), ("0x1.fffffffffffff8p+1023", 53),
        ("0xABC.DEFp-7", 24), ("0x1p+0", 2), ("0x3p0", 2), ("0x5p0", 2), ("0x7p0", 2),
        ("0.1", 2), ("0.1", 24), ("0.1", 53), ("0.1", 113), ("0.1", 1000), ("-0.1", 53), ("1e23", 53),
        ("8.98846567431158e307", 53), ("2.4703282292062327e-324", 53), ("2.4703282292062328e-324", 53),
        ("4.9406564584124654e-324", 53), ("1e400", 53), ("1e-400", 53), ("-1e-400", 256),
        ("1e1000000000", 53), ("-1e1000000000", 53), ("1e-1000000000", 53), ("-1e-1000000000", 53),
        ("+1.5", 2), ("1.", 24), (".5", 24), ("1E5", 24), ("00012.5000", 24), ("1e+05", 53),
        ("1e-05", 53), ("0e0", 53), ("-0", 53), ("0.0000", 24), ("-0.0e-5", 24),
        ("123456789012345678901234567890", 64), ("9007199254740993", 53), ("9007199254740995", 53),
        ("3.14159265358979323846264338327950288419716939937510582097494459230781640628620899862803482534211706798214808651328230664709384460955058223172535940812848111745028410270193852110555964462294895493038196", 1024),
        ("2.718281828459045235360287471352662497757247093699959574966967627724076630353547594571382178525166427", 256),
        ("0x1.921fb54442d18469898cc51701b839a252049c1114cf98e804177d4c76273644a29410f31c6809bbdf2a33679a748636605614dbe4be286e9fc26adadaa3848bc90b6aecc4bcfd8de8", 256),
        ("1e-30", 1024), ("7.2e-309", 53), ("65520", 11), ("65519", 11), ("65504", 11),
        ("1" + "0" * 400 + "1", 1000), ("0." + "0" * 300 + "1" + "9" * 300, 200),
    ]
    out = []
    for s, p in strings:
        q, k = parse_exact(s)
        rec = {"s": s, "p": p}
        for mode in ("N", "Z", "U", "D", "A"):
            if q == 0:
                v, t = ("zero", s.startswith("-")), 0
            else:
                v, t = round_mpfr(q, k, p, mode)
            rec[mode] = [hex_string(v), t]
        out.append(rec)
    return out


def parse_exact(s):
    """A decimal or hex string as (q, k), value q * 2^k. Decimal exponents beyond 10^8 (far
    outside MPFR's range either way) are scaled approximately: only over/underflow matters."""
    t = s
    neg = t.startswith("-")
    if t[0] in "+-":
        t = t[1:]
    if t.lower().startswith("0x"):
        body = t[2:].lower()
        mant, ex = (body.split("p") + ["0"])[:2]
        a, b = (mant.split(".") + [""])[:2]
        q = Fraction(int((a + b) or "0", 16), 16 ** len(b))
        k = int(ex)
    else:
        body = t.lower()
        mant, ex = (body.split("e") + ["0"])[:2]
        a, b = (mant.split(".") + [""])[:2]
        q = Fraction(int((a + b) or "0"), 10 ** len(b))
        ex = int(ex)
        if abs(ex) > 10**8:
            k = round(ex * 3.321928094887362)
            assert abs(k) > 3 * 2**30
        else:
            q *= Fraction(10) ** ex
            k = 0
    return (-q if neg else q), k


# ---------------------------------------------------------------------------------------------
# decimalString cases
# ---------------------------------------------------------------------------------------------

def decimal_round(q, n, mode):
    """(digits, e, negative) with q ~ 0.d1...dn x 10^e, rounded to n significant digits."""
    neg = q < 0
    a = -q if neg else q
    e = 0
    while a >= Fraction(10) ** e:
        e += 1
    while a < Fraction(10) ** (e - 1):
        e -= 1
    scaled = a * Fraction(10) ** (n - e)
    m = scaled.numerator // scaled.denominator
    rem = scaled - m
    if rem:
        away = {"N": rem > Fraction(1, 2) or (rem == Fraction(1, 2) and m % 2 == 1),
                "Z": False, "A": True, "U": not neg, "D": neg}[mode]
        m += 1 if away else 0
    if m == 10 ** n:
        m //= 10
        e += 1
    return str(m), e, neg


def layout(digits, e, neg):
    """BigFloat.layout: how decimalString arranges the digits."""
    sign = "-" if neg else ""
    n = len(digits)
    if e > 21 or e < -4:
        head, tail = digits[:1], digits[1:]
        return sign + head + ("." + tail if tail else "") + "e" + str(e - 1)
    if e <= 0:
        return sign + "0." + "0" * (-e) + digits
    if e >= n:
        return sign + digits + "0" * (e - n)
    return sign + digits[:e] + "." + digits[e:]


def decimal_cases():
    with mp.workprec(1024):
        _, man, k, _ = (+mp.pi)._mpf_
    values = [
        (Fraction(man) * Fraction(2) ** k, 1024, [1, 2, 5, 17, 50, 100, 309, 320]),
        (Fraction(1, 3), 256, [1, 10, 40, 78, 100]),
        (Fraction(1, 2**1074), 53, [1, 3, 17, 30, 751, 760]),
        (Fraction(10) ** 22, 80, [1, 5, 22, 23, 30]),
        (Fraction(246913579, 2), 40, [9, 8, 10, 3]),        # 123456789.5: a tie at 9 digits
        (Fraction(1, 8), 53, [1, 2, 3]),                    # 0.125: a tie at 2 digits
        (Fraction(-5, 2), 53, [1, 2]),                      # -2.5: a tie at 1 digit
        (Fraction(-35, 1000), 2048, [1, 2, 700]),
        (Fraction(999999, 2**20), 53, [1, 2, 6, 7]),
        (Fraction(99999999999999999999999), 80, [5, 22, 23]),
        (Fraction(1, 10**5), 53, [1, 17]),
        (Fraction(123456, 10**10), 200, [3, 7]),
        (Fraction(2) ** 70, 53, [1, 21, 22, 30]),
    ]
    out = []
    for q, p, counts in values:
        v, _ = round_unbounded(q, 0, p, "N")
        x = to_fraction(v)
        for n in counts:
            rec = {"x": hex_string(v), "p": p, "digits": n}
            for mode in ("N", "Z", "U", "D", "A"):
                rec[mode] = layout(*decimal_round(x, n, mode))
            out.append(rec)
    return out


# ---------------------------------------------------------------------------------------------

def write(path, key, records):
    header = {
        "generator": "scripts/gen_bigfloat_fixtures.py",
        "mpmath": mpmath.__version__,
        "emin": EMIN,
        "emax": EMAX,
    }
    with open(path, "w") as fh:
        fh.write("{\n")
        for k, v in header.items():
            fh.write("  %s: %s,\n" % (json.dumps(k), json.dumps(v)))
        fh.write("  %s: [\n" % json.dumps(key))
        for i, r in enumerate(records):
            fh.write("    " + json.dumps(r, separators=(",", ":")) + ("," if i + 1 < len(records) else "") + "\n")
        fh.write("  ]\n}\n")
    print("wrote %s (%d records)" % (path, len(records)), file=sys.stderr)


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    fixtures = os.path.join(root, "Tests", "BigFloatTests", "Fixtures")
    os.makedirs(fixtures, exist_ok=True)
    write(os.path.join(fixtures, "functions.json"), "functions", function_cases())
    write(os.path.join(fixtures, "constants.json"), "constants", constant_cases())
    write(os.path.join(fixtures, "parse.json"), "parse", parse_cases())
    write(os.path.join(fixtures, "decimal.json"), "decimal", decimal_cases())


if __name__ == "__main__":
    main()
