"""Shared by torch_dump.py, jax_dump.py and tf_dump.py: the command line, the checks of every
argument and grid file (all made before the framework is imported, so a mistake costs no import
and is one line on stderr, exit 2), reading grid files and writing the dump.

A job is SPEC:DTYPE=FILE: SPEC a KinkCheck spec (which may hold `:` and `=` itself,
`softplus:threshold=20`), DTYPE one of float16, bfloat16, float32, float64 (the last
`:`-component before `=FILE`), FILE a grid. A spec is matched to the framework call whose
behaviour it describes (the script's table; parameters in any order, defaults spelled out or
not, `leaky_relu` = `leaky_relu:slope=0.01`); a spec no call matches is an error naming the
specs the framework supports (`--specs` prints them, without importing the framework).

A grid file holds one point per line (hex floats exact in the dtype, decimals, `nan`, `inf`,
`-inf`; for an activation of several inputs, its coordinates joined by `;`), as `kinkcheck grid
SPEC --dtype D` prints it; `kinkcheck grid --json` output is read too
(its `points`; its `dtype` must be DTYPE). Every point must be exactly a number of DTYPE.

Dump CSV (the contract of `kinkcheck samples`): header
`framework,framework_version,device,mode,dtype,activation,x,value,derivative`; `activation` is
the KinkCheck spec the framework's call matches (parameters and kink conventions included);
`framework_version` the framework's version (with the library that runs its kernels, e.g.
`0.10.2 (jaxlib 0.10.2)`), `device` the device the tensors were on, as the framework names it;
numbers are `float.hex()` of the framework's result converted to a Python float (exact for all
four dtypes), or `nan`, `inf`, `-inf`; `derivative` is empty when the framework raised or gives
none. For an activation of several inputs (`reglu`, `glu`, `prelu[x,a]`: x and PReLU's weight),
`x` holds the inputs and `derivative` the gradient, each joined by `;` (a component empty where
the framework gives no gradient for that input).

Exit status: 0 written; 1 the framework failed while evaluating (one line); 2 bad arguments, a
bad grid file, or the framework missing (one line).
"""

import argparse
import csv
import json
import math
import os
import re
import struct
import sys

HEADER = ["framework", "framework_version", "device", "mode", "dtype", "activation", "x", "value", "derivative"]
DTYPES = ["float16", "bfloat16", "float32", "float64"]

# Every activation a script is asked about, in this order (KinkCheck built-in names; the
# composite is relu(x) − relu(−x) built from the framework's relu).
ACTIVATIONS = ["relu", "leaky_relu", "elu", "selu", "celu", "softplus", "sigmoid", "tanh", "gelu",
               "gelu_tanh", "silu", "mish", "relu6", "hardtanh", "hardsigmoid", "hardswish",
               "softsign", "abs", "relu_minus_relu_neg"]

# The parameters of those built-ins with their defaults (as `kinkcheck list` prints them), so that
# `leaky_relu` and `leaky_relu:slope=0.01,convention=pytorch` are one spec.
DEFAULTS = {
    "relu": {"grad0": "0"}, "leaky_relu": {"slope": "0.01", "convention": "pytorch"}, "elu": {"alpha": "1"},
    "celu": {"alpha": "1"}, "softplus": {"beta": "1", "threshold": "none"}, "silu": {"beta": "1"},
    "hardtanh": {"min": "-1", "max": "1", "convention": "pytorch"}, "abs": {"convention": "pytorch"},
    "relu_minus_relu_neg": {"grad0": "0"}, "prelu": {"a": "0.25", "convention": "pytorch"},
    "maxout": {"k": "2"},
}

# Activations of several inputs a script may be asked about (gated units, maxout, and PReLU as a
# function of x and its weight, whose gradient training uses).
MULTI_ACTIVATIONS = ["glu", "reglu", "geglu", "swiglu", "maxout", "prelu[x,a]"]

INSTALL = "pip install -r scripts/dump/requirements.txt (see docs/frameworks.md)"


class Failure(Exception):
    """A one-line error and the exit status it ends the script with."""

    def __init__(self, message, status=2):
        super().__init__(message)
        self.status = status


class Entry:
    """One framework call: `name` (the row of ACTIVATIONS or MULTI_ACTIVATIONS), `call` (how it
    reads), `spec` (the KinkCheck spec it matches), `fn` (a function of `arity` array arguments;
    it may use framework modules that are bound only when the script loads the framework) and
    `needs` (a dotted attribute the framework must have, for calls newer versions added)."""

    def __init__(self, name, call, spec, fn, needs=None, arity=1):
        self.name, self.call, self.spec, self.fn, self.needs, self.arity = name, call, spec, fn, needs, arity


class Framework:
    """What a script's `load()` returns once the framework is imported: `version` and `device`
    (written into every row), `dtypes` {name: framework dtype}, `supports(fn, dtype)` (True or
    the reason the call does not run in that dtype), `modes` [(name, run)] with
    `run(fn, dtype, points) -> (values, derivatives)`, and `has(attribute)` for Entry.needs."""

    def __init__(self, version, device, dtypes, supports, modes, has=lambda attribute: True):
        self.version, self.device, self.dtypes = version, device, dtypes
        self.supports, self.modes, self.has = supports, modes, has


def number_key(text):
    """A parameter value in a form where equal numbers are equal (`20`, `20.0`, `0x1.4p+4`)."""
    t = text.strip()
    try:
        v = float.fromhex(t) if re.match(r"[-+]?0[xX]", t) else float(t)
        return repr(v)
    except ValueError:
        return t.lower()


def canonical(spec):
    """(name, {key: value}) with the defaults filled in; None for what is not name[:k=v,...]."""
    # A parameter view, `prelu[x,a]:a=0.3`: the name runs to the `]`.
    close = spec.find("]")
    cut = spec.find(":", close + 1) if close >= 0 else spec.find(":")
    name, sep, params = (spec, "", "") if cut < 0 else (spec[:cut], ":", spec[cut + 1:])
    if not name or name == "expr":
        return None
    values = {k: number_key(v) for k, v in DEFAULTS.get(name.partition("[")[0], {}).items()}
    if sep:
        for item in params.split(","):
            key, eq, value = item.partition("=")
            if not key or not eq or not value:
                return None
            values[key.strip()] = number_key(value)
    return name, values


def match(spec, table):
    """The table's entry whose spec is `spec` (as canonical()), or None."""
    want = canonical(spec)
    return next((e for e in table if want is not None and canonical(e.spec) == want), None)


def parse_job(text, framework, table):
    """(entry, dtype, path) from SPEC:DTYPE=FILE, or a Failure saying what is wrong."""
    found = re.search(r":(%s)=" % "|".join(DTYPES), text)
    if not found:
        raise Failure(f"'{text}': expected SPEC:DTYPE=FILE with DTYPE one of {', '.join(DTYPES)}")
    spec, dtype, path = text[:found.start()], found.group(1), text[found.end():]
    if not spec or not path:
        raise Failure(f"'{text}': expected SPEC:DTYPE=FILE (the {'spec' if not spec else 'file'} is empty)")
    entry = match(spec, table)
    if entry is None:
        bare = next((e for e in table if e.name == spec), None)
        hint = f" ({bare.call} matches {bare.spec})" if bare is not None else ""
        raise Failure(f"no {framework} call matches '{spec}'{hint}; supported: {', '.join(e.spec for e in table)}")
    return entry, dtype, path


def exact_in(v, dtype):
    """Whether the Python float v is exactly a number of `dtype` (nan and ±inf are)."""
    if math.isnan(v) or math.isinf(v) or dtype == "float64":
        return True
    try:
        f32 = struct.unpack("<f", struct.pack("<f", v))[0]
    except OverflowError:
        return False
    if f32 != v:
        return False
    if dtype == "float32":
        return True
    if dtype == "bfloat16":
        return struct.unpack("<I", struct.pack("<f", v))[0] & 0xFFFF == 0
    try:
        return struct.unpack("<e", struct.pack("<e", v))[0] == v
    except OverflowError:
        return False


def parse_point(t):
    return float.fromhex(t) if re.match(r"[-+]?0[xX]", t) else float(t)


def read_grid(path, dtype, spec="SPEC", arity=1):
    """The points of a grid file (one a line, or `kinkcheck grid --json` output) as Python floats
    (tuples of `arity` floats for an activation of several inputs, written `a;b`), each checked to
    be exactly a number of `dtype`; a Failure naming the file and line otherwise."""
    if not os.path.exists(path):
        raise Failure(f"{path}: no such grid file (make one with `kinkcheck grid {spec} --dtype {dtype} > {path}`)")
    if os.path.isdir(path):
        raise Failure(f"{path}: is a folder, not a grid file")
    if path.endswith(".npy"):
        if arity > 1:
            raise Failure(f"{path}: .npy grids are for activations of one input")
        return [float(v) for v in npy_points(path, dtype)]
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as e:
        raise Failure(f"{path}: cannot read the grid file ({getattr(e, 'strerror', None) or e})")
    if text.lstrip().startswith(("{", "[")):
        points, lines = grid_json(path, text, dtype, arity), None
    else:
        lines = [(i + 1, t.strip()) for i, t in enumerate(text.splitlines()) if t.strip()]
        points = []
        for n, t in lines:
            try:
                points.append(parse_coordinates(t, arity))
            except ValueError:
                raise Failure(f"{path}: line {n}: '{t[:40]}' is not a point (a grid file has one point a line: "
                              "a hex float, a decimal, nan, inf or -inf" + (f"; {arity} of them joined by ';'" if arity > 1 else "") + ")")
    if not points:
        raise Failure(f"{path}: no points")
    for i, p in enumerate(points):
        for v in (p if arity > 1 else (p,)):
            if not exact_in(v, dtype):
                where = f"line {lines[i][0]}" if lines else f"point {i + 1}"
                raise Failure(f"{path}: {where}: {v.hex()} is not exactly a {dtype} number (a grid for another dtype?)")
    return points


NPY_DESCR = {"float16": "<f2", "bfloat16": "<u2", "float32": "<f4", "float64": "<f8"}
CHUNK = 1 << 20


def npy_points(path, dtype):
    """The points of a `kinkcheck grid --format npy` file (shape (N,), the dtype's layout:
    bfloat16 as its bit patterns '<u2'), memory-mapped, as a float64 array view per chunk."""
    import numpy as np
    try:
        a = np.load(path, mmap_mode="r", allow_pickle=False)
    except (OSError, ValueError) as e:
        raise Failure(f"{path}: not a .npy grid ({e})")
    if a.dtype.str != NPY_DESCR[dtype] or a.ndim != 1:
        raise Failure(f"{path}: a {a.dtype.str} array of shape {a.shape}; a {dtype} grid is {NPY_DESCR[dtype]} of shape (N,)")
    return NpyPoints(a, dtype)


class NpyPoints:
    """A grid's points as float64, read a chunk at a time (bfloat16 bits widened to float32)."""
    def __init__(self, array, dtype):
        self.array, self.dtype = array, dtype

    def __len__(self):
        return len(self.array)

    def chunk(self, start, end):
        import numpy as np
        a = np.asarray(self.array[start:end])
        if self.dtype == "bfloat16":
            a = (a.astype(np.uint32) << 16).view(np.float32)
        return a.astype(np.float64)

    def __iter__(self):
        for start in range(0, len(self), CHUNK):
            yield from self.chunk(start, min(start + CHUNK, len(self))).tolist()


def write_npy(path, framework, fw, job, grid_path):
    """One job's batch-mode dump as a .npy of shape (N, 3) — x, f, f′ per point in the dtype's
    layout — and a sidecar PATH.json naming the framework, version, device, mode, dtype and
    spec; a chunk of CHUNK points at a time, so a 67 M-point shard of float32 needs a few MB
    besides the framework's own buffers. The rows are the grid's, in order."""
    import numpy as np
    entry, dtype, _ = job
    if entry.arity > 1:
        raise Failure(f"--out {path}: .npy dumps are for activations of one input")
    if not grid_path.endswith(".npy"):
        raise Failure(f"--out {path}: a .npy dump takes a .npy grid (kinkcheck grid … --format npy)")
    points = npy_points(grid_path, dtype)
    modes = dict(fw.modes)
    if "batch" not in modes:
        raise Failure(f"--out {path}: {framework} has no batch mode for a .npy dump")
    evaluate, storage = modes["batch"], np.dtype(NPY_DESCR[dtype])
    try:
        f = open(path, "wb")
    except OSError as e:
        raise Failure(f"--out {path}: {e.strerror}")
    with f:
        np.lib.format.write_array_header_1_0(f, {"descr": storage.str, "fortran_order": False, "shape": (len(points), 3)})
        for start in range(0, len(points), CHUNK):
            xs = points.chunk(start, min(start + CHUNK, len(points)))
            try:
                values, derivatives = evaluate(entry.fn, fw.dtypes[dtype], xs.tolist(), 1)
            except Exception as e:  # the framework's own failure, reported in one line
                first = (str(e).strip().splitlines() or [""])[0][:200]
                raise Failure(f"{framework} raised {type(e).__name__} in {entry.call}, {dtype}, batch: {first}", status=1)
            if any(d is None for d in derivatives):
                raise Failure(f"{framework} gives no derivative for {entry.call} in {dtype}: a .npy dump needs both", status=1)
            rows = np.column_stack([xs, np.asarray(values, dtype=np.float64), np.asarray(derivatives, dtype=np.float64)])
            if dtype == "bfloat16":
                # Each number is a bfloat16 value: its float32 bits' top half are its bits.
                rows = (rows.astype(np.float32).view(np.uint32) >> 16).astype(np.uint16)
            f.write(rows.astype(storage).tobytes())
    with open(path + ".json", "w") as side:
        json.dump({"framework": framework, "framework_version": fw.version, "device": fw.device, "mode": "batch",
                   "dtype": dtype, "activation": entry.spec, "grid": os.path.basename(grid_path)}, side)
        side.write("\n")
    return len(points)


def parse_coordinates(t, arity):
    """One point: a number, or (arity > 1) a tuple of `arity` numbers joined by ';'."""
    if arity == 1:
        return parse_point(t)
    parts = t.split(";")
    if len(parts) != arity:
        raise ValueError(t)
    return tuple(parse_point(c.strip()) for c in parts)


def grid_json(path, text, dtype, arity=1):
    """The points of `kinkcheck grid --json` output, whose dtype must be `dtype`."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise Failure(f"{path}: malformed JSON ({e.msg}, line {e.lineno})")
    if not isinstance(doc, dict) or not isinstance(doc.get("points"), list):
        raise Failure(f"{path}: JSON without a \"points\" list (expected `kinkcheck grid --json` output or one point a line)")
    if doc.get("dtype") not in (None, dtype):
        raise Failure(f"{path}: a grid for {doc.get('dtype')} (its \"dtype\"), named for {dtype}")
    points = []
    for i, p in enumerate(doc["points"]):
        try:
            points.append(parse_coordinates(str(p), arity))
        except ValueError:
            raise Failure(f"{path}: point {i + 1}: '{str(p)[:40]}' is not a point")
    return points


def check_out(path):
    """A Failure unless the dump can be written at `path` ('-': stdout)."""
    if path == "-":
        return
    if os.path.isdir(path):
        raise Failure(f"--out {path}: is a folder; name a file")
    folder = os.path.dirname(path) or "."
    if not os.path.isdir(folder):
        raise Failure(f"--out {path}: no such folder {folder}")
    if not os.access(folder, os.W_OK):
        raise Failure(f"--out {path}: the folder {folder} is not writable")


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise Failure(f"{message} (see --help)")


def parse_args(framework, script, modes):
    p = Parser(
        prog=script,
        description=f"Evaluate {framework}'s activations and autodiff derivatives at kinkcheck grid points "
                    f"(modes: {', '.join(modes)}) and write a dump CSV for `kinkcheck samples`.")
    p.add_argument("jobs", nargs="*", metavar="SPEC:DTYPE=FILE",
                   help="a KinkCheck spec, a dtype and a `kinkcheck grid` file for them, "
                        "e.g. softplus:threshold=20:float64=sp.txt")
    p.add_argument("--out", default="-", help="the dump CSV (default: stdout)")
    p.add_argument("--list", action="store_true",
                   help="print the mapping table (call, spec, which dtypes run) to stderr and exit")
    p.add_argument("--specs", action="store_true",
                   help="print NAME<TAB>SPEC<TAB>CALL for every call to stdout and exit, without importing the framework")
    p.add_argument("--verbose", action="store_true", help="print the version, the mapping table and the row count to stderr")
    return p.parse_args()


def print_table(framework, fw, table, supported, out=sys.stderr):
    """The mapping: for each activation, the framework call and KinkCheck spec, or `missing`;
    and per dtype whether the call ran (from `supported`: {(name, dtype): True/reason})."""
    print(f"{framework} {fw.version} on {fw.device}: activation -> call  [spec]  dtypes", file=out)
    entries = {e.name: e for e in table}
    for name in ACTIVATIONS + [m for m in MULTI_ACTIVATIONS if m in entries]:
        entry = entries.get(name)
        if entry is None or not fw.has(entry.needs):
            print(f"  {name:20s} missing", file=out)
            continue
        dts = " ".join(f"{d}:{'ok' if supported.get((name, d)) is True else 'no'}" for d in DTYPES)
        print(f"  {name:20s} {entry.call:45s} [{entry.spec}]  {dts}", file=out)


def has_attribute(root, attribute):
    """Whether `root` has the dotted attribute (`nn.mish`); an empty or None attribute needs nothing."""
    module = root
    for part in (attribute or "").split("."):
        if part:
            module = getattr(module, part, None)
    return module is not None


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


def main(framework, script, table, load, mode_names):
    """A dump script's main: every argument and grid file checked, then `load()` (which imports
    the framework and returns a Framework), then every job in every mode, written as dump rows.
    Every failure is one line on stderr."""
    try:
        run(framework, script, table, load, mode_names)
    except Failure as e:
        print(f"{script}: error: {e}", file=sys.stderr)
        sys.exit(e.status)
    except BrokenPipeError:
        sys.exit(1)


def run(framework, script, table, load, mode_names):
    args = parse_args(framework, script, mode_names)
    if args.specs:
        for e in table:
            print(f"{e.name}\t{e.spec}\t{e.call}")
        return
    jobs = [parse_job(j, framework, table) for j in args.jobs]
    if not jobs and not args.list:
        raise Failure("name at least one SPEC:DTYPE=FILE (or --list, --specs)")
    check_out(args.out)
    if args.out.endswith(".npy"):
        if len(jobs) != 1:
            raise Failure(f"--out {args.out}: a .npy dump holds one job (got {len(jobs)})")
        try:
            fw = load()
        except ImportError as e:
            raise Failure(f"cannot import {framework} ({e}); {INSTALL}")
        rows = write_npy(args.out, framework, fw, jobs[0], jobs[0][2])
        if args.verbose:
            print(f"{rows} rows", file=sys.stderr)
        return
    grids = {}
    for entry, dtype, path in jobs:
        if (path, dtype) not in grids:
            grids[(path, dtype)] = read_grid(path, dtype, entry.spec, entry.arity)
    try:
        fw = load()
    except ImportError as e:
        raise Failure(f"cannot import {framework} ({e}); {INSTALL}")
    supported = {}
    for e in table:
        for d in DTYPES:
            if (args.list or args.verbose or any(j[0] is e and j[1] == d for j in jobs)) and fw.has(e.needs):
                supported[(e.name, d)] = fw.supports(e.fn, fw.dtypes[d], e.arity)
    if args.list or args.verbose:
        print_table(framework, fw, table, supported)
    if args.list:
        return
    rows = write(args.out, framework, fw, jobs, grids, supported)
    if args.verbose:
        print(f"{rows} rows", file=sys.stderr)


def write(path, framework, fw, jobs, grids, supported):
    """Evaluates every job in every mode and writes the rows; the number of rows."""
    try:
        f = sys.stdout if path == "-" else open(path, "w", newline="")
    except OSError as e:
        raise Failure(f"--out {path}: {e.strerror}")
    rows = 0
    try:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(HEADER)
        for entry, dtype, gpath in jobs:
            if not fw.has(entry.needs):
                print(f"skip {entry.spec} {dtype}: {framework} {fw.version} has no {entry.needs}", file=sys.stderr)
                continue
            if supported[(entry.name, dtype)] is not True:
                print(f"skip {entry.spec} {dtype}: {supported[(entry.name, dtype)]}", file=sys.stderr)
                continue
            points = grids[(gpath, dtype)]
            for mode, evaluate in fw.modes:
                try:
                    values, derivatives = evaluate(entry.fn, fw.dtypes[dtype], points, entry.arity)
                except Exception as e:  # the framework's own failure, reported in one line
                    first = (str(e).strip().splitlines() or [""])[0][:200]
                    raise Failure(f"{framework} raised {type(e).__name__} in {entry.call}, {dtype}, mode {mode}: {first}", status=1)
                for x, v, d in zip(points, values, derivatives):
                    if entry.arity > 1:
                        xs, ds = ";".join(hexfloat(c) for c in x), ";".join(hexfloat(g) for g in d)
                    else:
                        xs, ds = hexfloat(x), hexfloat(d)
                    out.writerow([framework, fw.version, fw.device, mode, dtype, entry.spec, xs, hexfloat(v), ds])
                    rows += 1
    except OSError as e:
        raise Failure(f"--out {path}: {e.strerror or e}", status=1)
    finally:
        if f is not sys.stdout:
            f.close()
    return rows
