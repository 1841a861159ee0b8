#!/usr/bin/env python3
"""The rigorous peer of `kinkcheck distribution relu --digits D` with explicit bumps: FLINT's Arb
(python-flint's `acb.integral`) encloses both sides of relu's identity in balls,

    -∫ relu(x) φ'(x) dx   and   ∫ H(x) φ(x) dx        (relu has no jump, so no Σ J φ(x_j) term)

for each bump φ, KinkCheck's SmoothBump (Sources/KinkCheck/Analysis/TestFunctions/SmoothBump.swift):

    φ(x) = exp(-1/s) for s > 0, 0 otherwise,   s = 1 - t²,  t = (x - c)/w;
    φ'(x) = φ(x) · (-2t/s²) / w

Both integrals are split at relu's kink 0. Left of it relu = H = 0, so that piece is exactly 0;
right of it relu = x and H = 1, and the piece [max(c - w, 0), c + w] is integrated on its own
with the analytic integrands x·φ(x)·2t/(s² w) and φ(x) (nothing when c + w <= 0). On the open
piece both are holomorphic; at a support end s = 0 they have an essential singularity.

Arb calls the integrand in two ways, and both are handled here:
- analytic=True (a complex ball around a sub-segment, to bound the Gauss–Legendre error): the
  function must be holomorphic on the whole ball, so a ball on which s contains 0 gets an
  indeterminate (non-finite) ball. (Arb's 1/s is already indeterminate there, but the flag is
  honoured explicitly, as Arb's documentation asks of functions that are not meromorphic.)
- analytic=False (a real ball covering a sub-segment, or a node): a pointwise enclosure of the real
  function. Arb only tries Gauss–Legendre on a sub-segment whose direct enclosure is finite, so
  the sub-segments touching a support end need one: there φ ∈ [0, exp(-1/s⁺)] with s⁺ the upper
  bound of s on the ball (φ increases with s), and |φ'| is bounded by the same monotonicity of
  exp(-1/s)/s² (increasing up to s = 1/2, where it peaks at 4/e²).

c and w are the decimals given, enclosed in balls; the working precision is D digits plus
--guard-bits, and the integrals' tolerance that precision's 2^-prec. The script prints each
side's midpoint (30 digits) and radius, and whether the two balls overlap; it exits 1 when they
do not, or when a side is not finite or wider than 10^-D · max(1, |value|) (Arb did not
converge to D digits).

Usage: flint_bumps.py --digits 100 --case C,W [--case C,W ...]
Needs python-flint 0.6 or later (acb.integral).
"""
import argparse
import sys

import flint
from flint import acb, arb, ctx

INDETERMINATE = acb(arb.nan())


def enclosure(bound, signed):
    """The ball [-bound, bound] (signed) or [0, bound] around a real bound."""
    upper = bound.upper()
    return (-upper).union(upper) if signed else arb(0).union(upper)


class Bump:
    """The real bump of centre c and half-width w, and its two integrands right of the kink."""

    def __init__(self, c, w):
        self.c, self.w = c, w

    def parts(self, x):
        t = (x - self.c) / self.w
        return t, (1 - t) * (1 + t)

    def phi(self, x, analytic):
        t, s = self.parts(x)
        if analytic:
            # Holomorphic only where s ≠ 0: a ball that meets the support's end is not.
            return INDETERMINATE if s.contains(0) else (-1 / s).exp()
        return self.real(x, lambda x, t, s: (-1 / s).exp(), lambda t, s_hi, x_abs: self.phi_bound(s_hi))

    def relu_times_minus_phi_prime(self, x, analytic):
        """x · (-φ'(x)) = x · φ(x) · 2t/(s² w): the integrand of -∫ relu φ' right of the kink."""
        t, s = self.parts(x)
        if analytic:
            return INDETERMINATE if s.contains(0) else x * (-1 / s).exp() * (2 * t) / (s * s * self.w)
        return self.real(x, lambda x, t, s: x * (-1 / s).exp() * (2 * t) / (s * s * self.w),
                         lambda t, s_hi, x_abs: x_abs * self.phi_prime_bound(t, s_hi), signed=True)

    def real(self, x, formula, bound, signed=False):
        """A pointwise enclosure on a real ball x: `formula` where s > 0 on all of it, else the
        ball of the real function, 0 outside the support, bounded through s's upper bound."""
        if not (x.imag == 0):
            return INDETERMINATE
        xr = x.real
        t, s = self.parts(xr)
        if s > 0:
            return acb(formula(xr, t, s))
        s_hi = s.upper()
        if s_hi <= 0:
            return acb(0)
        return acb(enclosure(bound(t, min(s_hi, arb(1)), abs(xr)), signed))

    def phi_bound(self, s_hi):
        return (-1 / s_hi).exp()

    def phi_prime_bound(self, t, s_hi):
        """An upper bound of |φ'| = exp(-1/s)/s² · 2|t|/w over s ∈ (0, s_hi]."""
        peak = (-1 / s_hi).exp() / (s_hi * s_hi) if s_hi <= arb(0.5) else 4 * arb(-2).exp()
        return peak * 2 * abs(t) / self.w


def integrate(f, lo, hi):
    return acb.integral(f, lo, hi).real


def sides(c, w):
    """Both sides of the identity as balls: (-∫ relu φ', ∫ H φ)."""
    lo, hi = c - w, c + w
    if hi <= 0:
        return arb(0), arb(0)
    if not (lo >= 0):
        lo = arb(0)   # the kink: left of it both integrands are 0
    bump = Bump(c, w)
    return integrate(bump.relu_times_minus_phi_prime, lo, hi), integrate(bump.phi, lo, hi)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--digits", type=int, default=100)
    parser.add_argument("--guard-bits", type=int, default=16, help="bits above D digits' precision")
    parser.add_argument("--case", action="append", required=True, help="C,W: centre and half-width")
    args = parser.parse_args()
    ctx.dps = args.digits
    ctx.prec += args.guard_bits
    tolerance = arb(10) ** -args.digits
    failed = 0
    for text in args.case:
        c, w = (arb(p) for p in text.split(","))
        lhs, rhs = sides(c, w)
        tight = all(side.is_finite() and side.rad() <= tolerance * max(1, abs(side.mid())) for side in (lhs, rhs))
        holds = tight and lhs.overlaps(rhs)
        failed += not holds
        verdict = "overlap" if holds else "disjoint" if tight else f"a side is not finite or wider than 1e-{args.digits}"
        print(f"c={text} -∫relu·φ' = {lhs.mid().str(30, radius=False)} ± {lhs.rad().str(3, radius=False)}"
              f"  ∫Hφ = {rhs.mid().str(30, radius=False)} ± {rhs.rad().str(3, radius=False)}  {verdict}")
    print(f"python-flint {flint.__version__} (FLINT {flint.__FLINT_VERSION__}), {args.digits} digits "
          f"+ {args.guard_bits} guard bits ({ctx.prec} bits)", file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
