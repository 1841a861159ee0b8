#!/usr/bin/env bash
# Regenerates Tests/KinkCheckTests/Fixtures/dumps/: one `kinkcheck grid` per (activation, dtype),
# then PyTorch's, JAX's and TensorFlow's own values and derivatives at those points, one CSV per
# framework (see README.md there for the versions that made the committed files).
#
#   scripts/dump/make_fixtures.sh [PYTHON]      # PYTHON: an interpreter with torch, jax, tensorflow
#
# Environment: CASES (random cases per grid, default 100), SEED (default: kinkcheck's fixed CI
# seed), KINKCHECK (the binary; default: build it with `swift build`).
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON=${1:-python3}
CASES=${CASES:-100}
OUT=Tests/KinkCheckTests/Fixtures/dumps
if [[ -z "${KINKCHECK:-}" ]]; then
    swift build --product kinkcheck >&2
    KINKCHECK="$(swift build --show-bin-path)/kinkcheck"
fi
SEED_ARGS=()
[[ -n "${SEED:-}" ]] && SEED_ARGS=(--seed "$SEED")

ACTIVATIONS=(relu leaky_relu elu selu celu softplus sigmoid tanh gelu gelu_tanh silu mish relu6 hardtanh
             hardsigmoid hardswish softsign abs relu_minus_relu_neg)
DTYPES=(float16 bfloat16 float32 float64)

# The grid's spec: the built-in's defaults, except softplus, whose grid is PyTorch's thresholded
# one (kink at 20) for all three frameworks so that every framework is looked at around 20.
grid_spec() { [[ $1 == softplus ]] && echo "softplus:threshold=20" || echo "$1"; }

GRIDS=$(mktemp -d)
trap 'rm -rf "$GRIDS"' EXIT
for a in "${ACTIVATIONS[@]}"; do
    for d in "${DTYPES[@]}"; do
        "$KINKCHECK" grid "$(grid_spec "$a")" --dtype "$d" --cases "$CASES" --sweep short "${SEED_ARGS[@]}" > "$GRIDS/$a.$d.txt"
    done
done
wc -l "$GRIDS"/*.txt | tail -1 >&2

# Each framework is asked for the spec its own call matches (its table's NAME<TAB>SPEC, from
# --specs): `softplus:threshold=20` of PyTorch and `softplus` of JAX and TensorFlow are looked at
# on the same grid.
mkdir -p "$OUT"
for f in torch jax tf; do
    echo "== $f" >&2
    ARGS=()
    while IFS=$'\t' read -r name spec _; do
        for d in "${DTYPES[@]}"; do ARGS+=("$spec:$d=$GRIDS/$name.$d.txt"); done
    done < <("$PYTHON" "scripts/dump/${f}_dump.py" --specs)
    "$PYTHON" "scripts/dump/${f}_dump.py" "${ARGS[@]}" --out "$OUT/$f.csv" --verbose
done
ls -l "$OUT"/*.csv >&2
