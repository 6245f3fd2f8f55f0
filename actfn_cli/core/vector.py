"""Activations along an axis: softmax, log_softmax, softmin, sparsemax, the GLU family, maxout.

Every function here receives a contiguous float64 (rows, n) array — the wrapper
(:class:`~actfn_cli.core.activation.VectorActivation`) has moved the axis last — and works on
its rows: ``f`` returns (rows, m), ``d1`` the Jacobian (rows, m, n) and ``jvp(x, v)`` the
product J·v, (rows, m), without forming J.

Conventions shared by the family:
- NaN: an output that depends on a NaN input is NaN, and so are its Jacobian row (over the
  inputs it depends on) and its JVP entry. For the softmax family and sparsemax every output
  depends on the whole row.
- Infinite inputs to softmax, log_softmax, softmin and sparsemax take the limit along
  x = c·1_K + y as c → ±∞: a row holding k entries equal to +∞ gives 1/k on them and 0
  elsewhere; a row whose entries are all −∞ is the limit of a constant row, the uniform 1/n.
  The Jacobian is the closed form evaluated at that limit (see :func:`_shifted`).
"""

from __future__ import annotations

import functools
import math

import numpy as np

from .activation import BLOCK
from .registry import Param, define_vector, lookup

inf = math.inf

_TEMPERATURE = Param("temperature", 1.0, "divides x before the exponential", symbol="T",
                     check=lambda t: t > 0, allowed="> 0")
_INF_ROWS = ("a row holding k entries equal to +∞ gives 1/k on them and 0 elsewhere (the limit); "
             "an all −∞ row gives the uniform 1/n (the limit of a constant row); "
             "NaN anywhere in a row makes the whole row NaN")


def _by_rows(fn):
    """Run ``fn(x, [v,] **p)`` on blocks of rows of about BLOCK elements, so that its
    temporaries stay in cache (as the wrapper does for element-wise activations)."""
    @functools.wraps(fn)
    def run(x, *v, **p):
        step = max(1, BLOCK // x.shape[1]) if x.shape[1] else len(x)
        if len(x) <= step:
            return fn(x, *v, **p)
        first = fn(x[:step], *(w[:step] for w in v), **p)
        out = np.empty((len(x), *first.shape[1:]))
        out[:step] = first
        for i in range(step, len(x), step):
            out[i:i + step] = fn(x[i:i + step], *(w[i:i + step] for w in v), **p)
        return out
    return run


def _define(f, d1, jvp, **fields):
    return define_vector(f=_by_rows(f), d1=_by_rows(d1), jvp=_by_rows(jvp), **fields)


def _at_least_one(n, **_):
    return None if n >= 1 else "needs at least one input along the axis (got 0)"


def _same_size(n, **_):
    return n


# --------------------------------------------------------------------------- softmax family
def _row_max(x):
    """max over each row as a (rows, 1) column; NaN propagates. Short rows go column by
    column, several times faster than NumPy's reduction over a short last axis."""
    if x.shape[1] > 32:
        return x.max(axis=1, keepdims=True)
    m = x[:, :1].copy()
    for j in range(1, x.shape[1]):
        np.maximum(m, x[:, j:j + 1], out=m)
    return m


def _row_sum(x):
    """Σ over each row. Below 8 entries NumPy sums sequentially too, so the column-by-column
    loop gives the same result, faster; longer rows keep NumPy's pairwise summation."""
    if x.shape[1] >= 8:
        return x.sum(axis=1)
    total = x[:, 0].copy()
    for j in range(1, x.shape[1]):
        total += x[:, j]
    return total


def _sum_without(a, at):
    """Row sums of the C-contiguous a without the entries at the flat indices ``at`` (one per
    row), and those entries."""
    flat = a.reshape(-1)
    saved = flat[at]
    flat[at] = 0.0
    total = _row_sum(a)
    flat[at] = saved
    return total, saved


def _shifted(x, negate=False, temperature=1.0):
    """d = (z − max z)/T per row with z = ±x: d ≤ 0, exactly 0 at the row maximum.

    Subtracting before dividing keeps d accurate (z − max z is often exact); where z − max z
    overflows to −∞ and T > 1 the true d may be finite, so it is recomputed as z/T − max/T.
    Rows whose maximum is ±∞ (where z − max would be ∞ − ∞) get d = 0 on the entries equal to
    the maximum and −∞ elsewhere, which is the limit described in the module docstring. A row
    with a NaN has a NaN maximum and so stays NaN throughout. Also returns ``at``, the flat
    index of each row's first maximum (of its first entry in a NaN row): d is 0 there, so
    exp(d) is exactly 1.
    """
    d = np.negative(x) if negate else x.copy()
    m = _row_max(d)
    d -= m
    limit = np.isinf(m[:, 0])
    if limit.any():
        z = -x[limit] if negate else x[limit]
        d[limit] = np.where(z == m[limit], 0.0, -inf)
    if temperature != 1.0:
        d /= temperature
        if temperature > 1.0:
            over = np.isneginf(d) & np.isfinite(x) & np.isfinite(m)
            if over.any():
                z = -x if negate else x
                d[over] = (z / temperature - m / temperature)[over]
    return d, np.argmax(d, axis=1) + d.shape[1] * np.arange(len(d))


def _parts(x, temperature, negate=False):
    """The softmax s = e/S with e = exp(d), rest = S − 1 and ``at``. rest is Σ_{j≠a} e_j,
    summed without the exact 1 at the first maximum a, so 1 − s_a = rest/S and
    log S = log1p(rest) come without cancellation."""
    d, at = _shifted(x, negate, temperature)
    e = np.exp(d, out=d)
    rest = _sum_without(e, at)[0]
    e /= (1.0 + rest)[:, None]
    return e, rest, at


def _complement(s, rest, at):
    """1 − s: plain for entries ≤ ½, rest/S at the first maximum (which may be close to 1)."""
    c = 1.0 - s
    c.reshape(-1)[at] = rest / (1.0 + rest)
    return c


def _centred(s, rest, at, v):
    """v_i − Σ_j s_j v_j per row, each entry without avoidable cancellation.

    At the first maximum a it is (1 − s_a)·v_a − Σ_{j≠a} s_j v_j; elsewhere s_i ≤ ½ and the
    plain form is accurate.
    """
    others, first = _sum_without(s * v, at)
    out = v - (others + first)[:, None]
    out.reshape(-1)[at] = (rest / (1.0 + rest)) * v.reshape(-1)[at] - others
    return out


def _softmax_jac(s, c, scale):
    """scale·s_i(δ_ij − s_j), with the diagonal s_i·(1 − s_i) taken from the accurate c."""
    j = np.multiply(s[:, :, None], s[:, None, :])
    j *= -scale
    idx = np.arange(s.shape[1])
    j[:, idx, idx] = s * c * scale
    return j


def _softmax_family(negate):
    sign = -1.0 if negate else 1.0

    def f(x, temperature):
        return _parts(x, temperature, negate)[0]

    def d1(x, temperature):
        s, rest, at = _parts(x, temperature, negate)
        return _softmax_jac(s, _complement(s, rest, at), sign / temperature)

    def jvp(x, v, temperature):
        s, rest, at = _parts(x, temperature, negate)
        out = _centred(s, rest, at, v)
        out *= s
        out *= sign / temperature
        return out

    return f, d1, jvp


_softmax, _softmax_d1, _softmax_jvp = _softmax_family(negate=False)
_softmin, _softmin_d1, _softmin_jvp = _softmax_family(negate=True)


def _log_softmax(x, temperature):
    # d − log S with d ≤ 0 and log S = log1p(rest) ≥ 0: a sum of two non-positive terms.
    d, at = _shifted(x, False, temperature)
    d -= np.log1p(_sum_without(np.exp(d), at)[0])[:, None]
    return d


def _log_softmax_d1(x, temperature):
    s, rest, at = _parts(x, temperature)
    j = np.repeat((s * (-1.0 / temperature))[:, None, :], s.shape[1], axis=1)
    idx = np.arange(s.shape[1])
    j[:, idx, idx] = _complement(s, rest, at) / temperature
    return j


def _log_softmax_jvp(x, v, temperature):
    s, rest, at = _parts(x, temperature)
    out = _centred(s, rest, at, v)
    out /= temperature
    return out


_SOFTMAX_COMMON = dict(
    family="vector", d2=None, params=(_TEMPERATURE,), out_size=_same_size,
    check_size=_at_least_one, monotonic=False,
    reference="J. S. Bridle, Probabilistic Interpretation of Feedforward Classification Network "
              "Outputs, with Relationships to Statistical Pattern Recognition",
    year=1990,
)

_define(
    name="softmax", f=_softmax, d1=_softmax_d1, jvp=_softmax_jvp, **_SOFTMAX_COMMON,
    formula="f(x)ᵢ = exp(xᵢ/T) / Σⱼ exp(xⱼ/T)",
    latex=r"f(x)_i = \frac{e^{x_i/T}}{\sum_j e^{x_j/T}}",
    derivative="∂fᵢ/∂xⱼ = fᵢ·(δᵢⱼ − fⱼ)/T",
    summary="Normalised exponentials: a probability vector; ±∞ rows take their limits.",
    range=(0.0, 1.0),
    kink_convention="smooth; " + _INF_ROWS + " (PyTorch and JAX give NaN for an all −∞ row)",
    frameworks={"torch": "torch.nn.Softmax", "jax": "jax.nn.softmax",
                "keras": "keras.activations.softmax", "tf": "tf.nn.softmax"},
)

_define(
    name="log_softmax", f=_log_softmax, d1=_log_softmax_d1, jvp=_log_softmax_jvp,
    **_SOFTMAX_COMMON,
    formula="f(x)ᵢ = xᵢ/T − log Σⱼ exp(xⱼ/T)",
    latex=r"f(x)_i = \frac{x_i}{T} - \log \sum_j e^{x_j/T}",
    derivative="∂fᵢ/∂xⱼ = (δᵢⱼ − softmax(x)ⱼ)/T",
    summary="The logarithm of softmax, computed without forming softmax.",
    range=(-inf, 0.0),
    kink_convention="smooth; the log of softmax's limits: " + _INF_ROWS,
    frameworks={"torch": "torch.nn.LogSoftmax", "jax": "jax.nn.log_softmax",
                "keras": "keras.activations.log_softmax", "tf": "tf.nn.log_softmax"},
)

_define(
    name="softmin", f=_softmin, d1=_softmin_d1, jvp=_softmin_jvp, **_SOFTMAX_COMMON,
    formula="f(x)ᵢ = exp(−xᵢ/T) / Σⱼ exp(−xⱼ/T)",
    latex=r"f(x)_i = \frac{e^{-x_i/T}}{\sum_j e^{-x_j/T}}",
    derivative="∂fᵢ/∂xⱼ = −fᵢ·(δᵢⱼ − fⱼ)/T",
    summary="Softmax of −x: most weight on the smallest inputs.",
    range=(0.0, 1.0),
    kink_convention="smooth; softmax of −x: a row holding k entries equal to −∞ gives 1/k on "
                    "them and 0 elsewhere; an all +∞ row gives the uniform 1/n; NaN anywhere "
                    "in a row makes the whole row NaN",
    frameworks={"torch": "torch.nn.Softmin"},
)


# --------------------------------------------------------------------------- sparsemax
def _sparsemax(x):
    """max(z − τ, 0) with z = x − max x (sparsemax is shift-invariant; the shift keeps the
    cumulative sums small). τ = (Σ_{j≤k} z_(j) − 1)/k for the largest k with
    1 + k·z_(k) > Σ_{j≤k} z_(j), z sorted in decreasing order (Martins & Astudillo, Alg. 1)."""
    d, _ = _shifted(x)
    zs = np.sort(d, axis=1)[:, ::-1]
    cs = np.cumsum(zs, axis=1)
    k = np.arange(1, d.shape[1] + 1, dtype=np.float64)
    ok = 1.0 + k * zs > cs  # True for k = 1; −∞ entries never pass
    size = d.shape[1] - np.argmax(ok[:, ::-1], axis=1)
    r = np.arange(len(d))
    tau = (cs[r, size - 1] - 1.0) / size
    d -= tau[:, None]
    return np.maximum(d, 0.0, out=d)  # exact zeros off the support; NaN propagates


def _support(p):
    """The support indicator S = (p > 0) as float, its size, and NaN rows as NaN."""
    on = (p > 0.0).astype(np.float64)
    size = on.sum(axis=1)
    on[np.isnan(p).any(axis=1)] = np.nan
    return on, size


def _sparsemax_d1(x):
    on, size = _support(_sparsemax(x))
    j = np.multiply(on[:, :, None], on[:, None, :])
    j /= size[:, None, None]
    np.subtract(0.0, j, out=j)  # −s·sᵀ/|S|, with +0 rather than −0 off the support
    idx = np.arange(on.shape[1])
    j[:, idx, idx] += on
    return j


def _sparsemax_jvp(x, v):
    on, size = _support(_sparsemax(x))
    mean = (on * v).sum(axis=1) / size
    out = on * (v - mean[:, None])
    out += 0.0  # +0 rather than −0 off the support
    return out


_define(
    name="sparsemax", family="vector", f=_sparsemax, d1=_sparsemax_d1, d2=None,
    jvp=_sparsemax_jvp, out_size=_same_size, check_size=_at_least_one,
    formula="f(x)ᵢ = max(xᵢ − τ(x), 0), τ such that Σᵢ f(x)ᵢ = 1",
    latex=r"f(x)_i = \max\bigl(x_i - \tau(x),\, 0\bigr),\ \sum_i f(x)_i = 1",
    derivative="J = diag(s) − s·sᵀ/|S|, s the indicator of the support S = {i: f(x)ᵢ > 0}",
    summary="Euclidean projection onto the probability simplex: sparse probabilities.",
    range=(0.0, 1.0), continuity=0, monotonic=False,
    kink_convention="piecewise linear; at a change of support (xᵢ = τ) the support is "
                    "{i: f(x)ᵢ > 0}, as in Martins & Astudillo; " + _INF_ROWS,
    reference="A. F. T. Martins & R. F. Astudillo, From Softmax to Sparsemax: A Sparse Model "
              "of Attention and Multi-Label Classification, ICML",
    year=2016,
    frameworks={"keras": "keras.activations.sparsemax"},
)


# --------------------------------------------------------------------------- the GLU family
def _halves(n, **_):
    return n // 2


def _even(n, **_):
    if n < 2 or n % 2:
        return (f"the size along the axis must be even, to split it into halves a and b "
                f"(got {n})")
    return None


def _elementwise(name, attr, b):
    """The catalogue's element-wise gate ``name`` (its f or d1, default parameters) on b."""
    defn = lookup(name)
    flat = np.ascontiguousarray(b).reshape(-1)
    return getattr(defn, attr)(flat, **defn.resolve(None, {})).reshape(b.shape)


def _times(a, g, b):
    """a·g with 0·∞ = 0 when the zero or the infinity comes from a finite input (then the
    product is 0 for every value of the other factor, hence in the limit); NaN when both a
    and b are infinite (indeterminate) or an input is NaN."""
    y = a * g
    bad = np.isnan(y)
    if bad.any():
        y[bad & ~np.isnan(a) & ~np.isnan(b) & ~(np.isinf(a) & np.isinf(b))] = 0.0
    return y


def _gated_parts(x, gate, derivative):
    m = x.shape[1] // 2
    a, b = x[:, :m], x[:, m:]
    g = _elementwise(gate, "f", b)
    y = _times(a, g, b)
    if not derivative:
        return y, None, None
    h = _times(a, _elementwise(gate, "d1", b), b)
    lost = np.isnan(y)  # the NaN convention: a NaN output has a NaN Jacobian row
    g[lost] = np.nan
    h[lost] = np.nan
    return y, g, h


def _gated(gate):
    def f(x):
        return _gated_parts(x, gate, False)[0]

    def d1(x):
        _, g, h = _gated_parts(x, gate, True)
        rows, m = g.shape
        j = np.zeros((rows, m, 2 * m))
        idx = np.arange(m)
        j[:, idx, idx] = g
        j[:, idx, m + idx] = h
        return j

    def jvp(x, v):
        _, g, h = _gated_parts(x, gate, True)
        m = g.shape[1]
        g *= v[:, :m]
        h *= v[:, m:]
        g += h
        return g

    return f, d1, jvp


_GLU_INF = ("products a·g(b) take 0·∞ = 0 when the zero or the infinity comes from a finite "
            "input, and are NaN when a and b are both infinite")
_GATES = (
    ("glu", "sigmoid", "σ", r"\sigma", "σ′", "smooth",
     "Y. N. Dauphin, A. Fan, M. Auli & D. Grangier, Language Modeling with Gated "
     "Convolutional Networks, ICML", 2017,
     {"torch": "torch.nn.GLU", "jax": "jax.nn.glu", "keras": "keras.activations.glu"}),
    ("reglu", "relu", "relu", r"\operatorname{relu}", "relu′", "relu′(0) = 0 (PyTorch, JAX)",
     "N. Shazeer, GLU Variants Improve Transformer, arXiv:2002.05202", 2020, {}),
    ("geglu", "gelu", "gelu", r"\operatorname{gelu}", "gelu′",
     "gelu is the exact x·Φ(x) (gelu's default)",
     "N. Shazeer, GLU Variants Improve Transformer, arXiv:2002.05202", 2020, {}),
    ("swiglu", "silu", "silu", r"\operatorname{silu}", "silu′", "silu(x) = x·σ(x)",
     "N. Shazeer, GLU Variants Improve Transformer, arXiv:2002.05202", 2020, {}),
)

for _name, _gate, _g, _gtex, _gd, _note, _ref, _year, _fw in _GATES:
    _f, _d1, _jvp = _gated(_gate)
    _define(
        name=_name, family="vector", f=_f, d1=_d1, d2=None, jvp=_jvp,
        out_size=_halves, check_size=_even,
        formula=f"f(x) = a·{_g}(b), x = (a, b) split in halves",
        latex=rf"f(x) = a \odot {_gtex}(b),\quad x = (a, b)",
        derivative=f"∂fᵢ/∂aᵢ = {_g}(bᵢ), ∂fᵢ/∂bᵢ = aᵢ·{_gd}(bᵢ), other entries 0",
        summary=f"Gated linear unit: the first half times {_g} of the second half.",
        continuity=0 if _gate == "relu" else inf, monotonic=False,
        kink_convention=f"{_note}; {_GLU_INF}",
        reference=_ref, year=_year, frameworks=_fw,
    )


# --------------------------------------------------------------------------- maxout
def _groups(x, pieces):
    return x.reshape(len(x), x.shape[1] // pieces, pieces)


def _maxout(x, pieces):
    # np.maximum over the k strided slices is far faster than .max over a short last axis;
    # NaN propagates through it.
    g = _groups(x, pieces)
    y = g[:, :, 0].copy()
    for r in range(1, pieces):
        np.maximum(y, g[:, :, r], out=y)
    return y


def _maxout_scan(x, pieces, v=None):
    """The group maxima and, for each group, the index of its first maximal piece (given v:
    the entry of v there). A NaN group has a NaN maximum; what it picks is then meaningless."""
    g = _groups(x, pieces)
    best = g[:, :, 0].copy()
    pick = np.zeros(best.shape, np.intp) if v is None else _groups(v, pieces)[:, :, 0].copy()
    for r in range(1, pieces):
        better = g[:, :, r] > best  # strict: the first of equal maxima stays
        if v is None:
            pick[better] = r
        else:
            np.copyto(pick, _groups(v, pieces)[:, :, r], where=better)
        np.maximum(best, g[:, :, r], out=best)
    return best, pick


def _maxout_d1(x, pieces):
    y, pick = _maxout_scan(x, pieces)
    rows, m = pick.shape
    j = np.zeros((rows, m, m, pieces))
    r, i = np.indices((rows, m))
    j[r, i, i, pick] = 1.0
    rr, ii = np.nonzero(np.isnan(y))
    j[rr, ii, ii] = np.nan
    return j.reshape(rows, m, m * pieces)


def _maxout_jvp(x, v, pieces):
    y, out = _maxout_scan(x, pieces, v)
    out[np.isnan(y)] = np.nan
    return out


def _pieces_fit(n, pieces):
    if n < 1 or n % pieces:
        return (f"the size along the axis ({n}) must be a positive multiple of "
                f"pieces={pieces}")
    return None


_define(
    name="maxout", family="vector", f=_maxout, d1=_maxout_d1, d2=None, jvp=_maxout_jvp,
    params=(Param("pieces", 2, "inputs per group: the output has n/pieces entries", kind=int,
                  check=lambda k: k >= 1, allowed="≥ 1", symbol="k"),),
    out_size=lambda n, pieces: n // pieces, check_size=_pieces_fit,
    formula="f(x)ᵢ = max(x_{k(i−1)+1}, …, x_{ki}), k = pieces",
    latex=r"f(x)_i = \max_{0 \le r < k} x_{ki + r}",
    derivative="∂fᵢ/∂xⱼ = 1 for the first maximal input j of group i, else 0",
    summary="Maximum over groups of k consecutive inputs.",
    continuity=0, monotonic=True,
    kink_convention="at a tie the gradient goes to the first maximal input (the index "
                    "torch.max returns); JAX's jnp.max splits it equally among the ties",
    reference="I. J. Goodfellow, D. Warde-Farley, M. Mirza, A. Courville & Y. Bengio, "
              "Maxout Networks, ICML",
    year=2013,
)
