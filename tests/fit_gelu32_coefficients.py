"""Fit of the rational S(t) = P(t)/Q(t) ≈ exp(t²/2)·Φ(−t) on [0, 16] used by the float32
path of the exact GELU (actfn_cli/core/gated.py, _S32_P/_S32_Q). Relative least squares
(Sanathanan–Koerner iterations, then a few Lawson-style reweightings toward minimax) on
Chebyshev nodes against mpmath; run ``python tests/fit_gelu32_coefficients.py``."""

import mpmath as mp
import numpy as np

mp.mp.dps = 40
N, M, T = 4, 5, 16.0  # degrees of P and Q (Q monic in the printed form)


def exact(t):
    t = mp.mpf(t)
    return mp.exp(t * t / 2) * mp.ncdf(-t)


def fit(n=N, m=M, k=1500):
    s = (1 - np.cos(np.pi * (np.arange(k) + 0.5) / k)) / 2  # Chebyshev nodes on [0, 1]
    f = np.array([float(exact(T * v)) for v in s])
    A = np.vander(s, n + 1, increasing=True)
    B = np.vander(s, m + 1, increasing=True)
    q = np.ones_like(s)
    w = np.ones_like(s)
    for it in range(30):
        # P(s) − f·Q(s) = 0, b0 = 1, weighted by 1/(f·Q_prev)
        M_ = np.hstack([A, -f[:, None] * B[:, 1:]]) / (f * q)[:, None]
        rhs = f / (f * q)
        c, *_ = np.linalg.lstsq(M_ * w[:, None], rhs * w, rcond=None)
        a, b = c[:n + 1], np.concatenate([[1.0], c[n + 1:]])
        q = np.polyval(b[::-1], s)
        err = np.polyval(a[::-1], s) / q / f - 1
        if it >= 8:
            w *= np.sqrt(np.abs(err) / np.abs(err).max()) + 1e-3  # Lawson reweighting
    a = a / T ** np.arange(n + 1)  # back to t = T·s (T a power of 2: exact)
    b = b / T ** np.arange(m + 1)
    a, b = a / b[-1], b / b[-1]  # Q monic
    return a, b, np.abs(err).max()


if __name__ == "__main__":
    a, b, e = fit()
    print("max rel err on nodes", e)
    print("P", [float(v) for v in a])
    print("Q", [float(v) for v in b])
