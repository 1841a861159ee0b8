#!/usr/bin/env python3
"""Tests of the dump scripts' command line, run without the frameworks (and, where the framework
imports, one real dump each):

    python3 scripts/dump/test_dump_scripts.py                          # any Python 3
    /tmp/venv-frameworks/bin/python scripts/dump/test_dump_scripts.py  # also the real dumps

Laws: a KinkCheck spec (colons and `=` in it) selects the framework call that matches it, in any
spelling of its parameters; a spec no call matches, a bad dtype, a missing or malformed grid, a
grid for another dtype and a missing framework are each one line on stderr with exit 2, checked
before the framework is imported; `kinkcheck grid --json` output is read as a grid.
"""

import csv
import importlib
import importlib.util
import io
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import dumpcommon  # noqa: E402
from dumpcommon import Failure, parse_job, read_grid  # noqa: E402

SCRIPTS = {"torch": "torch_dump", "jax": "jax_dump", "tensorflow": "tf_dump"}
TABLES = {fw: importlib.import_module(m).TABLE for fw, m in SCRIPTS.items()}
IMPORTS = {"torch": "torch", "jax": "jax", "tensorflow": "tensorflow"}


def available(module):
    return importlib.util.find_spec(module) is not None


def run_script(framework, *args, cwd=None):
    p = subprocess.run([sys.executable, os.path.join(HERE, SCRIPTS[framework] + ".py"), *args],
                       capture_output=True, text=True, timeout=600, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


class SpecsSelectTheMatchingCall(unittest.TestCase):
    def test_a_spec_with_colons_and_equals_then_the_dtype_then_the_file(self):
        entry, dtype, path = parse_job("softplus:threshold=20:float64=/tmp/a=b.txt", "torch", TABLES["torch"])
        self.assertEqual((entry.name, entry.spec, dtype, path), ("softplus", "softplus:threshold=20", "float64", "/tmp/a=b.txt"))

    def test_parameters_in_any_spelling_are_one_spec(self):
        for spec in ["softplus:beta=1,threshold=20.0", "softplus:threshold=0x1.4p+4,beta=1.0"]:
            self.assertEqual(parse_job(f"{spec}:float32=g", "torch", TABLES["torch"])[0].spec, "softplus:threshold=20")
        for spec in ["leaky_relu", "leaky_relu:slope=0.01", "leaky_relu:convention=pytorch,slope=0.010"]:
            self.assertEqual(parse_job(f"{spec}:bfloat16=g", "torch", TABLES["torch"])[0].call, "F.leaky_relu(x, 0.01)")
        self.assertEqual(parse_job("hardtanh:min=-1,max=1:float16=g", "torch", TABLES["torch"])[0].name, "hardtanh")

    def test_conventions_select_the_framework_whose_kinks_they_describe(self):
        self.assertEqual(parse_job("leaky_relu:convention=jax:float32=g", "jax", TABLES["jax"])[0].name, "leaky_relu")
        self.assertEqual(parse_job("softplus:float64=g", "jax", TABLES["jax"])[0].call, "jax.nn.softplus")
        self.assertEqual(parse_job("hardtanh:convention=jax:float64=g", "tensorflow", TABLES["tensorflow"])[0].name, "hardtanh")

    def test_a_spec_no_call_matches_names_the_supported_ones(self):
        for framework, spec, hint in [("jax", "leaky_relu", "leaky_relu:convention=jax"),
                                      ("torch", "softplus", "softplus:threshold=20"),
                                      ("tensorflow", "softplus:threshold=20", "softplus"),
                                      ("torch", "elu:alpha=2", "elu"),
                                      ("torch", "expr:x*sigmoid(x)", "silu")]:
            with self.assertRaises(Failure) as caught:
                parse_job(f"{spec}:float32=g", framework, TABLES[framework])
            message = str(caught.exception)
            self.assertIn("supported:", message)
            self.assertIn(hint, message)
            self.assertNotIn("\n", message)

    def test_a_missing_or_unknown_dtype_is_refused(self):
        for job in ["relu:float8=g", "relu=g", "relu:float32", ":float32=g", "relu:float32="]:
            with self.assertRaises(Failure):
                parse_job(job, "torch", TABLES["torch"])

    def test_every_table_spec_selects_its_own_call(self):
        for framework, table in TABLES.items():
            for e in table:
                self.assertIs(parse_job(f"{e.spec}:float32=g", framework, table)[0], e, f"{framework} {e.spec}")


class GridFilesAreCheckedBeforeAnyImport(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()
        self.addCleanup(self.folder.cleanup)

    def grid(self, text, name="g.txt"):
        path = os.path.join(self.folder.name, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def refused(self, path, dtype, words):
        with self.assertRaises(Failure) as caught:
            read_grid(path, dtype)
        self.assertIn(words, str(caught.exception))
        self.assertNotIn("\n", str(caught.exception))

    def test_points_are_read_exactly(self):
        self.assertEqual(read_grid(self.grid("0x1p-149\n\n-0x1.8p+1\nnan\n-inf\n0.5\n"), "float32")[:2], [2.0 ** -149, -3.0])

    def test_a_missing_file_a_folder_and_an_empty_file(self):
        self.refused(os.path.join(self.folder.name, "missing.txt"), "float64", "no such grid file")
        self.refused(self.folder.name, "float64", "is a folder")
        self.refused(self.grid("\n  \n"), "float64", "no points")

    def test_a_line_that_is_not_a_number_is_named(self):
        self.refused(self.grid("0x1p+0\nrelu\n"), "float32", "line 2: 'relu' is not a point")

    def test_a_point_not_exact_in_the_dtype(self):
        self.refused(self.grid("0x1p+0\n0x1.0000001p+0\n"), "float32", "line 2: 0x1.0000001000000p+0 is not exactly a float32 number")
        self.refused(self.grid("0x1.01p+0\n"), "bfloat16", "not exactly a bfloat16 number")
        self.refused(self.grid("0x1p-25\n"), "float16", "not exactly a float16 number")
        self.refused(self.grid("1e39\n"), "float32", "not exactly a float32 number")
        self.assertEqual(read_grid(self.grid("0x1.02p+0\n0x1p-133\n"), "bfloat16"), [1 + 2 ** -7, 2.0 ** -133])

    def test_points_of_several_inputs(self):
        self.assertEqual(read_grid(self.grid("0x0p+0;0x1.8p+0\n-0x1p-149;2\n"), "float32", arity=2), [(0.0, 1.5), (-(2.0 ** -149), 2.0)])
        with self.assertRaises(Failure) as caught:
            read_grid(self.grid("0x0p+0;0x1.8p+0;1\n"), "float32", arity=2)
        self.assertIn("line 1", str(caught.exception))
        self.assertIn("2 of them joined by ';'", str(caught.exception))
        with self.assertRaises(Failure):
            read_grid(self.grid("0x0p+0;0x1.0000001p+0\n"), "float32", arity=2)

    def test_kinkcheck_grid_json_is_read_and_its_dtype_checked(self):
        doc = {"activation": "relu", "dtype": "float32", "seed": "0x1", "points": ["0x1p+0", "-0x1.8p-1", "nan"]}
        path = self.grid(json.dumps(doc), "g.json")
        self.assertEqual(read_grid(path, "float32")[:2], [1.0, -0.75])
        self.refused(path, "float64", "a grid for float32")
        self.refused(self.grid("{\"points\": 3}"), "float32", "without a \"points\" list")
        self.refused(self.grid("{oops"), "float32", "malformed JSON")


class TheScriptsFailInOneLine(unittest.TestCase):
    """Run as a user runs them; the framework is imported only when everything else is right."""

    def test_a_missing_grid_is_one_line_for_every_script(self):
        with tempfile.TemporaryDirectory() as d:
            for framework in SCRIPTS:
                spec = "softplus:threshold=20" if framework == "torch" else "softplus"
                rc, out, err = run_script(framework, f"{spec}:float64={d}/missing.txt", "--out", f"{d}/o.csv")
                self.assertEqual((rc, len(err.strip().splitlines())), (2, 1), f"{framework}: {err}")
                self.assertIn("missing.txt: no such grid file", err)
                self.assertFalse(os.path.exists(f"{d}/o.csv"))

    def test_no_job_bad_options_and_an_unwritable_out(self):
        with tempfile.TemporaryDirectory() as d:
            grid = os.path.join(d, "g.txt")
            with open(grid, "w") as f:
                f.write("0x1p+0\n")
            for args, words in [([], "name at least one SPEC:DTYPE=FILE"), (["--bogus"], "unrecognized arguments"),
                                ([f"relu:float32={grid}", "--out", f"{d}/none/o.csv"], "no such folder"),
                                ([f"relu:float32={grid}", "--out", d], "is a folder")]:
                rc, out, err = run_script("torch", *args)
                self.assertEqual((rc, len(err.strip().splitlines())), (2, 1), f"{args}: {err}")
                self.assertIn(words, err)

    def test_specs_are_listed_without_the_framework(self):
        for framework, table in TABLES.items():
            rc, out, err = run_script(framework, "--specs")
            self.assertEqual(rc, 0, err)
            self.assertEqual([l.split("\t")[:2] for l in out.splitlines()], [[e.name, e.spec] for e in table])

    def test_a_missing_framework_is_one_line(self):
        with tempfile.TemporaryDirectory() as d:
            grid = os.path.join(d, "g.txt")
            with open(grid, "w") as f:
                f.write("0x1p+0\n")
            for framework in SCRIPTS:
                if available(IMPORTS[framework]):
                    continue
                rc, out, err = run_script(framework, f"relu:float32={grid}")
                self.assertEqual((rc, len(err.strip().splitlines())), (2, 1), err)
                self.assertIn(f"cannot import {framework}", err)


class RealDumps(unittest.TestCase):
    """One small real dump per framework that imports here: the header of the contract, the spec
    asked for, the version and device written, quiet stderr."""

    def check(self, framework, spec, dtype, points):
        if not available(IMPORTS[framework]):
            self.skipTest(f"{framework} is not installed in {sys.executable}")
        with tempfile.TemporaryDirectory() as d:
            grid = os.path.join(d, "g.txt")
            with open(grid, "w") as f:
                f.write("\n".join(points) + "\n")
            rc, out, err = run_script(framework, f"{spec}:{dtype}={grid}")
            self.assertEqual(rc, 0, err)
            self.assertEqual(err.strip(), "", "stderr is quiet without --verbose")
            rows = list(csv.DictReader(io.StringIO(out)))
            self.assertEqual(list(rows[0].keys()), dumpcommon.HEADER)
            self.assertEqual(len(rows), 2 * len(points))
            self.assertTrue(all(r["activation"] == spec and r["dtype"] == dtype and r["framework_version"] and r["device"] for r in rows))
            return rows

    def test_torch(self):
        rows = self.check("torch", "softplus:threshold=20", "float64", ["0x1.4000000000001p+4", "0x0p+0"])
        self.assertEqual(rows[0]["value"], "0x1.4000000000001p+4")   # PyTorch's threshold: x itself above 20

    def test_torch_several_inputs(self):
        # ReGLU at its kink a = 0: relu′(0) = 0, so the gradient is (0, relu(0)) = (0, 0).
        rows = self.check("torch", "reglu", "float32", ["0x0p+0;0x1.8p+0", "0x1p+0;-0x1p+1"])
        self.assertEqual((rows[0]["x"], rows[0]["derivative"]), ("0x0.0p+0;0x1.8000000000000p+0", "0x0.0p+0;0x0.0p+0"))
        self.assertEqual(rows[1]["derivative"], "-0x1.0000000000000p+1;0x1.0000000000000p+0")
        # PReLU with its weight: ∂/∂a = x for x < 0.
        rows = self.check("torch", "prelu[x,a]", "float64", ["-0x1p+1;0x1p-2"])
        self.assertEqual(rows[0]["derivative"], "0x1.0000000000000p-2;-0x1.0000000000000p+1")

    def npy_dump(self, framework, spec, dtype, points):
        """A .npy grid of `points` (the dtype's layout) dumped to a .npy: its rows and sidecar."""
        if not available(IMPORTS[framework]) or not available("numpy"):
            self.skipTest(f"{framework} or numpy is not installed in {sys.executable}")
        import numpy as np
        with tempfile.TemporaryDirectory() as d:
            grid, out = os.path.join(d, "g.npy"), os.path.join(d, "d.npy")
            xs = np.array(points, dtype=np.float64)
            if dtype == "bfloat16":
                np.save(grid, (xs.astype(np.float32).view(np.uint32) >> 16).astype(np.uint16))
            else:
                np.save(grid, xs.astype(dumpcommon.NPY_DESCR[dtype]))
            rc, _, err = run_script(framework, f"{spec}:{dtype}={grid}", "--out", out)
            self.assertEqual(rc, 0, err)
            rows = np.load(out)
            with open(out + ".json") as f:
                side = json.load(f)
            self.assertEqual(rows.shape, (len(points), 3))
            self.assertEqual(rows.dtype.str, dumpcommon.NPY_DESCR[dtype])
            self.assertEqual((side["framework"], side["dtype"], side["activation"], side["mode"]), (framework, dtype, spec, "batch"))
            if dtype == "bfloat16":
                rows = (rows.astype(np.uint32) << 16).view(np.float32)
            return rows.astype(np.float64).tolist()

    def test_torch_npy(self):
        # relu at -1, 0, 2 and the specials: x, f and the derivative per row, in the grid's order.
        rows = self.npy_dump("torch", "relu", "float32", [-1.0, 0.0, 2.0, float("inf")])
        self.assertEqual([r[:2] for r in rows], [[-1.0, 0.0], [0.0, 0.0], [2.0, 2.0], [float("inf"), float("inf")]])
        self.assertEqual([r[2] for r in rows[:3]], [0.0, 0.0, 1.0])
        rows = self.npy_dump("torch", "relu", "bfloat16", [-1.0, 0.5])
        self.assertEqual(rows, [[-1.0, 0.0, 0.0], [0.5, 0.5, 1.0]])

    def test_jax(self):
        rows = self.check("jax", "leaky_relu:convention=jax", "float32", ["0x0p+0", "-0x1p+0"])
        self.assertEqual(rows[0]["derivative"], "0x1.0000000000000p+0")   # jnp.where(x >= 0, …): 1 at 0

    def test_tensorflow(self):
        rows = self.check("tensorflow", "relu", "bfloat16", ["0x1p+0", "-0x1p+0"])
        self.assertEqual([r["value"] for r in rows[:2]], ["0x1.0000000000000p+0", "0x0.0p+0"])


if __name__ == "__main__":
    unittest.main()
