"""Time ``actfn batch`` on 30 figures against a hand-written matplotlib loop, in one run.

The baseline is one Python process that imports NumPy, matplotlib and the actfn core, then
makes the same 30 figures with the Figure API (the activation and its derivative in two
panels: same size, dpi, styles, zero axes, grid, legend, labels) and writes them as PNG.
The batch makes them with ``--jobs 1`` and ``--jobs 2``; every run starts from an empty
output folder, so every figure is made and written. Targets: ``--jobs 1`` ≤ 1.2× the loop;
``--jobs 2`` clearly faster than ``--jobs 1`` on 2 cores.

Each command runs as a fresh process, the runs interleaved so that a slow moment of the
machine hits every command alike; the median and the best of ``--repeat`` runs are reported
(on a shared machine the best run is the one least slowed by others), with the CPU time of
the one-process runs (user + system: immune to a busy machine).

    python benchmarks/bench_batch.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

NAMES = ["relu", "leaky_relu", "elu", "selu", "celu", "gelu", "silu", "mish", "softplus",
         "sigmoid", "tanh", "softsign", "hardtanh", "hardsigmoid", "hardswish", "relu6",
         "log_sigmoid", "tanhshrink", "softshrink", "hardshrink", "squareplus", "serf",
         "logish", "tanh_exp", "bent_identity", "gaussian", "sinusoid", "arctan", "isru",
         "sqnl"]

HAND_SCRIPT = r'''
import os, sys
import numpy as np
import matplotlib
from matplotlib.figure import Figure
import actfn_cli as af

rc = {"font.size": 10, "axes.titlesize": 11, "axes.labelsize": 11, "legend.fontsize": 9,
      "axes.spines.top": False, "axes.spines.right": False, "grid.linewidth": 0.6,
      "lines.linewidth": 1.8, "legend.framealpha": 0.9, "mathtext.fontset": "dejavusans",
      "figure.facecolor": "white", "axes.facecolor": "white", "axes.edgecolor": "#555555",
      "axes.labelcolor": "#222222", "text.color": "#222222", "xtick.color": "#444444",
      "ytick.color": "#444444", "grid.color": "#d9d9d9", "legend.edgecolor": "#cccccc"}
out = sys.argv[1]
for name in sys.argv[2:]:
    act = af.get(name)
    x = np.union1d(np.linspace(-6.0, 6.0, 1001), [k for k in act.kinks if -6 <= k <= 6])
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=(7.0, 6.3), layout="constrained")
        axes = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [1.0, 0.75]})
        for ax, y, label in ((axes[0], act(x), "$f(x)$"), (axes[1], act.grad(x), "$f'(x)$")):
            ax.plot(x, y, color="#0072B2", linestyle="-", label=name)
            ax.axhline(0.0, color="#555555", linewidth=0.8, zorder=1)
            ax.axvline(0.0, color="#555555", linewidth=0.8, zorder=1)
            ax.grid(True, zorder=0)
            ax.set_ylabel(label)
        axes[1].set_xlabel("$x$")
        axes[0].legend(loc="best")
        axes[0].set_xlim(-6.0, 6.0)
        fig.savefig(os.path.join(out, f"{name}.png"), format="png", dpi=150,
                    metadata={"Software": None}, facecolor="white")
'''

ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def batch_file() -> str:
    jobs = [f'[[job]]\ncommand = "plot"\nspecs = ["{n}"]\ngrad = true\noutput = "{n}.png"\n'
            for n in NAMES]
    return "\n".join(jobs)


def run(cmd: list[str], out: str) -> tuple[float, float]:
    """Wall time and CPU time (user + system, of the process itself: a pool's workers are
    not its waited-for children, so only one-process runs have a meaningful CPU time)."""
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=ENV)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    made = sorted(os.listdir(out))
    assert made == sorted(f"{n}.png" for n in NAMES), made
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        hand = os.path.join(tmp, "hand.py")
        toml = os.path.join(tmp, "bench.toml")
        with open(hand, "w", encoding="utf-8") as handle:
            handle.write(HAND_SCRIPT)
        with open(toml, "w", encoding="utf-8") as handle:
            handle.write(batch_file())
        out = os.path.join(tmp, "out")
        batch = [python, "-m", "actfn_cli", "batch", toml, "--out-dir", out, "-q", "--jobs"]
        commands = {
            "hand-written matplotlib loop": [python, hand, out, *NAMES],
            "actfn batch --jobs 1": [*batch, "1"],
            "actfn batch --jobs 2": [*batch, "2"],
        }
        for cmd in commands.values():  # warm the caches (fonts, bytecode) once
            run(cmd, out)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, cmd in commands.items():
                times[name].append(run(cmd, out))
    wall = {name: statistics.median(w for w, _ in t) for name, t in times.items()}
    best = {name: min(w for w, _ in t) for name, t in times.items()}
    cpu = {name: statistics.median(c for _, c in t) for name, t in times.items()}
    print(f"{len(NAMES)} figures (PNG, f and f' panels), {args.repeat} runs each, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end:")
    print(f"  {'':32} {'median':>8} {'best':>8} {'CPU':>8}")
    for name in commands:
        used = f"{cpu[name]:7.2f}s" if "--jobs 2" not in name else "       -"
        print(f"  {name:32} {wall[name]:7.2f}s {best[name]:7.2f}s {used}")
    hand, one, two = commands  # the names, in order
    print("  ratios (median, best, CPU):")
    print(f"  --jobs 1 / hand loop  {wall[one] / wall[hand]:5.2f}x {best[one] / best[hand]:5.2f}x "
          f"{cpu[one] / cpu[hand]:5.2f}x   (target <= 1.2x)")
    print(f"  --jobs 2 / hand loop  {wall[two] / wall[hand]:5.2f}x {best[two] / best[hand]:5.2f}x")
    print(f"  --jobs 2 / --jobs 1   {wall[two] / wall[one]:5.2f}x {best[two] / best[one]:5.2f}x"
          "         (target: clearly below 1)")


if __name__ == "__main__":
    main()
