#!/usr/bin/env python3
"""float32 inputs where an activation's exact value lies exactly on a rounding boundary of float32
(halfway between two neighbours), for the test that the exhaustive check's fast path never
decides such a rounding wrongly.

A boundary is the hardest case a rounding can meet: every enclosure of the exact value straddles
it, however narrow, so the block models and the point enclosures must leave it undecided, and
only an exact evaluation settles it (ties to even). Rational built-ins reach boundaries exactly:

    hardswish   f = x(x + 3)/6,  f' = (2x + 3)/6   on -3 < x < 3
    hardsigmoid f = (x + 3)/6                      on -3 < x < 3

With x = m·2^(E-23) (m a 24-bit integer, 2^E <= |x| < 2^(E+1)), each is an integer A times a power
of two over 3 or 6: dyadic exactly when 3 divides A, and then on a boundary exactly when the odd
part of A/3 has 25 bits (a 24-bit significand and one half). The search is exact integer
arithmetic over every float32 x with 2^-12 <= |x| < 3, in numpy.

Writes Tests/KinkCheckTests/Fixtures/hard_cases.json: for each activation and quantity, up to 40
inputs (the first in ascending x, and every k-th after), each with x and the exact value as
hex floats, and the value it rounds to in float32 (ties to even), as a hex float.
"""
import numpy as np
from fractions import Fraction

from rounding_fixture import spread, write_fixture

LIMIT = 40


def halfway(B):
    """Mask: the odd part of B (B > 0) has exactly 25 bits."""
    low = B & -B
    odd = B // low
    return (odd >= (1 << 24)) & (odd < (1 << 25))


def search(name, quantity):
    found = []
    for E in range(-12, 2):
        m = np.arange(1 << 23, 1 << 24, dtype=np.int64)
        K = 3 << (23 - E) if 23 - E >= 0 else None
        for sign in (1, -1):
            # x = sign·m·2^(E-23); keep |x| < 3.
            x = sign * m.astype(np.float64) * 2.0 ** (E - 23)
            keep = np.abs(x) < 3
            if name == "hardswish" and quantity == "value":
                # x(x + 3)/6 = sign·m·(sign·m + K)·2^(2E-46)/6; A = |m·(sign·m + K)|.
                A = np.abs(m * (sign * m + K))
                shift = 2 * E - 46 - 1   # /6 = /3 /2
            elif name == "hardswish":
                # (2x + 3)/6 = (2·sign·m + K)·2^(E-23)/6.
                A = np.abs(2 * sign * m + K)
                shift = E - 23 - 1
            else:
                # (x + 3)/6 = (sign·m + K)·2^(E-23)/6.
                A = np.abs(sign * m + K)
                shift = E - 23 - 1
            ok = keep & (A % 3 == 0) & (A > 0)
            B = np.where(ok, A // 3, 1)
            hit = ok & halfway(B)
            for i in np.nonzero(hit)[0]:
                xv = float(x[i])
                b = int(B[i])
                tz = (b & -b).bit_length() - 1
                negative = (xv < 0) if (name, quantity) == ("hardswish", "value") else \
                    (2 * xv + 3 < 0) if name == "hardswish" else False
                exact = (-1 if negative else 1) * (b >> tz) * 2.0 ** (tz + shift)
                found.append((xv, exact, float(np.float32(exact))))   # numpy rounds ties to even
        del m
    found.sort()
    # Checked independently, with exact rationals: the value is the function's, and halfway.
    for xv, exact, rounded in found:
        X = Fraction(xv)
        f = X * (X + 3) / 6 if (name, quantity) == ("hardswish", "value") else (2 * X + 3) / 6 if name == "hardswish" else (X + 3) / 6
        assert f == Fraction(exact), (name, quantity, xv)
        up = float(np.nextafter(np.float32(rounded), np.float32(np.inf) if Fraction(exact) > Fraction(rounded) else np.float32(-np.inf)))
        assert Fraction(exact) - Fraction(rounded) == (Fraction(up) - Fraction(rounded)) / 2, (name, quantity, xv)
    found.sort()
    return len(found), spread(found, LIMIT)


def main():
    cases = []
    for name, quantity in [("hardswish", "value"), ("hardswish", "derivative"), ("hardsigmoid", "value")]:
        total, chosen = search(name, quantity)
        cases.append({"activation": name, "quantity": quantity, "found": total,
                      "inputs": [{"x": x.hex(), "exact": e.hex(), "rounded": r.hex()} for x, e, r in chosen]})
        print(f"{name} {quantity}: {total} float32 inputs on a rounding boundary; kept {len(chosen)}")
    write_fixture("hard_cases.json", "scripts/gen_hard_cases.py", cases)


if __name__ == "__main__":
    main()
