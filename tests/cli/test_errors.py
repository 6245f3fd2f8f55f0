"""Every error a person can type: one line on stderr, the right exit code, no partial file."""

from __future__ import annotations

import os

import pytest

USAGE = [  # (arguments, a fragment of the message); all exit 2
    (["plot", "gelux"], "unknown activation 'gelux'; did you mean 'gelu'"),
    (["plot", "gelu@torchx"], "unknown preset 'torchx'"),
    (["plot", "elu:alpha=x"], "must be a number"),
    (["plot", "elu:alfa=1"], "did you mean 'alpha'"),
    (["plot", "relu:alpha=1"], "takes no parameters"),
    (["plot", "elu:"], "':' must be followed by PARAM=VALUE"),
    (["plot", "gelu", "--xmin", "3", "--xmax", "1"], "--xmin must be less than --xmax"),
    (["plot", "gelu", "--xmin", "1", "--xmax", "1"], "--xmin must be less than --xmax"),
    (["plot", "gelu", "--xmin", "inf"], "--xmin must be a finite number"),
    (["plot", "gelu", "--xmax", "nan"], "--xmax must be a finite number"),
    (["plot", "gelu", "--xmin", "abc"], "'abc' is not a number"),
    (["plot", "gelu", "--ymin", "2", "--ymax", "1"], "--ymin must be less than --ymax"),
    (["plot", "gelu", "--ymax", "inf"], "--ymax must be a finite number"),
    (["plot", "gelu", "--points", "1"], "--points must be between 2 and 10_000_000"),
    (["plot", "gelu", "--points", "100000000"], "(got 100_000_000)"),
    (["plot", "gelu", "--points", "1.5"], "'1.5' is not a whole number"),
    (["table", "gelu", "--at", "1,,2"], "--at has an empty item"),
    (["table", "gelu", "--at", "one"], "--at: 'one' is not a number"),
    (["table", "gelu", "--at", "1", "--points", "5"], "not both"),
    (["plot", "gelu", "-o", "f.jpg"], "cannot tell the format of 'f.jpg'"),
    (["plot", "gelu", "-o", "f"], "(no suffix)"),
    (["plot", "gelu", "-o", "f.csv"], "plot cannot write .csv files"),
    (["table", "gelu", "-o", "t.png"], "table cannot write .png files"),
    (["plot", "gelu", "-o", "-"], "say which format with --format"),
    (["plot", "gelu", "--format", "png"], "give -o FILE"),
    (["plot", "gelu", "--format", "gif", "-o", "-"], "plot cannot write format 'gif'"),
    (["plot", "gelu", "-o", "a.png", "--format", "svg"], "does not match the suffix"),
    (["table", "gelu", "-o", "-", "--format", "rich"], "rich is for terminals"),
    (["plot", "softmax"], "softmax acts on a whole vector"),
    (["compare", "gelu", "softmax"], "softmax acts on a whole vector"),
    (["table", "softmax"], "give it with --at"),
    (["plot", "gelu", "--order", "3"], "--order must be 1 or 2"),
    (["plot", "gelu", "--style", "neon"], "--style must be one of light, dark"),
    (["plot", "gelu", "--size", "7"], "--size must be WIDTHxHEIGHT"),
    (["plot", "gelu", "--size", "0x1"], "between 0.5 and 100 inches"),
    (["plot", "gelu", "--dpi", "5"], "--dpi must be between 10 and 2400"),
    (["plot", "gelu", "--dpi", "2000", "-o", "a.png"], "megapixel"),
    (["plot", "gelu", "--param", "beta"], "--param must be NAME=VALUE"),
    (["plot", "gelu", "--param", "beta=1"], "--param beta is not a parameter of 'gelu'"),
    (["plot", "elu:alpha=1", "--param", "alpha=2"], "given both in 'elu:alpha=1'"),
    (["plot", "x*sigmoid(beta*x)"], "parameter 'beta' has no value"),
    (["compare", "gelu"], "compare needs two activations"),
    (["compare", "gelu", "silu", "--sweep", "beta=1,2"], "give one spec"),
    (["compare", "elu", "--sweep", "alpha=1"], "at least two values"),
    (["compare", "elu", "--sweep", "alpha"], "--sweep must be PARAM=V1,V2"),
    (["compare", "elu", "--sweep", "beta=1,2"], "elu has no parameter 'beta'"),
    (["compare", "elu", "--sweep", "alpha=1,1"], "repeats a value"),
    (["compare", "gelu", "silu", "--layout", "diag"], "--layout must be one of"),
    (["plot", "gelu", "--nope"], "No such option: --nope"),
    (["plot"], "Missing argument 'SPEC'"),
    (["info", "gelu", "silu"], "unexpected extra argument"),
    (["frobnicate"], "No such command 'frobnicate'"),
]


@pytest.mark.parametrize("args,fragment", USAGE, ids=[" ".join(a) for a, _ in USAGE])
def test_usage_errors(actfn, tmp_path, monkeypatch, args, fragment) -> None:
    monkeypatch.chdir(tmp_path)
    run = actfn(*args)
    assert run.code == 2, run.stderr
    assert fragment in run.error_line()
    assert run.stdout == ""
    assert os.listdir(tmp_path) == []  # nothing written


def test_missing_folder_is_a_runtime_error(actfn, tmp_path) -> None:
    run = actfn("plot", "gelu", "-o", str(tmp_path / "nope" / "f.png"))
    assert run.code == 1
    assert run.error_line() == (f"cannot write {tmp_path / 'nope' / 'f.png'}: folder "
                                f"{tmp_path / 'nope'} does not exist")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_unwritable_folder(actfn, tmp_path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    run = actfn("table", "gelu", "-o", str(folder / "t.csv"))
    assert run.code == 1 and "not writable" in run.error_line()


def test_output_is_a_folder(actfn, tmp_path) -> None:
    run = actfn("plot", "gelu", "--format", "png", "-o", str(tmp_path))
    assert run.code == 1 and "it is a folder" in run.error_line()


def test_failed_command_keeps_the_existing_file(actfn, tmp_path) -> None:
    target = tmp_path / "f.png"
    target.write_bytes(b"old")
    run = actfn("plot", "gelux", "-o", str(target))
    assert run.code == 2
    assert target.read_bytes() == b"old"
    assert sorted(os.listdir(tmp_path)) == ["f.png"]  # no temporary file left behind


def test_failed_check_exits_one_after_its_table(actfn) -> None:
    import numpy as np

    import actfn_cli as af
    from actfn_cli.core import registry

    af.register("bad_cos_for_test", np.sin, lambda x: np.cos(x) + 1e-3, replace=True)
    try:
        run = actfn("grad", "bad_cos_for_test", "--check")
    finally:
        registry._REGISTRY.pop("bad_cos_for_test")
        registry._KEYS.pop(registry.normalise("bad_cos_for_test"))
    assert run.code == 1 and "FAILED" in run.stdout
    assert "derivative check failed" in run.error_line()
