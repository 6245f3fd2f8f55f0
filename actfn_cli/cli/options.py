"""The command-line options, declared once and shared by every command.

Each is an ``Annotated`` type; a command lists the ones it takes. Every default is ``None``
(or ``False``/empty) meaning "not given": the jobs fill in the defaults of
:mod:`actfn_cli.cli.defaults`, which the help texts quote, so both read one source.
"""

from typing import Annotated, Optional

import typer

from . import defaults as d


def complete_spec(incomplete: str) -> list[str]:
    """Shell completion of activation specs: names, aliases, and ``name@preset``."""
    from .specs import candidates

    return candidates(incomplete)


def _complete(choices: tuple[str, ...]):
    def complete(incomplete: str) -> list[str]:
        return [c for c in choices if c.startswith(incomplete)]

    return complete


_SPEC_HELP = ("Activations: a name (gelu), with a preset (gelu@jax), with parameters "
              "(elu:alpha=0.5), or an expression (\"x*sigmoid(beta*x)\").")
_FORMATS = "png, svg, pdf for figures; plain, csv, json, markdown, rich for tables"

Specs = Annotated[list[str], typer.Argument(
    metavar="SPEC", help=_SPEC_HELP, autocompletion=complete_spec, show_default=False)]
Spec = Annotated[str, typer.Argument(
    metavar="SPEC", help="One activation (same forms as elsewhere).",
    autocompletion=complete_spec, show_default=False)]
Output = Annotated[Optional[str], typer.Option(
    "-o", "--output", metavar="FILE",
    help="Write to FILE (format from its suffix), or - for standard output (needs --format).")]
Format = Annotated[Optional[str], typer.Option(
    "--format", metavar="FORMAT",
    help=f"Output format: {_FORMATS}. Default: from the -o suffix; for text, rich on a "
         f"terminal and plain in a pipe.")]
XMin = Annotated[Optional[float], typer.Option(
    "--xmin", metavar="X", help=f"Left end of the x range \\[default: {d.XMIN:g}].")]
XMax = Annotated[Optional[float], typer.Option(
    "--xmax", metavar="X", help=f"Right end of the x range \\[default: {d.XMAX:g}].")]
Points = Annotated[Optional[int], typer.Option(
    "--points", metavar="N",
    help=f"Samples over the range, 2 to 10_000_000, kinks and jumps always added "
         f"\\[default: {d.FIGURE_POINTS} for figures, a round step for tables].")]
_YLIM = ("of the y axis of the f(x) panels (grad: of its top panel) \\[default: the "
         "curves']; derivative panels scale themselves (a diverging curve runs off them).")
YMin = Annotated[Optional[float], typer.Option("--ymin", metavar="Y", help=f"Bottom {_YLIM}")]
YMax = Annotated[Optional[float], typer.Option("--ymax", metavar="Y", help=f"Top {_YLIM}")]
At = Annotated[Optional[str], typer.Option(
    "--at", metavar="X,X,...",
    help="Evaluate at these points (inf and nan allowed), e.g. --at -2,-1,0,1,2; for a "
         "vector activation, the input vector.")]
Grad = Annotated[bool, typer.Option("--grad", help="Add the first derivative.")]
Order = Annotated[Optional[int], typer.Option(
    "--order", metavar="1|2", help="Highest derivative: 1, or 2 for f″ too (implies --grad).")]
Title = Annotated[Optional[str], typer.Option("--title", metavar="TEXT",
                                              help="Figure title.")]
Dpi = Annotated[Optional[float], typer.Option(
    "--dpi", metavar="DPI", help=f"Resolution of PNG files \\[default: {d.DPI:g}].")]
Size = Annotated[Optional[str], typer.Option(
    "--size", metavar="WxH", help="Figure size in inches, e.g. 7x4.2 \\[default: by panels].")]
Style = Annotated[Optional[str], typer.Option(
    "--style", metavar="light|dark", autocompletion=_complete(d.STYLES),
    help=f"Figure colours \\[default: {d.STYLE}].")]
Quiet = Annotated[bool, typer.Option("-q", "--quiet",
                                     help="No message on stderr when a file is written.")]
Param = Annotated[Optional[list[str]], typer.Option(
    "--param", metavar="NAME=VALUE",
    help="Set a parameter of every spec that has it (repeatable), e.g. --param beta=1.5.")]
Layout = Annotated[Optional[str], typer.Option(
    "--layout", metavar="overlay|grid", autocompletion=_complete(d.LAYOUTS),
    help=f"One shared plot, or one panel per activation \\[default: {d.LAYOUT}].")]
Sweep = Annotated[Optional[str], typer.Option(
    "--sweep", metavar="PARAM=V1,V2,...",
    help="Compare one activation across values of a parameter, e.g. alpha=0.5,1,2.")]
Check = Annotated[bool, typer.Option(
    "--check",
    help="Compare the analytic derivatives with 8th-order finite differences; exit 1 if "
         "one is off by more than 1e-6 (relative).")]
Properties = Annotated[bool, typer.Option(
    "--properties",
    help="Measured properties instead of values: range and where it is reached, monotonic, "
         "continuity, saturation, max |f′|, dead share, E and Var under N(0,1).")]
Depth = Annotated[Optional[int], typer.Option(
    "--depth", metavar="N",
    help=f"Propagate through an N-layer random MLP (1 to {d.MAX_DEPTH}) and report the "
         f"forward std and gradient norm of each layer.")]
Width = Annotated[Optional[int], typer.Option(
    "--width", metavar="W",
    help=f"Units per layer with --depth \\[default: {d.DEPTH_WIDTH}].")]
Init = Annotated[Optional[str], typer.Option(
    "--init", metavar="auto|he|xavier|lecun|orthogonal", autocompletion=_complete(d.INITS),
    help=f"Weight initialisation with --depth; auto: He for rectifiers, LeCun for "
         f"self-normalising, Xavier otherwise \\[default: {d.INIT}].")]
Seed = Annotated[Optional[int], typer.Option(
    "--seed", metavar="S",
    help=f"Random seed of inputs and weights with --depth \\[default: {d.DEPTH_SEED}].")]
Batch = Annotated[Optional[int], typer.Option(
    "--batch", metavar="B",
    help=f"Inputs propagated at once with --depth \\[default: {d.DEPTH_BATCH}].")]
