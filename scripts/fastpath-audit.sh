#!/usr/bin/env bash
# Issue 29's audit of the exhaustive check's fast path: `kinkcheck bench fastpath` on 10^7 random
# float32 inputs per built-in of one input (random blocks of 1,024; the block models against the
# input-by-input path with MPFR's Ziv loop), release build. About 15 minutes on 2 cores.
#   scripts/fastpath-audit.sh                    # every built-in, 10^7 inputs each
#   scripts/fastpath-audit.sh --inputs 1000000 gelu silu
# Arguments are passed to `kinkcheck bench fastpath`; exit 1 when a block differs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
swift build -c release --product kinkcheck >&2
args=("$@")
[[ " ${args[*]-} " == *" --inputs "* ]] || args=(--inputs 10000000 "${args[@]}")
exec .build/release/kinkcheck bench fastpath "${args[@]}"
