#!/usr/bin/env python3
"""Confirms, independently of KinkCheck, every defect `kinkcheck samples --json` reports for a
dump of activations of several inputs. A row with an ulp count (value_inaccurate,
derivative_inaccurate, flush_to_zero): the truth recomputed with mpmath at 60 digits from the
textbook formulas (glu = a*sigmoid(b), swiglu = silu(a)*b, geglu = a*Phi(a)*b, reglu =
relu(a)*b, maxout = max(x1, x2), prelu = x or a*x, and their partials), the framework's number
compared with it in ulps of the dtype, confirmed when that error agrees with KinkCheck's to 1% and
exceeds the tolerance KinkCheck printed. not_finite: the framework's number is NaN or infinite
and the truth finite. outside_clarke: the gradient is outside the Clarke set worked out by hand
(reglu at a = 0: the segment from (0, 0) to (b, 0); maxout at a tie: the segment from e1 to e2;
prelu at x = 0: the segment from (a, 0) to (1, 0)).

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
    if activation == "reglu":   # off a = 0
        return {"value": max(a, 0) * b, "∂/∂a": b if a > 0 else mp.mpf(0), "∂/∂b": max(a, 0)}[quantity]
    if activation == "maxout":  # off the tie
        return {"value": max(a, b), "∂/∂x1": mp.mpf(1 if a > b else 0), "∂/∂x2": mp.mpf(1 if b > a else 0)}[quantity]
    if activation.startswith("prelu[x,a]"):  # (x, a), off x = 0
        x, w = a, b
        return {"value": x if x > 0 else w * x, "∂/∂x": mp.mpf(1) if x > 0 else w, "∂/∂a": mp.mpf(0) if x > 0 else x}[quantity]
    raise KeyError(activation)


def outside_clarke(activation, a, b, g):
    """Whether the gradient g is outside the hand-derived Clarke set at the kink (a, b)."""
    def on_segment(p, q):   # g on the segment from p to q (exactly, these are dyadic)
        for t in ([(g[0] - p[0]) / (q[0] - p[0])] if q[0] != p[0] else []) + ([(g[1] - p[1]) / (q[1] - p[1])] if q[1] != p[1] else []):
            if 0 <= t <= 1 and all(abs(p[i] + t * (q[i] - p[i]) - g[i]) <= mp.mpf(2) ** -40 * (1 + abs(g[i])) for i in range(2)):
                return True
        return False
    if activation == "reglu" and a == 0:
        return not on_segment((0, 0), (b, 0))
    if activation == "maxout" and a == b:
        return not on_segment((1, 0), (0, 1))
    if activation.startswith("prelu[x,a]") and a == 0:
        return not on_segment((b, 0), (1, 0))
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
        if d["class"] == "outside_clarke":
            g = [mp.mpf(float.fromhex(c)) for c in d["gradient"]]
            if not outside_clarke(act, a, b, g):
                bad += 1
                print(f"row {d['row']} {act} {dtype}: gradient {d['gradient']} is in the Clarke set by hand")
            continue
        t = truth(act, d["quantity"], a, b)
        if d["class"] == "not_finite":
            got = float.fromhex(d["got"]) if d["got"] not in ("nan", "inf", "-inf") else float(d["got"])
            if not (got != got or got in (float("inf"), float("-inf"))) or not mp.isfinite(t):
                bad += 1
                print(f"row {d['row']} {act} {dtype} {d['quantity']}: {d['got']} against {mp.nstr(t, 8)}")
            continue
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
