"""The core is pure NumPy: importing it must not import matplotlib, rich or typer."""

import subprocess
import sys


def test_core_imports_no_gui_or_cli_libraries() -> None:
    code = (
        "import sys, actfn_cli, actfn_cli.core\n"
        "actfn_cli.names()\n"
        "bad = [m for m in ('matplotlib', 'rich', 'typer', 'click', 'scipy', 'torch')"
        " if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"the core imported: {out.stdout.strip()}"
