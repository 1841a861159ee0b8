#!/usr/bin/env python3
"""JAX's own activations and autodiff derivatives at `kinkcheck grid` points: a dump CSV.

    python3 scripts/dump/jax_dump.py leaky_relu:float32=grid.txt ... --out jax.csv
    python3 scripts/dump/jax_dump.py --list

Modes (both real, with different XLA programs):
  scalar  jit(value_and_grad(f)) compiled for a 0-d array, called once per point;
  batch   jit(vmap(value_and_grad(f))) compiled for the grid's 1-d array, called once.
float64 needs jax_enable_x64 (set here). An op a dtype does not support (tracing or running
raises) is skipped for that dtype and reported.
"""

import sys

import jax

jax.config.update("jax_enable_x64", True)
jax.config.update("jax_platforms", "cpu")

import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402

from dumpcommon import Entry, run  # noqa: E402

FRAMEWORK = "jax"
DTYPE = {"float16": jnp.float16, "bfloat16": jnp.bfloat16, "float32": jnp.float32, "float64": jnp.float64}
nn = jax.nn


def optional(name):
    return getattr(nn, name, None)


# KinkCheck spec ← JAX call. JAX's kink conventions differ from PyTorch's where
# `convention=jax` says so: leaky_relu'(0) = 1 (jnp.where(x >= 0, …)), hard_tanh'(±1) = 1, abs'(0) = 1.
# jax.nn.gelu's default is the tanh form: approximate=False is the erf form.
CANDIDATES = {
    "relu": ("jax.nn.relu", "relu", nn.relu),
    "leaky_relu": ("jax.nn.leaky_relu(x, 0.01)", "leaky_relu:convention=jax", lambda x: nn.leaky_relu(x, negative_slope=0.01)),
    "elu": ("jax.nn.elu(x, alpha=1)", "elu", lambda x: nn.elu(x, alpha=1.0)),
    "selu": ("jax.nn.selu", "selu", nn.selu),
    "celu": ("jax.nn.celu(x, alpha=1)", "celu", lambda x: nn.celu(x, alpha=1.0)),
    "softplus": ("jax.nn.softplus", "softplus", nn.softplus),
    "sigmoid": ("jax.nn.sigmoid", "sigmoid", nn.sigmoid),
    "tanh": ("jnp.tanh", "tanh", jnp.tanh),
    "gelu": ("jax.nn.gelu(x, approximate=False)", "gelu", lambda x: nn.gelu(x, approximate=False)),
    "gelu_tanh": ("jax.nn.gelu(x, approximate=True)", "gelu_tanh", lambda x: nn.gelu(x, approximate=True)),
    "silu": ("jax.nn.silu", "silu", nn.silu),
    "mish": ("jax.nn.mish", "mish", optional("mish")),
    "relu6": ("jax.nn.relu6", "relu6", nn.relu6),
    "hardtanh": ("jax.nn.hard_tanh", "hardtanh:convention=jax", optional("hard_tanh")),
    "hardsigmoid": ("jax.nn.hard_sigmoid", "hardsigmoid", optional("hard_sigmoid")),
    "hardswish": ("jax.nn.hard_swish", "hardswish", optional("hard_swish")),
    "softsign": ("jax.nn.soft_sign", "softsign", optional("soft_sign")),
    "abs": ("jnp.abs", "abs:convention=jax", jnp.abs),
    "relu_minus_relu_neg": ("jax.nn.relu(x) - jax.nn.relu(-x)", "relu_minus_relu_neg", lambda x: nn.relu(x) - nn.relu(-x)),
}
TABLE = {n: Entry(call, spec, fn) for n, (call, spec, fn) in CANDIDATES.items() if fn is not None}


def as_floats(a):
    return np.asarray(a).astype(np.float64).tolist()


def scalar(fn, dtype, points):
    vg = jax.jit(jax.value_and_grad(fn))
    values, derivatives = [], []
    for p in points:
        v, d = vg(jnp.asarray(p, dtype=dtype))
        values.append(float(np.asarray(v).astype(np.float64)))
        derivatives.append(float(np.asarray(d).astype(np.float64)))
    return values, derivatives


def batch(fn, dtype, points):
    vg = jax.jit(jax.vmap(jax.value_and_grad(fn)))
    v, d = vg(jnp.asarray(np.asarray(points, dtype=np.float64)).astype(dtype))
    return as_floats(v), as_floats(d)


def supports(fn, dtype):
    try:
        jax.jit(jax.vmap(jax.value_and_grad(fn)))(jnp.asarray([0.5, -0.5], dtype=dtype))
        jax.jit(jax.value_and_grad(fn))(jnp.asarray(0.5, dtype=dtype))
        return True
    except Exception as e:  # JAX raises assorted types (TypeError, XlaRuntimeError, …)
        return str(e).splitlines()[0] if str(e) else type(e).__name__


def main():
    run(FRAMEWORK, f"jax {jax.__version__}", TABLE, DTYPE, supports, [("scalar", scalar), ("batch", batch)])


if __name__ == "__main__":
    main()
