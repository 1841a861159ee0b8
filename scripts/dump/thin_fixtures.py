#!/usr/bin/env python3
"""Thin the committed framework dumps (Tests/KinkCheckTests/Fixtures/dumps/{torch,jax,tf}.csv) to a
few MB without re-running the frameworks: a point (activation, dtype, x) is kept in all three
files and both modes when it is
  - special: nan, +-inf, +-0, subnormal, or |x| >= 2^100;
  - beside a kink of its activation: within 20 ulps of the dtype (at max(|x0|, 1)) of it;
  - named in the fixtures README (the defects found), or flagged by `kinkcheck samples` in any
    of the three files (pass the three `--json` outputs);
  - else every KEEP_EVERY-th of the remaining points of its (activation, dtype) grid.
Prints "file old_row new_row" for every kept row named in README.md, then rewrites the files.

Usage: thin_fixtures.py DUMPS_DIR torch.json jax.json tf.json
"""
import csv, json, re, sys

KEEP_EVERY = 12
KINKS = {"relu": [0], "leaky_relu": [0], "elu": [0], "selu": [0], "celu": [0], "softplus": [20], "relu6": [0, 6],
         "hardtanh": [-1, 1], "hardsigmoid": [-3, 3], "hardswish": [-3, 3], "abs": [0], "relu_minus_relu_neg": [0]}

def base(spec): return spec.split(":")[0]

PRECISION = {"float16": 11, "bfloat16": 8, "float32": 24, "float64": 53}
LEAST_NORMAL = {"float16": 2.0 ** -14, "bfloat16": 2.0 ** -126, "float32": 2.0 ** -126, "float64": 2.0 ** -1022}

def special(x, dtype):
    if x != x or x in (float("inf"), float("-inf")) or x == 0: return True
    return abs(x) < LEAST_NORMAL[dtype] or abs(x) >= 2.0 ** 100

def beside(spec, dtype, x):
    """Within 20 ulps (of the dtype, at the kink's scale) of a kink: the +-16-ulp chains."""
    return any(abs(x - k) <= 20 * 2.0 ** (1 - PRECISION[dtype]) * max(abs(k), 1) for k in KINKS.get(base(spec), []))

def point(header):
    """The (activation base, dtype, x) of a row, by the columns of `header` (the dump contract's
    names, in whatever order the file has them)."""
    a, d, x = header.index("activation"), header.index("dtype"), header.index("x")
    return lambda r: (base(r[a]), r[d], r[x])

def main():
    folder, jsons = sys.argv[1], sys.argv[2:5]
    names = ["torch", "jax", "tf"]
    readme = open(f"{folder}/README.md").read()
    files = {n: list(csv.reader(open(f"{folder}/{n}.csv"))) for n in names}
    key_of = {n: point(files[n][0]) for n in names}
    keep = set()
    for n, j in zip(names, jsons):
        rows = files[n]
        for d in json.load(open(j))["defects"]:
            keep.add(key_of[n](rows[d["row"]]))
    cited = set(int(m) for m in re.findall(r"\brows? (\d{3,5})", readme)) | set(int(m) for m in re.findall(r"(\d{3,5})[–/](\d{3,5})", readme) for m in m)
    for n in names:
        for i in cited:
            if i < len(files[n]):
                keep.add(key_of[n](files[n][i]))
    # every k-th plain point per (activation, dtype), in the order of the first file
    seen, counter = set(), {}
    spec_column = files["torch"][0].index("activation")
    for r in files["torch"][1:]:
        key = key_of["torch"](r)
        if key in seen: continue
        seen.add(key)
        _, dtype, xt = key
        x = float.fromhex(xt) if xt not in ("nan", "inf", "-inf") else float(xt)
        if special(x, dtype) or beside(r[spec_column], dtype, x): keep.add(key); continue
        c = counter.get((key[0], key[1]), 0)
        counter[(key[0], key[1])] = c + 1
        if c % KEEP_EVERY == 0: keep.add(key)
    for n in names:
        rows = files[n]
        out, mapping = [rows[0]], {}
        for i, r in enumerate(rows[1:], start=1):
            if key_of[n](r) in keep:
                out.append(r); mapping[i] = len(out) - 1
        for i in sorted(cited):
            if i in mapping: print(n, i, mapping[i])
        with open(f"{folder}/{n}.csv", "w", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows(out)
        print(n, "rows", len(rows) - 1, "->", len(out) - 1, file=sys.stderr)

main()
