"""``actfn info``: everything known about one activation."""

from .options import Format, Output, Param, Quiet, Spec


def info(spec: Spec, output: Output = None, format: Format = None, quiet: Quiet = False,
         param: Param = None) -> None:
    """Describe an activation: formula, derivative, parameters, reference; then its measured
    properties and the trade-offs they imply.

    Examples:
      actfn info gelu
      actfn info leaky_relu@keras --format json
      actfn info elu:alpha=0.5
      actfn info "x*sigmoid(beta*x)" --param beta=1.5
      actfn info selu --format json | jq '.normal_mean, .normal_var'

    The parameters shown are the ones bound by the spec (preset and explicit values). The
    properties are measured from the function itself, not typed in: range (and where it is
    reached), monotonic, zero-centred, symmetry, continuity, saturation, max |f′|, dead
    zone, E and Var under N(0, 1); the trade-off sentences at the end are generated from
    those numbers. Vector activations (softmax...) show their declared metadata only.
    """
    from .jobs import InfoOptions
    from .runner import run

    run(InfoOptions(specs=[spec], output=output, format=format, quiet=quiet,
                    param=param or ()))
