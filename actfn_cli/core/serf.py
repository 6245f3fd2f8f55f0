"""SERF, f(x) = x·erf(s) with s = softplus(x) = ln(1 + eˣ): values and derivatives, float64 and
float32 (registered in :mod:`gated_more`). c = 2/√π, σ = σ(x) = 1 − e^−s, u = s².

float64 f and f′: the elements are split by sign (gathered, computed, scattered back), so that
each runs one straight-line formula and none runs a formula meant for the other:
- x < 0 (s ≤ ln 2), e = eˣ, s = log1p(e): erf(s) = s + s·R(u) (ERF0, rational in u), and
  f′ = c·e^−u·(σ·(1 + x) + D(s)) with D(s) = erf(s)·e^u/c − σ = s²·R₂(s) (DERF, rational in
  s). Around the root of f′ (−1.19) the bracket cancels on an exact 1 + x and a D(s) that an
  error in s barely moves, so f′ keeps its absolute accuracy there.
- 0 ≤ x < 6 (f), < 6.5 (f′), e = e^−x, s = x + log1p(e): erf(s) = 1 − e^−u·erfcx(s), erfcx
  rational in s (ERFCX; 1 − erfc ≥ 0.67 needs only absolute accuracy), and
  f′ = 1 − e^−u·(erfcx(s) − x·c·σ), σ = 1/(1 + e).
- beyond, f = x and f′ = 1 (they round to it); below −700, where eˣ nears the subnormals,
  erf(s) = c·eˣ to the last bit, eˣ formed as e^(x + 660)·e^−660.
The rationals are fitted, and checked, by tests/fit_serf_coefficients.py.

float64 f″ = c·e^−u·σ·(2 + x((1 − σ) − 2sσ)) needs no erf: one straight line for both signs
(no split, no np.where; see :func:`_serf64_d2`) from e = e^−|x|, log1p(e) and two more exps,
e^−u taken as a product so that u is never rounded, the bracket cancelling on an exact 2 + x
(root −2.26) or on x² alone (root 1.10).

float32: interpolation in tables of cubics, one per 1/16 of x on [−86, 4.5] for f and f′, one
per 1/64 on [−86, 10.5] for f″ (its e^−x² factor needs the finer rows: at 1/16 the error at
x = 4 would be 2**-15.6), computed once (on first use) from the float64 functions at Chebyshev
nodes. The interpolation error is below 2**-27 relative for g = erf(s), and for f′ and f″ below
2**-26 relative plus 2**-24·|x·f⁽ⁿ⁺¹⁾| (half their conditioning allowance, which covers their
roots and f″'s e^−x² tail); checked against mpmath by the fitting script. Storing the
coefficients in float32 adds 2**-24. Row k holds c0..c3 for d = Nx − k ∈ [−½, ½] (exact,
N = 16 or 64): one gather per element, then c0 + d(c1 + d(c2 + d·c3)) in float32, its last sum
in float64 for f = x·g (rounded once). x beyond the last row takes it (g and f′ are 1, f″ is 0
in float32 there), x < −86 (results near the float32 subnormals) the float64 path.

Measured against mpmath (python tests/fit_serf_coefficients.py --sweep 1000000: uniform on ±40,
log-spaced magnitudes, dense around the roots −1.19 of f′ and −2.26, 1.10 of f″), as max ulp and
as the largest fraction of the test tolerance (4 ulp for f, 8 for f′ and f″, plus 2·|x·g′/g|):
float64 f 3 ulp / 0.50, f′ 0.45, f″ 0.54 (at x = 0.43, where f″ crosses ½ and an ulp is
smallest; 0.65 in 2·10⁵ points on [0, 1], 0.30 around the root 1.10, 0.28 around −2.26);
float32 f 1.4 ulp / 0.26, f′ 0.15, f″ 0.16.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

from ._util import as64, poly
from .gated import BIG

SERF_MIN = -0.34843745875960647  # min f (mpmath, rounded down), at the root of f′
_C = 2.0 / math.sqrt(math.pi)
_LN_C = math.log(_C)
_E_M330 = math.exp(-330.0)
_FAR = -700.0  # below: the tail forms (eˣ scaled)
_ONE_F, _ONE_D1 = 6.0, 6.5  # from here on f = x (erf(s) = 1, s ≥ x), f′ = 1
_ZERO_D2 = 40.0  # from here on f″ = −0 (e^−x² underflows from 27.3)

# Coefficients, lowest degree first, denominators with q0 = 1 (tests/fit_serf_coefficients.py).
_FITTED = {
    # erf(s)/s − 1 = P(u)/Q(u), 0 ≤ s ≤ ln 2; relative error of erf(s) < 0.13·2**-53
    "ERF0": ((0.12837916709551256, -0.31774998046311304, -0.0469734211687309,
              -0.007330586327401088, -0.0003046929591065362),
             (1.0, 0.45471870467339126, 0.08740021289936527, 0.00856524848729823,
              0.0003695134559391951)),
    # erfc(s)·exp(s²) = P(s)/Q(s), ln 2 ≤ s ≤ 6.5; |error|·exp(−s²) < 0.21·2**-53
    "ERFCX": ((0.9999999858675045, 1.3480135699468796, 0.8974856627815607, 0.342954851736295,
               0.07474921860418565, 0.007527093705225535),
              (1.0, 2.4763925570647163, 2.691796512355564, 1.6561781173619796,
               0.6146336103234329, 0.13248304166197009, 0.01334164878585164)),
    # D(s)/s² = P(s)/Q(s), 0 ≤ s ≤ ln 2; its share of f′'s error < 0.04 of the tolerance
    "DERF": ((0.5000000000000093, 0.35217836188542134, -0.2578999913249207, 0.1457480850371945,
              -0.023491734508879213, 0.008565044883218803, -0.000475595270301521,
              0.00037865837792590984),
             (1.0, -0.2956432762274366, -0.3034900398170442, 0.10295648408585774,
              0.02532211787517451, -0.011131333093929144, 0.0006016815885505421)),
}
_ERF0, _ERFCX, _DERF = (_FITTED[k] for k in ("ERF0", "ERFCX", "DERF"))


def _ratio(t, fit):
    num = poly(t, fit[0])
    num /= poly(t, fit[1])
    return num


# ----------------------------------------------------------------------------- float64 f, f′
def _split_by_sign(x, out, neg, pos, neg_form, pos_form, tail_one):
    """``out`` with the entries of the mask ``neg`` (x < 0) from ``neg_form`` (below −700 from
    the tail form) and those of ``pos`` from ``pos_form``, each run on a gathered copy."""
    i = np.flatnonzero(neg)
    if i.size:
        xn = x.take(i)
        r = neg_form(xn)
        if xn.min() < _FAR:
            j = np.flatnonzero(xn < _FAR)
            r[j] = _tail(xn.take(j), tail_one)
        out[i] = r
    i = np.flatnonzero(pos)
    if i.size:
        out[i] = pos_form(x.take(i))
    return out


def _tail(x, one):
    """(x + one)·c·eˣ for x < −700 (erf(s) = c·eˣ there), −∞ included: eˣ is formed as
    e^(x + 660)·e^−660 so that a normal result keeps its precision."""
    xm = np.maximum(x, -BIG)
    e = xm + 660.0
    np.exp(e, out=e)
    xm += one
    xm *= _C
    e *= xm
    e *= _E_M330
    e *= _E_M330
    return e


def _f_neg(x):
    s = np.exp(x)
    np.log1p(s, out=s)
    g = _ratio(s * s, _ERF0)
    g *= s
    g += s  # erf(s)
    g *= x
    return g


def _f_pos(x):
    s = np.negative(x)
    np.exp(s, out=s)
    np.log1p(s, out=s)
    s += x
    k = _ratio(s, _ERFCX)
    np.square(s, out=s)
    np.negative(s, out=s)
    np.exp(s, out=s)
    k *= s  # erfc(s)
    np.subtract(1.0, k, out=k)
    k *= x
    return k


def _serf64(x):
    neg = x < 0
    pos = x < _ONE_F
    pos ^= neg  # 0 ≤ x < 6
    return _split_by_sign(x, x.copy(), neg, pos, _f_neg, _f_pos, 0.0)


def _d1_neg(x):
    e = np.exp(x)
    sig = e + 1.0
    np.divide(e, sig, out=sig)
    s = np.log1p(e, out=e)
    d = _ratio(s, _DERF)
    u = np.square(s, out=s)
    d *= u  # D(s)
    np.subtract(_LN_C, u, out=u)
    np.exp(u, out=u)  # c·exp(−s²), the argument rounded by < 2**-55
    t = x + 1.0  # exact on [−2, −0.5], around the root −1.19
    t *= sig
    t += d
    t *= u
    return t


def _d1_pos(x):
    e = np.negative(x)
    np.exp(e, out=e)
    s = np.log1p(e)
    s += x
    e += 1.0
    w = x * _C
    w /= e  # x·c·σ
    k = _ratio(s, _ERFCX)
    k -= w
    np.square(s, out=s)
    np.negative(s, out=s)
    np.exp(s, out=s)
    k *= s
    np.subtract(1.0, k, out=k)
    return k


def _serf64_d1(x):
    neg = x < 0
    pos = x >= _ONE_D1
    pos |= neg
    np.logical_not(pos, out=pos)  # 0 ≤ x < 6.5, and NaN
    return _split_by_sign(x, np.ones_like(x), neg, pos, _d1_neg, _d1_pos, 1.0)


# ----------------------------------------------------------------------------- float64 f″
def _serf64_d2(x):
    """f″ = c·e^−u·σ·b, b = 2 + x((1 − σ) − 2sσ), for both signs in one straight line (no
    split, no np.where): with xm = min(x, 0), xp = max(x, 0), e = e^(xm − xp) = e^−|x|,
    l = log1p(e) (s = xp + l), f″ = R·T·B/(1 + e)², where
    - R = exp(xm − xp²), eˣ or e^−x² (its argument exact), and T = c·exp(−l(2xp + l)):
      R·T = c·e^−u·σ·(1 + e) without rounding u = (xp + l)², which near x = 0.4 or 1.5 would
      cost up to 4 ulp;
    - B = (1 + e)·b = (2 − 2xp² + x·P) + 2(e − x·l·Q), with P, Q = 1, e (x < 0) or e, 1,
      formed as x·P = xm + xp·e and x·Q = xm·e + xp: for x < 0, (2 + x) + 2e(1 − xl), 2 + x
      exact around the root −2.26; for x ≥ 0, (2 − 2x²) + xe + 2(e − xl), which cancels at the
      root 1.10 on little more than the rounding of x².
    Below −700 (where eˣ nears the subnormals), (2 + x)·c·eˣ, scaled. About 30 array
    operations (3 exp, 1 log1p, 1 division): ~11.5× np.exp. Error: see the module docstring."""
    xm = np.clip(x, -BIG, 0.0)
    xp = np.clip(x, 0.0, _ZERO_D2)  # beyond, R = 0 and B finite: f″ = −0
    e = np.subtract(xm, xp)
    np.exp(e, out=e)
    el = np.log1p(e)
    t = xp * 2.0
    t += el
    t *= el
    np.subtract(_LN_C, t, out=t)
    np.exp(t, out=t)  # T
    w = xm * e
    w += xp
    el *= w  # x·l·Q
    np.subtract(e, el, out=el)
    el *= 2.0
    np.multiply(xp, e, out=w)
    w += xm  # x·P
    b = np.square(xp, out=xp)
    np.subtract(xm, b, out=xm)  # xm − xp², exact: one of the two is 0
    b *= -2.0
    b += 2.0
    b += w
    b += el  # B
    b *= t
    np.exp(xm, out=xm)  # R
    e += 1.0
    np.square(e, out=e)
    b /= e
    b *= xm
    if x.size and not x.min() >= _FAR:  # NaN too
        i = np.flatnonzero(x < _FAR)
        b[i] = _tail(x.take(i), 2.0)
    return b


# ----------------------------------------------------------------------------- float32 tables
_CHEB = np.cos(np.pi * (np.arange(4) + 0.5) / 4) / 2  # interpolation nodes, d in [−½, ½]
_T_LO_X = -86  # x below: the float64 path
# order: (rows per unit of x, first row, last row); x from −86 to 4.5 (f, f′), 10.5 (f″)
_GRID = {0: (16, -86 * 16, 72), 1: (16, -86 * 16, 72), 2: (64, -86 * 64, 672)}
_T_STEP, _T_LO, _T_HI = _GRID[0]  # f's and f′'s


def _coefficients(order):
    """c0..c3 (float64) per row: of g = erf(softplus x) for order 0, of f′ for 1, f″ for 2."""
    step, lo, hi = _GRID[order]
    k = np.arange(lo, hi + 1, dtype=np.float64)
    x = ((k[:, None] + _CHEB) / step).ravel()
    v = (_serf64_d2(x) if order == 2 else _serf64_d1(x)) if order else _serf64(x) / x
    return v.reshape(-1, 4) @ np.linalg.inv(np.vander(_CHEB, 4, increasing=True)).T


@cache
def _table(order):
    """The rows as 4 float32, one complex128 each so that one gather fetches a row."""
    return _coefficients(order).astype(np.float32).view(np.complex128).ravel()


def _lookup(x, order):
    """(c0, q) for float32 x, the table's value being c0 + q."""
    step, lo, hi = _GRID[order]
    t = x * np.float32(step)
    np.clip(t, np.float32(lo), np.float32(hi), out=t)
    k = np.rint(t)
    t -= k  # d, exact
    k -= np.float32(lo)
    rows = _table(order).take(k.astype(np.int32), mode="clip")  # NaN: any row, clipped
    rows = rows.view(np.float32).reshape(-1, 4)
    q = rows[:, 3] * t
    q += rows[:, 2]
    q *= t
    q += rows[:, 1]
    q *= t
    return rows[:, 0], q


def _below_table(x, out, form):
    """``out`` with x < −86 (−∞ included) from the float64 ``form``."""
    if not x.min() >= _T_LO_X:  # NaN lands here too
        i = np.flatnonzero(x < _T_LO_X)
        out[i] = form(x.take(i).astype(np.float64))
    return out


def _serf32(x):
    c0, q = _lookup(x, 0)
    g = np.add(c0, q, dtype=np.float64)
    g *= x
    return _below_table(x, g, _serf64)


def _serf32_d(x, order):
    c0, q = _lookup(x, order)
    q += c0
    return _below_table(x, q, _serf64_d2 if order == 2 else _serf64_d1)


# ----------------------------------------------------------------------------- entry points
def serf(x):
    return _serf32(x) if x.dtype == np.float32 else _serf64(as64(x))


def serf_d1(x):
    return _serf32_d(x, 1) if x.dtype == np.float32 else _serf64_d1(as64(x))


def serf_d2(x):
    return _serf32_d(x, 2) if x.dtype == np.float32 else _serf64_d2(as64(x))
