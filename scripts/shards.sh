#!/usr/bin/env bash
# Runs a check in N shards on this machine, JOBS at a time, and merges them — what a CI matrix or
# a Slurm array does across machines (docs/scaling.md), here with xargs.
#
#   scripts/shards.sh [--check] SPEC FORMAT N [JOBS] [OUT]        an exhaustive check
#   scripts/shards.sh [--check] --variants FILE N [JOBS] [OUT]    a screening run, by variant
#
#   SPEC     an activation spec (relu, gelu_tanh, expr:…); FORMAT f16, bf16 or f32
#   FILE     a TOML variant file (scripts/gen_screening_variants.py writes candidates)
#   N        shards; JOBS how many run at once (default 2); OUT the folder for the shard files
#            and merged.json (default: a new temporary folder, printed)
#   --check  also run the unsharded check and require the merged document to be byte-identical
#            to it (the sharding law), and each variant to be in exactly one shard
#
# Exit status: merge's (0 every claim holds, 1 a claim fails), 2 for bad input or a refused merge.
set -euo pipefail
cd "$(dirname "$0")/.."

compare=0
if [ "${1:-}" = "--check" ]; then compare=1; shift; fi
if [ $# -lt 3 ]; then sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; fi
if [ "$1" = "--variants" ]; then
    [ -f "$2" ] || { echo "shards.sh: no variant file $2" >&2; exit 2; }
    run=(--variants "$2")
else
    run=("$1" --exhaustive "$2")
fi
n="$3" jobs="${4:-2}" out="${5:-}"
case "$n$jobs" in *[!0-9]*) echo "shards.sh: N and JOBS must be positive integers" >&2; exit 2 ;; esac
[ "$n" -ge 1 ] && [ "$jobs" -ge 1 ] || { echo "shards.sh: N and JOBS must be at least 1" >&2; exit 2; }
kc="${KINKCHECK:-.build/release/kinkcheck}"
[ -x "$kc" ] || { echo "shards.sh: no $kc (run swift build -c release, or set KINKCHECK)" >&2; exit 2; }
if [ -z "$out" ]; then out="$(mktemp -d)"; echo "shards.sh: results in $out" >&2; fi
mkdir -p "$out"
seed="${KINKCHECK_SEED:-1}"

start=$(date +%s)
# Each shard is one process; exit 1 (a claim fails in that shard) is a result, not an error.
seq 1 "$n" | xargs -P "$jobs" -I{} sh -c '
    kc="$1" n="$2" seed="$3" out="$4"; shift 4
    "$kc" check "$@" --shard "{}/$n" --seed "$seed" --json > "$out/shard-{}.json"; rc=$?
    [ $rc -le 1 ] || { echo "shards.sh: shard {}/$n exited $rc" >&2; exit 255; }' sh "$kc" "$n" "$seed" "$out" "${run[@]}"
echo "shards.sh: $n shards in $(( $(date +%s) - start )) s with $jobs at a time" >&2

files=()
for i in $(seq 1 "$n"); do files+=("$out/shard-$i.json"); done
set +e
"$kc" merge "${files[@]}" --json > "$out/merged.json"; rc=$?
set -e
[ $rc -le 1 ] || exit "$rc"
"$kc" merge "${files[@]}" || true

if [ "$compare" = 1 ]; then
    set +e
    "$kc" check "${run[@]}" --seed "$seed" --json > "$out/unsharded.json"; urc=$?
    set -e
    if [ $urc -ne $rc ] || ! cmp -s "$out/merged.json" "$out/unsharded.json"; then
        echo "shards.sh: the merged shards differ from the unsharded run (exit $rc vs $urc; see $out)" >&2
        exit 2
    fi
    if [ "${run[0]}" = "--variants" ]; then
        # Each variant in exactly one shard.
        python3 - "$out" "$n" <<'PY' || exit 2
import json, sys
out, n = sys.argv[1], int(sys.argv[2])
held = [a["activation"] for i in range(1, n + 1) for a in json.load(open(f"{out}/shard-{i}.json"))["activations"]]
run = json.load(open(f"{out}/unsharded.json"))["run"]["specs"]
if sorted(held) != sorted(run) or len(set(held)) != len(held):
    sys.exit(f"shards.sh: the shards hold {len(held)} variants ({len(set(held))} distinct); the run has {len(run)}")
PY
    fi
    echo "shards.sh: merged = unsharded, byte for byte" >&2
fi
exit "$rc"
