"""``actfn list``: the catalogue."""

from .options import Format, Output, Properties, Quiet


def list_(properties: Properties = False, output: Output = None, format: Format = None,
          quiet: Quiet = False) -> None:
    """List every activation: name, aliases, family, parameters, frameworks; or with
    --properties, the measured properties of every element-wise one.

    Examples:
      actfn list
      actfn list --format json | jq '.activations[].name'
      actfn list --format markdown -o catalogue.md
      actfn list --properties                  # the comparison table, measured
      actfn list --properties --format csv -o properties.csv

    Names are matched without regard to case, '-' or '_' (LeakyReLU finds leaky_relu), and
    every alias a framework uses works wherever a name does. --properties measures each
    activation at its default parameters (vector activations are left out, with a note).
    """
    from .jobs import ListOptions
    from .runner import run

    run(ListOptions(properties=properties, output=output, format=format, quiet=quiet))
