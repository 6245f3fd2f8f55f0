"""Output: atomic file writes, bytes to stdout, and reproducible figure encoding.

A file is written to a temporary file in the target's folder and moved over the target with
``os.replace``, so a failed or interrupted command leaves either the old file or the complete
new one, never a partial file. Figures are encoded with every varying stamp removed (dates,
the software version, random SVG ids), so the same command gives the same bytes, and with
nothing printed on the way (fontTools warns about DejaVu's font timestamps in every PDF).
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from ..core.errors import ActfnError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

STDOUT = "-"
SVG_HASHSALT = "actfn"
# Format -> savefig metadata that drops every stamp that would change from run to run.
METADATA: dict[str, dict[str, None]] = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
}


def write_atomic(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, keeping the mode of a file it replaces."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise ActfnError(f"cannot write {path}: folder {_shown(folder)} does not exist")
    if os.path.isdir(path):
        raise ActfnError(f"cannot write {path}: it is a folder")
    import tempfile  # here, not at the top: a table printed to stdout never pays for it

    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.",
                                   suffix=".tmp")
    except PermissionError:
        raise ActfnError(f"cannot write {path}: folder {_shown(folder)} is not writable") from None
    except OSError as exc:
        raise ActfnError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise ActfnError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise


def write_stdout(data: bytes) -> None:
    """Write bytes to standard output (binary-safe, flushed)."""
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:  # a text-only stream (e.g. under a test runner)
        sys.stdout.write(data.decode("utf-8", errors="surrogateescape"))
        sys.stdout.flush()
        return
    sys.stdout.flush()
    stream.write(data)
    stream.flush()


def figure_bytes(fig: Figure, fmt: str, dpi: float, rc: dict | None = None) -> bytes:
    """Encode ``fig`` as ``fmt`` (png, svg or pdf) with no date or version stamps."""
    import matplotlib

    buffer = io.BytesIO()
    settings = {"svg.hashsalt": SVG_HASHSALT, **(rc or {})}
    with matplotlib.rc_context(settings), _quiet_fonttools():
        fig.savefig(buffer, format=fmt, dpi=dpi, metadata=METADATA[fmt],
                    facecolor=fig.get_facecolor())
    return buffer.getvalue()


def encode_formats(fig: Figure, formats: Sequence[str], dpi: float,
                   rc: dict | None = None) -> dict[str, bytes]:
    """Encode one figure in each of ``formats``, each byte-identical to a freshly built
    figure saved once with :func:`figure_bytes`.

    Every save draws the figure, and drawing runs the constrained layout, which starts from
    the axes' current positions: a second save would start from the first one's result and
    differ in the last bits (enough to change SVG clip-path ids). So each save starts from
    the positions the figure was built with.
    """
    axes = [(ax, ax.get_position(original=True).frozen(), ax.get_position().frozen())
            for ax in fig.axes]
    out = {}
    for fmt in formats:
        for ax, original, active in axes:
            ax._set_position(original, which="original")
            ax._set_position(active, which="active")
        out[fmt] = figure_bytes(fig, fmt, dpi, rc)
    return out


@contextlib.contextmanager
def _quiet_fonttools() -> Iterator[None]:
    """Silence fontTools while a figure is saved: it logs a warning for each PDF font subset
    ("'created' timestamp seems very low": DejaVu's 'head' table), which says nothing about
    our output and must not reach stderr, where a figure command prints only ``wrote FILE``."""
    logger = logging.getLogger("fontTools")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _mode_for(path: str) -> int:
    try:
        return os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _shown(folder: str) -> str:
    relative = os.path.relpath(folder)
    return relative if not relative.startswith("..") else folder
