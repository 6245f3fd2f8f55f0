"""Error-free transformations for double-double arithmetic (float64; elementwise on arrays).

Each function returns an unevaluated sum hi + lo that equals the exact result of one
floating-point operation, as long as the stated range holds and nothing underflows:
products need a·b = 0 or |a·b| ≥ 2**-969, else their low parts fall below 2**-1022, lose
bits and are no longer exact.
The expressions are written in a fixed evaluation order; the callers' accuracy depends on
that order, so keep it.

- :func:`split` (Veltkamp): a = hi + lo, each of at most 26 significant bits, for
  |a| < 2**996 ≈ 1.3e300 (beyond, a·(2**27 + 1) overflows).
- :func:`two_prod` (Dekker): a·b = p + err exactly, for |a|, |b| < 2**996 with a·b finite
  (|a|, |b| < 1e150 is always enough) and no underflow in the partial products.
- :func:`two_square`: a² = p + err exactly, for |a| < 2**511 (a² finite), no underflow.
- :func:`two_sum` (Knuth, Møller): a + b = s + err exactly, for any finite a, b whose sum
  does not overflow; no ordering of |a| and |b| is needed.
"""

from __future__ import annotations

VELTKAMP = 134217729.0  # 2**27 + 1


def split(a):
    """Veltkamp: a = hi + lo with at most 26 significant bits each, for |a| < 2**996."""
    g = a * VELTKAMP
    hi = g - (g - a)
    return hi, a - hi


def two_prod(a, b):
    """a·b = p + err exactly (Dekker), for |a|, |b| < 2**996, a·b finite and no underflow."""
    p = a * b
    ah, al = split(a)
    bh, bl = split(b)
    return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl


def two_square(a):
    """a² = p + err exactly (Dekker's product with a = b), for |a| < 2**511, no underflow."""
    h, lo = split(a)
    p = a * a
    return p, ((h * h - p) + 2.0 * h * lo) + lo * lo


def two_sum(a, b):
    """a + b = s + err exactly (Knuth), for finite a, b and a finite sum."""
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)
