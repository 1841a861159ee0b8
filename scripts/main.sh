#!/usr/bin/env bash
# The main job: install MPFR if missing, build kinkcheck (release), verify every built-in
# against every property (`kinkcheck check`), and regenerate Reports/ (`kinkcheck report`,
# written atomically: an interrupted run leaves the previous reports intact). The report uses a
# fixed seed, so the committed Reports/ is reproduced byte for byte.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
swift build -c release --product kinkcheck
.build/release/kinkcheck check --seed 0x4b494e4b43484543
.build/release/kinkcheck report --out Reports --seed 0x4b494e4b43484543
