"""Fit, and verify, the rational approximations in ``actfn_cli/core/special.py`` and
``special_gelu.py`` that are not fdlibm's (listed there in ``_FITTED``): ``NDTR`` (normal tail),
``ERFC`` (erfc tail), ``ERFT`` (erf tail), and ``GELUH`` and ``GELU1`` (for the exact GELU and
its derivative, in special_gelu.py).

    python tests/fit_special_coefficients.py [NAME ...]   # fit, print the float64 literals
    python tests/fit_special_coefficients.py --check      # verify the literals in special*.py

(a fit takes 1-2 min, the check ~15 s). Method: a near-minimax rational fit by Loeb's linearised
least squares with Lawson's reweighting (mpmath, 256 bits, Chebyshev-spaced nodes), then the
coefficients rounded to float64 one at a time, the others refitted after each. ``--check``
evaluates the float64 coefficients exactly (mpmath) against the function on a dense grid, refined
by golden-section search around every grid maximum, and fails if the weighted error exceeds the
bound each fit promises (in ``FITS``, in units of 2**-53), or if a coefficient is not positive.

Each fit is a rational in a = |x| with positive coefficients, so Horner's rule in a >= 0 adds
no cancellation and the denominator has no zero. The denominator is normalised to q_0 = 1, or
made monic (q_n = 1, which saves Horner's rule a pass) where that fitted as well:

* NDTR: phi(a)/Phi(-a) = a + R(a)/P(a) on [1, 38.6], deg 8/9. The error counted is
  |delta(R/P)| / (a + R/P): the relative error it makes in Phi(-a) = phi(a)/(a + R/P).
* ERFC: 1/(sqrt(pi) erfcx(a)) = a + R(a)/P(a) on [1.25, 27.5], deg 8/9, monic, counted
  likewise (it is the relative error in erfc(a) = exp(-a*a)/(sqrt(pi) (a + R/P))).
* ERFT: erfcx(a) = P(a)/Q(a) on [0.84375, 6], deg 5/6. erf = 1 - erfc there, so the error
  counted is absolute, |delta(P/Q)| exp(-a*a), in units of 2**-53 (erf(a) >= 0.767 has an
  ulp of 2**-53 at least).
* GELUH: G(a) = S2PI - H(a), H(a) = (exp(-a*a/2)/Phi(-a) - 2)/a, on [0, 37.5], deg 8/9, monic:
  Phi(-a) = exp(-a*a/2)/(2 + a (S2PI - G)), the divisor's leading 2 exact and G (~2/a) a
  fraction of H. The error counted is the relative error it makes in Phi(-a), over
  max(1, a*a/4): the exact GELU's tolerance grows like 2 a*a ulp in the tail (its condition
  number there is ~a*a).
* GELU1: G(a) = K(a) - C, K(a) = (M(a) - a C)/(A0 - a), M(a) = exp(a*a/2) Phi(-a), C =
  1/sqrt(2 pi), on [0, 37.5], deg 8/9, monic, counted relative to K over max(1, a*a/4).
  A0 = 0.7518.. solves Phi(-a) = a phi(a), the root of the GELU's derivative (at x = -A0),
  which Phi(x) + x phi(x) = exp(-a*a/2) (A0 - a) K(a) for x < 0 thus factors out.
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


def _mills_inverse(a):
    """phi(a)/Phi(-a) - a, the part of phi/Phi(-a) = a + F(a) that the rational fits."""
    return mp.npdf(a) / mp.ncdf(-a) - a


def _erfcx(a):
    return mp.erfc(a) * mp.exp(a * a)


def _erfc_inverse(a):
    """1/(sqrt(pi) erfcx(a)) - a, the part of exp(-a*a)/(sqrt(pi) erfc(a)) = a + F(a) fitted."""
    return 1 / (mp.sqrt(mp.pi) * _erfcx(a)) - a


def _mills(a):
    """exp(a*a/2) Phi(-a): the Mills ratio over sqrt(2 pi)."""
    return mp.ncdf(-a) * mp.exp(a * a / 2)


A0 = mp.findroot(lambda a: mp.ncdf(-a) - a * mp.npdf(a), 0.75)  # 0.7517..: Phi(-a) = a phi(a)


S2PI = mp.mpf(float(mp.sqrt(2 * mp.pi)))  # sqrt(2 pi) as the float64 special.py uses
C = mp.mpf(float(1 / mp.sqrt(2 * mp.pi)))  # 1/sqrt(2 pi), likewise


def _gelu_h(a):
    """G(a) = S2PI - H(a), H(a) = (1/M(a) - 2)/a (4/sqrt(2 pi) at 0): Phi(-a) = exp(-a*a/2)/(2 +
    a H), and G, ~2/a for large a, is only a fraction of H."""
    return S2PI - ((1 / _mills(a) - 2) / a if a else 4 / mp.sqrt(2 * mp.pi))


def _gelu1(a):
    """K(a) - C, K = (exp(a*a/2) Phi(-a) - a/sqrt(2 pi))/(A0 - a) > C: Phi(x) + x phi(x) =
    exp(-x*x/2) (A0 - a) K(a) for x = -a < 0, the root of the GELU's derivative factored out."""
    return (_mills(a) - a / mp.sqrt(2 * mp.pi)) / (A0 - a) - C


def _divisor_relative(a, f):
    return 1 / ((a + f) * UNIT)


def _gelu_h_weight(a, f):
    """The relative error a*dG/(2 + a H) makes in Phi(-a), over the GELU's max(1, a*a/4)."""
    return a / ((2 + a * (S2PI - f)) * UNIT * max(1, a * a / 4))


def _gelu1_weight(a, f):
    """The relative error dG/(C + G) makes in K = C + G, over the GELU's max(1, a*a/4)."""
    return 1 / ((C + f) * UNIT * max(1, a * a / 4))


# name: (function, weight giving the error in units of 2**-53, domain, deg num, deg den, BOUND,
#        Q monic (else q_0 = 1))
FITS = {
    "NDTR": (_mills_inverse, _divisor_relative, (1.0, 38.6), 8, 9, 0.08, False),
    "ERFC": (_erfc_inverse, _divisor_relative, (1.25, 27.5), 8, 9, 0.05, True),
    "ERFT": (_erfcx, lambda a, f: mp.exp(-a * a) / UNIT, (0.84375, 6.0), 5, 6, 0.07, False),
    "GELU1": (_gelu1, _gelu1_weight, (0.0, 37.5), 8, 9, 0.5, True),
    "GELUH": (_gelu_h, _gelu_h_weight, (0.0, 37.5), 8, 9, 0.5, True),
}


def main() -> int:
    check = "--check" in sys.argv
    names = [a for a in sys.argv[1:] if not a.startswith("-")] or list(FITS)
    if check:
        sys.path.insert(0, str(ROOT))
        from actfn_cli.core import special, special_gelu

        stored = {**special._FITTED, **special_gelu._FITTED}
    ok = True
    for name in names:
        f, weight, domain, m, n, bound, monic = FITS[name]
        if check:
            p, q = ([mp.mpf(c) for c in cs] for cs in stored[name])
        else:
            p, q = fit_float64(f, weight, domain, m, n, monic)
            print(f"{name} numerator   = {tuple(p)!r}")
            print(f"{name} denominator = {tuple(q)!r}")
            p, q = [mp.mpf(c) for c in p], [mp.mpf(c) for c in q]
        assert all(c > 0 for c in p + q), f"{name}: a coefficient is not positive"
        worst = max_error(f, weight, domain, p, q)
        print(f"{name}: max weighted error {mp.nstr(worst, 3)} (bound {bound}) x 2**-53 "
              f"on {domain}")
        ok &= worst <= bound
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
