#!/usr/bin/env bash
# The whole test suite: install MPFR if missing, then `swift test` (all cores, parallel).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
swift test --parallel "$@"
