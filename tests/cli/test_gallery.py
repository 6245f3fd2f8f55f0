"""The committed gallery: it follows the catalogue and holds nothing it does not make.

Whether its files are fresh is checked by CI (``actfn batch --check
sample_outputs/gallery.toml`` in ``.ci/run``): regenerating 80 figures is too slow for a test.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from actfn_cli.cli import batchfile
from actfn_cli.core import registry

GALLERY = Path(__file__).parents[2] / "sample_outputs"


def _updater():
    spec = importlib.util.spec_from_file_location("update_gallery",
                                                  GALLERY / "update_gallery.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gallery_follows_the_catalogue() -> None:
    text = (GALLERY / "gallery.toml").read_text(encoding="utf-8")
    assert _updater().updated(text) == text, (
        "gallery.toml lags behind the catalogue: run python sample_outputs/update_gallery.py "
        "then actfn batch sample_outputs/gallery.toml")


def test_every_elementwise_activation_has_its_figure() -> None:
    plan = batchfile.load(str(GALLERY / "gallery.toml"))
    outputs = {Path(p).relative_to(GALLERY).as_posix() for t in plan.tasks for p in t.paths}
    for definition in registry.all_definitions():
        if definition.builtin and not definition.vector:
            assert f"functions/{definition.name}.svg" in outputs, definition.name


def test_gallery_holds_what_it_makes_and_nothing_else() -> None:
    plan = batchfile.load(str(GALLERY / "gallery.toml"))
    outputs = {Path(p) for t in plan.tasks for p in t.paths}
    present = {p for p in GALLERY.rglob("*") if p.is_file()
               and p.name not in ("gallery.toml", "update_gallery.py", "build.sh")
               and "__pycache__" not in p.parts}
    assert present <= outputs, sorted(str(p.relative_to(GALLERY)) for p in present - outputs)
    assert outputs <= present, sorted(str(p.relative_to(GALLERY)) for p in outputs - present)
