"""``actfn info``: everything known about one activation."""

from .options import Format, Output, Param, Quiet, Spec


def info(spec: Spec, output: Output = None, format: Format = None, quiet: Quiet = False,
         param: Param = None) -> None:
    """Describe an activation: formula, derivative, parameters, range, kinks, reference.

    Examples:
      actfn info gelu
      actfn info leaky_relu@keras --format json
      actfn info elu:alpha=0.5

    The parameters shown are the ones bound by the spec (preset and explicit values).
    """
    from .jobs import InfoOptions
    from .runner import run

    run(InfoOptions(specs=[spec], output=output, format=format, quiet=quiet,
                    param=param or ()))
