#!/usr/bin/env bash
# `check` must hold for every seed: run it over COUNT seeds (default 200), each derived from its
# index by a Weyl step (seed_i = i * 0x9E3779B97F4A7C15 mod 2^64), and list every seed that fails.
# Usage: scripts/seed-sweep.sh [COUNT] [FIRST] [-- extra check arguments, e.g. relu hardsigmoid]
#        scripts/seed-sweep.sh --seeds S1,S2,… [-- extra check arguments]   (these seeds only)
# Needs a release build (swift build -c release). Exit status 1 when any seed fails.
set -uo pipefail
cd "$(dirname "$0")/.."
seeds=()
if [ "${1:-}" = "--seeds" ]; then
  IFS=, read -r -a seeds <<< "${2:?--seeds needs a comma-separated list}"
  shift 2
else
  count=${1:-200}
  first=${2:-1}
  shift $(( $# < 2 ? $# : 2 ))
  for ((i = first; i < first + count; i++)); do seeds+=("$(printf '0x%016x' $(( i * 0x9E3779B97F4A7C15 )))"); done
fi
[ "${1:-}" = "--" ] && shift
count=${#seeds[@]}
bin=.build/release/kinkcheck
[ -x "$bin" ] || { echo "error: build first: swift build -c release" >&2; exit 2; }
failed=0
for seed in "${seeds[@]}"; do
  if out=$("$bin" check "$@" --seed "$seed" 2>&1); then
    echo "seed $seed: holds"
  else
    failed=$((failed + 1))
    echo "seed $seed: FAILS"
    echo "$out" | grep -A1 "FAILS —" | sed 's/^/    /'
  fi
done
echo "$((count - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
