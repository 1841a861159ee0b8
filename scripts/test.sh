#!/usr/bin/env bash
# The whole test suite: install MPFR if missing, then `swift test` (all cores, parallel) in one
# debug build. Copy-on-write must also hold under the optimizer: BigFloatOptimizedTests is
# compiled with -O (Package.swift), so the value-semantics and memory suites run optimized in the
# same build.
#
# Built for a clean run, as CI's: without the index store (an editor's, which no test reads) the
# build takes about a tenth less (docs/performance.md#the-test-command), in a scratch folder of its
# own (.build-test) so that switching between this and a plain `swift build` or `swift test` (in
# .build) never rebuilds either from scratch. Extra arguments go to `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
swift test --scratch-path .build-test --disable-index-store --parallel "$@"
