#!/usr/bin/env python3
"""TensorFlow's own activations (tf.nn, tf.math, and Keras 3's where tf.nn has none) and
GradientTape derivatives at `kinkcheck grid` points: a dump CSV.

    python3 scripts/dump/tf_dump.py leaky_relu:float32=grid.txt ... --out tf.csv
    python3 scripts/dump/tf_dump.py --list

Modes (both real, with different kernels):
  eager-single  one 0-d tensor per point, eagerly, under its own GradientTape;
  batch         all points of a grid as one 1-d tensor, eagerly, one GradientTape.
An op a dtype does not support on CPU (the forward raises) is skipped for that dtype and
reported; a gradient that raises or is None leaves the derivative empty.
"""

import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

from dumpcommon import Entry, run  # noqa: E402

FRAMEWORK = "tensorflow"
DTYPE = {"float16": tf.float16, "bfloat16": tf.bfloat16, "float32": tf.float32, "float64": tf.float64}
ka = keras.activations


def optional(module, name):
    return getattr(module, name, None)


def keras_fn(name, **kw):
    f = optional(ka, name)
    return None if f is None else (lambda x: f(x, **kw))


# KinkCheck spec ← TensorFlow call. tf.nn.leaky_relu's default slope is 0.2: 0.01 is passed.
# TensorFlow's gradients follow KinkCheck's default (PyTorch) conventions where they are
# defined by the kernel (LeakyReluGrad: x > 0 ? g : α·g; Relu6Grad: 0 at 0 and 6; abs: sign);
# Keras 3's hard_tanh is a where(x > 1, …) chain whose derivative at ±1 is 1: `convention=jax`.
CANDIDATES = {
    "relu": ("tf.nn.relu", "relu", tf.nn.relu),
    "leaky_relu": ("tf.nn.leaky_relu(x, alpha=0.01)", "leaky_relu", lambda x: tf.nn.leaky_relu(x, alpha=0.01)),
    "elu": ("tf.nn.elu", "elu", tf.nn.elu),
    "selu": ("tf.nn.selu", "selu", tf.nn.selu),
    "celu": ("keras.activations.celu(x, alpha=1)", "celu", keras_fn("celu", alpha=1.0)),
    "softplus": ("tf.nn.softplus", "softplus", tf.nn.softplus),
    "sigmoid": ("tf.math.sigmoid", "sigmoid", tf.math.sigmoid),
    "tanh": ("tf.math.tanh", "tanh", tf.math.tanh),
    "gelu": ("tf.nn.gelu(x, approximate=False)", "gelu", lambda x: tf.nn.gelu(x, approximate=False)),
    "gelu_tanh": ("tf.nn.gelu(x, approximate=True)", "gelu_tanh", lambda x: tf.nn.gelu(x, approximate=True)),
    "silu": ("tf.nn.silu", "silu", tf.nn.silu),
    "mish": ("keras.activations.mish", "mish", keras_fn("mish")),
    "relu6": ("tf.nn.relu6", "relu6", tf.nn.relu6),
    "hardtanh": ("keras.activations.hard_tanh", "hardtanh:convention=jax", keras_fn("hard_tanh")),
    "hardsigmoid": ("keras.activations.hard_sigmoid", "hardsigmoid", keras_fn("hard_sigmoid")),
    "hardswish": ("keras.activations.hard_silu", "hardswish", keras_fn("hard_silu")),
    "softsign": ("tf.nn.softsign", "softsign", tf.nn.softsign),
    "abs": ("tf.math.abs", "abs", tf.math.abs),
    "relu_minus_relu_neg": ("tf.nn.relu(x) - tf.nn.relu(-x)", "relu_minus_relu_neg", lambda x: tf.nn.relu(x) - tf.nn.relu(-x)),
}
TABLE = {n: Entry(call, spec, fn) for n, (call, spec, fn) in CANDIDATES.items() if fn is not None}


def value_and_grad(fn, x):
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = fn(x)
    try:
        g = tape.gradient(y, x)
    except Exception:  # TensorFlow raises LookupError, InvalidArgumentError, … for missing gradients
        g = None
    return y, g


def as_floats(t):
    return np.asarray(tf.cast(t, tf.float64)).tolist()


def eager_single(fn, dtype, points):
    values, derivatives = [], []
    for p in points:
        x = tf.constant(p, dtype=tf.float64)
        x = tf.cast(x, dtype)
        y, g = value_and_grad(fn, x)
        values.append(as_floats(y))
        derivatives.append(None if g is None else as_floats(g))
    return values, derivatives


def batch(fn, dtype, points):
    x = tf.cast(tf.constant(points, dtype=tf.float64), dtype)
    y, g = value_and_grad(fn, x)
    return as_floats(y), ([None] * len(points) if g is None else as_floats(g))


def supports(fn, dtype):
    try:
        x = tf.constant([0.5, -0.5], dtype=dtype)
        value_and_grad(fn, x)
        return True
    except Exception as e:
        return (str(e).splitlines() or [type(e).__name__])[0]


def main():
    run(FRAMEWORK, f"tensorflow {tf.__version__}, keras {keras.__version__}", TABLE, DTYPE, supports, [("eager-single", eager_single), ("batch", batch)])


if __name__ == "__main__":
    main()
