#!/usr/bin/env python3
"""Times the rows of the performance budget and prints a Markdown table.

Each row runs a whole command several times (wall seconds by time.perf_counter around the
process, output discarded) and quotes the median; where a row has peers, they run in turn with
KinkCheck (A B C A B C …) and each peer's ratio is the median of the round-by-round ratios
peer/KinkCheck, so a machine whose speed drifts during the run still compares like with like.
W2 has two peers, mpmath `quad` (mpmath_bumps.py) and python-flint's `acb.integral`
(flint_bumps.py): one row each, from the same run. Called by scripts/bench.sh, which builds the
binaries and the peers' virtual environment first.
"""
import argparse
import datetime
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal

# W2's twenty bumps: c = -0.9 + 0.09 i, w = 0.5 + 0.05 i, i = 0 … 19 (exact decimals).
BUMPS = [f"{Decimal(-90 + 9 * i) / 100},{Decimal(50 + 5 * i) / 100}" for i in range(20)]


CPU = {}   # wall time of a run -> its CPU seconds (user + sys of the process and its children)


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_once(cmd, cwd=None, finished=(0, 1)):
    """Wall seconds of one run; `finished` are the exit codes of a finished run (KinkCheck's 1: a
    claim fails; a peer script finishes with 0 only, so an import error or a wrong value stops the
    benchmark instead of being timed)."""
    cpu0 = children_cpu()
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    CPU[elapsed] = children_cpu() - cpu0
    if done.returncode not in finished:
        sys.exit(f"bench: {' '.join(cmd)} exited {done.returncode}: {done.stderr.decode()[-400:]}")
    return elapsed


def timed(cmd, runs, peers=(), cwd=None, warmup=True):
    """Wall times of `runs` rounds after one warm-up round: cmd's, and each peer's from the same
    rounds (cmd, peer 1, peer 2, cmd, …)."""
    if warmup:
        run_once(cmd, cwd)
        for peer in peers:
            run_once(peer, cwd, finished=(0,))
    a, bs = [], [[] for _ in peers]
    for _ in range(runs):
        a.append(run_once(cmd, cwd))
        for peer, b in zip(peers, bs):
            b.append(run_once(peer, cwd, finished=(0,)))
    return a, bs


def python_has(python, modules):
    """Whether `python` imports every one of `modules`."""
    probe = subprocess.run([python, "-c", f"import {', '.join(modules)}"], capture_output=True)
    return probe.returncode == 0


def seconds(v):
    return f"{v:.2f} s" if v < 100 else f"{v:.0f} s"


def machine():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{os.cpu_count()} cores (nproc {shutil.which('nproc') and subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()}), {model}, {platform.system()} {platform.release()}"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--release", required=True, help="release kinkcheck")
    p.add_argument("--debug", help="debug kinkcheck (the verifyActivation row)")
    p.add_argument("--peer-python", help="python with mpmath and gmpy2, and python-flint (W2's peers)")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--with-tests", action="store_true", help="time `swift test --skip-build --parallel` (tests built)")
    p.add_argument("--package", default=".", help="the package folder (for swift test)")
    p.add_argument("--out", help="also write the Markdown here")
    p.add_argument("--doc", help="also put the Markdown into this page, between its generated markers "
                                 "(replacing the table there)")
    p.add_argument("--command", default="scripts/bench.sh", help="the command line to name in --doc's block")
    p.add_argument("--rows", default="w2,w2-300,check,report,debug,tests,samples,exhaustive", help="comma-separated subset")
    args = p.parse_args()
    rows = set(args.rows.split(","))
    n = args.runs
    kc = args.release
    here = os.path.dirname(os.path.abspath(__file__))
    table, notes = [], []

    def add(work, a, b, goal, met, note=None):
        ma = statistics.median(a) if a else None
        mb = statistics.median(b) if b else None
        ratio = statistics.median([y / x for x, y in zip(a, b)]) if a and b else None
        def cell(m, xs):
            return f"{seconds(m)} (cpu {seconds(statistics.median(CPU[x] for x in xs))})"
        table.append((work, cell(ma, a) if ma is not None else "—", cell(mb, b) if mb is not None else "—",
                      f"{ratio:.1f}×" if ratio is not None else "—", goal,
                      met(ma, ratio) if ma is not None else "—"))
        spread = f"KinkCheck {min(a):.2f}–{max(a):.2f} s" if a else ""
        if b:
            spread += f", peer {min(b):.2f}–{max(b):.2f} s, ratio {min(y / x for x, y in zip(a, b)):.1f}–{max(y / x for x, y in zip(a, b)):.1f}×"
            spread += f"; ratio of CPU seconds {statistics.median(CPU[y] / CPU[x] for x, y in zip(a, b)):.1f}×"
        notes.append(f"- {work}: {len(a)} runs; {spread}" + (f"; {note}" if note else ""))
        print(f"bench: {table[-1]}", file=sys.stderr)

    def yes(ok):
        return "yes" if ok else "no"

    def w2(digits, mpmath_goal):
        """W2 at `digits`: KinkCheck and its peers in the same rounds, one table row per peer.
        `mpmath_goal`: the least ratio mpmath/KinkCheck asked for, or None."""
        cases = [f"--case={c}" for c in BUMPS]
        cmd = [kc, "distribution", "relu", "--digits", str(digits)] + cases
        peers = [(name, script, goal) for name, script, modules, goal in [
            ("mpmath `quad`, gmpy2 backend, same 20 integrals −∫ relu·φ′", "mpmath_bumps.py",
             ["mpmath", "gmpy2"], mpmath_goal),
            ("python-flint `acb.integral`, both sides as rigorous balls", "flint_bumps.py", ["flint"], None),
        ] if args.peer_python and python_has(args.peer_python, modules)]
        a, bs = timed(cmd, n, [[args.peer_python, os.path.join(here, script), "--digits", str(digits)] + cases
                               for _, script, _ in peers])
        work = f"W2: `distribution relu --digits {digits}`, 20 bumps"
        if not peers:
            add(work + " (no peer: pass --peer-python)", a, [], "—", lambda m, r: "—")
        for i, ((name, _, goal), b) in enumerate(zip(peers, bs)):
            same = "; same run as the row above" if i else ""
            add(f"{work} (peer: {name}{same})", a, b, f"≥ {goal}×" if goal else "—",
                lambda m, r, goal=goal: yes(r >= goal) if goal else "—")

    if "w2" in rows:
        w2(100, 10)
    if "w2-300" in rows:
        w2(300, None)
    if "check" in rows:
        a, _ = timed([kc, "check", "--seed", "1"], n)
        add("`check --seed 1` (26 built-ins: 21 of one input, 5 of several; issue 28 asks ≤ 6 s)", a, [], "≤ 5 s", lambda m, r: yes(m <= 5))
    if "report" in rows:
        with tempfile.TemporaryDirectory() as tmp:
            a, _ = timed([kc, "report", "--seed", "1", "--force", "--out", os.path.join(tmp, "r")], n)
        add("`report --seed 1` (26 built-ins, to a temporary folder)", a, [], "≤ 20 s", lambda m, r: yes(m <= 20))
    if "debug" in rows and args.debug:
        for spec in ("relu", "silu"):
            a, _ = timed([args.debug, "check", spec, "--seed", "1"], n)
            add(f"one variant's verification, debug build: `check {spec} --seed 1` (the path `verifyActivation` runs)",
                a, [], "≤ 1 s", lambda m, r: yes(m <= 1))
    if "tests" in rows and args.with_tests:
        a, _ = timed(["swift", "test", "--skip-build", "--parallel"], max(1, min(n, 3)), cwd=args.package, warmup=False)
        add("`swift test --skip-build --parallel` (test phase)", a, [], "≤ 60 s", lambda m, r: yes(m <= 60))
    elif "tests" in rows:
        notes.append("- `swift test` test phase: not run (pass --with-tests; it takes minutes)")
    if "samples" in rows:
        listing = subprocess.run([kc, "--help"], capture_output=True, text=True).stdout
        has = any(line.split()[:1] == ["samples"] for line in listing.split("SUBCOMMANDS:")[-1].splitlines())
        if has:
            src = os.path.join(args.package, "Tests/KinkCheckTests/Fixtures/dumps/torch.csv")
            with tempfile.TemporaryDirectory() as tmp:
                rows_file = os.path.join(tmp, "dump.csv")
                with open(src) as f, open(rows_file, "w") as out:
                    for i, line in enumerate(f):
                        if i > 10000:
                            break
                        out.write(line)
                a, _ = timed([kc, "samples", rows_file], n)
            add("`samples` on 10,000 dump rows (torch.csv)", a, [], "≤ 5 s", lambda m, r: yes(m <= 5))
        else:
            notes.append("- `samples` on 10,000 dump rows: skipped — this binary has no `samples` subcommand")

    if "exhaustive" in rows:
        # One shard of 2^32 / 1024 float32 inputs per one-input built-in (shard 768: x from 1 to
        # about 1.5, where every built-in computes something), once each; the
        # rate is inputs over the CPU seconds the process used, and the row quotes its median
        # over the built-ins.
        # The one-input built-ins: `list`'s lines before its "composites" heading.
        names = []
        for l in subprocess.run([kc, "list"], capture_output=True, text=True).stdout.splitlines():
            if l.split()[:1] == ["composites"]:
                break
            if l.strip() and not l.startswith(" "):
                names.append(l.split()[0])
        rates, walls = [], []
        for name in names:
            # An empty shard answers at once: does this activation take an exhaustive run?
            probe = subprocess.run([kc, "check", name, "--exhaustive", "f32", "--shard", "1/100000000", "--seed", "1", "--json"],
                                   capture_output=True, text=True)
            if probe.returncode not in (0, 1) or '"exhaustive"' not in probe.stdout:
                continue   # an activation of several inputs: exhaustive runs take one input
            cmd = [kc, "check", name, "--exhaustive", "f32", "--shard", "768/1024", "--seed", "1"]
            wall = run_once(cmd)
            rates.append((4278190080 // 1024) / CPU[wall])
            walls.append(wall)
        if rates:
            median = statistics.median(rates)
            table.append((f"`check NAME --exhaustive f32 --shard 768/1024` ({len(rates)} built-ins, 4,177,920 inputs each): "
                          f"f and f′ inputs per second per core, median over the built-ins",
                          f"{median / 1e6:.2f} M/s/core (wall {seconds(statistics.median(walls))} per shard)", "—", "—",
                          "≥ 10 M/s/core", yes(median >= 1e7)))
            notes.append(f"- exhaustive float32: per built-in {min(rates) / 1e6:.2f}–{max(rates) / 1e6:.2f} M inputs/s/core; "
                         f"all 2^32 inputs of the median built-in ≈ {4278190080 / median / 60:.0f} min on one core")

    lines = [f"Machine: {machine()}; {datetime.date.today().isoformat()}; wall-clock medians of {n} runs "
             f"after one warm-up, same run, CPU seconds (user + sys) of the same runs beside them; ratio = median "
             f"of the pair-by-pair wall-time ratios peer/KinkCheck; met? judged on the wall median.", "",
             "| work | KinkCheck median | peer median | ratio | goal | met? |", "|---|---|---|---|---|---|"]
    lines += ["| " + " | ".join(r) + " |" for r in table]
    lines += [""] + notes
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    if args.doc:
        write_doc(args.doc, f"Generated by `{args.command}`.\n\n" + text)


DOC_BEGIN = "<!-- generated by scripts/bench.sh: do not edit -->"
DOC_END = "<!-- end generated -->"


def write_doc(path, block):
    """Replaces what lies between the page's generated markers (each alone on its line) by `block`."""
    with open(path) as f:
        lines = f.read().split("\n")
    try:
        begin = lines.index(DOC_BEGIN)
        end = lines.index(DOC_END, begin + 1)
    except ValueError:
        sys.exit(f"bench: {path} has no '{DOC_BEGIN}' … '{DOC_END}' block; the table was not written there")
    lines[begin + 1:end] = block.rstrip("\n").split("\n")
    with open(path, "w") as f:
        f.write("\n".join(lines))
    print(f"bench: table written into {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
