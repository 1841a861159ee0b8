#!/usr/bin/env python3
"""Candidate activations for a screening run, as a TOML variant file for `check --variants`.

An activation search (the one that found Swish, Ramachandran et al. 2017) composes unary and
binary pieces into candidate formulas and keeps the ones that train well. This script writes such
candidates, deterministically from a seed: each is `binary(unary1(x), unary2(x))`, or a unary piece
of a scaled input, `x * gate(beta * x)`, built from pieces of the built-ins:

    unary   x, relu(x), tanh(x), sigmoid(x), softplus(x), silu(x), elu(x), gelu(x), erf(x),
            abs(x), x^2, exp(-x^2), sin(x), atan(x), mish(x), softsign(x), hardswish(x)
    binary  a + b, a * b, max(a, b), min(a, b), a - b
    beta    one of 0.5, 1, 1.5, 1.702, 2 (exact decimals)

Duplicates are skipped and the pair (u, u) of `max`/`min` is not drawn, so each name is a
distinct formula. Names are `cand_0001`, … in order. Nothing is claimed (formulas declare no
claims, and their kinks are left to discovery): `check` verifies continuity, the one-sided limits
at every discovered kink, the autodiff convention and Clarke membership there, the identities and
accuracy in four formats — what screening asks of a candidate before it is trained.

    scripts/gen_screening_variants.py [--count N] [--seed S] [--out FILE]

Default: 1,000 candidates, seed 29, to Tests/KinkCheckTests/Fixtures/screening.toml; the first
50 of them are Tests/KinkCheckTests/Fixtures/screening-50.toml (the sharding-law test's file).
"""
import argparse
import os
import random

UNARY = ["x", "relu(x)", "tanh(x)", "sigmoid(x)", "softplus(x)", "silu(x)", "elu(x)", "gelu(x)", "erf(x)",
         "abs(x)", "x^2", "exp(-x^2)", "sin(x)", "atan(x)", "mish(x)", "softsign(x)", "hardswish(x)"]
BINARY = ["({a}) + ({b})", "({a}) * ({b})", "max({a}, {b})", "min({a}, {b})", "({a}) - ({b})"]
GATES = ["sigmoid", "tanh", "erf", "softsign", "relu"]
BETAS = ["0.5", "1", "1.5", "1.702", "2"]


def candidates(count, seed):
    rng = random.Random(seed)
    seen, out = set(), []
    while len(out) < count:
        if rng.random() < 0.2:
            formula = f"x * {rng.choice(GATES)}({rng.choice(BETAS)}*x)"
        else:
            a, b = rng.choice(UNARY), rng.choice(UNARY)
            op = rng.choice(BINARY)
            if a == b and op.startswith(("max", "min")):
                continue
            formula = op.format(a=a, b=b)
        if formula in seen:
            continue
        seen.add(formula)
        out.append(formula)
    return out


def toml(formulas):
    lines = [f"# {len(formulas)} screening candidates: written by scripts/gen_screening_variants.py (do not edit)", ""]
    for i, f in enumerate(formulas, 1):
        lines += ["[[variant]]", f'name = "cand_{i:04d}"', f'formula = "{f}"', ""]
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--count", type=int, default=1000)
    p.add_argument("--seed", type=int, default=29)
    p.add_argument("--out", help="one file of --count candidates (default: the two fixtures)")
    args = p.parse_args()
    if args.count < 1:
        p.error("--count must be at least 1")
    formulas = candidates(args.count, args.seed)
    if args.out:
        with open(args.out, "w") as f:
            f.write(toml(formulas))
        return
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "KinkCheckTests", "Fixtures")
    with open(os.path.join(here, "screening.toml"), "w") as f:
        f.write(toml(formulas))
    with open(os.path.join(here, "screening-50.toml"), "w") as f:
        f.write(toml(formulas[:50]))


if __name__ == "__main__":
    main()
