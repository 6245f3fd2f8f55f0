"""Speed of every element-wise activation against np.exp on the same array, in one run.

    python benchmarks/bench_core.py [--n 1000000] [--repeat 7] [--markdown] [--only serf,gelu] [--d2]

For float32 and float64 it prints ns/element for the value and the first derivative and their
ratio to ``np.exp`` timed on the same array in the same run (best of ``--repeat``), then the
geometric mean and the worst ratio. Targets (issue 2): geometric mean ≤ 4×, none above 20×.
``--d2`` adds the second derivative (reported apart: the targets are about f and f′).
"""

from __future__ import annotations

import argparse
import math
import sys
import timeit
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import actfn_cli as af  # noqa: E402
from actfn_cli.core import registry  # noqa: E402


def best(fn, repeat: int) -> float:
    fn()  # warm caches and lazy imports
    number = 3
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--markdown", action="store_true", help="print a markdown table")
    ap.add_argument("--d2", action="store_true",
                    help="time the second derivative too (a column of its own, outside the summary)")
    ap.add_argument("--only", default="", metavar="NAME,...",
                    help="time only these activations (the summary then covers just them)")
    args = ap.parse_args()

    names = [d.name for d in registry.all_definitions() if not d.vector]
    if args.only:
        wanted = [registry.lookup(n).name for n in args.only.split(",") if n.strip()]
        names = [n for n in names if n in wanted]
    rng = np.random.default_rng(0)
    base = rng.uniform(-10, 10, args.n)
    rows = []
    ratios: dict[str, list[float]] = {"float32": [], "float64": []}
    for dtype in ("float32", "float64"):
        x = base.astype(dtype)
        t_exp = best(lambda: np.exp(x), args.repeat)
        print(f"# {dtype}: np.exp {t_exp / args.n * 1e9:.2f} ns/element", file=sys.stderr)
        for name in names:
            act = af.get(name)
            tv = best(lambda: act(x), args.repeat)
            tg = best(lambda: act.grad(x), args.repeat)
            rv, rg = tv / t_exp, tg / t_exp
            ratios[dtype] += [rv, rg]
            row = (name, dtype, tv / args.n * 1e9, rv, tg / args.n * 1e9, rg)
            if args.d2:
                t2 = best(lambda: act.grad(x, order=2), args.repeat)
                row += (t2 / args.n * 1e9, t2 / t_exp)
            rows.append(row)

    if args.markdown:
        extra = (" f″ ns/el | f″ / exp |", "---:|---:|") if args.d2 else ("", "")
        print("| activation | dtype | f ns/el | f / exp | f′ ns/el | f′ / exp |" + extra[0])
        print("|---|---|---:|---:|---:|---:|" + extra[1])
        for r in rows:
            cells = " | ".join(f"{v:.2f}" for v in r[2:])
            print(f"| {r[0]} | {r[1]} | {cells} |")
    else:
        extra = f"{'f″ ns/el':>10}{'f″/exp':>8}" if args.d2 else ""
        print(f"{'activation':<22}{'dtype':<9}{'f ns/el':>9}{'f/exp':>8}{'f′ ns/el':>10}{'f′/exp':>8}"
              + extra)
        for r in rows:
            cells = "".join(f"{v:>{w}.2f}" for v, w in zip(r[2:], (9, 8, 10, 8, 10, 8)))
            print(f"{r[0]:<22}{r[1]:<9}{cells}")
    print()
    for dtype, rs in ratios.items():
        gm = math.exp(sum(math.log(r) for r in rs) / len(rs))
        worst = max(range(len(rs)), key=rs.__getitem__)
        who = rows[(0 if dtype == "float32" else len(names)) + worst // 2][0]
        print(f"{dtype}: geometric mean {gm:.2f}× np.exp (target ≤ 4), "
              f"worst {rs[worst]:.2f}× ({who}, {'f′' if worst % 2 else 'f'}; target ≤ 20)")
        if args.d2:
            d2 = [r for r in rows if r[1] == dtype]
            top = max(d2, key=lambda r: r[7])
            print(f"{dtype}: f″ worst {top[7]:.2f}× ({top[0]})")


if __name__ == "__main__":
    main()
