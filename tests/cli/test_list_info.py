"""``actfn list`` and ``actfn info``: the catalogue and one activation, in every format."""

from __future__ import annotations

import json

import pytest

import actfn_cli as af
from actfn_cli.core import registry


def test_list_json_covers_the_registry(actfn) -> None:
    data = json.loads(actfn("list", "--format", "json").stdout)
    names = [entry["name"] for entry in data["activations"]]
    assert names == af.names()
    assert set(data["presets"]) == set(af.presets())
    elu = next(e for e in data["activations"] if e["name"] == "elu")
    assert elu["params"] == {"alpha": 1.0}
    assert elu["family"] == registry.lookup("elu").family


def test_list_plain_has_every_name_and_aliases(actfn) -> None:
    text = actfn("list").stdout
    lines = text.splitlines()
    assert lines[0].split() == ["name", "aliases", "family", "parameters", "frameworks"]
    for name in af.names():
        assert any(line.split()[0] == name for line in lines[1:])
    assert "linear" in text  # identity's Keras alias


def test_list_markdown_and_csv(actfn) -> None:
    md = actfn("list", "--format", "markdown").stdout.splitlines()
    assert md[0].startswith("| name | aliases |") and len(md) == len(af.names()) + 2
    csv_lines = actfn("list", "--format", "csv").stdout.splitlines()
    assert csv_lines[0] == "name,aliases,family,parameters,frameworks"


def test_info_json(actfn) -> None:
    data = json.loads(actfn("info", "leaky_relu@keras", "--format", "json").stdout)
    assert data["name"] == "leaky_relu"
    assert data["params"] == {"negative_slope": 0.2}
    for key in ("formula", "derivative_formula", "range", "kinks", "kink_convention",
                "continuity", "monotonic", "frameworks", "reference", "family"):
        assert key in data
    assert data["range"][1] == "inf" and data["kinks"] == [0.0]


def test_info_text_reads_as_a_sheet(actfn) -> None:
    text = actfn("info", "relu").stdout
    fields = {line.split(maxsplit=1)[0]: line for line in text.splitlines()[1:]}
    assert "max(0, x)" in fields["formula"]
    assert "PyTorch" in fields["at"]  # "at kinks" line
    assert "C^0" in fields["continuity"]


def test_info_keeps_extra_record_keys(actfn, monkeypatch) -> None:
    from actfn_cli.cli import catalogue

    original = catalogue.info_record
    monkeypatch.setattr(catalogue, "info_record",
                        lambda act: {**original(act), "lipschitz_bound": 1.0})
    text = actfn("info", "tanh").stdout
    assert any(line.startswith("lipschitz bound") for line in text.splitlines())


@pytest.mark.parametrize("args,fragment", [
    (["info", "gleu"], "'gelu'"),
    (["info", "gelu@jaxx"], "unknown preset 'jaxx'"),
    (["info", "elu:alpha=abc"], "must be a number"),
    (["list", "--format", "png"], "list cannot write format 'png'"),
])
def test_errors(actfn, args, fragment) -> None:
    run = actfn(*args)
    assert run.code == 2 and fragment in run.error_line()
