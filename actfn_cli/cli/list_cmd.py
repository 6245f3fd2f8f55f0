"""``actfn list``: the catalogue."""

from .options import Format, Output, Quiet


def list_(output: Output = None, format: Format = None, quiet: Quiet = False) -> None:
    """List every activation: name, aliases, family, parameters, frameworks.

    Examples:
      actfn list
      actfn list --format json | jq '.activations[].name'
      actfn list --format markdown -o catalogue.md

    Names are matched without regard to case, '-' or '_' (LeakyReLU finds leaky_relu), and
    every alias a framework uses works wherever a name does.
    """
    from .jobs import ListOptions
    from .runner import run

    run(ListOptions(output=output, format=format, quiet=quiet))
