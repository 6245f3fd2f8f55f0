"""Time the command line against baselines measured in the same run, and print the ratios.

- ``actfn plot gelu -o f.png`` against a minimal hand-written matplotlib script (Figure API)
  that draws the same figure: same size, dpi, styles, zero axes, grid, legend, labels;
  target ≤ 1.10×.
- ``actfn table gelu`` against ``python -c "import numpy, typer, rich"`` (the import floor of
  any Typer CLI computing with NumPy); target ≤ 1.3×.

Each command runs as a fresh process, the runs interleaved so that a slow moment of the
machine hits every command alike; the median of ``--repeat`` runs is reported. Bytecode is
cached as in an installed package (``PYTHONDONTWRITEBYTECODE`` is dropped for the runs: the
baselines' libraries have their bytecode from installation, actfn gets its own in the warm-up).

    python benchmarks/bench_cli.py [--repeat 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HAND_SCRIPT = r'''
import math, sys
import numpy as np
import matplotlib
from matplotlib.figure import Figure

x = np.linspace(-6.0, 6.0, 1001)
y = x * 0.5 * (1.0 + np.vectorize(math.erf)(x / math.sqrt(2.0)))
rc = {"font.size": 10, "axes.labelsize": 11, "legend.fontsize": 9, "lines.linewidth": 1.8,
      "axes.spines.top": False, "axes.spines.right": False, "grid.color": "#d9d9d9",
      "mathtext.fontset": "dejavusans", "axes.edgecolor": "#555555"}
with matplotlib.rc_context(rc):
    fig = Figure(figsize=(7.0, 4.2), layout="constrained")
    ax = fig.add_subplot()
    ax.plot(x, y, color="#0072B2", label="gelu")
    ax.axhline(0.0, color="#555555", linewidth=0.8, zorder=1)
    ax.axvline(0.0, color="#555555", linewidth=0.8, zorder=1)
    ax.grid(True, zorder=0)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$f(x)$")
    ax.legend(loc="best")
    ax.set_xlim(-6.0, 6.0)
    fig.savefig(sys.argv[1], format="png", dpi=150, metadata={"Software": None})
'''


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=ENV)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    python = sys.executable
    actfn = [python, "-m", "actfn_cli"]
    with tempfile.TemporaryDirectory() as tmp:
        hand = os.path.join(tmp, "hand.py")
        with open(hand, "w", encoding="utf-8") as handle:
            handle.write(HAND_SCRIPT)
        commands = {
            "actfn plot gelu -o f.png": [*actfn, "plot", "gelu", "-q", "-o",
                                         os.path.join(tmp, "f.png")],
            "hand-written matplotlib script": [python, hand, os.path.join(tmp, "h.png")],
            "actfn table gelu": [*actfn, "table", "gelu"],
            "import numpy, typer, rich": [python, "-c", "import numpy, typer, rich"],
        }
        for cmd in commands.values():  # warm the caches (fonts, bytecode) once
            run(cmd)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, cmd in commands.items():
                times[name].append(run(cmd))
    median = {name: statistics.median(t) for name, t in times.items()}
    for name, value in median.items():
        print(f"{name:34s} {value * 1000:8.1f} ms (median of {args.repeat})")
    plot = median["actfn plot gelu -o f.png"] / median["hand-written matplotlib script"]
    table = median["actfn table gelu"] / median["import numpy, typer, rich"]
    print(f"plot  / hand script : {plot:.2f}x  (target <= 1.10x)")
    print(f"table / import floor: {table:.2f}x  (target <= 1.30x)")


if __name__ == "__main__":
    main()
