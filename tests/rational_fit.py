"""Near-minimax rational fits in mpmath, shared by the ``fit_*_coefficients.py`` scripts:
Loeb's linearised least squares with Lawson's reweighting on Chebyshev-spaced nodes, the
coefficients then rounded to float64 one at a time (the others refitted after each), and a dense
check of the weighted error with golden-section refinement around every grid maximum. The
working precision is the caller's (``mp.mp.prec``)."""

from __future__ import annotations

import mpmath as mp


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


def fit(f, weight, domain, m, n, monic, iters=60, fixed=None, lam=None):
    """Loeb + Lawson: minimise max_i w_i |P/Q - f| over nodes x_i, with Q monic (q_n = 1) or
    q_0 = 1, and the unknowns listed in ``fixed`` (index into p_0..p_m and the free q_j, in
    order) held at given values. Returns p, q and the Lawson weights (to warm-start a refit)."""
    one, qfree = (n, range(n)) if monic else (0, range(1, n + 1))
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
            full = [s * powers[j] for j in range(m + 1)] + [-s * fx * powers[j] for j in qfree]
            rhs = s * fx * powers[one] - sum(full[j] * v for j, v in fixed.items())
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
        q = [mp.mpf(1)] * (n + 1)
        for i, d in enumerate(qfree):
            q[d] = coef[m + 1 + i]
        errs = []
        for i, x in enumerate(xs):
            qprev[i] = _horner(q, x)
            errs.append(abs(_horner(p, x) / qprev[i] - fs[i]) * ws[i])
        worst = max(errs)
        if best is None or worst < best[0]:
            best = (worst, p, q, list(lam))
        total = sum(li * e for li, e in zip(lam, errs))
        if total == 0:  # exact on every node: nothing left to reweight
            break
        lam = [li * e / total for li, e in zip(lam, errs)]
    return best[1], best[2], best[3]


def fit_float64(f, weight, domain, m, n, monic):
    """Fit, then round the coefficients to float64 one at a time (highest degree first),
    refitting the others after each, so the rounding costs little of the fit's accuracy."""
    p, q, lam = fit(f, weight, domain, m, n, monic)
    qfree = list(range(n) if monic else range(1, n + 1))
    fixed = {}
    order = sorted(range(m + 1 + n), key=lambda j: -(j if j <= m else qfree[j - m - 1]))
    for j in order:
        fixed[j] = mp.mpf(float(p[j] if j <= m else q[qfree[j - m - 1]]))
        p, q, lam = fit(f, weight, domain, m, n, monic, iters=12, fixed=fixed, lam=lam)
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
