#!/usr/bin/env python3
"""PyTorch's own activations and autograd derivatives at `kinkcheck grid` points: a dump CSV.

    python3 scripts/dump/torch_dump.py leaky_relu:float32=grid.txt ... --out torch.csv
    python3 scripts/dump/torch_dump.py --list        # which activations exist, which dtypes run

Modes (both real, with different kernels):
  scalar  one 0-d tensor per point: f(x), then backward() on it;
  batch   all points of a grid as one 1-d tensor: f(x), then backward(ones).
An op a dtype does not support on CPU (the forward raises) is skipped for that dtype and
reported; a backward that raises leaves the derivative empty.
"""

import sys

import torch
import torch.nn.functional as F

from dumpcommon import Entry, run

FRAMEWORK = "torch"
DTYPE = {"float16": torch.float16, "bfloat16": torch.bfloat16, "float32": torch.float32, "float64": torch.float64}

# KinkCheck spec ← PyTorch call; the defaults match `kinkcheck list` (PyTorch convention is
# KinkCheck's default: leaky_relu' (0) = slope, hardtanh'(±1) = 0, abs'(0) = 0).
TABLE = {
    "relu": Entry("torch.relu", "relu", torch.relu),
    "leaky_relu": Entry("F.leaky_relu(x, 0.01)", "leaky_relu", lambda x: F.leaky_relu(x, 0.01)),
    "elu": Entry("F.elu(x, alpha=1)", "elu", lambda x: F.elu(x, alpha=1.0)),
    "selu": Entry("F.selu", "selu", F.selu),
    "celu": Entry("F.celu(x, alpha=1)", "celu", lambda x: F.celu(x, alpha=1.0)),
    "softplus": Entry("F.softplus(x, beta=1, threshold=20)", "softplus:threshold=20",
                      lambda x: F.softplus(x, beta=1.0, threshold=20.0)),
    "sigmoid": Entry("torch.sigmoid", "sigmoid", torch.sigmoid),
    "tanh": Entry("torch.tanh", "tanh", torch.tanh),
    "gelu": Entry("F.gelu(x)", "gelu", F.gelu),
    "gelu_tanh": Entry("F.gelu(x, approximate='tanh')", "gelu_tanh", lambda x: F.gelu(x, approximate="tanh")),
    "silu": Entry("F.silu", "silu", F.silu),
    "mish": Entry("F.mish", "mish", F.mish),
    "relu6": Entry("F.relu6", "relu6", F.relu6),
    "hardtanh": Entry("F.hardtanh(x, -1, 1)", "hardtanh", lambda x: F.hardtanh(x, -1.0, 1.0)),
    "hardsigmoid": Entry("F.hardsigmoid", "hardsigmoid", F.hardsigmoid),
    "hardswish": Entry("F.hardswish", "hardswish", F.hardswish),
    "softsign": Entry("F.softsign", "softsign", F.softsign),
    "abs": Entry("torch.abs", "abs", torch.abs),
    "relu_minus_relu_neg": Entry("torch.relu(x) - torch.relu(-x)", "relu_minus_relu_neg",
                                 lambda x: torch.relu(x) - torch.relu(-x)),
}


def scalar(fn, dtype, points):
    values, derivatives = [], []
    for p in points:
        x = torch.tensor(p, dtype=dtype, requires_grad=True)
        y = fn(x)
        values.append(y.item())
        try:
            y.backward()
            derivatives.append(None if x.grad is None else x.grad.item())
        except RuntimeError:
            derivatives.append(None)
    return values, derivatives


def batch(fn, dtype, points):
    x = torch.tensor(points, dtype=torch.float64).to(dtype).requires_grad_(True)
    y = fn(x)
    values = y.detach().double().tolist()
    try:
        y.backward(torch.ones_like(y))
        derivatives = [None] * len(points) if x.grad is None else x.grad.double().tolist()
    except RuntimeError:
        derivatives = [None] * len(points)
    return values, derivatives


def supports(fn, dtype):
    """True when f and its backward run on a CPU tensor of `dtype`, else the error."""
    try:
        x = torch.tensor([0.5, -0.5], dtype=dtype, requires_grad=True)
        fn(x).sum().backward()
        return True
    except (RuntimeError, TypeError, NotImplementedError) as e:
        return str(e).splitlines()[0]


def main():
    run(FRAMEWORK, f"torch {torch.__version__}", TABLE, DTYPE, supports, [("scalar", scalar), ("batch", batch)])


if __name__ == "__main__":
    main()
