"""``actfn compare``: activations side by side, with a table of how they differ."""

from .options import (
    Dpi,
    Format,
    Grad,
    Layout,
    Order,
    Output,
    Param,
    Points,
    Quiet,
    Size,
    Specs,
    Style,
    Sweep,
    Title,
    XMax,
    XMin,
    YMax,
    YMin,
)


def compare(specs: Specs, output: Output = None, format: Format = None, layout: Layout = None,
            sweep: Sweep = None, xmin: XMin = None, xmax: XMax = None, points: Points = None,
            grad: Grad = False, order: Order = None, title: Title = None, dpi: Dpi = None,
            size: Size = None, style: Style = None, ymin: YMin = None, ymax: YMax = None,
            quiet: Quiet = False, param: Param = None) -> None:
    """Compare activations: one plot or a grid, and a table of their differences.

    Examples:
      actfn compare gelu gelu@jax              # exact vs tanh GELU: plot + table
      actfn compare relu gelu silu mish --grad -o gates.svg
      actfn compare elu --sweep alpha=0.5,1,2 --layout grid -o elu.png
      actfn compare gelu silu --format csv     # the difference table only

    The table compares each activation with the first over the range: the largest |Δf| and
    where, the RMS difference, and the largest |Δf′| and where. It goes to stdout (beside a
    figure written with -o, or under the terminal plot). A difference too small to see on
    shared axes gets a panel of its own: under the overlay, or under each plot of the grid.
    """
    from .jobs import CompareOptions
    from .runner import run

    run(CompareOptions(specs=specs, output=output, format=format, layout=layout, sweep=sweep,
                       xmin=xmin, xmax=xmax, points=points, grad=grad, order=order,
                       title=title, dpi=dpi, size=size, style=style, ymin=ymin, ymax=ymax,
                       quiet=quiet, param=param or ()))
