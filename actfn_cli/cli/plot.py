"""``actfn plot``: activations (and their derivatives) over a range, in the terminal or a file."""

from .options import (
    Dpi,
    Format,
    Grad,
    Order,
    Output,
    Param,
    Points,
    Quiet,
    Size,
    Specs,
    Style,
    Title,
    XMax,
    XMin,
    YMax,
    YMin,
)


def plot(specs: Specs, output: Output = None, format: Format = None, xmin: XMin = None,
         xmax: XMax = None, points: Points = None, grad: Grad = False, order: Order = None,
         title: Title = None, dpi: Dpi = None, size: Size = None, style: Style = None,
         ymin: YMin = None, ymax: YMax = None, quiet: Quiet = False,
         param: Param = None) -> None:
    """Plot activations over a range: in the terminal, or to PNG, SVG or PDF.

    Examples:
      actfn plot gelu                          # drawn in the terminal
      actfn plot gelu silu mish --grad -o gates.svg
      actfn plot binary_step hardshrink --xmin -2 --xmax 2 -o steps.png
      actfn plot "x*sigmoid(beta*x)" --param beta=1.5 --order 2 -o swish.pdf
      actfn plot relu --style dark -o - --format png > relu.png

    Without -o the plot is drawn with braille characters, sized to the terminal. With -o
    the format comes from the suffix (or --format); kinks are sampled exactly and jumps are
    drawn without false vertical lines.
    """
    from .jobs import PlotOptions
    from .runner import run

    run(PlotOptions(specs=specs, output=output, format=format, xmin=xmin, xmax=xmax,
                    points=points, grad=grad, order=order, title=title, dpi=dpi, size=size,
                    style=style, ymin=ymin, ymax=ymax, quiet=quiet, param=param or ()))
