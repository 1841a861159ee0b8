#!/usr/bin/env python3
"""JAX's own activations and autodiff derivatives at `kinkcheck grid` points: a dump CSV.

    python3 scripts/dump/jax_dump.py leaky_relu:convention=jax:float32=lr.txt softplus:float64=sp.txt --out jax.csv
    python3 scripts/dump/jax_dump.py --list
    python3 scripts/dump/jax_dump.py --specs         # the specs it takes (no import of jax)

Modes (both real, with different XLA programs):
  scalar  jit(value_and_grad(f)) compiled for a 0-d array, called once per point;
  batch   jit(vmap(value_and_grad(f))) compiled for the grid's 1-d array, called once.
float64 needs jax_enable_x64 (set here). An op a dtype does not support (tracing or running
raises) is skipped for that dtype and reported.
"""


from dumpcommon import Entry, Framework, has_attribute, main

FRAMEWORK = "jax"
jax = jnp = np = nn = None  # bound by load(), after every argument and grid file has been checked

# KinkCheck spec ← JAX call. JAX's kink conventions differ from PyTorch's where
# `convention=jax` says so: leaky_relu'(0) = 1 (jnp.where(x >= 0, …)), hard_tanh'(±1) = 1, abs'(0) = 1.
# jax.nn.gelu's default is the tanh form: approximate=False is the erf form. Calls that older
# versions lack name the attribute they need (reported as missing there).
TABLE = [
    Entry("relu", "jax.nn.relu", "relu", lambda x: nn.relu(x)),
    Entry("leaky_relu", "jax.nn.leaky_relu(x, 0.01)", "leaky_relu:convention=jax", lambda x: nn.leaky_relu(x, negative_slope=0.01)),
    Entry("elu", "jax.nn.elu(x, alpha=1)", "elu", lambda x: nn.elu(x, alpha=1.0)),
    Entry("selu", "jax.nn.selu", "selu", lambda x: nn.selu(x)),
    Entry("celu", "jax.nn.celu(x, alpha=1)", "celu", lambda x: nn.celu(x, alpha=1.0)),
    Entry("softplus", "jax.nn.softplus", "softplus", lambda x: nn.softplus(x)),
    Entry("sigmoid", "jax.nn.sigmoid", "sigmoid", lambda x: nn.sigmoid(x)),
    Entry("tanh", "jnp.tanh", "tanh", lambda x: jnp.tanh(x)),
    Entry("gelu", "jax.nn.gelu(x, approximate=False)", "gelu", lambda x: nn.gelu(x, approximate=False)),
    Entry("gelu_tanh", "jax.nn.gelu(x, approximate=True)", "gelu_tanh", lambda x: nn.gelu(x, approximate=True)),
    Entry("silu", "jax.nn.silu", "silu", lambda x: nn.silu(x)),
    Entry("mish", "jax.nn.mish", "mish", lambda x: nn.mish(x), needs="nn.mish"),
    Entry("relu6", "jax.nn.relu6", "relu6", lambda x: nn.relu6(x)),
    Entry("hardtanh", "jax.nn.hard_tanh", "hardtanh:convention=jax", lambda x: nn.hard_tanh(x), needs="nn.hard_tanh"),
    Entry("hardsigmoid", "jax.nn.hard_sigmoid", "hardsigmoid", lambda x: nn.hard_sigmoid(x), needs="nn.hard_sigmoid"),
    Entry("hardswish", "jax.nn.hard_swish", "hardswish", lambda x: nn.hard_swish(x), needs="nn.hard_swish"),
    Entry("softsign", "jax.nn.soft_sign", "softsign", lambda x: nn.soft_sign(x), needs="nn.soft_sign"),
    Entry("abs", "jnp.abs", "abs:convention=jax", lambda x: jnp.abs(x)),
    Entry("relu_minus_relu_neg", "jax.nn.relu(x) - jax.nn.relu(-x)", "relu_minus_relu_neg", lambda x: nn.relu(x) - nn.relu(-x)),
    # Several inputs. jnp.max's gradient at a tie is split among the tied inputs (inside the
    # Clarke set); JAX has no PReLU: the model code's where(x >= 0, x, a·x) is checked.
    Entry("glu", "jax.nn.glu(stack([a, b]))", "glu", lambda a, b: nn.glu(jnp.stack([a, b], axis=-1), axis=-1)[..., 0], arity=2),
    Entry("reglu", "jax.nn.relu(a) * b", "reglu", lambda a, b: nn.relu(a) * b, arity=2),
    Entry("geglu", "jax.nn.gelu(a, approximate=False) * b", "geglu", lambda a, b: nn.gelu(a, approximate=False) * b, arity=2),
    Entry("swiglu", "jax.nn.silu(a) * b", "swiglu", lambda a, b: nn.silu(a) * b, arity=2),
    Entry("maxout", "jnp.max(stack([x1, x2]), -1)", "maxout", lambda a, b: jnp.max(jnp.stack([a, b], axis=-1), axis=-1), arity=2),
    Entry("prelu[x,a]", "jnp.where(x >= 0, x, a * x)", "prelu[x,a]:convention=jax", lambda x, w: jnp.where(x >= 0, x, w * x), arity=2),
]


def as_floats(a):
    return np.asarray(a).astype(np.float64).tolist()


def scalar(fn, dtype, points, arity=1):
    if arity > 1:
        vg = jax.jit(jax.value_and_grad(fn, argnums=tuple(range(arity))))
        values, gradients = [], []
        for p in points:
            v, g = vg(*(jnp.asarray(c, dtype=dtype) for c in p))
            values.append(float(np.asarray(v).astype(np.float64)))
            gradients.append([float(np.asarray(c).astype(np.float64)) for c in g])
        return values, gradients
    vg = jax.jit(jax.value_and_grad(fn))
    values, derivatives = [], []
    for p in points:
        v, d = vg(jnp.asarray(p, dtype=dtype))
        values.append(float(np.asarray(v).astype(np.float64)))
        derivatives.append(float(np.asarray(d).astype(np.float64)))
    return values, derivatives


def batch(fn, dtype, points, arity=1):
    if arity > 1:
        vg = jax.jit(jax.vmap(jax.value_and_grad(fn, argnums=tuple(range(arity)))))
        columns = [jnp.asarray(np.asarray([p[i] for p in points], dtype=np.float64)).astype(dtype) for i in range(arity)]
        v, g = vg(*columns)
        return as_floats(v), [list(r) for r in zip(*(as_floats(c) for c in g))]
    vg = jax.jit(jax.vmap(jax.value_and_grad(fn)))
    v, d = vg(jnp.asarray(np.asarray(points, dtype=np.float64)).astype(dtype))
    return as_floats(v), as_floats(d)


def supports(fn, dtype, arity=1):
    try:
        argnums = tuple(range(arity))
        jax.jit(jax.vmap(jax.value_and_grad(fn, argnums=argnums)))(*[jnp.asarray([0.5, -0.5], dtype=dtype)] * arity)
        jax.jit(jax.value_and_grad(fn, argnums=argnums))(*[jnp.asarray(0.5, dtype=dtype)] * arity)
        return True
    except Exception as e:  # JAX raises assorted types (TypeError, XlaRuntimeError, …)
        return str(e).splitlines()[0] if str(e) else type(e).__name__


def has(attribute):
    """Whether jax has the dotted attribute under jax (`nn.mish`); None: nothing needed."""
    return has_attribute(jax, attribute)


def load():
    global jax, jnp, np, nn
    import jax as jax_module
    jax_module.config.update("jax_enable_x64", True)     # float64 needs it
    jax_module.config.update("jax_platforms", "cpu")
    import jax.numpy as jnp_module
    import jaxlib
    import numpy as np_module
    jax, jnp, np, nn = jax_module, jnp_module, np_module, jax_module.nn
    dtypes = {"float16": jnp.float16, "bfloat16": jnp.bfloat16, "float32": jnp.float32, "float64": jnp.float64}
    version = f"{jax.__version__} (jaxlib {jaxlib.__version__})"
    return Framework(version, jax.devices()[0].platform, dtypes, supports, [("scalar", scalar), ("batch", batch)], has)


if __name__ == "__main__":
    main(FRAMEWORK, "jax_dump.py", TABLE, load, ["scalar", "batch"])
