#!/usr/bin/env bash
# The whole test suite: install MPFR if missing, then `swift test` (all cores, parallel) in a
# debug build, then the value-semantics and memory suites again in a release build — copy-on-write
# must hold under the optimizer too, and only a release build runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
swift test --parallel "$@"
swift test -c release --filter "ValueSemantics|Memory"
