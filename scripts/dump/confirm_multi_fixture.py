#!/usr/bin/env python3
"""Confirms, independently of KinkCheck, every defect `kinkcheck samples --json` reports for a
dump of activations of several inputs: the truth recomputed with mpmath at 60 digits from the
textbook formulas (glu = a*sigmoid(b), swiglu = silu(a)*b, geglu = a*Phi(a)*b, and their partials), the framework's
number compared with it in ulps of the dtype, and the row confirmed when that error agrees with
KinkCheck's to 1% and exceeds the tolerance KinkCheck printed.

    kinkcheck samples DUMP.csv --json > result.json
    python3 scripts/dump/confirm_multi_fixture.py result.json

Exit 0 when every reported defect is confirmed, 1 otherwise (each unconfirmed row printed).
Needs mpmath (pip install mpmath), used for fixtures only.
"""
import json
import sys

import mpmath as mp

mp.mp.dps = 60
PRECISION = {"float16": 11, "bfloat16": 8, "float32": 24, "float64": 53}
MIN_EXPONENT = {"float16": -14, "bfloat16": -126, "float32": -126, "float64": -1022}


def sigmoid(x):
    return 1 / (1 + mp.e ** (-x))


def truth(activation, quantity, a, b):
    """1 − σ(t) is written σ(−t): at 60 digits 1 − σ(588) would cancel to 0."""
    if activation == "glu":
        s = sigmoid(b)
        return {"value": a * s, "∂/∂a": s, "∂/∂b": a * s * sigmoid(-b)}[quantity]
    if activation == "swiglu":
        s = sigmoid(a)
        return {"value": a * s * b, "∂/∂a": b * s * (1 + a * sigmoid(-a)), "∂/∂b": a * s}[quantity]
    if activation == "geglu":
        cdf, pdf = mp.ncdf(a), mp.npdf(a)
        return {"value": a * cdf * b, "∂/∂a": b * (cdf + a * pdf), "∂/∂b": a * cdf}[quantity]
    raise KeyError(activation)


def ulp(v, dtype):
    """The ulp of the dtype at v (subnormal spacing below the least normal)."""
    e = MIN_EXPONENT[dtype] if v == 0 else max(int(mp.floor(mp.log(abs(v), 2))), MIN_EXPONENT[dtype])
    return mp.mpf(2) ** (e - PRECISION[dtype] + 1)


def main(path):
    doc = json.load(open(path))["several_inputs"]
    bad = 0
    for d in doc["defects"]:
        a, b = (mp.mpf(float.fromhex(x)) for x in d["x"])
        dtype = d["dtype"]
        act = d["activation"]
        if act not in ("glu", "swiglu", "geglu"):
            print(f"row {d['row']}: {act} is not one this script recomputes"); bad += 1; continue
        t = truth(act, d["quantity"], a, b)
        got = mp.mpf(float.fromhex(d["got"]))
        u = abs(got - t) / ulp(t, dtype)
        theirs = float(d["ulps"]) if d["ulps"] else None
        tol = float(d["tolerance_ulps"]) if d["tolerance_ulps"] else None
        ok = theirs is not None and abs(u - theirs) <= 0.01 * max(theirs, 1) and u > tol
        if not ok:
            bad += 1
            print(f"row {d['row']} {act} {dtype} {d['quantity']}: mpmath {mp.nstr(u, 6)} ulps, kinkcheck {theirs} (tolerance {tol})")
    print(f"{len(doc['defects']) - bad} of {len(doc['defects'])} defects confirmed by mpmath")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
