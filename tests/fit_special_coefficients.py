"""Fit, and verify, the rational approximations in ``actfn_cli/core/special.py`` that are not
fdlibm's: ``_NDTR_R/_NDTR_P`` (normal tail), ``_ERFC_R/_ERFC_P`` (erfc tail) and
``_ERFT_P/_ERFT_Q`` (erf tail).

    python tests/fit_special_coefficients.py            # fit, print the float64 literals (~2 min)
    python tests/fit_special_coefficients.py --check    # verify the literals in special.py

Method: a near-minimax rational fit by Loeb's linearised least squares with Lawson's
reweighting (mpmath, 256 bits, Chebyshev-spaced nodes), then the coefficients rounded to float64
one at a time, the others refitted after each. ``--check`` evaluates the float64 coefficients
exactly (mpmath) against the function on a dense grid, refined by golden-section search around
every grid maximum, and fails if the weighted error exceeds the bound each fit promises (the
last entry in ``FITS``, in units of 2**-53), or if a coefficient is not positive.

Each fit is a rational in a = |x| with positive coefficients, so Horner's rule in a >= 0 adds
no cancellation and the denominator has no zero:

* NDTR: phi(a)/Phi(-a) = a + R(a)/P(a) on [1, 38.6], deg 8/9. The error counted is
  |delta(R/P)| / (a + R/P): the relative error it makes in Phi(-a) = phi(a)/(a + R/P).
* ERFC: 1/(sqrt(pi) erfcx(a)) = a + R(a)/P(a) on [1.25, 27.5], deg 8/9, counted likewise (it
  is the relative error in erfc(a) = exp(-a*a)/(sqrt(pi) (a + R/P))).
* ERFT: erfcx(a) = P(a)/Q(a) on [0.84375, 6], deg 5/6. erf = 1 - erfc there, so the error
  counted is absolute, |delta(P/Q)| exp(-a*a), in units of 2**-53 (erf(a) >= 0.767 has an
  ulp of 2**-53 at least).
"""

from __future__ import annotations

import sys
from pathlib import Path

import mpmath as mp

mp.mp.prec = 256
ROOT = Path(__file__).resolve().parents[1]
UNIT = mp.mpf(2) ** -53


def _mills_inverse(a):
    """phi(a)/Phi(-a) - a, the part of phi/Phi(-a) = a + F(a) that the rational fits."""
    return mp.npdf(a) / mp.ncdf(-a) - a


def _erfcx(a):
    return mp.erfc(a) * mp.exp(a * a)


def _erfc_inverse(a):
    """1/(sqrt(pi) erfcx(a)) - a, the part of exp(-a*a)/(sqrt(pi) erfc(a)) = a + F(a) fitted."""
    return 1 / (mp.sqrt(mp.pi) * _erfcx(a)) - a


# name: (function, weight giving the error in units of 2**-53, domain, deg num, deg den, BOUND)
FITS = {
    "NDTR": (_mills_inverse, lambda a, f: 1 / ((a + f) * UNIT), (1.0, 38.6), 8, 9, 0.08),
    "ERFC": (_erfc_inverse, lambda a, f: 1 / ((a + f) * UNIT), (1.25, 27.5), 8, 9, 0.04),
    "ERFT": (_erfcx, lambda a, f: mp.exp(-a * a) / UNIT, (0.84375, 6.0), 5, 6, 0.07),
}


def _nodes(lo, hi, n):
    lo, hi = mp.mpf(lo), mp.mpf(hi)
    return [lo + (hi - lo) * (1 - mp.cos(mp.pi * (k + mp.mpf(0.5)) / n)) / 2 for k in range(n)]


def _horner(cs, x):
    """sum(cs[k] * x**k)."""
    acc = mp.mpf(0)
    for c in reversed(cs):
        acc = acc * x + c
    return acc


def _ratio(p, q, x):
    return _horner(p, x) / _horner(q, x)


def fit(f, weight, domain, m, n, iters=60, fixed=None, lam=None):
    """Loeb + Lawson: minimise max_i w_i |P/Q - f| over nodes x_i, with q_0 = 1 and the
    unknowns listed in ``fixed`` (index into p_0..p_m, q_1..q_n) held at given values.
    Returns p, q and the Lawson weights (to warm-start a refit)."""
    xs = _nodes(*domain, 16 * (m + n + 2)) + [mp.mpf(v) for v in domain]
    fs = [f(x) for x in xs]
    ws = [weight(x, fx) for x, fx in zip(xs, fs)]
    lam = lam or [mp.mpf(1)] * len(xs)
    fixed = fixed or {}
    qprev = [mp.mpf(1)] * len(xs)
    free = [j for j in range(m + 1 + n) if j not in fixed]
    k = len(free)
    best = None
    for _ in range(iters):
        ata = mp.matrix(k, k)
        atb = mp.matrix(k, 1)
        for x, fx, w, q0, li in zip(xs, fs, ws, qprev, lam):
            s = w / q0
            powers = [x**j for j in range(max(m, n) + 1)]
            full = [s * powers[j] for j in range(m + 1)] + [-s * fx * powers[j] for j in range(1, n + 1)]
            rhs = s * fx - sum(full[j] * v for j, v in fixed.items())
            row = [full[j] for j in free]
            for r in range(k):
                lr = li * row[r]
                atb[r] += lr * rhs
                for c in range(r, k):
                    ata[r, c] += lr * row[c]
        for r in range(k):
            for c in range(r):
                ata[r, c] = ata[c, r]
        sol = mp.lu_solve(ata, atb) if k else []
        coef = dict(fixed)
        coef.update({j: sol[i] for i, j in enumerate(free)})
        p = [coef[j] for j in range(m + 1)]
        q = [mp.mpf(1)] + [coef[m + j] for j in range(1, n + 1)]
        errs = []
        for i, x in enumerate(xs):
            qprev[i] = _horner(q, x)
            errs.append(abs(_horner(p, x) / qprev[i] - fs[i]) * ws[i])
        worst = max(errs)
        if best is None or worst < best[0]:
            best = (worst, p, q, list(lam))
        total = sum(li * e for li, e in zip(lam, errs))
        lam = [li * e / total for li, e in zip(lam, errs)]
    return best[1], best[2], best[3]


def fit_float64(f, weight, domain, m, n):
    """Fit, then round the coefficients to float64 one at a time (highest degree first),
    refitting the others after each, so the rounding costs little of the fit's accuracy."""
    p, q, lam = fit(f, weight, domain, m, n)
    fixed = {}
    order = sorted(range(m + 1 + n), key=lambda j: -(j if j <= m else j - m))
    for j in order:
        fixed[j] = mp.mpf(float(p[j] if j <= m else q[j - m]))
        p, q, lam = fit(f, weight, domain, m, n, iters=12, fixed=fixed, lam=lam)
    return [float(c) for c in p], [float(c) for c in q]


def max_error(f, weight, domain, p, q, grid=4000):
    """Largest weighted error of P/Q (coefficients as given) on a grid, refined locally."""
    lo, hi = mp.mpf(domain[0]), mp.mpf(domain[1])

    def err(x):
        fx = f(x)
        return abs(_ratio(p, q, x) - fx) * weight(x, fx)

    xs = sorted(set(_nodes(lo, hi, grid) + [lo + (hi - lo) * j / grid for j in range(grid + 1)]))
    es = [err(x) for x in xs]
    worst = max(es)
    for i in range(1, len(xs) - 1):  # golden-section search around every local maximum
        if es[i] >= es[i - 1] and es[i] >= es[i + 1] and es[i] > worst / 4:
            a, b = xs[i - 1], xs[i + 1]
            for _ in range(40):
                c, d = b - (b - a) / mp.phi, a + (b - a) / mp.phi
                if err(c) > err(d):
                    b = d
                else:
                    a = c
            worst = max(worst, err((a + b) / 2))
    return worst


def main() -> int:
    check = "--check" in sys.argv
    if check:
        sys.path.insert(0, str(ROOT))
        from actfn_cli.core import special

        stored = {"NDTR": (special._NDTR_R, special._NDTR_P),
                  "ERFC": (special._ERFC_R, special._ERFC_P), "ERFT": (special._ERFT_P, special._ERFT_Q)}
    ok = True
    for name, (f, weight, domain, m, n, bound) in FITS.items():
        if check:
            p, q = ([mp.mpf(c) for c in cs] for cs in stored[name])
        else:
            p, q = fit_float64(f, weight, domain, m, n)
            print(f"{name} numerator   = {tuple(p)!r}")
            print(f"{name} denominator = {tuple(q)!r}")
            p, q = [mp.mpf(c) for c in p], [mp.mpf(c) for c in q]
        assert all(c > 0 for c in p + q), f"{name}: a coefficient is not positive"
        worst = max_error(f, weight, domain, p, q)
        print(f"{name}: max weighted error {mp.nstr(worst, 3)} (bound {bound}) x 2**-53 on {domain}")
        ok &= worst <= bound
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
