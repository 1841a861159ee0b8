"""Shared by torch_dump.py, jax_dump.py and tf_dump.py: reading `kinkcheck grid` files, writing
dump rows, and the command line every script has.

A grid file holds one point per line (hex floats exact in the dtype, `nan`, `inf`, `-inf`), as
`kinkcheck grid SPEC --dtype D` prints it. Which activation and dtype a file is for is given on
the command line as ACTIVATION:DTYPE=FILE (ACTIVATION is a KinkCheck built-in name from the
scripts' tables, e.g. `leaky_relu:float32=grids/leaky_relu.float32.txt`), so a file name can be
anything.

Dump CSV (the contract of `kinkcheck samples`): header
`framework,mode,dtype,activation,x,value,derivative`; `activation` is the KinkCheck spec that
matches the framework's function exactly (parameters and kink conventions included); numbers are
`float.hex()` of the framework's result converted to a Python float (exact for all four dtypes),
or `nan`, `inf`, `-inf`; `derivative` is empty when the framework raised or gives none.
"""

import argparse
import csv
import math
import sys

HEADER = ["framework", "mode", "dtype", "activation", "x", "value", "derivative"]
DTYPES = ["float16", "bfloat16", "float32", "float64"]

# Every activation a script is asked about, in this order (KinkCheck built-in names; the
# composite is relu(x) − relu(−x) built from the framework's relu).
ACTIVATIONS = ["relu", "leaky_relu", "elu", "selu", "celu", "softplus", "sigmoid", "tanh", "gelu",
               "gelu_tanh", "silu", "mish", "relu6", "hardtanh", "hardsigmoid", "hardswish",
               "softsign", "abs", "relu_minus_relu_neg"]


def hexfloat(v):
    """The exact text of a Python float: `nan`, `inf`, `-inf`, or `float.hex()` (`0x1.8p+1`)."""
    if v is None:
        return ""
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v.hex()


def read_grid(path):
    """The points of a grid file as Python floats (exact: every dtype's value is a double)."""
    points = []
    with open(path) as f:
        for line in f:
            t = line.strip()
            if t:
                points.append(float.fromhex(t) if t.startswith(("0x", "-0x")) else float(t))
    return points


def parse_args(framework, modes):
    p = argparse.ArgumentParser(
        description=f"Evaluate {framework}'s activations and autograd derivatives at kinkcheck grid points "
                    f"(modes: {', '.join(modes)}) and write a dump CSV.")
    p.add_argument("grids", nargs="*", metavar="ACTIVATION:DTYPE=FILE",
                   help="a `kinkcheck grid` output file for one activation and dtype")
    p.add_argument("--out", default="-", help="the dump CSV (default: stdout)")
    p.add_argument("--list", action="store_true", help="print the mapping table (mapped / missing) and exit")
    args = p.parse_args()
    jobs = []
    for g in args.grids:
        try:
            key, path = g.split("=", 1)
            name, dtype = key.split(":", 1)
        except ValueError:
            p.error(f"expected ACTIVATION:DTYPE=FILE, got '{g}'")
        if name not in ACTIVATIONS:
            p.error(f"unknown activation '{name}' (known: {', '.join(ACTIVATIONS)})")
        if dtype not in DTYPES:
            p.error(f"unknown dtype '{dtype}' (known: {', '.join(DTYPES)})")
        jobs.append((name, dtype, path))
    return args, jobs


def print_table(framework, table, supported):
    """The mapping: for each activation, the framework call and KinkCheck spec, or `missing`;
    and per dtype whether the op ran (from `supported`: {(name, dtype): True/False/reason})."""
    out = sys.stderr
    print(f"{framework}: activation -> call  [spec]  dtypes", file=out)
    for name in ACTIVATIONS:
        entry = table.get(name)
        if entry is None:
            print(f"  {name:20s} missing", file=out)
            continue
        dts = " ".join(f"{d}:{'ok' if supported.get((name, d)) is True else ('-' if (name, d) not in supported else 'no')}"
                       for d in DTYPES)
        print(f"  {name:20s} {entry.call:45s} [{entry.spec}]  {dts}", file=out)


class Entry:
    """One mapped activation: `call` (how it reads), `spec` (the KinkCheck spec it matches) and
    `fn` (the framework function of one array argument)."""

    def __init__(self, call, spec, fn):
        self.call, self.spec, self.fn = call, spec, fn


class Writer:
    def __init__(self, path):
        self.file = sys.stdout if path == "-" else open(path, "w", newline="")
        self.csv = csv.writer(self.file, lineterminator="\n")
        self.csv.writerow(HEADER)
        self.rows = 0

    def rows_for(self, framework, mode, dtype, spec, xs, values, derivatives):
        for x, v, d in zip(xs, values, derivatives):
            self.csv.writerow([framework, mode, dtype, spec, hexfloat(x), hexfloat(v), hexfloat(d)])
            self.rows += 1

    def close(self):
        if self.file is not sys.stdout:
            self.file.close()


def run(framework, version, table, dtype_of, supports, modes):
    """A dump script's main: parse the command line, print which activations and dtypes the
    framework supports (`supports(fn, dtype)` is True or the reason it is not), then for every
    ACTIVATION:DTYPE=FILE job evaluate each mode — `modes` is [(name, run)] with
    `run(fn, dtype, points) -> (values, derivatives)` — and write the dump rows."""
    args, jobs = parse_args(framework, [name for name, _ in modes])
    supported = {(n, d): supports(e.fn, dtype_of[d]) for n, e in table.items() for d in DTYPES}
    print(version, file=sys.stderr)
    print_table(framework, table, supported)
    if args.list:
        return
    out = Writer(args.out)
    for name, dtype, path in jobs:
        entry = table.get(name)
        if entry is None or supported[(name, dtype)] is not True:
            print(f"skip {name} {dtype}: {'missing' if entry is None else supported[(name, dtype)]}", file=sys.stderr)
            continue
        points = read_grid(path)
        for mode, evaluate in modes:
            values, derivatives = evaluate(entry.fn, dtype_of[dtype], points)
            out.rows_for(framework, mode, dtype, entry.spec, points, values, derivatives)
    out.close()
    print(f"{out.rows} rows", file=sys.stderr)
