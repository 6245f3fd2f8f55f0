"""``actfn plot``: terminal plots and figure files, checked by decoding them."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from matplotlib.image import imread

SVG = "{http://www.w3.org/2000/svg}"


def decode_png(data: bytes) -> np.ndarray:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return imread(io.BytesIO(data), format="png")


def has_colour(image: np.ndarray, hex_colour: str, tol: float = 0.02) -> bool:
    rgb = np.array([int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    return bool((np.abs(image[..., :3] - rgb).max(axis=-1) < tol).any())


def test_terminal_plot_without_output(actfn) -> None:
    run = actfn("plot", "relu", "gelu", env={"COLUMNS": "90", "LINES": "30"})
    assert run.code == 0
    lines = run.stdout.splitlines()
    assert any(ch in run.stdout for ch in "⣀⠉⠒⠤")  # braille curves
    assert "relu" in lines[-1] and "gelu" in lines[-1]  # the legend
    assert max(len(line) for line in lines) <= 90
    assert "\x1b[" not in run.stdout  # no colour outside a terminal
    assert re.search(r"−6 +.* 6$", "\n".join(lines), re.M)  # x tick labels


def test_terminal_plot_with_derivatives_has_panels(actfn) -> None:
    run = actfn("plot", "relu", "--order", "2", env={"COLUMNS": "80", "LINES": "40"})
    for heading in ("f(x)", "f′(x)", "f″(x)"):
        assert heading in run.stdout
    assert run.stdout.count("└") == 3


def test_png_decodes_with_size_and_curve_colour(actfn, tmp_path) -> None:
    target = tmp_path / "f.png"
    run = actfn("plot", "gelu", "-o", str(target))
    assert run.code == 0 and run.stderr.strip() == f"wrote {target}"
    image = decode_png(target.read_bytes())
    assert image.shape[:2] == (630, 1050)  # 4.2 x 7 inches at 150 dpi
    assert image[..., :3].std() > 0.05  # not blank
    assert has_colour(image, "#0072B2")  # the first curve's colour


def test_size_dpi_and_dark_style(actfn, tmp_path) -> None:
    target = tmp_path / "d.png"
    actfn("plot", "relu", "silu", "--style", "dark", "--size", "4x3", "--dpi", "50",
          "-o", str(target))
    image = decode_png(target.read_bytes())
    assert image.shape[:2] == (150, 200)
    assert has_colour(image, "#16181c")  # dark background
    assert has_colour(image, "#56B4E9", tol=0.08)  # first dark-palette colour


def test_grad_adds_panels(actfn, tmp_path) -> None:
    one, two = tmp_path / "1.png", tmp_path / "2.png"
    actfn("plot", "relu", "-o", str(one))
    actfn("plot", "relu", "--grad", "-o", str(two))
    assert decode_png(two.read_bytes()).shape[0] > decode_png(one.read_bytes()).shape[0]


def test_svg_parses_with_paths_and_no_date(actfn, tmp_path) -> None:
    target = tmp_path / "f.svg"
    actfn("plot", "gelu", "silu", "--title", "Gates", "-o", str(target))
    text = target.read_text(encoding="utf-8")
    root = ET.fromstring(text)
    assert root.tag == f"{SVG}svg"
    assert len(root.findall(f".//{SVG}path")) > 20
    for label in ("<!-- gelu -->", "<!-- silu -->", "<!-- Gates -->", "<!-- $f(x)$ -->"):
        assert label in text
    assert "dc:date" not in text and "<dc:date>" not in text


def test_pdf_has_no_dates(actfn, tmp_path) -> None:
    target = tmp_path / "f.pdf"
    actfn("plot", "gelu", "-o", str(target))
    data = target.read_bytes()
    assert data.startswith(b"%PDF-")
    assert b"/CreationDate" not in data and b"/ModDate" not in data


def test_stdout_dash_writes_bytes(actfn) -> None:
    run = actfn("plot", "relu", "-o", "-", "--format", "png")
    assert run.code == 0
    assert decode_png(run.stdout_bytes).shape[:2] == (630, 1050)


def test_format_overrides_missing_suffix(actfn, tmp_path) -> None:
    target = tmp_path / "figure"
    run = actfn("plot", "relu", "--format", "svg", "-o", str(target))
    assert run.code == 0 and target.read_bytes().lstrip().startswith(b"<?xml")


@pytest.mark.parametrize("spec", ["binary_step", "signum", "hardshrink", "threshold"])
def test_discontinuous_functions_plot(actfn, tmp_path, spec) -> None:
    target = tmp_path / "s.png"
    assert actfn("plot", spec, "--xmin", "-2", "--xmax", "2", "-o", str(target)).code == 0
    assert decode_png(target.read_bytes()).std() > 0.05


def test_expression_plot(actfn, tmp_path) -> None:
    target = tmp_path / "e.svg"
    run = actfn("plot", "my_swish=x*sigmoid(beta*x)", "--param", "beta=1.5", "--grad",
                "-o", str(target))
    assert run.code == 0
    text = target.read_text(encoding="utf-8")
    assert ET.fromstring(text).findall(f".//{SVG}path")
    assert "<!-- my_swish (β=1.5) -->" in text  # the legend names the curve and its parameter
