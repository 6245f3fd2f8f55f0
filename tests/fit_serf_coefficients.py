"""Fit, and verify, the rational approximations of ``actfn_cli/core/serf.py`` (its ``_FITTED``)
and check the float32 tables it builds at run time.

    python tests/fit_serf_coefficients.py [NAME ...]   # fit, print the float64 literals
    python tests/fit_serf_coefficients.py --check      # verify serf.py's literals and tables
    python tests/fit_serf_coefficients.py --sweep N    # f, f', f'' against mpmath, N points

(a fit takes a few minutes, the check seconds, a sweep of 10**6 points ~3 min on 2 cores).
Method: a near-minimax rational by Loeb's linearised least squares with Lawson's reweighting
(mpmath, 256 bits, Chebyshev-spaced nodes), the coefficients then rounded to float64 one at a
time, the others refitted after each. ``--check`` evaluates the float64 coefficients exactly
(mpmath) against the function on a dense grid, refined by golden-section search around every
grid maximum, and fails if the weighted error exceeds the bound of ``FITS`` (the last entry).
With s = softplus(x) and u = s*s:

* ERF0: erf(s)/s - 1 = P(u)/Q(u) on 0 <= s <= ln 2 (x <= 0), deg 4/4; erf(s) = s + s*P/Q.
  The error counted is |delta|/(1 + P/Q) in units of 2**-53, the relative error of erf(s).
* ERFCX: erfc(s) exp(s*s) = P(s)/Q(s) on ln 2 <= s <= 6.5 (x >= 0), deg 5/6; erf(s) = 1 -
  exp(-s*s) P/Q >= erf(ln 2) = 0.67, so the error counted is absolute, |delta| exp(-s*s), in
  units of 2**-53.
* DERF: D(s)/s**2 = P(s)/Q(s) on 0 <= s <= ln 2 (x <= 0), deg 7/6, where D(s) = erf(s)
  exp(s*s)/c - (1 - exp(-s)), c = 2/sqrt(pi): serf'(x) = c exp(-s*s) (sigma(x) (1 + x) + D(s))
  for x < 0, with sigma = 1 - exp(-s). Near the root of serf' (x = -1.19) the two terms cancel,
  so the error counted is that of serf', c exp(-s*s) s*s |delta|, as a fraction of the test
  tolerance there, (8 |f'| + 2 |x f''|) 2**-53 (8 ulp plus the conditioning allowance).

The float32 path interpolates tables of cubics (16 per unit of x for f and f', 64 for f'')
that serf.py computes from its float64 functions; ``--check`` compares that interpolation (the
float64 coefficients, before their rounding to float32) with mpmath across every 7th row and
fails above 2**-27 relative (g = erf(softplus x)) or, for f' and f'', above 2**-26 |f^(n)| +
2**-24 |x f^(n+1)| (the latter half the smallest conditioning allowance of the tests). The
rounding to float32 adds 2**-24 relative.
"""

from __future__ import annotations

import sys
from pathlib import Path

import mpmath as mp

try:
    from .rational_fit import fit_float64, max_error
except ImportError:  # run as a script
    from rational_fit import fit_float64, max_error

mp.mp.prec = 256
ROOT = Path(__file__).resolve().parents[1]
UNIT = mp.mpf(2) ** -53
C = 2 / mp.sqrt(mp.pi)
LN2 = mp.log(2)


def _erf0(u):
    """erf(s)/s - 1, s = sqrt(u)."""
    if u == 0:
        return C - 1
    s = mp.sqrt(u)
    return mp.erf(s) / s - 1


def _erfcx(s):
    return mp.erfc(s) * mp.exp(s * s)


def _derf(s):
    """D(s)/s**2, D(s) = erf(s) exp(s*s)/c - 1 + exp(-s)."""
    if s == 0:
        return mp.mpf(1) / 2
    return (mp.erf(s) * mp.exp(s * s) / C - 1 + mp.exp(-s)) / (s * s)


def _derf_weight(s, f):
    """1/(tolerance of serf' at x = log(expm1 s)) times c exp(-s*s) s*s."""
    if s == 0:
        return mp.mpf(0)
    x = mp.log(mp.expm1(s))
    sig = -mp.expm1(-s)
    gauss = C * mp.exp(-s * s)
    d1 = gauss * (sig * (1 + x) + s * s * f)
    d2 = gauss * sig * (2 + x * ((1 - sig) - 2 * s * sig))
    return gauss * s * s / ((8 * abs(d1) + 2 * abs(x * d2)) * UNIT)


# name: (function, weight giving the error counted, domain, deg num, deg den, BOUND)
FITS = {
    "ERF0": (_erf0, lambda u, f: 1 / ((1 + f) * UNIT), (0.0, LN2 ** 2), 4, 4, 0.15),
    "ERFCX": (_erfcx, lambda s, f: mp.exp(-s * s) / UNIT, (LN2, 6.5), 5, 6, 0.25),
    "DERF": (_derf, _derf_weight, (0.0, LN2), 7, 6, 0.05),
}


# ---------------------------------------------------------------------------- float32 tables
def _serf_parts(x):
    x = mp.mpf(x)
    e = mp.exp(x)
    s = mp.log1p(e)
    return x, s, e / (1 + e)


def _gate(x):
    return mp.erf(_serf_parts(x)[1])


def _derivative_and_tolerance(x, order):
    """serf' (order 1) or serf'' (order 2) and the bound on its float32 table:
    2**-26 |f^(n)| + 2**-24 |x f^(n+1)|, the latter half the test's conditioning allowance."""
    x, s, sig = _serf_parts(x)
    g1 = C * mp.exp(-s * s) * sig
    h = (1 - sig) - 2 * s * sig
    g2 = g1 * h
    g3 = g1 * (h * h - sig * (1 - sig) - 2 * (sig * sig + s * sig * (1 - sig)))
    d1, d2, d3 = mp.erf(s) + x * g1, 2 * g1 + x * g2, 3 * g2 + x * g3
    d, dn = (d1, d2) if order == 1 else (d2, d3)
    return d, abs(d) * mp.mpf(2) ** -26 + abs(x * dn) * mp.mpf(2) ** -24


def check_tables() -> bool:
    """The interpolation of serf.py's float32 tables (their float64 coefficients, before the
    rounding to float32), against mpmath: every 7th row, at 9 points across the row."""
    import numpy as np

    from actfn_cli.core import serf

    ok = True
    for order in (0, 1, 2):
        rows = serf._coefficients(order)
        step, lo, _ = serf._GRID[order]
        worst, at = 0.0, None
        for i in range(0, rows.shape[0], 7):
            for d in np.linspace(-0.5, 0.5, 9):
                x = (i + lo + d) / step
                ours = ((rows[i, 3] * d + rows[i, 2]) * d + rows[i, 1]) * d + rows[i, 0]
                if order == 0:
                    g = _gate(x)
                    err = abs(mp.mpf(ours) - g) / g / mp.mpf(2) ** -27
                else:
                    want, tol = _derivative_and_tolerance(x, order)
                    err = abs(mp.mpf(ours) - want) / tol
                if float(err) > worst:
                    worst, at = float(err), x
        name = ("gate erf(softplus x)", "serf'", "serf''")[order]
        print(f"float32 table of {name}: max error {worst:.3g} of its bound (x = {at:.6g})")
        ok &= worst <= 1
    return ok


# ---------------------------------------------------------------------------- sweep
def _reference(xf):
    """f, f', f'' and the conditions |x f'/f|, |x f''/f'|, |x f'''/f''| at float ``xf``."""
    mp.mp.prec = 160
    x = mp.mpf(xf)
    if x < -1000:
        return (-0.0, -0.0, -0.0, 0.0, 0.0, 0.0)
    e = mp.exp(x)
    s = mp.log1p(e)
    sig = e / (1 + e)
    g0 = mp.erf(s)
    g1 = C * mp.exp(-s * s) * sig
    h = (1 - sig) - 2 * s * sig
    g2 = g1 * h
    g3 = g1 * (h * h - sig * (1 - sig) - 2 * (sig * sig + s * sig * (1 - sig)))
    f0, f1, f2, f3 = x * g0, g0 + x * g1, 2 * g1 + x * g2, 3 * g2 + x * g3
    conds = [abs(x * b / a) if a else mp.mpf(0) for a, b in ((f0, f1), (f1, f2), (f2, f3))]
    return tuple(float(v) for v in (f0, f1, f2, *conds))


def sweep(n, seed=2024) -> None:
    """Max ulp error, and max error over the test tolerance, of f, f', f'' in float32 and
    float64 at ``n`` points: uniform on [-40, 40], log-spaced magnitudes of both signs
    (1e-300..745 and 1e-300..40), dense around the roots -1.19 of f' and -2.26, 1.10 of f''."""
    from multiprocessing import Pool

    import numpy as np

    sys.path.insert(0, str(ROOT))
    import actfn_cli as af

    rng = np.random.default_rng(seed)
    k = n // 7
    xs = np.concatenate([rng.uniform(-40, 40, k),
                         -np.exp(rng.uniform(np.log(1e-300), np.log(745), k)),
                         np.exp(rng.uniform(np.log(1e-300), np.log(40), k)),
                         rng.uniform(-1.3, -1.1, k), rng.uniform(-2.4, -2.1, k),
                         rng.uniform(1.0, 1.2, k), rng.uniform(-8, 8, n - 6 * k)])
    act = af.get("serf")
    for dtype in (np.float32, np.float64):
        x = xs.astype(dtype)
        with Pool() as pool:
            ref = np.array(pool.map(_reference, x.astype(np.float64).tolist(), chunksize=4096))
        for order, base in ((0, 4.0), (1, 8.0), (2, 8.0)):
            ours = act.grad(x, order=order) if order else act(x)
            with np.errstate(all="ignore"):
                want = ref[:, order].astype(dtype)
                err = np.abs(ours.astype(np.float64) - ref[:, order])
                err /= np.spacing(np.abs(want)).astype(np.float64)
            err[ours == want] = 0.0
            ratio = err / (base + 2 * ref[:, 3 + order])
            i, j = int(np.argmax(err)), int(np.argmax(ratio))
            name = "f" + "'" * order
            print(f"{np.dtype(dtype).name} {name}: max {err[i]:.3g} ulp (x = {float(x[i])!r}); "
                  f"max {ratio[j]:.3g} of the tolerance (x = {float(x[j])!r})", flush=True)


def main() -> int:
    if "--sweep" in sys.argv:
        sweep(int(sys.argv[sys.argv.index("--sweep") + 1]))
        return 0
    check = "--check" in sys.argv
    names = [a for a in sys.argv[1:] if not a.startswith("-")] or list(FITS)
    if check:
        sys.path.insert(0, str(ROOT))
        from actfn_cli.core import serf

        stored = serf._FITTED
    ok = True
    for name in names:
        f, weight, domain, m, n, bound = FITS[name]
        if check:
            p, q = ([mp.mpf(c) for c in cs] for cs in stored[name])
        else:
            p, q = fit_float64(f, weight, domain, m, n, monic=False)
            print(f"{name} numerator   = {tuple(p)!r}")
            print(f"{name} denominator = {tuple(q)!r}")
            p, q = [mp.mpf(c) for c in p], [mp.mpf(c) for c in q]
        worst = max_error(f, weight, domain, p, q, grid=3000)
        dom = tuple(float(v) for v in domain)
        print(f"{name}: max weighted error {mp.nstr(worst, 3)} (bound {bound}) on {dom}")
        ok &= worst <= bound
    if check:
        ok &= check_tables()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
