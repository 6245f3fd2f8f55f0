"""Figures built with the Figure API: styles, labels, legends, discontinuity markers."""

from __future__ import annotations

import matplotlib.colors as mcolors
import numpy as np
import pytest

import actfn_cli as af
from actfn_cli.core.grid import curve, sample_grid
from actfn_cli.render import figures
from actfn_cli.render.figures import FigureSpec, Series


def spec_of(*specs: str, orders=(0,), xlim=(-3.0, 3.0), **kw) -> FigureSpec:
    acts = [af.get(s) for s in specs]
    x = sample_grid(*xlim, 301, acts)
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
    fig = figures.build(spec_of("softplus", "relu", orders=(0, 1), ylim=(None, 0.5)))
    assert fig.axes[0].get_ylim()[1] == 0.5
    assert fig.axes[1].get_ylim()[1] > 1.0  # the derivative panel keeps its own range


def test_ylim_of_grad_bounds_its_top_panel() -> None:
    """grad shows no f: --ymin/--ymax bound its f′ panel, and win over the robust limits."""
    fig = figures.build(spec_of("exponential", "sigmoid", orders=(1,), ylim=(None, 50.0)))
    low, high = fig.axes[0].get_ylim()
    assert high == 50.0 and -5 < low < 0


# --------------------------------------------------------------------------- zero axes
def test_zero_axes_do_not_pull_zero_into_view() -> None:
    """softplus over [18, 22]: the f panel shows 18..22, not 0..22."""
    fig = figures.build(spec_of("softplus", "softplus@torch", xlim=(18.0, 22.0)))
    low, high = fig.axes[0].get_ylim()
    assert 17.5 < low < 18.0 and 22.0 < high < 22.5


def test_zero_axes_are_drawn_and_not_in_the_legend() -> None:
    fig = figures.build(spec_of("relu", orders=(0, 1)))
    for ax in fig.axes:
        zero = [ln for ln in ax.get_lines() if ln.get_label() == "_zero axis"]
        assert len(zero) == 2
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["relu"]


# --------------------------------------------------------------------------- robust limits
def test_exponential_does_not_flatten_sigmoid_prime() -> None:
    fig = figures.build(spec_of("exponential", "sigmoid", orders=(0, 1), xlim=(-6.0, 6.0)))
    value, slope = fig.axes
    assert value.get_ylim()[1] > 400  # the value panel keeps its autoscale (--ymax is there)
    low, high = slope.get_ylim()
    assert -0.1 < low < 0 and 0.5 < high < 1.5  # sigmoid′ (≤ 0.25) fills a good part


def test_a_pole_does_not_take_over_the_derivative_panel() -> None:
    """softexponential with α < 0 has a pole at x = 1/α − α = −1.5: f′ → +∞ there."""
    fig = figures.build(spec_of("softexponential:alpha=-0.5", "relu", orders=(0, 1),
                                xlim=(-6.0, 6.0)))
    low, high = fig.axes[1].get_ylim()
    assert -0.2 < low < 0 and 1.0 < high < 1.5


def test_ordinary_derivative_panels_keep_their_autoscale() -> None:
    from matplotlib.figure import Figure

    spec = spec_of("gelu", "silu", "mish", "relu", "elu", "selu", "tanh", orders=(0, 1, 2),
                   xlim=(-6.0, 6.0))
    fig = figures.build(spec)
    for ax, order in zip(fig.axes[1:], (1, 2)):
        assert figures.robust_ylim([s.curves[order] for s in spec.series]) is None
        plain = Figure().add_subplot()
        for s in spec.series:
            figures.draw_curve(plain, s.curves[order], s.label, {"color": "k"}, "light")
        assert ax.get_ylim() == plain.get_ylim()


def test_robust_limits_keep_half_of_a_far_curve() -> None:
    import numpy as np

    from actfn_cli.core.grid import Curve

    x = np.linspace(-6.0, 6.0, 1001)
    small = Curve(x, 0.25 * np.exp(-x * x))
    huge = Curve(x, np.exp(x))
    low, high = figures.robust_ylim([small, huge], margin=0.0)
    assert 0 <= low < 0.01
    assert high == np.median(np.exp(x))  # the half of exp nearest the other curve
    assert figures.robust_ylim([huge]) is None  # alone, a curve is the data
    flat = Curve(x, np.ones_like(x))  # a flat line reads at any scale
    assert figures.robust_ylim([huge, flat]) is None


# --------------------------------------------------------------------------- markers
def test_markers_at_the_edge_are_whole_and_inside_the_figure() -> None:
    """relu6's f′ jumps at x = 6: with xmax = 6 its dot sits on the edge of the panel."""
    from actfn_cli.render.io import figure_bytes

    fig = figures.build(spec_of("relu6", orders=(0, 1), xlim=(-2.0, 6.0)))
    markers = [ln for ln in fig.axes[1].get_lines() if ln.get_marker() == "o"]
    assert markers and not any(ln.get_clip_on() for ln in markers)
    assert any(6.0 in ln.get_xdata() for ln in markers)
    figure_bytes(fig, "png", 50, figures.rc("light"))  # draws: the layout is final
    renderer = fig._get_renderer()
    page = fig.bbox
    for ln in markers:
        box = ln.get_window_extent(renderer)
        assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0
        assert box.y1 <= page.y1


def test_markers_outside_the_limits_are_dropped() -> None:
    """Unclipped markers outside --ymax would float beside the panel."""
    fig = figures.build(spec_of("binary_step", "hardshrink", orders=(0,), ylim=(None, 0.5)))
    points = [(x, y) for ln in fig.axes[0].get_lines() if ln.get_marker() == "o"
              for x, y in zip(ln.get_xdata(), ln.get_ydata())]
    assert points and all(y <= 0.5 + 1e-12 for _, y in points)
    assert any(x == 0.5 and abs(y - 0.5) < 1e-12 for x, y in points)  # on the edge: kept
