#!/usr/bin/env bash
# The whole test suite: install MPFR if missing, then `swift test` (all cores, parallel) in one
# debug build. Copy-on-write must also hold under the optimizer: BigFloatTests is compiled with -O
# (Package.swift), so its value-semantics and memory suites run optimized in the same build.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
swift test --parallel "$@"
