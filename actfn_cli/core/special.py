"""Vectorised erf, erfc, standard normal CDF and PDF in float64, NumPy only (the exact GELU's
x Phi(x) and Phi(x) + x phi(x), on the same driver, are in :mod:`special_gelu`).

Each NumPy operation being a pass over memory, each function runs one straight-line formula over
blocks of 32768 elements (temporaries stay in L2) and gathers only the elements it cannot serve,
to recompute them. With a = |x|:

* erf, a >= 0.84375: copysign(1 - exp(-a*a) P(a)/Q(a), x) (absolute accuracy suffices there);
  below, fdlibm's x + x*R(x*x) (``s_erf.c``, Sun 1993, with its coefficients).
* erfc, x >= 1.25: exp(-x*x) / (sqrt(pi) (x + F(x))), the quotient rounded once from its exact
  remainder; x <= -0.84375: 2 - exp(-a*a) P(a)/Q(a) as in erf; in between, fdlibm's forms.
* Phi (``ndtr``), a >= 1: Phi(-a) = phi(a) / (a + F(a)), and 1 - that for x >= 0; below 1,
  1/2 + x c (1 + R(x*x/2)), fdlibm's R, c = 1/(2 sqrt 2), the leading product x*c exact.
* phi (``npdf``) = exp(-x*x/2)/sqrt(2 pi); ``ndtr_npdf`` gives Phi and phi from one exp.

a + F is the reciprocal Mills ratio (of erfcx for erfc), a continued fraction in a, which
rationals in a fit well; F and erf's P/Q were fitted for this module (near-minimax, in
mpmath), verified by ``tests/fit_special_coefficients.py --check``. Each exp(-k*a*a + C) of erfc,
Phi and phi has an exact argument: a = h + l, h a multiple of 2**-20 (h*h exact), C split so that
C_hi - k*h*h is exact, the rounding of the sum kept as exp(s)*(1 + ds). Where the result is
subnormal (|x| > 37.5 for phi and Phi, 26.5 for erfc) the exp is taken 2**64 larger and scaled
back, off its slow subnormal path; |x| is clipped only in blocks that reach that far.

Measured against mpmath (tests/core/test_special.py, and ``python tests/make_special_reference.py
--sweep``: 1.2*10**6 points, uniform, log-spaced in magnitude and around every formula bound):
erf 1.4 ulp, erfc 1.8, ndtr 2.4, npdf 1.9 at most, subnormal results within 1.2 units of
2**-1074 (1 but just below the smallest normal). Every
function takes an array-like of any shape (0-d included), returns a new float64 array of the
same shape, propagates NaN, maps +-inf to the limits and emits no floating-point warning
whatever the caller's ``np.errstate``.
"""

from __future__ import annotations

import numpy as np

from ._util import poly

__all__ = ["erf", "erfc", "ndtr", "ndtr_npdf", "npdf"]

# ---- fdlibm s_erf.c: |x| < 0.84375, erf(x) = x + x*R(x*x), R = PP/QQ -----------------------------
_PP = (1.28379167095512558561e-01, -3.25042107247001499370e-01, -2.84817495755985104766e-02,
       -5.77027029648944159157e-03, -2.37630166566501626084e-05)
_QQ = (1.0, 3.97917223959155352819e-01, 6.50222499887672944485e-02, 5.08130628187576562776e-03,
       1.32494738004321644526e-04, -3.96022827877536812320e-06)

# 0.84375 <= x < 1.25: erf(x) = erx + P(s)/Q(s), s = x - 1, erx = erf(1) to 24 bits
_ERX = 8.45062911510467529297e-01
_PA = (-2.36211856075265944077e-03, 4.14856118683748331666e-01, -3.72207876035701323847e-01,
       3.18346619901161753674e-01, -1.10894694282396677476e-01, 3.54783043256182359371e-02,
       -2.16637559486879084300e-03)
_QA = (1.0, 1.06420880400844228286e-01, 5.40397917702171048937e-01, 7.18286544141962662868e-02,
       1.26171219808761642112e-01, 1.36370839120290507362e-02, 1.19844998467991074170e-02)

# ---- fitted by tests/fit_special_coefficients.py (low to high) -----------------------------------
# phi(a)/Phi(-a) = a + R(a)/P(a) for 1 <= a <= 38.6
_NDTR_R = (0.7978845614177666, 0.9672939085462516, 0.5947870692207778, 0.2350815689007929,
           0.06454116337207086, 0.012557482556882126, 0.0016962446413234216,
           0.00014709525902428574, 6.466581867107423e-06)
_NDTR_P = (1.0, 1.6677527134299994, 1.3683791572709907, 0.7139574115313415,
           0.25931428855341593, 0.06789484002257846, 0.012851673458502227,
           0.0017091777974701963, 0.00014709525911450812, 6.4665818666244735e-06)
# 1/(sqrt(pi) erfcx(a)) = a + R(a)/P(a) for 1.25 <= a <= 27.5 (P monic)
_ERFC_R = (2565.451764320306, 4591.201185614179, 4144.288278047315, 2404.12679171081,
           970.926741013663, 279.0949504807096, 56.10786194086132, 7.325229779339375,
           0.5000000000058669)
_ERFC_P = (4547.144712800328, 11066.39428863263, 13230.679060590091, 10067.32221824962,
           5344.470110476684, 2052.56908749334, 572.8403649170142, 113.2157237706591,
           14.650459560374665, 1.0)
# erfcx(a) = P(a)/Q(a) for 0.84375 <= a <= 6, to absolute accuracy in erfc
_ERFT_P = (0.9999999576098385, 1.3692113781578068, 0.9231545385477666, 0.35795102965812725,
           0.07940024974541142, 0.008195680505646225)
_ERFT_Q = (1.0, 2.4975900578743353, 2.7413857837515145, 1.705927193588591, 0.6417888115285751,
           0.14072822612757796, 0.014526631047098698)
_FITTED = {"NDTR": (_NDTR_R, _NDTR_P), "ERFC": (_ERFC_R, _ERFC_P), "ERFT": (_ERFT_P, _ERFT_Q)}

# ---- constants -----------------------------------------------------------------------------------
# log(1/sqrt(2 pi)) and log(1/sqrt(pi)) as hi + lo, hi a multiple of 2**-41 (so that hi - k*h*h is
# exact); the _S variants add 64 ln 2, for the subnormal results (scaled back by 2**-64).
_LN_RSQRT2PI = (-0.9189385332047095, 3.678716505667335e-14)
_LN_RSQRT2PI_S = (43.44248102263191, -8.252091006168204e-14)
_LN_RSQRTPI = (-0.5723649429246507, -4.941005757140082e-14)
_LN_RSQRTPI_S = (43.78905461291197, -1.6871813268975622e-13)
_TWO_M64 = 2.0**-64
_RSQRT2PI = (0.3989422804014327, -2.49232720227773e-17)  # C = 1/sqrt(2 pi), hi + lo
_S2PI = 2.5066282746310002  # sqrt(2 pi)
_C_HI, _C_LO = 0.3535533882677555, 2.325518253777571e-09  # 1/(2 sqrt 2); hi has 27 bits
_PPC = tuple(p * 0.3535533905932738 for p in _PP)  # fdlibm's PP times 1/(2 sqrt 2)

_SPLIT = 2.0**32  # (a + _SPLIT) - _SPLIT is a rounded to a multiple of 2**-20 (0 <= a < 2**31)
_HIGH26 = np.uint64(0xFFFFFFFFF8000000)  # keeps the top 26 significant bits of a double
_SIGN = np.uint64(1 << 63)
_ONE = np.uint64(1)
_SMALL, _MID, _NDTR_SMALL = 0.84375, 1.25, 1.0  # bounds of fdlibm's small and middle forms
_ERF_ONE, _NDTR_ONE = 6.0, 8.3  # erf(x) rounds to +-1 beyond (erfc(-x) to 2), Phi(x) to 1
# phi(a) and Phi(-a) are subnormal beyond 37.5 (the exp below it normal), 0 beyond 38.6;
# erfc(a) likewise from 26.5 and 27.5
_NDTR_EXP, _NDTR_ZERO, _ERFC_EXP, _ERFC_ZERO = 37.5, 38.6, 26.5, 27.5
_BLOCK = 1 << 15  # elements per block: the temporaries stay in L2
_NONE = np.empty(0, dtype=np.intp)


def _ratio(t, num, den):
    """P(t)/Q(t) for Q = 1 + t*Q1(t) in [1/2, 2], corrected by the quotient's remainder
    (P - y) - y*(Q - 1), P - y exact by Sterbenz: the precision fdlibm's forms need here."""
    p, qs = poly(t, num), poly(t, den[1:]) * t
    q = qs + 1.0
    y = p / q
    return y + ((p - y) - y * qs) / q


def _gauss(a, k, c):
    """(e, ds) with e*(1 + ds) = exp(-k*a*a + c[0] + c[1]) to ~2**-70, for 0 <= a < 64 and k in
    {1/2, 1}: a = h + l, h a multiple of 2**-20, so that c[0] - k*h*h is exact (c[0] is a multiple
    of 2**-41 and outweighs the rest, or c = 0 and h outweighs l: Fast2Sum holds)."""
    h = a + _SPLIT
    h -= _SPLIT
    d = a - h
    s = a + h
    d *= s  # a*a = h*h + d, d tiny
    np.multiply(h, h, out=s)
    s *= -k
    s += c[0]
    d *= -k
    d += c[1]
    e = s + d
    s -= e
    s += d  # ds, the rounding of e = s + d
    np.exp(e, out=e)
    return e, s


def _exact_quotient(e, ds, dh, dl):
    """e*(1 + ds)/(dh + dl) rounded once, for 0 < dh < 64 and |dl|, |ds| tiny: q = e/dh and its
    remainder e - q*dh, exact from q and dh split into 26-bit halves."""
    q = e / dh
    q1 = (q.view(np.uint64) & _HIGH26).view(np.float64)
    d1 = dh + _SPLIT
    d1 -= _SPLIT
    r = q1 * d1
    np.subtract(e, r, out=r)  # exact (Sterbenz)
    d1 -= dh
    d1 *= q1
    r += d1
    q1 -= q
    q1 *= dh
    r += q1  # e - q*dh, to ~2**-20 of itself
    ds *= dh
    ds -= dl
    ds *= q
    r += ds  # + e*ds - q*dl
    r /= dh
    r += q
    return r


def _clamp(a, span, bound):
    """``a`` = |x| clipped to ``bound`` (in place) when the block's largest |x| (``span``) exceeds
    it: the elements beyond are recomputed (patched), the clip keeps their exp off its slow path."""
    if span > bound:
        np.clip(a, 0.0, bound, out=a)
    return a


def _flip(x, p, negative):
    """Negate ``p`` (in place) where x is negative (sign bit set, -0 included), or where it is
    not; return 2.0 (negative) or 1.0 at those elements, 0.0 elsewhere (from sign bits)."""
    s = (x.view(np.uint64) if negative else np.invert(x.view(np.uint64))) & _SIGN
    np.bitwise_xor(p.view(np.uint64), s, out=p.view(np.uint64))
    s >>= _ONE  # 2.0 or 0.0
    h = s.view(np.float64)
    return h if negative else np.multiply(h, 0.5, out=h)


# ---- erf -----------------------------------------------------------------------------------------
def _erfc_tail(a):
    """erfc(a) = exp(-a*a)*P/Q to ~2**-56 absolute, a = |x| clamped to [0.84375, 6] in place."""
    np.clip(a, _SMALL, _ERF_ONE, out=a)
    q = poly(a, _ERFT_Q)
    a2 = a * a
    q *= np.exp(a2, out=a2)
    p = poly(a, _ERFT_P)
    p /= q
    return p


def _erf_big(x, a, out, span=np.inf):
    """erf(x) for |x| >= 0.84375, any x clamped: copysign(1 - erfc(a), x)."""
    p = _erfc_tail(a)
    np.subtract(1.0, p, out=p)
    np.copysign(p, x, out=out)


# ---- erfc ----------------------------------------------------------------------------------------
def _erfc_small(x):
    """erfc(x) for |x| < 0.84375 (fdlibm): 1 - (x + r) below 1/4, else 0.5 - ((x - 0.5) + r),
    0.5 - (x - 0.5) carried as w + dw; r = x*R(x*x)."""
    r = x * _ratio(x * x, _PP, _QQ)
    u = x - 0.5
    w = 0.5 - u
    return (np.where(x < 0.25, 1.0 - (x + r), w + (((0.5 - w) - u) - r)),)


def _erfc_quotient(a, c):
    """exp(-a*a + c)/(a + F(a)), the divisor in double-double and the quotient rounded once:
    erfc(a) for c = log(1/sqrt(pi)), or 2**64 erfc(a); a >= 1.25 (finite garbage below)."""
    e, ds = _gauss(a, 1.0, c)
    f = poly(a, _ERFC_R)
    f /= poly(a, _ERFC_P)
    dh = a + f
    np.subtract(a, dh, out=a)
    a += f  # dh + a = a + F exactly (Fast2Sum, F < a)
    return _exact_quotient(e, ds, dh, a)


def _erfc_base(x, a, out, span=np.inf):
    """erfc(x) for x <= -0.84375 (any x clamped): 2 - erfc(a), which needs erfc(a) to absolute
    accuracy only (erf's tail form)."""
    p = _erfc_tail(a)
    np.add(_flip(x, p, negative=True), p, out=out)


def _erfc_far(x):
    """erfc(x) for |x| > 26.5: 2 below, subnormal up to 27.5, 0 beyond."""
    y = np.where(x < 0.0, 2.0, 0.0)
    i = np.flatnonzero((x > 0.0) & (x <= _ERFC_ZERO))
    if i.size:
        y[i] = _erfc_quotient(x.take(i), _LN_RSQRTPI_S) * _TWO_M64
    return (y,)


# ---- the normal distribution ---------------------------------------------------------------------
def _normal_tail(a, e, ds):
    """Phi(-a), given e*(1 + ds) = phi(a) (or 2**64 phi(a)): phi(a)/(a + F(a)), the factor
    1 + ds folded into the divisor (F's rounding then weighs only F/(a + F))."""
    f = poly(a, _NDTR_R)
    f /= poly(a, _NDTR_P)
    t = a + f
    t *= ds
    f -= t
    f += a  # (a + F)(1 - ds)
    np.divide(e, f, out=f)
    return f


def _normal_base(x, a, cdf, pdf=None, span=np.inf):
    """Phi(x) into ``cdf`` (and phi(x) into ``pdf``), for 1 <= |x| <= 37.5 (clamped; finite
    garbage for the cdf below 1): 1 - Phi(-a) for x >= 0, Phi(-a) below."""
    e, ds = _gauss(_clamp(a, span, _NDTR_EXP), 0.5, _LN_RSQRT2PI)
    if pdf is not None:
        np.multiply(e, ds, out=pdf)
        pdf += e
    p = _normal_tail(a, e, ds)
    np.add(_flip(x, p, negative=False), p, out=cdf)  # 1 - Phi(-a) where x >= 0


def _normal_small(x, pdf=False):
    """Phi(x) for |x| < 1 (and phi): 1/2 + x*c*(1 + R(x*x/2)), c = 1/(2 sqrt 2), with
    x = h + l and c = _C_HI + _C_LO so that 1/2 + h*_C_HI is exact and the rest small."""
    h = (x + _SPLIT) - _SPLIT
    t = x * x * 0.5
    r = poly(t, _PPC) / poly(t, _QQ)
    cdf = (0.5 + h * _C_HI) + (x * (r + _C_LO) + (x - h) * _C_HI)
    if not pdf:
        return (cdf,)
    e, ds = _gauss(np.abs(x), 0.5, _LN_RSQRT2PI)
    return cdf, e + e * ds


def _normal_far(x, pdf=False):
    """Phi(x) (and phi) for |x| > 37.5: 0 or 1 (and 0), subnormal where |x| <= 38.6."""
    cdf, phi = np.greater(x, 0.0).astype(np.float64), np.zeros_like(x)
    i = np.flatnonzero(np.abs(x) <= _NDTR_ZERO)
    if i.size:
        xi = x.take(i)
        a = np.abs(xi)
        e, ds = _gauss(a, 0.5, _LN_RSQRT2PI_S)
        phi[i] = (e + e * ds) * _TWO_M64
        cdf[i] = np.where(xi < 0.0, _normal_tail(a, e, ds) * _TWO_M64, 1.0)
    return (cdf, phi) if pdf else (cdf,)


def _npdf_base(x, a, out, span=np.inf):
    """phi(x) for |x| <= 37.5 (clamped): exp(-x*x/2) times 1/sqrt(2 pi), exact at 0."""
    e, ds = _gauss(_clamp(a, span, _NDTR_EXP), 0.5, (0.0, 0.0))
    ds *= _RSQRT2PI[0]
    ds += _RSQRT2PI[1]
    ds *= e
    np.multiply(e, _RSQRT2PI[0], out=out)
    out += ds


# ---- driver ------------------------------------------------------------------------------------
def _where(cond):
    """Selector: the indices of a block where ``cond(block, |block|)`` holds."""
    return lambda x, a, span: np.flatnonzero(cond(x, a))


def _beyond(b):
    """Selector of the elements with |x| > b: none unless the block's largest |x| exceeds b."""
    return lambda x, a, span: np.flatnonzero(a > b) if span > b else _NONE


def _scatter(base, x, a, outs, i):
    """outs[i] = base(x[i]) for a base formula (which fills arrays given to it)."""
    if i.size:
        tmp = [np.empty(i.size) for _ in outs]
        base(x.take(i), a.take(i), *tmp)
        for o, t in zip(outs, tmp):
            o[i] = t


def _skipping(cond, value, base):
    """``base``, except that when most of a block lies where ``cond`` holds and the formula would
    give ``value`` there (erf = +-1 beyond 6, say; a sample tells first), those elements get
    ``value`` directly and the formula runs on the others."""
    def run(x, a, *outs, span=np.inf):
        if 2 * np.count_nonzero(cond(x[::64])) > x[::64].size:
            m = cond(x)
            if 2 * np.count_nonzero(m) > x.size:
                for o, v in zip(outs, value(x)):
                    o[...] = v
                return _scatter(base, x, a, outs, np.flatnonzero(~m))
        base(x, a, *outs, span=span)
    return run


def _apply(x, n_out, base, special=()):
    """New float64 arrays of the shape of ``x``, filled block by block with FP warnings off:
    ``base(block, a, *outs, span=s)`` fills a block's outputs given a = |block| (which it may
    overwrite) and s = max(a) (inf if the block holds a NaN); each ``(select, fn)`` of ``special``
    names a group of elements (the groups are disjoint) whose values are ``fn(x[those])``
    instead. When a group holds over a quarter of a block, the base skips all the groups."""
    x = np.asarray(x, dtype=np.float64)
    flat, outs = x.reshape(-1), [np.empty(x.size) for _ in range(n_out)]
    with np.errstate(all="ignore"):
        for start in range(0, flat.size, _BLOCK):
            xb = flat[start:start + _BLOCK]
            ob = [o[start:start + _BLOCK] for o in outs]
            a = np.abs(xb)
            span = np.maximum.reduce(a)
            span = span if span <= np.inf else np.inf
            idx = [select(xb, a, span) for select, _ in special]
            if any(4 * i.size > xb.size for i in idx):  # the base runs on the rest only
                rest = np.ones(xb.size, dtype=bool)
                for i in idx:
                    rest[i] = False
                _scatter(base, xb, a, ob, np.flatnonzero(rest))
            else:
                base(xb, a, *ob, span=span)
            for (_, fn), i in zip(special, idx):
                if i.size:
                    for o, v in zip(ob, fn(xb.take(i))):
                        o[i] = v
    return [o.reshape(x.shape) for o in outs]


_ERF_BASE = _skipping(lambda x: np.abs(x) >= _ERF_ONE, lambda x: (np.sign(x),), _erf_big)
_ERF_SPECIAL = [(_where(lambda x, a: a < _SMALL), lambda x: (x + x * _ratio(x * x, _PP, _QQ),))]
_ERFC_BASE = _skipping(lambda x: x <= -_ERF_ONE, lambda x: (2.0,), _erfc_base)
_ERFC_SPECIAL = [  # fdlibm's small form, its middle one, (1 - erx) - P/Q(x - 1), the quotient
    (_where(lambda x, a: a < _SMALL), _erfc_small),
    (_where(lambda x, a: (x >= _SMALL) & (x < _MID)),
     lambda x: ((1.0 - _ERX) - _ratio(x - 1.0, _PA, _QA),)),
    (_where(lambda x, a: (x >= _MID) & (x <= _ERFC_EXP)),
     lambda x: (_erfc_quotient(x, _LN_RSQRTPI),)),
    (_beyond(_ERFC_EXP), _erfc_far)]
_NDTR_BASE = _skipping(lambda x: x >= _NDTR_ONE, lambda x: (1.0,), _normal_base)
_NDTR_SMALL_X = _where(lambda x, a: a < _NDTR_SMALL)
_FAR = _beyond(_NDTR_EXP)


def erf(x) -> np.ndarray:
    """Error function (see the module docstring for the method)."""
    return _apply(x, 1, _ERF_BASE, _ERF_SPECIAL)[0]


def erfc(x) -> np.ndarray:
    """Complementary error function, relatively accurate down to its underflow (x = 27.3)."""
    return _apply(x, 1, _ERFC_BASE, _ERFC_SPECIAL)[0]


def ndtr(x) -> np.ndarray:
    """Standard normal CDF Phi(x), relatively accurate down to its underflow (x = -38.5)."""
    return _apply(x, 1, _NDTR_BASE, [(_NDTR_SMALL_X, _normal_small), (_FAR, _normal_far)])[0]


def npdf(x) -> np.ndarray:
    """Standard normal PDF phi(x) = exp(-x*x/2)/sqrt(2 pi), with x*x carried exactly."""
    return _apply(x, 1, _npdf_base, [(_FAR, lambda v: _normal_far(v, pdf=True)[1:])])[0]


def ndtr_npdf(x) -> tuple[np.ndarray, np.ndarray]:
    """(ndtr(x), phi(x)) from one exp. The CDF is ndtr's, bit for bit; phi here keeps
    1/sqrt(2 pi) inside the exp, so it is not npdf's bit for bit (within 2 ulp of phi, like
    npdf, but phi(0) may be 1 ulp off)."""
    special = [(_NDTR_SMALL_X, lambda v: _normal_small(v, True)),
               (_FAR, lambda v: _normal_far(v, True))]
    return tuple(_apply(x, 2, _normal_base, special))
