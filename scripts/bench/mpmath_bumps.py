#!/usr/bin/env python3
"""The peer of `kinkcheck distribution relu --digits D` with explicit bumps: mpmath's `quad`
(tanh-sinh, the default) computes -∫ relu(x) φ'(x) dx at D digits for each bump, where φ is
KinkCheck's SmoothBump (Sources/KinkCheck/Analysis/TestFunctions/SmoothBump.swift):

    φ(x) = exp(-1/(1 - t²)) for |t| < 1, t = (x - c)/w;   φ'(x) = φ · (-2t/(1 - t²)²) / w

relu vanishes left of 0, so the integral runs over [max(c - w, 0), c + w] (nothing when
c + w <= 0); mpmath is given the support's end points, where every derivative of φ vanishes,
as KinkCheck's rules are. By the first distributional identity the value is ∫_0^∞ φ, which the
script prints beside it as a check (printed to 30 digits; the timing is what matters).

Usage: mpmath_bumps.py --digits 100 --case C,W [--case C,W ...]
Needs mpmath (with gmpy2 for the gmpy backend; the benchmark says which backend ran).
"""
import argparse
import sys

import mpmath
from mpmath import mp, mpf


def bump(x, c, w):
    t = (x - c) / w
    s = (1 - t) * (1 + t)
    if s <= 0:
        return mpf(0)
    return mp.exp(-1 / s)


def bump_prime(x, c, w):
    t = (x - c) / w
    s = (1 - t) * (1 + t)
    if s <= 0:
        return mpf(0)
    return mp.exp(-1 / s) * (-2 * t / (s * s)) / w


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--digits", type=int, default=100)
    parser.add_argument("--case", action="append", required=True, help="C,W: centre and half-width")
    parser.add_argument("--check", action="store_true", help="also compute ∫_0^∞ φ and print both")
    args = parser.parse_args()
    mp.dps = args.digits
    for text in args.case:
        c, w = (mpf(p) for p in text.split(","))
        lo, hi = max(c - w, mpf(0)), c + w
        if hi <= 0:
            value = mpf(0)
        else:
            value = mp.quad(lambda x: -x * bump_prime(x, c, w), [lo, hi])
        line = f"c={text} -∫relu·φ' = {mp.nstr(value, 30)}"
        if args.check and hi > 0:
            line += f"  ∫φ over x>0 = {mp.nstr(mp.quad(lambda x: bump(x, c, w), [lo, hi]), 30)}"
        print(line)
    print(f"mpmath {mpmath.__version__}, backend {mpmath.libmp.BACKEND}, {args.digits} digits", file=sys.stderr)


if __name__ == "__main__":
    main()
