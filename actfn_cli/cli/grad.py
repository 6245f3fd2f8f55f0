"""``actfn grad``: derivatives as tables or plots, checked, and Jacobians; gradients
through depth."""

from .options import (
    At,
    Batch,
    Check,
    Depth,
    Dpi,
    Format,
    Init,
    Order,
    Output,
    Param,
    Points,
    Quiet,
    Seed,
    Size,
    Specs,
    Style,
    Title,
    Width,
    XMax,
    XMin,
    YMax,
    YMin,
)


def grad(specs: Specs, at: At = None, order: Order = None, check: Check = False,
         depth: Depth = None, width: Width = None, init: Init = None, seed: Seed = None,
         batch: Batch = None, xmin: XMin = None, xmax: XMax = None, points: Points = None,
         output: Output = None, format: Format = None, title: Title = None, dpi: Dpi = None,
         size: Size = None, style: Style = None, ymin: YMin = None, ymax: YMax = None,
         quiet: Quiet = False, param: Param = None) -> None:
    """Derivatives: f′ (and f″ with --order 2) as a table, a plot, or a check; with --depth,
    vanishing and exploding gradients through a random MLP.

    Examples:
      actfn grad relu leaky_relu@jax --at -1,0,1    # the conventions at the kink
      actfn grad gelu --order 2 --at -1,0,1
      actfn grad gelu silu mish --order 2 -o grads.svg
      actfn grad gelu "x*sigmoid(1.702*x)" --check
      actfn grad softmax --at 1,2,3                 # the Jacobian
      actfn grad sigmoid relu selu --depth 20       # vanishing gradients, per layer
      actfn grad sigmoid relu selu --depth 20 -o depth.svg
      actfn grad tanh --depth 50 --init orthogonal --seed 1 --format json

    --check compares the analytic derivatives with 8th-order central finite differences
    at every sample point away from kinks and jumps, prints the largest relative
    discrepancy of each, and exits 1 if one exceeds 1e-6.

    --depth N sends a batch of N(0, 1) inputs through N square layers (no bias) with random
    weights, and a N(0, 1) gradient back from the output; per layer it reports the standard
    deviation of the outputs and the norm of the gradient at the pre-activations, relative
    to the last layer (below 1: the gradient shrinks on its way to the first layers).
    --init auto takes the initialisation each activation is meant for, from its measured
    properties: He for rectifiers, LeCun for self-normalising ones (SELU), Xavier
    otherwise. The same --seed gives the same numbers; -o draws the gradient norm against
    depth on a log scale.
    """
    from .jobs import GradOptions
    from .runner import run

    run(GradOptions(specs=specs, at=at, order=order, check=check, depth=depth, width=width,
                    init=init, seed=seed, batch=batch, xmin=xmin, xmax=xmax, points=points,
                    output=output, format=format, title=title, dpi=dpi, size=size,
                    style=style, ymin=ymin, ymax=ymax, quiet=quiet, param=param or ()))
