#!/usr/bin/env bash
# The hostile-input suite, larger than the slice `swift test` runs (see README, "Hostile inputs").
# 1. Every analysis command × every built-in × extreme points × precisions 2 … 2^24, through the
#    built binary: each run must exit 0 or 1 with output, or exit 2 with exactly one line on
#    stderr — never a crash, a trace or a hang (each run is bounded by TIMEOUT seconds, default 120).
# 2. The library-level property suite at its large size (KINKCHECK_HOSTILE=large, release build): right answers
#    against cheap independent facts, or clean refusals.
# Usage: scripts/hostile.sh [--quick]   (needs a release build: swift build -c release)
set -uo pipefail
cd "$(dirname "$0")/.."
bin=.build/release/kinkcheck
[ -x "$bin" ] || { echo "error: build first: swift build -c release" >&2; exit 2; }
timeout_s=${TIMEOUT:-120}
quick=${1:-}
# The built-ins (the documented domain); the composites and controls after them in `list` are
# examples, and x²·sin(1/x) at 2^-99999999 costs MPFR a sine of 2^99999999.
specs=$("$bin" list | sed '/^composites/,$d' | awk '{print $1}' | cut -d: -f1)
points=(0 -0 1e-200 -1e-300 4.9e-324 0x1p-1074 1e308 -1.7976931348623157e308 1e999999 -1e999999 1e-999999
        0x1p-99999999 -0x1p+99999999 6 5.99999999999999999999 -3.0000000000000000001 20 nan inf -inf 1.2.3 '' x)
precisions=(2 24 256 4096)
# 2^24 bits only for the piecewise-linear definitions: a transcendental one costs MPFR minutes
# there (gelu at 2^20 bits: about a minute; see README, "What costs what").
linear=" relu leaky_relu prelu relu6 hardtanh hardsigmoid hardswish abs heaviside sign "
[ "$quick" = "--quick" ] && { points=(0 1e-200 1e308 0x1p-99999999 nan); precisions=(2 256); }
runs=0; bad=0
check_run() {   # command line...; judges exit status and stderr
  local out err status
  err=$(mktemp); out=$(timeout "$timeout_s" "$bin" "$@" 2>"$err"); status=$?
  runs=$((runs + 1))
  local lines; lines=$(grep -c '' "$err")
  local verdict=""
  case $status in
    0|1) [ -n "$out" ] || verdict="exit $status with no output" ;;
    2) [ "$lines" -eq 1 ] || verdict="exit 2 with $lines lines on stderr" ;;
    124) verdict="no answer in ${timeout_s} s" ;;
    *) verdict="exit $status (crash?)" ;;
  esac
  if grep -qiE "fatal|backtrac|crashed" "$err"; then verdict="trace on stderr"; fi
  if [ -n "$verdict" ]; then bad=$((bad + 1)); echo "FAIL kinkcheck $*: $verdict"; head -3 "$err" | sed 's/^/    /'; fi
  rm -f "$err"
}
for spec in $specs; do
  ps=("${precisions[@]}")
  case "$linear" in *" $spec "*) ps+=(16777216) ;; esac
  for x in "${points[@]}"; do
    for p in "${ps[@]}"; do
      # eval prints every digit: at moderate precision only.
      check_run limits "$spec" --at "$x" --precision "$p" --json
      check_run subgradient "$spec" --at "$x" --precision "$p" --json
      [ "$p" -le 256 ] && check_run eval "$spec" --at "$x" --precision "$p" --json
    done
    check_run converge "$spec" --at "$x" --precisions 24,53 --kmax 8 --csv
  done
  check_run kinks "$spec" --in -1e999999,1e999999
  check_run distribution "$spec" --digits 20 --cases 3 --seed 1
done
echo "command line: $((runs - bad)) passed, $bad failed"
# In a release build: the large slice evaluates transcendental definitions at up to 4096 bits.
KINKCHECK_HOSTILE=large swift test -c release --filter "hostileInputs|limitsAtTheDocumented" 2>&1 | tail -3
[ "$bad" -eq 0 ]
