#!/usr/bin/env bash
# Runs an exhaustive check in N shards on this machine, JOBS at a time, and merges them — what a
# CI matrix or a Slurm array does across machines (docs/scaling.md), here with xargs.
#
#   scripts/shards.sh SPEC FORMAT N [JOBS] [OUT]
#
#   SPEC     an activation spec (relu, gelu_tanh, expr:…); FORMAT f16, bf16 or f32
#   N        shards; JOBS how many run at once (default 2); OUT the folder for the shard files
#            and merged.json (default: a new temporary folder, printed)
#   --check  (as the first argument) also run the unsharded check and require the merged document
#            to be byte-identical to it: the sharding law on a format small enough (f16, bf16)
#
# Exit status: merge's (0 every claim holds, 1 a claim fails), 2 for bad input or a refused merge.
set -euo pipefail
cd "$(dirname "$0")/.."

compare=0
if [ "${1:-}" = "--check" ]; then compare=1; shift; fi
if [ $# -lt 3 ]; then sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; fi
spec="$1" format="$2" n="$3" jobs="${4:-2}" out="${5:-}"
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
    "$0" check "$1" --exhaustive "$2" --shard "{}/$3" --seed "$4" --json > "$5/shard-{}.json"; rc=$?
    [ $rc -le 1 ] || { echo "shards.sh: shard {}/$3 exited $rc" >&2; exit 255; }' "$kc" "$spec" "$format" "$n" "$seed" "$out"
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
    "$kc" check "$spec" --exhaustive "$format" --seed "$seed" --json > "$out/unsharded.json"; urc=$?
    set -e
    if [ $urc -ne $rc ] || ! cmp -s "$out/merged.json" "$out/unsharded.json"; then
        echo "shards.sh: the merged shards differ from the unsharded run (exit $rc vs $urc; see $out)" >&2
        exit 2
    fi
    echo "shards.sh: merged = unsharded, byte for byte" >&2
fi
exit "$rc"
