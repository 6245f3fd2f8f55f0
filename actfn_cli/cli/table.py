"""``actfn table``: values (and derivatives) of activations at chosen points."""

from .options import (
    At,
    Format,
    Grad,
    Order,
    Output,
    Param,
    Points,
    Properties,
    Quiet,
    Specs,
    XMax,
    XMin,
)


def table(specs: Specs, at: At = None, xmin: XMin = None, xmax: XMax = None,
          points: Points = None, grad: Grad = False, order: Order = None,
          properties: Properties = False, output: Output = None, format: Format = None,
          quiet: Quiet = False, param: Param = None) -> None:
    """Tabulate activations at points (--at, or a range), or their measured properties.

    Examples:
      actfn table --properties gelu silu relu sigmoid tanh
      actfn table --properties elu:alpha=0.5 "x*tanh(softplus(x))" --format csv
      actfn table gelu silu --at -2,-1,0,1,2
      actfn table relu leaky_relu@keras --grad --at -1,0,1 --format markdown
      actfn table elu --xmin -3 --xmax 3 --points 7 --format csv -o elu.csv
      actfn table softmax --at 1,2,3           # a vector activation: its output vector
      actfn table gelu --at -inf,nan,inf --format json

    Every number is written so it reads back exactly (repr); JSON is strict, with
    non-finite values as the strings "inf", "-inf" and "nan". Without --at the rows fall on
    a round step over --xmin..--xmax (the integers -6..6 by default), kinks included.

    --properties gives one row per activation instead, measured from the function over the
    whole real line: min and max and where they are reached, monotonic, continuity,
    identity near 0, zero-centred, symmetry, where it saturates, max |f′|, the share of
    dead gradients and E, Var under N(0, 1) ('actfn info SPEC' explains one in full).
    """
    from .jobs import TableOptions
    from .runner import run

    run(TableOptions(specs=specs, at=at, xmin=xmin, xmax=xmax, points=points, grad=grad,
                     order=order, properties=properties, output=output, format=format, quiet=quiet,
                     param=param or ()))
