"""Commands as data: an options object per command, ``prepare`` (validate) and ``produce``.

The command line and ``actfn batch`` share this module. A command is run in three steps:

1. ``options = PlotOptions(specs=["gelu"], xmin=-4, grad=True, output="f.svg")`` — field
   names are the long option names with ``-`` → ``_``; values are what a user types
   (``"-2,-1,0"``, ``"7x4"``, ``["beta=1.5"]``) or the natural TOML value.
2. ``job = prepare(options)`` — checks everything and raises :class:`UsageError` with one
   clear line, before any work is done.
3. ``out = produce(job)`` — computes the product as bytes (``out.data``: the figure in its
   format, or the table text) without touching the filesystem.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np

from ..core.activation import Activation
from ..core.errors import UsageError
from ..core.grid import check_range, sample_grid
from . import defaults, parsing, specs
from .parsing import FIGURE_FORMATS, TABLE_FORMATS, Target


# --------------------------------------------------------------------------- options
@dataclass
class _Output:
    output: str | None = None
    format: str | None = None
    quiet: bool = False


@dataclass
class _Specs:
    specs: Sequence[str] = ()
    param: Any = ()


@dataclass
class _Common(_Output, _Specs):  # fields in the order specs, param, output, format, quiet
    pass


@dataclass
class _Range:
    xmin: Any = None
    xmax: Any = None
    points: Any = None


@dataclass
class _Figure:
    title: str | None = None
    dpi: Any = None
    size: Any = None
    style: Any = None
    ymin: Any = None
    ymax: Any = None


@dataclass
class PlotOptions(_Common, _Range, _Figure):
    """``actfn plot``: the curves, and with ``grad`` their derivatives."""

    grad: bool = False
    order: Any = None


@dataclass
class CompareOptions(PlotOptions):
    """``actfn compare``: overlay or grid, a sweep, and the difference table."""

    layout: Any = None
    sweep: Any = None


@dataclass
class TableOptions(_Common, _Range):
    """``actfn table``: values (and derivatives) at points, or the measured properties."""

    at: Any = None
    grad: bool = False
    order: Any = None
    properties: bool = False


@dataclass
class GradOptions(_Common, _Range, _Figure):
    """``actfn grad``: derivative tables, plots, checks and Jacobians; with ``depth``, the
    forward std and gradient norm through a random MLP."""

    at: Any = None
    order: Any = None
    check: bool = False
    depth: Any = None
    width: Any = None
    init: Any = None
    seed: Any = None
    batch: Any = None


@dataclass
class ListOptions(_Output):
    """``actfn list``: the catalogue (with ``properties``, measured)."""

    properties: bool = False


@dataclass
class InfoOptions(_Common):
    """``actfn info``: everything known about one activation."""


OPTIONS: dict[str, type] = {"plot": PlotOptions, "compare": CompareOptions,
                            "table": TableOptions, "grad": GradOptions,
                            "list": ListOptions, "info": InfoOptions}
COMMANDS = {cls: name for name, cls in OPTIONS.items()}


def option_names(command: str) -> list[str]:
    """The option fields of ``command`` (what a batch job may set)."""
    return [f.name for f in fields(OPTIONS[command])]


# --------------------------------------------------------------------------- jobs
@dataclass(frozen=True)
class DepthRun:
    """The random MLP of ``grad --depth`` (see :func:`actfn_cli.core.depth.propagate`)."""

    depth: int
    width: int = defaults.DEPTH_WIDTH
    init: str = defaults.INIT
    seed: int = defaults.DEPTH_SEED
    batch: int = defaults.DEPTH_BATCH


@dataclass(frozen=True)
class Job:
    """A validated command, ready to produce."""

    command: str
    target: Target
    acts: tuple[Activation, ...] = ()
    labels: tuple[str, ...] = ()
    x: np.ndarray | None = None  # table rows, or the points a check uses
    xlim: tuple[float, float] = (defaults.XMIN, defaults.XMAX)
    points: int = defaults.FIGURE_POINTS
    orders: tuple[int, ...] = (0,)
    layout: str = defaults.LAYOUT
    style: str = defaults.STYLE
    title: str | None = None
    size: tuple[float, float] | None = None
    ylim: tuple[float | None, float | None] = (None, None)  # of the first panel
    dpi: float = defaults.DPI
    check: bool = False
    quiet: bool = False
    report_format: str = "plain"  # the difference table beside a compare figure
    properties: bool = False  # table/list --properties: measured properties, not values
    depth: DepthRun | None = None  # grad --depth


@dataclass(frozen=True)
class Output:
    """What a job produced: ``data`` for the file (or stdout); ``report`` for stdout beside
    a written file; ``problem`` set when the job ran but its check failed."""

    data: bytes
    report: str = ""
    problem: str | None = None


def _stdout_tty() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _params(opts: _Common) -> dict[str, str]:
    return parsing.assignments("param", opts.param)


def _bounds(opts: _Range) -> tuple[float, float]:
    xmin = defaults.XMIN if opts.xmin is None else parsing.number("xmin", opts.xmin)
    xmax = defaults.XMAX if opts.xmax is None else parsing.number("xmax", opts.xmax)
    check_range(xmin, xmax, 2)
    return xmin, xmax


def _figure_points(opts: _Range) -> int:
    points = defaults.FIGURE_POINTS if opts.points is None else parsing.integer("points",
                                                                               opts.points)
    check_range(0.0, 1.0, points)
    return points


def table_points(xmin: float, xmax: float) -> int:
    """The default row count of a table: a round step (1, 2, 2.5 or 5 × 10^k) that divides
    the range into 8 to 20 intervals, so the rows fall on round numbers; else 11 rows."""
    span = xmax - xmin
    for exponent in range(3, -7, -1):
        for mantissa in (5, 2.5, 2, 1):
            step = mantissa * 10.0 ** exponent
            count = span / step
            if 8 <= round(count) <= 20 and abs(count - round(count)) < 1e-9 * count:
                return int(round(count)) + 1
    return 11


def _figure(opts: _Figure, panels: int) -> dict[str, Any]:
    size = parsing.size(opts.size) if opts.size is not None else None
    shown = size or (7.0, 4.2 + 2.1 * (panels - 1))
    dpi = parsing.dpi(defaults.DPI if opts.dpi is None else opts.dpi, shown)
    style = parsing.choice("style", opts.style or defaults.STYLE, defaults.STYLES)
    ylim = tuple(None if v is None else parsing.number(name, v)
                 for name, v in (("ymin", opts.ymin), ("ymax", opts.ymax)))
    if None not in ylim and ylim[0] >= ylim[1]:
        raise UsageError(f"--ymin must be less than --ymax (got {ylim[0]!r} and {ylim[1]!r})")
    return {"size": size, "dpi": dpi, "style": style, "title": opts.title or None,
            "ylim": ylim}


def _orders(grad: bool, order: Any, *, base: tuple[int, ...] = (0,)) -> tuple[int, ...]:
    """f only; f and f′ with grad; f, f′ and f″ with order 2 (which implies grad)."""
    level = parsing.order(order) if order is not None else (1 if grad else 0)
    return base + tuple(range(1, level + 1)) if level else base


def _x_points(opts: TableOptions | GradOptions,
              acts: Sequence[Activation]) -> tuple[np.ndarray, tuple[float, float]]:
    """The table rows: ``--at`` values, or a grid with every kink and jump of ``acts``."""
    if opts.at is not None:
        if any(v is not None for v in (opts.xmin, opts.xmax, opts.points)):
            raise UsageError("give either --at or --xmin/--xmax/--points, not both")
        at = np.asarray(parsing.at_values(opts.at), dtype=np.float64)
        finite = at[np.isfinite(at)]
        lim = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 0.0)
        return at, lim
    xmin, xmax = _bounds(opts)
    points = (table_points(xmin, xmax) if opts.points is None
              else parsing.integer("points", opts.points))
    check_range(xmin, xmax, points)
    return sample_grid(xmin, xmax, points, [a for a in acts if not a.is_vector]), (xmin, xmax)


# --------------------------------------------------------------------------- prepare
def prepare(opts: Any) -> Job:
    """Validate an options object (any of :data:`OPTIONS`) into a :class:`Job`."""
    command = COMMANDS.get(type(opts))
    if command is None:
        raise TypeError(f"not an options object: {opts!r}")
    return _PREPARE[command](opts)


def _prepare_plot(opts: PlotOptions) -> Job:
    orders = _orders(opts.grad, opts.order)
    target = parsing.target(opts.output, opts.format, FIGURE_FORMATS, command="plot",
                            tty=_stdout_tty())
    acts = specs.activations(opts.specs, _params(opts))
    specs.elementwise(acts, "plot", "; try 'actfn table' or 'actfn grad' with --at")
    xmin, xmax = _bounds(opts)
    return Job("plot", target, tuple(acts), tuple(a.label for a in acts), xlim=(xmin, xmax),
               points=_figure_points(opts), orders=orders, quiet=bool(opts.quiet),
               **_figure(opts, len(orders)))


def _prepare_compare(opts: CompareOptions) -> Job:
    tty = _stdout_tty()
    layout = parsing.choice("layout", opts.layout or defaults.LAYOUT, defaults.LAYOUTS)
    orders = _orders(opts.grad, opts.order)
    allowed = (*FIGURE_FORMATS, *TABLE_FORMATS)
    target = parsing.target(opts.output, opts.format, allowed, command="compare", tty=tty)
    if opts.output is None and opts.format is None:
        target = Target(None, "terminal")
    params = _params(opts)
    if opts.sweep is not None:
        if len(opts.specs) != 1:
            raise UsageError(f"--sweep varies one activation; give one spec "
                             f"(got {len(opts.specs)})")
        name, values = parsing.sweep(opts.sweep)
        acts = specs.swept(opts.specs[0], name, values, params)
        labels = tuple(specs.sweep_label(a, name) for a in acts)
    else:
        acts = specs.activations(opts.specs, params)
        if len(acts) < 2:
            raise UsageError("compare needs two activations or more (or one with --sweep "
                             "PARAM=V1,V2,...)")
        labels = tuple(a.label for a in acts)
    specs.elementwise(acts, "compare")
    xmin, xmax = _bounds(opts)
    figure = _figure(opts, len(orders) + 1)
    return Job("compare", target, tuple(acts), labels, xlim=(xmin, xmax),
               points=_figure_points(opts), orders=orders, layout=layout,
               quiet=bool(opts.quiet), report_format="rich" if tty else "plain", **figure)


def _flag(name: str, value: Any) -> bool:
    """A true/false option (a batch file could give any TOML value)."""
    if not isinstance(value, bool):
        raise UsageError(f"--{name} must be true or false (got {value!r})")
    return value


def _prepare_table(opts: TableOptions) -> Job:
    if _flag("properties", opts.properties):
        return _prepare_properties(opts)
    orders = _orders(opts.grad, opts.order)
    target = parsing.target(opts.output, opts.format, TABLE_FORMATS, command="table",
                            tty=_stdout_tty())
    acts = specs.activations(opts.specs, _params(opts))
    if len(orders) > 1:
        specs.elementwise(acts, "table --grad",
                          "; its derivative is a Jacobian: use 'actfn grad SPEC --at ...'")
    _vector_needs_at(acts, opts.at)
    x, lim = _x_points(opts, acts)
    return Job("table", target, tuple(acts), tuple(a.label for a in acts), x=x, xlim=lim,
               points=int(x.size), orders=orders, quiet=bool(opts.quiet))


def _prepare_grad(opts: GradOptions) -> Job:
    if opts.depth is not None:
        return _prepare_depth(opts)
    given = next((name for name in _DEPTH_ONLY if getattr(opts, name) is not None), None)
    if given is not None:
        raise UsageError(f"--{given} needs --depth (e.g. --depth 20)")
    orders = _orders(True, opts.order, base=())
    allowed = (*FIGURE_FORMATS, *TABLE_FORMATS)
    target = parsing.target(opts.output, opts.format, allowed, command="grad",
                            tty=_stdout_tty())
    acts = specs.activations(opts.specs, _params(opts))
    vectors = [a for a in acts if a.is_vector]
    if vectors and len(vectors) != len(acts):
        raise UsageError("grad: give either element-wise activations or vector ones "
                         f"({vectors[0].name}), not both")
    _vector_needs_at(acts, opts.at)
    if vectors and 2 in orders:
        raise UsageError(f"grad --order 2: {vectors[0].name} acts on a vector; only its "
                         f"Jacobian (--order 1) is available")
    if target.is_figure:
        if opts.check:
            raise UsageError("--check prints a table; it cannot be drawn (drop -o or --check)")
        if opts.at is not None:
            raise UsageError("--at is for tables; a figure spans --xmin..--xmax")
        specs.elementwise(acts, "grad -o FIGURE")
        xmin, xmax = _bounds(opts)
        return Job("grad", target, tuple(acts), tuple(a.label for a in acts),
                   xlim=(xmin, xmax), points=_figure_points(opts), orders=orders,
                   quiet=bool(opts.quiet), **_figure(opts, len(orders)))
    if vectors:
        x = np.asarray(parsing.at_values(opts.at), dtype=np.float64)
        if not np.isfinite(x).all():
            raise UsageError("--at: a Jacobian needs finite inputs")
        lim = (float(x.min()), float(x.max()))
    else:
        if opts.check and opts.at is None and opts.points is None:
            opts = replace(opts, points=defaults.FIGURE_POINTS)  # check densely by default
        x, lim = _x_points(opts, acts)
    return Job("grad", target, tuple(acts), tuple(a.label for a in acts), x=x, xlim=lim,
               points=int(x.size), orders=orders, check=bool(opts.check),
               quiet=bool(opts.quiet))


def _prepare_properties(opts: TableOptions) -> Job:
    """``table --properties``: one row per activation, measured over the whole real line."""
    for name in ("at", "xmin", "xmax", "points", "order"):
        if getattr(opts, name) is not None:
            raise UsageError(f"--properties describes whole functions; drop --{name}")
    if opts.grad:
        raise UsageError("--properties describes whole functions (max |f′| included); "
                         "drop --grad")
    target = parsing.target(opts.output, opts.format, TABLE_FORMATS, command="table",
                            tty=_stdout_tty())
    acts = specs.activations(opts.specs, _params(opts))
    specs.elementwise(acts, "table --properties",
                      "; properties are measured for element-wise activations")
    return Job("table", target, tuple(acts), tuple(a.label for a in acts), properties=True,
               quiet=bool(opts.quiet))


_DEPTH_ONLY = ("width", "init", "seed", "batch")
_NOT_WITH_DEPTH = ("at", "order", "xmin", "xmax", "points")


def _bounded(name: str, value: Any, low: int, high: int) -> int:
    number = parsing.integer(name, value)
    if not low <= number <= high:
        raise UsageError(f"--{name} must be between {low:_} and {high:_} (got {number:_})")
    return number


def init_name(value: Any) -> str:
    """``--init``: one of :data:`defaults.INITS` (glorot and kaiming accepted)."""
    text = str(value).strip().lower()
    text = {"glorot": "xavier", "kaiming": "he"}.get(text, text)
    if text not in defaults.INITS:
        raise UsageError(f"--init must be one of {', '.join(defaults.INITS)} (got {value!r})")
    return text


def _prepare_depth(opts: GradOptions) -> Job:
    """``grad --depth N``: a random MLP per activation; a table, or a log-scale figure."""
    for name in _NOT_WITH_DEPTH:
        if getattr(opts, name) is not None:
            raise UsageError(f"--{name} does not apply with --depth (it propagates random "
                             f"inputs through layers); drop --{name}")
    if opts.check:
        raise UsageError("--check does not apply with --depth; drop one of them")
    run = DepthRun(
        depth=_bounded("depth", opts.depth, 1, defaults.MAX_DEPTH),
        width=_bounded("width", defaults.DEPTH_WIDTH if opts.width is None else opts.width,
                       1, defaults.MAX_WIDTH),
        init=init_name(defaults.INIT if opts.init is None else opts.init),
        seed=_bounded("seed", defaults.DEPTH_SEED if opts.seed is None else opts.seed,
                      0, 2 ** 63 - 1),
        batch=_bounded("batch", defaults.DEPTH_BATCH if opts.batch is None else opts.batch,
                       1, defaults.MAX_BATCH))
    size = run.depth * run.width * run.batch
    if size > defaults.MAX_DEPTH_ELEMENTS:
        raise UsageError(f"--depth {run.depth} × --width {run.width} × --batch {run.batch} = "
                         f"{size:_} values to keep for the backward pass, more than "
                         f"{defaults.MAX_DEPTH_ELEMENTS:_}; lower one of them")
    allowed = (*FIGURE_FORMATS, *TABLE_FORMATS)
    target = parsing.target(opts.output, opts.format, allowed, command="grad",
                            tty=_stdout_tty())
    acts = specs.activations(opts.specs, _params(opts))
    specs.elementwise(acts, "grad --depth", "; depth propagation takes element-wise ones")
    figure = _figure(opts, 2) if target.is_figure else {}
    for name, limit in zip(("ymin", "ymax"), figure.get("ylim", ())):
        if limit is not None and limit <= 0:
            raise UsageError(f"--{name} must be positive with --depth: the gradient-norm "
                             f"axis is logarithmic (got {limit!r})")
    return Job("grad", target, tuple(acts), tuple(a.label for a in acts), depth=run,
               quiet=bool(opts.quiet), **figure)


def _vector_needs_at(acts: Sequence[Activation], at: Any) -> None:
    vector = next((a for a in acts if a.is_vector), None)
    if vector is not None and at is None:
        raise UsageError(f"{vector.name} acts on a vector: give it with --at, "
                         f"e.g. --at 1,2,3")


def _prepare_list(opts: ListOptions) -> Job:
    target = parsing.target(opts.output, opts.format, TABLE_FORMATS, command="list",
                            tty=_stdout_tty())
    return Job("list", target, properties=_flag("properties", opts.properties),
               quiet=bool(opts.quiet))


def _prepare_info(opts: InfoOptions) -> Job:
    if len(opts.specs) != 1:
        raise UsageError(f"info describes one activation (got {len(opts.specs)})")
    target = parsing.target(opts.output, opts.format, TABLE_FORMATS, command="info",
                            tty=_stdout_tty())
    acts = specs.activations(opts.specs, _params(opts))
    return Job("info", target, tuple(acts), (acts[0].label,), quiet=bool(opts.quiet))


_PREPARE = {"plot": _prepare_plot, "compare": _prepare_compare, "table": _prepare_table,
            "grad": _prepare_grad, "list": _prepare_list, "info": _prepare_info}


# --------------------------------------------------------------------------- produce
def produce(job: Job) -> Output:
    """Compute the job's product (no filesystem access)."""
    fmt = job.target.format
    if (job.command == "plot" or (job.command == "compare" and fmt not in TABLE_FORMATS)
            or (job.command == "grad" and job.target.is_figure)):
        return _drawing(job)  # the same branch as below, before tabulate is imported
    from . import tabulate

    if job.command == "compare" and fmt in TABLE_FORMATS:  # the difference table alone
        return Output(tabulate.text(tabulate.differences(job), fmt))
    if job.command in ("plot", "compare") or (job.command == "grad" and job.target.is_figure):
        return _drawing(job)
    if job.depth is not None:
        return Output(tabulate.text(tabulate.depth(job), fmt))
    if job.properties and job.command == "table":
        return Output(tabulate.text(tabulate.properties(job), fmt))
    if job.command == "grad" and job.check:
        table, problem = tabulate.check(job)
        return Output(tabulate.text(table, fmt), problem=problem)
    builders = {"table": tabulate.values, "grad": tabulate.derivatives,
                "list": tabulate.listing, "info": tabulate.info}
    return Output(tabulate.text(builders[job.command](job), fmt))


def _drawing(job: Job) -> Output:
    """A figure file or a terminal plot; compare adds its difference table for stdout
    (under the terminal plot, or beside a file — never into figure bytes on stdout)."""
    from . import views

    report = ""
    if job.command == "compare" and job.target.path != parsing.STDOUT:
        from . import tabulate

        report = tabulate.text(tabulate.differences(job), job.report_format).decode()
    if job.target.format == "terminal":
        plot = views.terminal(job)
        return Output((plot + ("\n" + report if report else "")).encode())
    return Output(views.figure(job), report=report)
