"""The analysis on the command line: ``info`` with measured properties and trade-offs,
``table --properties``, ``list --properties``, and ``grad --depth`` (tables, JSON, figures)."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest

import actfn_cli as af
from actfn_cli.cli import defaults, jobs
from actfn_cli.core import depth as core_depth
from actfn_cli.core.analysis import TABLE_COLUMNS, properties
from actfn_cli.core.errors import UsageError

from .conftest import loaded_modules

HEADERS = [header for _, header in TABLE_COLUMNS]
SMALL = ["--width", "48", "--batch", "48"]  # quick networks: the tests are about outcomes


def strict(text: str):
    """Parse strict JSON: a bare NaN or Infinity fails the test."""
    return json.loads(text, parse_constant=lambda c: pytest.fail(f"non-strict JSON: {c}"))


def elementwise_names() -> list[str]:
    return [n for n in af.names() if not af.get(n).is_vector]


# --------------------------------------------------------------------------- info
def test_info_json_of_gelu(actfn) -> None:
    run = actfn("info", "gelu", "--format", "json")
    assert run.code == 0, run.stderr
    data = strict(run.stdout)
    for key in ("name", "params", "formula", "derivative_formula", "range", "argmin",
                "monotonic", "zero_centered", "continuity", "saturating", "max_grad",
                "frameworks", "tradeoffs", "method", "declared"):
        assert key in data, key
    assert data["name"] == "gelu" and data["measured"] is True
    assert data["range"][0] == pytest.approx(-0.16997, abs=1e-4)
    assert data["range"][1] == "inf" and data["range_attained"] == [True, False]
    assert data["argmin"] == pytest.approx(-0.75179, abs=1e-4) and data["argmax"] is None
    assert data["monotonic"] == "no" and data["zero_centered"] is True
    assert data["continuity"] == "inf" and data["saturating"] == "negative"
    assert data["max_grad"] == pytest.approx(1.1289, abs=1e-4)
    assert "torch" in data["frameworks"]
    declared = data["declared"]  # the registry's metadata, kept beside the measured values
    assert declared["monotonic"] is False and declared["continuity"] == "inf"
    assert declared["range"][0] == pytest.approx(data["range"][0], abs=1e-3)
    assert any("dips to -0.16997 at x = -0.75179" in s for s in data["tradeoffs"])


def test_info_json_of_sigmoid_relu_selu(actfn) -> None:
    sigmoid = strict(actfn("info", "sigmoid", "--format", "json").stdout)
    assert sigmoid["max_grad"] == pytest.approx(0.25, rel=1e-12)
    assert sigmoid["max_grad_at"] == 0.0 and sigmoid["max_grad_attained"] is True
    assert sigmoid["saturating"] == "both"
    assert sigmoid["saturation_x"] == pytest.approx([-6.9058, 6.9058], abs=1e-4)
    assert sigmoid["zero_centered"] is False and sigmoid["f0"] == 0.5
    relu = strict(actfn("info", "relu", "--format", "json").stdout)
    assert relu["dead_zone"] == [["-inf", 0.0]] and relu["zero_grad_share"] == 0.5
    assert relu["continuity"] == 0 and relu["kinks"] == [0.0]
    assert relu["argmin_set"] == ["-inf", 0.0]
    selu = strict(actfn("info", "selu", "--format", "json").stdout)
    assert abs(selu["normal_mean"]) < 1e-9 and selu["normal_var"] == pytest.approx(1, abs=1e-6)
    assert any(s.startswith("self-normalising") for s in selu["tradeoffs"])


def test_info_text_shows_measured_rows_after_the_metadata(actfn) -> None:
    lines = actfn("info", "gelu").stdout.splitlines()
    rows = {line[:21].strip(): line[21:].strip() for line in lines[1:] if line[:1] != "-"}
    assert rows["range"] == "[-0.16997, inf)"
    assert rows["argmin"] == "x = -0.75179" and rows["argmax"] == "not attained"
    assert rows["continuity"] == "C^inf (smooth)"
    assert rows["saturating"] == "negative (|f′| < 1e-3 for x < -3.8104)"
    assert rows["max |f′|"] == "1.1289 at x = 1.4142"
    fields = [line.split("  ")[0] for line in lines]
    assert fields.index("year") < fields.index("range")  # declared first, then measured
    sigmoid = actfn("info", "sigmoid").stdout
    assert re.search(r"^max \|f′\| +0\.25 at x = 0$", sigmoid, re.MULTILINE)
    assert re.search(r"^saturating +both \(\|f′\| < 1e-3 for x < -6\.9058 and x > 6\.9058\)$",
                     sigmoid, re.MULTILINE)


def test_info_text_ends_with_the_generated_tradeoffs(actfn) -> None:
    text = actfn("info", "relu").stdout
    tradeoffs = strict(actfn("info", "relu", "--format", "json").stdout)["tradeoffs"]
    lines = text.splitlines()
    assert lines[-len(tradeoffs):] == [f"- {s}" for s in tradeoffs]
    assert lines[-len(tradeoffs) - 1].startswith("trade-offs")
    assert re.search(r"^dead zone +x < 0$", text, re.MULTILINE)
    assert re.search(r"^argmin +x ≤ 0$", text, re.MULTILINE)
    assert re.search(r"^zero-gradient share +50% of N\(0,1\) inputs", text, re.MULTILINE)
    assert any("50.0% of N(0, 1) inputs get no gradient" in s for s in tradeoffs)


def test_info_markdown_lists_the_tradeoffs(actfn) -> None:
    md = actfn("info", "tanh", "--format", "markdown").stdout.splitlines()
    assert md[0] == "| field | value |"
    bullets = [line for line in md if line.startswith("- ")]
    assert bullets and md[-1] == bullets[-1] and "- odd: f(-x) = -f(x)" in bullets
    assert "| range | (-1, 1) |" in md


def test_info_rich_keeps_brackets(actfn) -> None:
    text = actfn("info", "relu", "--format", "rich", env={"COLUMNS": "140"}).stdout
    assert "─" in text and "E[f(z)], z ~ N(0,1)" in text and "Var[f(z)]" in text


def test_info_of_expressions_and_presets(actfn) -> None:
    data = strict(actfn("info", "x*sigmoid(beta*x)", "--param", "beta=1.702",
                        "--format", "json").stdout)
    assert data["params"] == {"beta": 1.702} and data["measured"] is True
    expected = properties(af.get("x*sigmoid(beta*x)", beta=1.702))
    assert data["range"][0] == expected["range"][0] < -0.15
    jax = strict(actfn("info", "gelu@jax", "--format", "json").stdout)
    assert jax["params"] == {"approximate": "tanh"}
    assert jax["range"][0] == pytest.approx(-0.17004, abs=1e-4)  # the tanh form dips lower
    torch = strict(actfn("info", "softplus@torch", "--format", "json").stdout)
    assert torch["continuity"] == -1 and torch["jumps"] == [20.0]  # its x > 20 switch


def test_info_of_a_vector_activation_is_metadata_only(actfn) -> None:
    data = strict(actfn("info", "softmax", "--format", "json").stdout)
    assert data["measured"] is False and "element-wise" in data["note"]
    assert "normal_mean" not in data and "tradeoffs" not in data
    text = actfn("info", "softmax").stdout
    assert text.splitlines()[-1].startswith("softmax acts along an axis: measured properties")
    assert "trade-offs" not in text


def test_info_of_a_function_with_nothing_to_measure(actfn) -> None:
    run = actfn("info", "log(-1-x*x)")
    assert run.code == 0 and run.stdout.splitlines()[-1].startswith("not measured:")


# --------------------------------------------------------------------------- tables
def test_table_properties_csv(actfn) -> None:
    run = actfn("table", "--properties", "gelu", "relu", "sigmoid", "--format", "csv")
    assert run.code == 0, run.stderr
    rows = list(csv.reader(io.StringIO(run.stdout)))
    assert rows[0] == HEADERS and len(rows) == 4
    cell = {r[0]: dict(zip(HEADERS, r)) for r in rows[1:]}
    assert float(cell["gelu"]["min"]) == properties("gelu")["range"][0]  # round-trips
    assert cell["gelu"]["argmax"] == "" and cell["gelu"]["max"] == "inf"
    assert cell["relu"]["argmin"] == "x ≤ 0" and cell["relu"]["dead share"] == "0.5"
    assert cell["relu"]["continuity"] == "0" and cell["gelu"]["continuity"] == "inf"
    assert float(cell["sigmoid"]["max |f′|"]) == 0.25 and cell["sigmoid"]["at x"] == "0.0"
    assert cell["sigmoid"]["f(0) = 0"] == "false" and cell["gelu"]["f(0) = 0"] == "true"


def test_table_properties_json(actfn) -> None:
    run = actfn("table", "--properties", "gelu", "selu", "elu:alpha=0.5", "--format", "json")
    data = strict(run.stdout)
    assert set(data["method"]) >= {"range", "moments", "continuity"}
    specs = [p["spec"] for p in data["properties"]]
    assert specs == ["gelu", "selu", "elu:alpha=0.5"]
    elu = data["properties"][2]
    assert elu["params"] == {"alpha": 0.5} and elu["range"][0] == pytest.approx(-0.5)
    assert all("method" not in p for p in data["properties"])
    assert data["properties"][1]["normal_var"] == pytest.approx(1, abs=1e-6)


def test_table_properties_markdown_and_plain(actfn) -> None:
    md = actfn("table", "--properties", "relu", "tanh", "--format", "markdown").stdout
    lines = md.splitlines()
    header = [h.replace(r"\|", "|") for h in re.split(r" (?<!\\)\| ", lines[0][2:-2])]
    assert header == HEADERS
    rows = [re.split(r" ?(?<!\\)\| ?", line.strip("| ")) for line in lines[2:4]]
    assert [r[0] for r in rows] == ["relu", "tanh"]
    assert dict(zip(HEADERS, rows[1]))["symmetry"] == "odd"
    assert "dead share: share of z ~ N(0,1)" in md  # the notes, after the table
    plain = actfn("table", "--properties", "relu", "tanh").stdout.splitlines()
    assert plain[0].split("  ")[0] == "activation" and plain[1].startswith("relu ")
    assert actfn("table", "--properties", "relu", "--format", "rich").code == 0


def test_list_properties_covers_the_elementwise_catalogue(actfn) -> None:
    data = strict(actfn("list", "--properties", "--format", "json").stdout)
    assert "method" in data
    for record in data["activations"]:
        if record["vector"]:
            assert "properties" not in record, record["name"]
        else:
            assert record["properties"]["name"] == record["name"]
            assert len(record["properties"]["range"]) == 2
    rows = list(csv.reader(io.StringIO(actfn("list", "--properties", "--format",
                                             "csv").stdout)))
    assert rows[0] == HEADERS
    assert [r[0] for r in rows[1:]] == elementwise_names()
    plain = actfn("list", "--properties").stdout
    assert "not listed (they act on a whole vector): softmax" in plain


# --------------------------------------------------------------------------- depth
def depth_json(actfn, *args: str) -> dict:
    run = actfn("grad", *args, *SMALL, "--format", "json")
    assert run.code == 0, run.stderr
    return strict(run.stdout)


def test_depth_tells_the_story(actfn) -> None:
    """Sigmoid's gradient vanishes over 20 layers; ReLU with He init holds it; SELU with
    LeCun init keeps unit variance (self-normalising)."""
    data = depth_json(actfn, "sigmoid", "relu", "selu", "--depth", "20")
    assert data["depth"] == 20 and data["width"] == 48 and data["seed"] == 0
    sigmoid, relu, selu = data["functions"]
    assert [f["spec"] for f in data["functions"]] == ["sigmoid", "relu", "selu"]
    assert (sigmoid["init"], relu["init"], selu["init"]) == ("xavier", "he", "lecun")
    for f in data["functions"]:
        assert len(f["forward_std"]) == len(f["grad_norm"]) == 20
        assert f["grad_norm"][-1] == 1.0
    assert sigmoid["grad_norm"][0] < 1e-9
    assert np.all(np.diff(sigmoid["grad_norm"]) > 0)  # shrinks at every layer back
    assert all(0.2 < g < 5 for g in relu["grad_norm"])
    assert all(abs(s - 1) < 0.15 for s in selu["forward_std"])
    assert all(s < 0.25 for s in sigmoid["forward_std"])


def test_depth_init_choice_changes_the_outcome(actfn) -> None:
    xavier = depth_json(actfn, "relu", "--depth", "20", "--init", "glorot")["functions"][0]
    assert xavier["init"] == "xavier"
    assert xavier["forward_std"][-1] < 0.01  # relu at half the variance it needs: fades
    ortho = depth_json(actfn, "tanh", "--depth", "5", "--init", "orthogonal")["functions"][0]
    assert ortho["init"] == "orthogonal" and ortho["gain"] == pytest.approx(1.59, abs=0.01)


def test_depth_is_deterministic_with_a_seed(actfn) -> None:
    args = ("grad", "gelu", "tanh", "--depth", "6", *SMALL, "--format", "json")
    first = actfn(*args, "--seed", "7").stdout_bytes
    assert first == actfn(*args, "--seed", "7").stdout_bytes
    assert first != actfn(*args, "--seed", "8").stdout_bytes
    assert first != actfn(*args).stdout_bytes  # the default seed is 0
    assert strict(first.decode())["seed"] == 7


def test_depth_table_formats(actfn) -> None:
    rows = list(csv.reader(io.StringIO(actfn("grad", "sigmoid", "relu", "--depth", "4",
                                             *SMALL, "--format", "csv").stdout)))
    assert rows[0] == ["layer", "sigmoid std", "sigmoid grad", "relu std", "relu grad"]
    assert [r[0] for r in rows[1:]] == ["1", "2", "3", "4"]
    data = depth_json(actfn, "sigmoid", "relu", "--depth", "4")
    assert [float(r[4]) for r in rows[1:]] == data["functions"][1]["grad_norm"]
    plain = actfn("grad", "sigmoid", "relu", "--depth", "4", *SMALL).stdout.splitlines()
    assert plain[0].split() == ["layer", "sigmoid", "std", "sigmoid", "grad", "relu", "std",
                                "relu", "grad"]
    assert "sigmoid: init xavier (weight std 0.14434)" in plain
    assert plain[-1] == "relu: init he (weight std 0.20412)"


def test_depth_figure_svg_has_a_log_axis_and_a_curve_each(actfn, tmp_path) -> None:
    target = tmp_path / "d.svg"
    run = actfn("grad", "sigmoid", "relu", "selu", "--depth", "12", *SMALL, "-o",
                str(target))
    assert run.code == 0 and run.stderr.strip() == f"wrote {target}"
    text = target.read_text(encoding="utf-8")
    ET.fromstring(text)  # well-formed
    powers = {int(p) for p in re.findall(r"<!-- \$\\mathdefault\{10\^\{(-?\d+)\}\}\$ -->",
                                          text)}
    assert 0 in powers and min(powers) <= -6  # log-scale ticks down to sigmoid's ~1e-7
    for label in ("sigmoid (xavier)", "relu (he)", "selu (lecun)"):
        assert f"<!-- {label} -->" in text
    again = tmp_path / "e.svg"
    actfn("grad", "sigmoid", "relu", "selu", "--depth", "12", *SMALL, "-q", "-o", str(again))
    assert again.read_bytes() == target.read_bytes()  # reproducible


def test_depth_figure_png_decodes(actfn, tmp_path) -> None:
    import matplotlib.image as mpimg

    target = tmp_path / "d.png"
    run = actfn("grad", "sigmoid", "relu", "--depth", "8", *SMALL, "--dpi", "40",
                "--size", "5x4", "--style", "dark", "-o", str(target))
    assert run.code == 0
    pixels = mpimg.imread(str(target))
    assert pixels.shape[:2] == (160, 200)
    colours = {tuple(p) for p in (pixels[..., :3] * 255).astype(int).reshape(-1, 3)}
    assert (0x16, 0x18, 0x1C) in colours and len(colours) > 50  # dark, and drawn on


def test_depth_figure_function() -> None:
    """The figure itself: log axes, a legend naming each init, gaps for values a log axis
    cannot show (a dead network), no warnings (the suite runs with -W error)."""
    from actfn_cli.render.figures import depth_figure

    result = core_depth.propagate(["binary_step", "relu"], 5, width=16, batch=16)
    fig = depth_figure(result, ["binary_step", "relu"])
    grad_ax, std_ax = fig.axes
    assert grad_ax.get_yscale() == "log" and std_ax.get_yscale() == "linear"
    legend = [t.get_text() for t in grad_ax.get_legend().get_texts()]
    assert legend == ["binary_step (xavier; no gradient to show)", "relu (he)"]
    step = next(ln for ln in grad_ax.get_lines() if ln.get_label().startswith("binary"))
    assert np.isnan(step.get_ydata()).all()
    assert list(std_ax.get_lines()[1].get_xdata()) == [1, 2, 3, 4, 5]
    exploding = core_depth.propagate(["3*x"], 8, width=16, batch=16)
    fig = depth_figure(exploding, ["3*x"])
    assert fig.axes[1].get_yscale() == "log"  # forward std over 100×: a log axis too


DEPTH_ERRORS = [
    (["relu", "--depth", "0"], "--depth must be between 1 and 10_000 (got 0)"),
    (["relu", "--depth", "100000"], "--depth must be between 1 and 10_000"),
    (["relu", "--depth", "5000"], "values to keep for the backward pass"),
    (["relu", "--depth", "5", "--width", "0"], "--width must be between 1 and 8_192"),
    (["relu", "--depth", "5", "--batch", "0"], "--batch must be between 1 and 65_536"),
    (["relu", "--depth", "5", "--seed", "-1"], "--seed must be between 0 and"),
    (["relu", "--depth", "5", "--init", "uniform"],
     "--init must be one of auto, he, xavier, lecun, orthogonal (got 'uniform')"),
    (["relu", "--depth", "x"], "'x' is not a whole number"),
    (["relu", "--width", "8"], "--width needs --depth"),
    (["relu", "--init", "he", "--at", "1"], "--init needs --depth"),
    (["relu", "--seed", "3"], "--seed needs --depth"),
    (["relu", "--depth", "5", "--at", "1"], "--at does not apply with --depth"),
    (["relu", "--depth", "5", "--order", "2"], "--order does not apply with --depth"),
    (["relu", "--depth", "5", "--xmin", "-1"], "--xmin does not apply with --depth"),
    (["relu", "--depth", "5", "--check"], "--check does not apply with --depth"),
    (["softmax", "--depth", "5"], "grad --depth: softmax acts on a whole vector"),
    (["relu", "--depth", "5", "--ymin", "0", "-o", "d.svg"], "--ymin must be positive"),
    (["relu", "--depth", "5", "-o", "d.gif"], "cannot tell the format"),
]


@pytest.mark.parametrize("args,fragment", DEPTH_ERRORS)
def test_depth_errors(actfn, tmp_path, monkeypatch, args, fragment) -> None:
    monkeypatch.chdir(tmp_path)
    run = actfn("grad", *args)
    assert run.code == 2, run.stderr
    assert fragment in run.error_line()
    assert list(tmp_path.iterdir()) == []


PROPERTY_ERRORS = [
    (["table", "--properties", "gelu", "--at", "1"],
     "--properties describes whole functions; drop --at"),
    (["table", "--properties", "gelu", "--xmin", "-1"], "drop --xmin"),
    (["table", "--properties", "gelu", "--points", "5"], "drop --points"),
    (["table", "--properties", "gelu", "--order", "2"], "drop --order"),
    (["table", "--properties", "gelu", "--grad"], "drop --grad"),
    (["table", "--properties", "gelu", "softmax"], "softmax acts on a whole vector"),
    (["table", "--properties", "gelux"], "did you mean 'gelu'"),
    (["table", "--properties", "gelu", "-o", "p.png"], "table cannot write .png files"),
    (["list", "--properties", "--format", "svg"], "list cannot write format 'svg'"),
]


@pytest.mark.parametrize("args,fragment", PROPERTY_ERRORS)
def test_properties_errors(actfn, args, fragment) -> None:
    run = actfn(*args)
    assert run.code == 2, run.stderr
    assert fragment in run.error_line()


def test_a_function_nan_everywhere_is_a_runtime_error(actfn) -> None:
    run = actfn("table", "--properties", "log(-1-x*x)")
    assert run.code == 1 and "NaN everywhere" in run.error_line()


# --------------------------------------------------------------------------- jobs, help
def test_batch_jobs_can_ask_for_properties_and_depth(actfn, tmp_path) -> None:
    """Options objects (what ``actfn batch`` builds from TOML) make the command's bytes."""
    cases = [
        (jobs.TableOptions(specs=["gelu", "relu"], properties=True, format="csv"),
         ["table", "--properties", "gelu", "relu", "--format", "csv"]),
        (jobs.ListOptions(properties=True, format="json"),
         ["list", "--properties", "--format", "json"]),
        (jobs.GradOptions(specs=["relu", "tanh"], depth=4, width=8, batch=8, seed=2,
                          init="he", format="json"),
         ["grad", "relu", "tanh", "--depth", "4", "--width", "8", "--batch", "8", "--seed",
          "2", "--init", "he", "--format", "json"]),
    ]
    for options, args in cases:
        assert jobs.produce(jobs.prepare(options)).data == actfn(*args).stdout_bytes, args
    fig = jobs.GradOptions(specs=["relu"], depth=3, width=8, batch=8, output="d.svg")
    target = tmp_path / "d.svg"
    actfn("grad", "relu", "--depth", "3", "--width", "8", "--batch", "8", "-q", "-o",
          str(target))
    assert jobs.produce(jobs.prepare(fig)).data == target.read_bytes()
    assert {"depth", "width", "init", "seed", "batch"} <= set(jobs.option_names("grad"))
    assert "properties" in jobs.option_names("table") and "properties" in jobs.option_names(
        "list")


@pytest.mark.parametrize("options,fragment", [
    (jobs.TableOptions(specs=["gelu"], properties="yes"), "--properties must be true or false"),
    (jobs.ListOptions(properties=1), "--properties must be true or false"),
    (jobs.GradOptions(specs=["gelu"], depth=2.5), "--depth must be a whole number"),
    (jobs.GradOptions(specs=["gelu"], depth=3, init=5), "--init must be one of"),
])
def test_batch_values_are_checked(options, fragment) -> None:
    with pytest.raises(UsageError, match=re.escape(fragment)):
        jobs.prepare(options)


def test_cli_defaults_agree_with_the_core() -> None:
    assert defaults.INITS == core_depth.INITS
    assert defaults.MAX_DEPTH_ELEMENTS == core_depth.MAX_ELEMENTS
    assert jobs.init_name("Kaiming") == "he" and jobs.init_name("glorot") == "xavier"


@pytest.mark.parametrize("command,example", [
    ("table", "actfn table --properties"), ("list", "actfn list --properties"),
    ("grad", "--depth 20"), ("grad", "--init orthogonal"), ("info", "actfn info selu"),
])
def test_help_leads_with_the_new_examples(actfn, command, example) -> None:
    text = actfn(command, "--help").stdout
    assert example in text and text.index(example) < text.index("Options")


# --------------------------------------------------------------------------- imports
def probe(*args: str) -> list[str]:
    """matplotlib and the analysis modules, as far as ``actfn ARGS`` imported them."""
    lazy = ("actfn_cli.core.analysis", "actfn_cli.core.depth")
    return [m for m in loaded_modules(*args) if m.split(".")[0] == "matplotlib" or m in lazy]


@pytest.mark.parametrize("args,expected", [
    (["table", "gelu"], []),  # values only: no analysis import, stays fast
    (["list"], []),
    (["table", "--properties", "gelu", "relu"], ["actfn_cli.core.analysis"]),
    (["list", "--properties", "--format", "csv"], ["actfn_cli.core.analysis"]),
    (["info", "gelu"], ["actfn_cli.core.analysis"]),
    (["grad", "relu", "--depth", "3", "--width", "8"], ["actfn_cli.core.analysis",
                                                         "actfn_cli.core.depth"]),
])
def test_text_commands_never_import_matplotlib(args, expected) -> None:
    assert probe(*args) == expected


def test_the_depth_figure_does_import_matplotlib(tmp_path) -> None:
    loaded = probe("grad", "relu", "--depth", "3", "--width", "8", "-q", "-o",
                   str(tmp_path / "d.png"))
    assert "matplotlib" in loaded
