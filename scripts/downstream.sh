#!/usr/bin/env bash
# Builds and tests Examples/Downstream: a package that depends on KinkCheck as a user's does, so
# it sees only the public API. What docs/variants.md and docs/properties.md show a user writing
# (a variant in Swift, verifyActivation, checkProperty, a type named like a built-in) must compile
# and pass there. A debug build of the whole package in Examples/Downstream/.build: minutes.
set -euo pipefail
cd "$(dirname "$0")/../Examples/Downstream"
swift test "$@"
