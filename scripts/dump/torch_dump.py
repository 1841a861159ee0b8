#!/usr/bin/env python3
"""PyTorch's own activations and autograd derivatives at `kinkcheck grid` points: a dump CSV.

    python3 scripts/dump/torch_dump.py leaky_relu:float32=lr.txt softplus:threshold=20:float64=sp.txt --out torch.csv
    python3 scripts/dump/torch_dump.py --list        # which activations exist, which dtypes run
    python3 scripts/dump/torch_dump.py --specs       # the specs it takes (no import of torch)

Modes (both real, with different kernels):
  scalar  one 0-d tensor per point: f(x), then backward() on it;
  batch   all points of a grid as one 1-d tensor: f(x), then backward(ones).
An op a dtype does not support on CPU (the forward raises) is skipped for that dtype and
reported; a backward that raises leaves the derivative empty.
"""


from dumpcommon import Entry, Framework, main

FRAMEWORK = "torch"
torch = F = None  # bound by load(), after every argument and grid file has been checked

# KinkCheck spec ← PyTorch call; the defaults match `kinkcheck list` (PyTorch convention is
# KinkCheck's default: leaky_relu' (0) = slope, hardtanh'(±1) = 0, abs'(0) = 0).
TABLE = [
    Entry("relu", "torch.relu", "relu", lambda x: torch.relu(x)),
    Entry("leaky_relu", "F.leaky_relu(x, 0.01)", "leaky_relu", lambda x: F.leaky_relu(x, 0.01)),
    Entry("elu", "F.elu(x, alpha=1)", "elu", lambda x: F.elu(x, alpha=1.0)),
    Entry("selu", "F.selu", "selu", lambda x: F.selu(x)),
    Entry("celu", "F.celu(x, alpha=1)", "celu", lambda x: F.celu(x, alpha=1.0)),
    Entry("softplus", "F.softplus(x, beta=1, threshold=20)", "softplus:threshold=20",
          lambda x: F.softplus(x, beta=1.0, threshold=20.0)),
    Entry("sigmoid", "torch.sigmoid", "sigmoid", lambda x: torch.sigmoid(x)),
    Entry("tanh", "torch.tanh", "tanh", lambda x: torch.tanh(x)),
    Entry("gelu", "F.gelu(x)", "gelu", lambda x: F.gelu(x)),
    Entry("gelu_tanh", "F.gelu(x, approximate='tanh')", "gelu_tanh", lambda x: F.gelu(x, approximate="tanh")),
    Entry("silu", "F.silu", "silu", lambda x: F.silu(x)),
    Entry("mish", "F.mish", "mish", lambda x: F.mish(x)),
    Entry("relu6", "F.relu6", "relu6", lambda x: F.relu6(x)),
    Entry("hardtanh", "F.hardtanh(x, -1, 1)", "hardtanh", lambda x: F.hardtanh(x, -1.0, 1.0)),
    Entry("hardsigmoid", "F.hardsigmoid", "hardsigmoid", lambda x: F.hardsigmoid(x)),
    Entry("hardswish", "F.hardswish", "hardswish", lambda x: F.hardswish(x)),
    Entry("softsign", "F.softsign", "softsign", lambda x: F.softsign(x)),
    Entry("abs", "torch.abs", "abs", lambda x: torch.abs(x)),
    Entry("relu_minus_relu_neg", "torch.relu(x) - torch.relu(-x)", "relu_minus_relu_neg",
          lambda x: torch.relu(x) - torch.relu(-x)),
    # Several inputs: the gated units of transformer MLPs as models write them, maxout as
    # torch.max over a stacked dim (the gradient goes to the index it returns), and PReLU with its
    # weight as the second input (its gradient is the one training uses; one channel per point).
    Entry("glu", "F.glu(cat([a, b]))", "glu", lambda a, b: F.glu(torch.stack([a, b], dim=-1), dim=-1).squeeze(-1), arity=2),
    Entry("reglu", "F.relu(a) * b", "reglu", lambda a, b: F.relu(a) * b, arity=2),
    Entry("geglu", "F.gelu(a) * b", "geglu", lambda a, b: F.gelu(a) * b, arity=2),
    Entry("swiglu", "F.silu(a) * b", "swiglu", lambda a, b: F.silu(a) * b, arity=2),
    Entry("maxout", "torch.max(stack([x1, x2]), -1).values", "maxout",
          lambda a, b: torch.max(torch.stack([a, b], dim=-1), dim=-1).values, arity=2),
    Entry("prelu[x,a]", "F.prelu(x, weight)", "prelu[x,a]",
          lambda x, w: F.prelu(x.reshape(1, -1), w.reshape(-1)).reshape(x.shape), arity=2),
]


def scalar(fn, dtype, points, arity=1):
    if arity > 1:
        return scalar_multi(fn, dtype, points)
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


def scalar_multi(fn, dtype, points):
    """One set of 0-d tensors per point: f, then backward(); the gradient of each input."""
    values, gradients = [], []
    for p in points:
        xs = [torch.tensor(c, dtype=dtype, requires_grad=True) for c in p]
        y = fn(*xs)
        values.append(y.item())
        try:
            y.backward()
            gradients.append([None if x.grad is None else x.grad.item() for x in xs])
        except RuntimeError:
            gradients.append([None] * len(p))
    return values, gradients


def batch_multi(fn, dtype, points):
    """Each input as one 1-d tensor over all points: f, then backward(ones)."""
    columns = [torch.tensor([p[i] for p in points], dtype=torch.float64).to(dtype).requires_grad_(True)
               for i in range(len(points[0]))]
    y = fn(*columns)
    values = y.detach().double().tolist()
    try:
        y.backward(torch.ones_like(y))
        grads = [[None] * len(points) if c.grad is None else c.grad.double().tolist() for c in columns]
    except RuntimeError:
        grads = [[None] * len(points) for _ in columns]
    return values, [list(g) for g in zip(*grads)]


def batch(fn, dtype, points, arity=1):
    if arity > 1:
        return batch_multi(fn, dtype, points)
    x = torch.tensor(points, dtype=torch.float64).to(dtype).requires_grad_(True)
    y = fn(x)
    values = y.detach().double().tolist()
    try:
        y.backward(torch.ones_like(y))
        derivatives = [None] * len(points) if x.grad is None else x.grad.double().tolist()
    except RuntimeError:
        derivatives = [None] * len(points)
    return values, derivatives


def supports(fn, dtype, arity=1):
    """True when f and its backward run on CPU tensors of `dtype`, else the error."""
    try:
        xs = [torch.tensor([0.5, -0.5], dtype=dtype, requires_grad=True) for _ in range(arity)]
        fn(*xs).sum().backward()
        return True
    except (RuntimeError, TypeError, NotImplementedError) as e:
        return str(e).splitlines()[0]


def load():
    global torch, F
    import torch as torch_module
    import torch.nn.functional as functional
    torch, F = torch_module, functional
    dtypes = {"float16": torch.float16, "bfloat16": torch.bfloat16, "float32": torch.float32, "float64": torch.float64}
    return Framework(torch.__version__, str(torch.tensor(0.0).device), dtypes, supports, [("scalar", scalar), ("batch", batch)])


if __name__ == "__main__":
    main(FRAMEWORK, "torch_dump.py", TABLE, load, ["scalar", "batch"])
