"""The application: help leading with examples, version, completion, option declarations."""

from __future__ import annotations

import dataclasses

import pytest
import typer.main

import actfn_cli
from actfn_cli.cli import jobs
from actfn_cli.cli.app import ABOUT, app, help_text
from actfn_cli.cli.options import complete_spec

COMMANDS = ["plot", "compare", "table", "grad", "list", "info"]


def test_version(actfn) -> None:
    run = actfn("--version")
    assert run.code == 0 and run.stdout.strip() == f"actfn {actfn_cli.__version__}"


def test_no_arguments_shows_help(actfn) -> None:
    run = actfn()
    assert "Usage" in run.stdout and all(c in run.stdout for c in COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help_leads_with_examples(actfn, command, flag) -> None:
    run = actfn(command, flag)
    assert run.code == 0
    text = run.stdout
    assert text.index("Examples:") < text.index("Options")
    assert f"actfn {command if command != 'list' else 'list'}" in text


def test_top_level_help_has_an_example_of_every_command(actfn) -> None:
    text = actfn("--help", env={"COLUMNS": "120"}).stdout
    examples = [line.split("#")[0].split() for line in help_text(ABOUT).splitlines()
                if line.strip().startswith("actfn ")]
    assert {words[1] for words in examples} == {*COMMANDS, "batch"}
    for example in ("actfn batch figures.toml", "actfn info gelu",
                    "actfn table --properties relu gelu silu",
                    "actfn grad sigmoid relu selu --depth 20 -o depth.png"):
        assert example in text


def test_ylim_help_says_which_panel() -> None:
    group = typer.main.get_command(app)
    for name in ("plot", "compare", "grad"):
        helps = {p.name: p.help for p in group.commands[name].params}
        for option in ("ymin", "ymax"):
            assert "f(x) panels (grad: of its top panel)" in helps[option], (name, option)
            assert "derivative panels scale themselves" in helps[option]


def test_every_command_is_registered_with_help() -> None:
    group = typer.main.get_command(app)
    assert set(COMMANDS) <= set(group.commands)
    for name, command in group.commands.items():
        assert command.help and "Examples:" in command.help, name


def test_help_text_reflows_prose_and_keeps_examples() -> None:
    text = help_text("""Summary line.

    Examples:
      actfn plot gelu
      actfn plot relu

    A paragraph
    over two lines [with brackets].
    """)
    assert "  actfn plot gelu\n  actfn plot relu" in text
    assert "A paragraph over two lines \\[with brackets]." in text
    assert "Examples:" in help_text(ABOUT)


def test_options_match_the_dataclasses() -> None:
    """Each command's options are its dataclass's fields (long names, - → _), so a batch
    file can use the same names."""
    group = typer.main.get_command(app)
    for name in COMMANDS:
        command = group.commands[name]
        params = {p.name for p in command.params} - {"spec"}
        fields = {f.name for f in dataclasses.fields(jobs.OPTIONS[name])} - {"specs"}
        assert params - {"specs"} == fields, name
        for p in command.params:
            long = [o for o in p.opts if o.startswith("--")]
            if long:
                assert long[0][2:].replace("-", "_") == p.name


def test_completion_of_names_aliases_and_presets() -> None:
    assert {"gelu", "geglu"} <= set(complete_spec("ge"))
    assert "hard_sigmoid" in complete_spec("hard_s") or "hardsigmoid" in complete_spec("hards")
    assert complete_spec("gelu@j") == ["gelu@jax"]
    assert set(complete_spec("gelu@")) == {f"gelu@{p}" for p in actfn_cli.presets()}
    assert complete_spec("nosuch@") == []
    assert set(actfn_cli.names()) <= set(complete_spec(""))


def test_shell_completion_protocol(actfn) -> None:
    """The shell's request (the environment variable Click reads) answers with names."""
    run = actfn(env={"_ACTFN_COMPLETE": "complete_bash", "COMP_WORDS": "actfn plot gel",
                     "COMP_CWORD": "2"})
    assert run.code == 0
    assert "gelu" in run.stdout
