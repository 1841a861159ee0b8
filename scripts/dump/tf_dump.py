#!/usr/bin/env python3
"""TensorFlow's own activations (tf.nn, tf.math, and Keras 3's where tf.nn has none) and
GradientTape derivatives at `kinkcheck grid` points: a dump CSV.

    python3 scripts/dump/tf_dump.py leaky_relu:float32=lr.txt softplus:float64=sp.txt --out tf.csv
    python3 scripts/dump/tf_dump.py --list
    python3 scripts/dump/tf_dump.py --specs          # the specs it takes (no import of tensorflow)

Modes (both real, with different kernels):
  eager-single  one 0-d tensor per point, eagerly, under its own GradientTape;
  batch         all points of a grid as one 1-d tensor, eagerly, one GradientTape.
An op a dtype does not support on CPU (the forward raises) is skipped for that dtype and
reported; a gradient that raises or is None leaves the derivative empty.
"""

import os

from dumpcommon import Entry, Framework, has_attribute, main

FRAMEWORK = "tensorflow"
tf = keras = np = None  # bound by load(), after every argument and grid file has been checked


def ka(name, **kw):
    """Keras 3's activation `name` (bound at call time)."""
    return lambda x: getattr(keras.activations, name)(x, **kw)


# KinkCheck spec ← TensorFlow call. tf.nn.leaky_relu's default slope is 0.2: 0.01 is passed.
# TensorFlow's gradients follow KinkCheck's default (PyTorch) conventions where they are
# defined by the kernel (LeakyReluGrad: x > 0 ? g : α·g; Relu6Grad: 0 at 0 and 6; abs: sign);
# Keras 3's hard_tanh is a where(x > 1, …) chain whose derivative at ±1 is 1: `convention=jax`.
# Keras calls that older versions lack name the attribute they need.
TABLE = [
    Entry("relu", "tf.nn.relu", "relu", lambda x: tf.nn.relu(x)),
    Entry("leaky_relu", "tf.nn.leaky_relu(x, alpha=0.01)", "leaky_relu", lambda x: tf.nn.leaky_relu(x, alpha=0.01)),
    Entry("elu", "tf.nn.elu", "elu", lambda x: tf.nn.elu(x)),
    Entry("selu", "tf.nn.selu", "selu", lambda x: tf.nn.selu(x)),
    Entry("celu", "keras.activations.celu(x, alpha=1)", "celu", ka("celu", alpha=1.0), needs="activations.celu"),
    Entry("softplus", "tf.nn.softplus", "softplus", lambda x: tf.nn.softplus(x)),
    Entry("sigmoid", "tf.math.sigmoid", "sigmoid", lambda x: tf.math.sigmoid(x)),
    Entry("tanh", "tf.math.tanh", "tanh", lambda x: tf.math.tanh(x)),
    Entry("gelu", "tf.nn.gelu(x, approximate=False)", "gelu", lambda x: tf.nn.gelu(x, approximate=False)),
    Entry("gelu_tanh", "tf.nn.gelu(x, approximate=True)", "gelu_tanh", lambda x: tf.nn.gelu(x, approximate=True)),
    Entry("silu", "tf.nn.silu", "silu", lambda x: tf.nn.silu(x)),
    Entry("mish", "keras.activations.mish", "mish", ka("mish"), needs="activations.mish"),
    Entry("relu6", "tf.nn.relu6", "relu6", lambda x: tf.nn.relu6(x)),
    Entry("hardtanh", "keras.activations.hard_tanh", "hardtanh:convention=jax", ka("hard_tanh"), needs="activations.hard_tanh"),
    Entry("hardsigmoid", "keras.activations.hard_sigmoid", "hardsigmoid", ka("hard_sigmoid"), needs="activations.hard_sigmoid"),
    Entry("hardswish", "keras.activations.hard_silu", "hardswish", ka("hard_silu"), needs="activations.hard_silu"),
    Entry("softsign", "tf.nn.softsign", "softsign", lambda x: tf.nn.softsign(x)),
    Entry("abs", "tf.math.abs", "abs", lambda x: tf.math.abs(x)),
    Entry("relu_minus_relu_neg", "tf.nn.relu(x) - tf.nn.relu(-x)", "relu_minus_relu_neg", lambda x: tf.nn.relu(x) - tf.nn.relu(-x)),
    # Several inputs, as model code writes them (TensorFlow has no glu op; reduce_max splits the
    # gradient among tied inputs; Keras's PReLU is relu(x) − α·relu(−x)).
    Entry("glu", "a * tf.math.sigmoid(b)", "glu", lambda a, b: a * tf.math.sigmoid(b), arity=2),
    Entry("reglu", "tf.nn.relu(a) * b", "reglu", lambda a, b: tf.nn.relu(a) * b, arity=2),
    Entry("geglu", "tf.nn.gelu(a, approximate=False) * b", "geglu", lambda a, b: tf.nn.gelu(a, approximate=False) * b, arity=2),
    Entry("swiglu", "tf.nn.silu(a) * b", "swiglu", lambda a, b: tf.nn.silu(a) * b, arity=2),
    Entry("maxout", "tf.reduce_max(stack([x1, x2]), -1)", "maxout", lambda a, b: tf.reduce_max(tf.stack([a, b], axis=-1), axis=-1), arity=2),
    Entry("prelu[x,a]", "tf.nn.relu(x) - a * tf.nn.relu(-x)", "prelu[x,a]", lambda x, w: tf.nn.relu(x) - w * tf.nn.relu(-x), arity=2),
]


def value_and_grad(fn, *xs):
    with tf.GradientTape() as tape:
        for x in xs:
            tape.watch(x)
        y = fn(*xs)
    try:
        g = tape.gradient(y, list(xs) if len(xs) > 1 else xs[0])
    except Exception:  # TensorFlow raises LookupError, InvalidArgumentError, … for missing gradients
        g = None
    return y, g


def as_floats(t):
    return np.asarray(tf.cast(t, tf.float64)).tolist()


def eager_single(fn, dtype, points, arity=1):
    if arity > 1:
        values, gradients = [], []
        for p in points:
            xs = [tf.cast(tf.constant(c, dtype=tf.float64), dtype) for c in p]
            y, g = value_and_grad(fn, *xs)
            values.append(as_floats(y))
            gradients.append([None] * arity if g is None else [None if c is None else as_floats(c) for c in g])
        return values, gradients
    values, derivatives = [], []
    for p in points:
        x = tf.constant(p, dtype=tf.float64)
        x = tf.cast(x, dtype)
        y, g = value_and_grad(fn, x)
        values.append(as_floats(y))
        derivatives.append(None if g is None else as_floats(g))
    return values, derivatives


def batch(fn, dtype, points, arity=1):
    if arity > 1:
        xs = [tf.cast(tf.constant([p[i] for p in points], dtype=tf.float64), dtype) for i in range(arity)]
        y, g = value_and_grad(fn, *xs)
        columns = [[None] * len(points) if g is None or c is None else as_floats(c) for c in (g or [None] * arity)]
        return as_floats(y), [list(r) for r in zip(*columns)]
    x = tf.cast(tf.constant(points, dtype=tf.float64), dtype)
    y, g = value_and_grad(fn, x)
    return as_floats(y), ([None] * len(points) if g is None else as_floats(g))


def supports(fn, dtype, arity=1):
    try:
        value_and_grad(fn, *[tf.constant([0.5, -0.5], dtype=dtype) for _ in range(arity)])
        return True
    except Exception as e:
        return (str(e).splitlines() or [type(e).__name__])[0]


def has(attribute):
    """Whether keras has the dotted attribute (`activations.celu`); None: nothing needed."""
    return has_attribute(keras, attribute)


def load():
    global tf, keras, np
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
    import numpy as np_module
    import tensorflow as tf_module
    import keras as keras_module
    tf, keras, np = tf_module, keras_module, np_module
    dtypes = {"float16": tf.float16, "bfloat16": tf.bfloat16, "float32": tf.float32, "float64": tf.float64}
    device = tf.constant(0.0).device.rpartition("device:")[2] or "CPU"
    version = f"{tf.__version__} (keras {keras.__version__})"
    return Framework(version, device, dtypes, supports, [("eager-single", eager_single), ("batch", batch)], has)


if __name__ == "__main__":
    main(FRAMEWORK, "tf_dump.py", TABLE, load, ["eager-single", "batch"])
