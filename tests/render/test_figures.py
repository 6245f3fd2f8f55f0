"""Figures built with the Figure API: styles, labels, legends, discontinuity markers."""

from __future__ import annotations

import matplotlib.colors as mcolors
import numpy as np
import pytest

import actfn_cli as af
from actfn_cli.core.grid import curve, sample_grid
from actfn_cli.render import figures
from actfn_cli.render.figures import FigureSpec, Series


def spec_of(*specs: str, orders=(0,), **kw) -> FigureSpec:
    acts = [af.get(s) for s in specs]
    x = sample_grid(-3.0, 3.0, 301, acts)
    series = [Series(a.label, {o: curve(a, o, x) for o in orders}) for a in acts]
    return FigureSpec(series, orders, **kw)


def test_never_pyplot() -> None:
    import sys

    figures.build(spec_of("relu"))
    assert "matplotlib.pyplot" not in sys.modules


def test_overlay_panels_labels_and_legend() -> None:
    fig = figures.build(spec_of("relu", "elu:alpha=0.5", orders=(0, 1, 2), title="T"))
    axes = fig.axes
    assert [ax.get_ylabel() for ax in axes] == ["$f(x)$", "$f'(x)$", "$f''(x)$"]
    assert axes[-1].get_xlabel() == "$x$"
    legend = [t.get_text() for t in axes[0].get_legend().get_texts()]
    assert legend == ["relu", "elu (α=0.5)"]
    assert fig.get_suptitle() == "T"


def test_colours_are_okabe_ito_and_dashes_differ() -> None:
    fig = figures.build(spec_of("relu", "gelu", "silu", "mish"))
    lines = [ln for ln in fig.axes[0].get_lines() if ln.get_label() in
             ("relu", "gelu", "silu", "mish")]
    colours = [mcolors.to_hex(ln.get_color()).upper() for ln in lines]
    assert colours == [c.upper() for c in figures.PALETTES["light"][:4]]
    assert len({str(ln.get_linestyle()) for ln in lines}) == 4  # readable in greyscale


def test_dark_style_backgrounds() -> None:
    fig = figures.build(spec_of("relu", style="dark"))
    assert mcolors.to_hex(fig.axes[0].get_facecolor()) == "#16181c"


def test_jump_has_dots_and_rings() -> None:
    s = spec_of("binary_step")
    c = s.series[0].curves[0]
    assert c.dots == ((0.0, 1.0),) and c.rings == ((0.0, 0.0),)
    fig = figures.build(s)
    markers = [ln for ln in fig.axes[0].get_lines() if ln.get_marker() == "o"]
    assert len(markers) == 2


@pytest.mark.parametrize("layout", ["overlay", "grid"])
def test_layouts_build(layout) -> None:
    fig = figures.build(spec_of("relu", "gelu", "silu", "mish", orders=(0, 1)), layout)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == (2 if layout == "overlay" else 4)
    if layout == "grid":
        assert [ax.get_title() for ax in visible] == ["relu", "gelu", "silu", "mish"]


def test_grid_reference_and_derivative_styles() -> None:
    fig = figures.build(spec_of("relu", "gelu", orders=(0, 1)), "grid")
    ax = fig.axes[1]
    labels = {ln.get_label(): ln for ln in ax.get_lines()}
    assert "relu" in labels  # the reference, faint
    assert labels["$f(x)$"].get_linestyle() == "-"
    assert labels["$f'(x)$"].get_linestyle() == "--"
    assert np.isclose(labels["relu"].get_alpha(), 0.6)


def test_ylim_bounds_the_first_panel() -> None:
    fig = figures.build(spec_of("exponential", "relu", orders=(0, 1), ylim=(None, 2.0)))
    assert fig.axes[0].get_ylim()[1] == 2.0
    assert fig.axes[1].get_ylim()[1] > 2.0  # the derivative panel keeps its own range
