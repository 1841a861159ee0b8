#!/usr/bin/env bash
# Issue 17's performance budget, measured: builds kinkcheck (release, and debug for the
# verifyActivation row), puts mpmath + gmpy2 and python-flint into a temporary virtual environment
# (outside the repository) for W2's two peers when no python here has them, then times every row
# (scripts/bench/bench.py) and prints a Markdown table of medians and same-run ratios; the row
# `exhaustive` times `check NAME --exhaustive f32` on one shard per built-in (inputs/s/core). The table,
# dated and with the machine it ran on, also replaces the generated block of docs/performance.md
# (between its markers).
#
#   scripts/bench.sh [--quick] [--runs N] [--with-tests] [--out FILE] [--rows w2,check,...] [--no-doc]
#
#   --quick        3 runs per row instead of 5
#   --with-tests   also the test phase of `swift test` (builds the tests first; takes minutes)
#   --out FILE     also write the table to FILE
#   --rows LIST    a subset of w2,w2-300,check,report,debug,tests,samples,exhaustive (the table then
#                  holds only those rows; w2 is at 100 digits, w2-300 at 300)
#   --no-doc       leave docs/performance.md alone
set -euo pipefail
cd "$(dirname "$0")/.."

runs=5 tests=0 out="" rows="w2,w2-300,check,report,debug,tests,samples,exhaustive" doc=docs/performance.md
command="scripts/bench.sh${*:+ $*}"
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) runs=3 ;;
        --runs) runs="$2"; shift ;;
        --with-tests) tests=1 ;;
        --out) out="$2"; shift ;;
        --rows) rows="$2"; shift ;;
        --no-doc) doc="" ;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

scripts/deps.sh >/dev/null
echo "bench: building release (and debug) kinkcheck" >&2
swift build -c release --product kinkcheck >&2
case ",$rows," in *,debug,*) swift build --product kinkcheck >&2 ;; esac
if [ "$tests" = 1 ]; then swift build --build-tests >&2; fi

# W2's peers: mpmath with the gmpy2 backend, and python-flint (0.6 or later has acb.integral).
venv="${KINKCHECK_BENCH_VENV:-/tmp/kinkcheck-bench-venv}"
py=""
for candidate in "$venv/bin/python" python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import mpmath, gmpy2, flint, sys
sys.exit(mpmath.libmp.BACKEND != "gmpy" or not hasattr(flint.acb, "integral"))' 2>/dev/null; then
        py="$candidate"; break
    fi
done
if [ -z "$py" ]; then
    echo "bench: installing mpmath, gmpy2 and python-flint into $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet mpmath gmpy2 'python-flint>=0.6' >&2
    py="$venv/bin/python"
fi
"$py" -c 'import mpmath, flint
print(f"bench: peers mpmath {mpmath.__version__} (backend {mpmath.libmp.BACKEND}), python-flint {flint.__version__}")' >&2

args=(--release .build/release/kinkcheck --debug .build/debug/kinkcheck --peer-python "$py"
      --runs "$runs" --rows "$rows" --package .)
[ "$tests" = 1 ] && args+=(--with-tests)
[ -n "$out" ] && args+=(--out "$out")
[ -n "$doc" ] && args+=(--doc "$doc" --command "$command")
exec python3 scripts/bench/bench.py "${args[@]}"
