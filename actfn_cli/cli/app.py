"""The ``actfn`` Typer application and its single error boundary.

Every failure a user can cause ends here as one line on stderr, ``actfn: error: <message>``,
with exit code 2 for a usage error and 1 for a runtime or I/O error; never a traceback.
Importing this module imports neither NumPy nor matplotlib: each command imports its work
when it runs, so ``--help`` and ``--version`` stay instant.
"""

import inspect
import os
import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from ..core.errors import ActfnError
from . import batch, coercion, compare, grad, info, list_cmd, plot, table

PROG = "actfn"
# Typer vendors Click; its usage errors (bad option, missing argument...) share this base.
_CLICK_ERROR = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


def fail(message: str, code: int) -> None:
    """Print ``actfn: error: message`` on stderr and exit with ``code``."""
    sys.stderr.write(f"{PROG}: error: {message}\n")
    sys.stderr.flush()
    sys.exit(code)


def _click_message(err: Any) -> str:
    message = " ".join(err.format_message().split())
    ctx = getattr(err, "ctx", None)
    if ctx is not None:
        message += f" (see '{ctx.command_path} --help')"
    return message


class ActfnCommand(TyperCommand):
    """A command whose options convert without pydantic (see :mod:`.coercion`)."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        coercion.install(params)
        return params


class ActfnGroup(TyperGroup):
    """The command group whose ``main`` is the error boundary of the whole program."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        coercion.install(params)
        return params

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        try:
            code = super().main(args=args, prog_name=prog_name or PROG,
                                complete_var=complete_var, standalone_mode=False, **extra)
        except ActfnError as err:
            pointer = getattr(err, "pointer", None)
            if callable(pointer):  # an expression error: show where, under the message
                sys.stderr.write(f"{PROG}: error: {err}\n{pointer()}\n")
                sys.stderr.flush()
                sys.exit(err.exit_code)
            fail(str(err), err.exit_code)
        except BrokenPipeError:  # `actfn table ... | head`: the reader has gone; stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(1)
        except OSError as err:
            where = f": {err.filename}" if err.filename else ""
            fail(f"{err.strerror or err}{where}", 1)
        except _CLICK_ERROR as err:
            if type(err).__name__ == "NoArgsIsHelpError":  # bare `actfn`: help already shown
                sys.exit(err.exit_code)
            fail(_click_message(err), err.exit_code)
        except typer.Abort:
            fail("aborted", 1)
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


def help_text(doc: str | None) -> str:
    """A docstring as help: prose paragraphs re-flowed, indented blocks (the examples) kept
    line by line, and rich markup brackets escaped."""
    paragraphs = inspect.cleandoc(doc or "").split("\n\n")
    out = []
    for paragraph in paragraphs:
        lines = paragraph.splitlines()
        keep = any(line.startswith(" ") for line in lines)
        out.append("\n".join(lines) if keep else " ".join(line.strip() for line in lines))
    return "\n\n".join(out).replace("[", "\\[")


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"{PROG} {__version__}")
        raise typer.Exit()


ABOUT = """Plot, tabulate and compare neural-network activation functions and their derivatives.

    Examples:
      actfn plot gelu                          # drawn in the terminal
      actfn compare gelu gelu@jax -o gelu.svg  # exact vs tanh GELU
      actfn table relu leaky_relu --grad --at -1,0,1
      actfn table --properties relu gelu silu  # measured properties
      actfn grad softmax --at 1,2,3            # a Jacobian
      actfn grad sigmoid relu selu --depth 20 -o depth.png
      actfn info gelu                          # formula, derivative, kinks
      actfn list
      actfn batch figures.toml                 # the jobs of a TOML file

    A SPEC is a name (gelu), a name with a framework preset (gelu@jax), with parameters
    (elu:alpha=0.5), or an expression ("x*sigmoid(beta*x)" with --param beta=1.5).
    Run 'actfn COMMAND --help' for the options of a command.
    """

COMMANDS = (plot.plot, compare.compare, table.table, grad.grad, list_cmd.list_, info.info,
            batch.batch)


def root(version: Annotated[bool, typer.Option(
        "--version", is_eager=True, callback=_version,
        help="Print the version and exit.")] = False) -> None:
    """The options every command shares come after the command's name."""


def make_app(only: str | None = None) -> typer.Typer:
    """The application; with ``only``, a command name, the group holds that command alone
    (what ``actfn NAME ...`` runs: Typer then builds the options of one command, not all)."""
    made = typer.Typer(
        name=PROG, cls=ActfnGroup, no_args_is_help=True, rich_markup_mode="rich",
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]}, help=help_text(ABOUT),
    )
    made.callback()(root)
    for command in COMMANDS:
        name = command.__name__.rstrip("_")
        if only is None or name == only:
            made.command(name, cls=ActfnCommand, help=help_text(command.__doc__))(command)
    return made


app = make_app()
NAMES = frozenset(command.__name__.rstrip("_") for command in COMMANDS)


def main(argv: Sequence[str] | None = None) -> None:
    """The console script ``actfn`` (and ``python -m actfn_cli``)."""
    args = list(argv) if argv is not None else sys.argv[1:]
    target = make_app(args[0]) if args and args[0] in NAMES else app
    target(args=args, prog_name=PROG)
