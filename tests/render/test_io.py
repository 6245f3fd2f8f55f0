"""Atomic writes and reproducible figure encoding."""

from __future__ import annotations

import logging
import os
import stat

import pytest

from actfn_cli.core.errors import ActfnError
from actfn_cli.render import io as rio


def test_write_atomic_replaces_and_keeps_mode(tmp_path) -> None:
    target = tmp_path / "f.txt"
    target.write_text("old")
    target.chmod(0o640)
    rio.write_atomic(str(target), b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    assert os.listdir(tmp_path) == ["f.txt"]


def test_new_file_gets_umask_mode(tmp_path) -> None:
    target = tmp_path / "g.txt"
    rio.write_atomic(str(target), b"x")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o666 & ~umask


def test_failure_midway_leaves_old_file_and_no_temp(tmp_path, monkeypatch) -> None:
    target = tmp_path / "f.txt"
    target.write_text("old")

    def broken(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(rio.os, "replace", broken)
    with pytest.raises(ActfnError, match="No space left on device"):
        rio.write_atomic(str(target), b"new")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["f.txt"]


def test_unwritable_folder_message(tmp_path, monkeypatch) -> None:
    def denied(**kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", denied)
    with pytest.raises(ActfnError, match="is not writable"):
        rio.write_atomic(str(tmp_path / "f.png"), b"x")


def test_missing_folder_message(tmp_path) -> None:
    with pytest.raises(ActfnError, match="does not exist") as err:
        rio.write_atomic(str(tmp_path / "a" / "b.png"), b"x")
    assert err.value.exit_code == 1


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_figure_bytes_have_no_stamps(fmt) -> None:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(2, 2))
    fig.add_subplot().plot([0, 1], [1, 0])
    first = rio.figure_bytes(fig, fmt, 50)
    assert first == rio.figure_bytes(fig, fmt, 50)
    for stamp in (b"Software", b"CreationDate", b"<dc:date>", b"Matplotlib v"):
        assert stamp not in first


def test_pdf_encoding_logs_nothing(caplog) -> None:
    """fontTools warns about DejaVu's 'head' timestamps for each PDF font subset; that must
    not reach stderr, where a figure command prints only `wrote FILE`."""
    from matplotlib.figure import Figure

    from actfn_cli.render import figures

    logger = logging.getLogger("fontTools")
    before = logger.level
    logger.setLevel(logging.NOTSET)  # whatever an earlier test left
    try:
        fig = Figure(figsize=(2, 2))
        fig.add_subplot().plot([0, 1], [1, 0], label="line")
        fig.axes[0].legend()
        with caplog.at_level(logging.INFO):
            rio.figure_bytes(fig, "pdf", 50, figures.rc("light"))
        assert [r.getMessage() for r in caplog.records if r.name.startswith("fontTools")] == []
        assert logger.level == logging.NOTSET  # restored: nothing global changes
    finally:
        logger.setLevel(before)


@pytest.mark.parametrize("formats", [("svg",), ("pdf", "png", "svg")])
def test_encode_formats_each_like_one_save(formats) -> None:
    from matplotlib.figure import Figure

    def build() -> Figure:
        fig = Figure(figsize=(2, 2), layout="constrained")
        fig.add_subplot().plot([0, 1], [1, 0])
        fig.axes[0].set_title("t")
        return fig

    shared = rio.encode_formats(build(), formats, 50)
    assert shared == {fmt: rio.figure_bytes(build(), fmt, 50) for fmt in formats}
