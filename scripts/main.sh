#!/usr/bin/env bash
# The main job: install MPFR if missing, build kinkcheck (release) and run it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
swift build -c release --product kinkcheck
.build/release/kinkcheck --help
