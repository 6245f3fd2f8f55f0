"""``actfn grad``: derivatives as tables or plots, checked, and Jacobians."""

from .options import (
    At,
    Check,
    Dpi,
    Format,
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


def grad(specs: Specs, at: At = None, order: Order = None, check: Check = False,
         xmin: XMin = None, xmax: XMax = None, points: Points = None, output: Output = None,
         format: Format = None, title: Title = None, dpi: Dpi = None, size: Size = None,
         style: Style = None, ymin: YMin = None, ymax: YMax = None, quiet: Quiet = False,
         param: Param = None) -> None:
    """Derivatives: f′ (and f″ with --order 2) as a table, a plot, or a check.

    Examples:
      actfn grad relu leaky_relu@jax --at -1,0,1    # the conventions at the kink
      actfn grad gelu --order 2 --at -1,0,1
      actfn grad gelu silu mish --order 2 -o grads.svg
      actfn grad gelu "x*sigmoid(1.702*x)" --check
      actfn grad softmax --at 1,2,3                 # the Jacobian

    --check compares the analytic derivatives with 8th-order central finite differences
    at every sample point away from kinks and jumps, prints the largest relative
    discrepancy of each, and exits 1 if one exceeds 1e-6.
    """
    from .jobs import GradOptions
    from .runner import run

    run(GradOptions(specs=specs, at=at, order=order, check=check, xmin=xmin, xmax=xmax,
                    points=points, output=output, format=format, title=title, dpi=dpi,
                    size=size, style=style, ymin=ymin, ymax=ymax, quiet=quiet,
                    param=param or ()))
