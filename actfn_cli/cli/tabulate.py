"""The tables of each command, built from a :class:`~actfn_cli.cli.jobs.Job`.

Each builder returns a :class:`~actfn_cli.render.tables.Table` whose ``data`` is the JSON
document of the command (documented in the README), and whose rows feed the text formats.
Headers use the spec strings (they rebuild the activation) and ASCII primes: ``gelu'``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ..core.grid import evaluate, sample_grid
from ..core.registry import PRESETS
from ..render.tables import Table, render
from . import catalogue

if TYPE_CHECKING:
    from .jobs import Job

PRIMES = {0: "", 1: "'", 2: "''"}
KEYS = {0: "values", 1: "grad", 2: "grad2"}


def text(table: Table, fmt: str) -> bytes:
    """The table rendered in ``fmt`` as UTF-8 bytes."""
    return render(table, fmt).encode("utf-8")


def _floats(values: Any) -> list[float]:
    return [float(v) for v in np.asarray(values, dtype=np.float64).reshape(-1)]


def _function(act: Any) -> dict[str, Any]:
    return {"spec": act.spec, "name": act.name, "params": dict(act.params)}


def _columns_table(job: Job, orders: tuple[int, ...]) -> Table:
    """x, then one column per activation and order, padded where a vector output is short."""
    x = _floats(job.x)
    columns = ["x"]
    series: list[list[float]] = []
    functions = []
    for act in job.acts:
        entry = _function(act)
        for order in orders:
            values = _floats(act(job.x) if act.is_vector else evaluate(act, job.x, order))
            entry[KEYS[order]] = values
            columns.append(act.spec + PRIMES[order])
            series.append(values)
        functions.append(entry)
    rows = [[xi, *(s[i] if i < len(s) else None for s in series)] for i, xi in enumerate(x)]
    return Table(columns, rows, data={"x": x, "functions": functions})


def values(job: Job) -> Table:
    """``actfn table``: f (and f′, f″) at the points."""
    return _columns_table(job, job.orders)


def derivatives(job: Job) -> Table:
    """``actfn grad``: f′ (and f″) at the points, or the Jacobian of vector activations."""
    if not job.acts[0].is_vector:
        return _columns_table(job, job.orders)
    x = _floats(job.x)
    columns = ["spec", "i", *(f"d/dx{j}" for j in range(len(x)))]
    rows: list[list[Any]] = []
    functions = []
    for act in job.acts:
        jac = np.asarray(act.grad(job.x), dtype=np.float64)
        rows += [[act.spec, i, *map(float, line)] for i, line in enumerate(jac)]
        functions.append({**_function(act), "values": _floats(act(job.x)),
                          "jacobian": [list(map(float, line)) for line in jac]})
    return Table(columns, rows, data={"x": x, "functions": functions})


def check(job: Job) -> tuple[Table, str | None]:
    """``actfn grad --check``: analytic derivatives against 8th-order finite differences.

    Returns the table and, when a discrepancy exceeds the tolerance, the failure message.
    """
    from ..core.fdcheck import TOLERANCE, check_jacobian
    from ..core.fdcheck import check as fd_check

    results = []
    for act in job.acts:
        if act.is_vector:
            results.append(check_jacobian(act, job.x))
        else:
            results += [fd_check(act, job.x, order) for order in job.orders]
    columns = ["spec", "derivative", "max discrepancy", "at x", "points checked",
               "points skipped", "result"]
    rows = []
    failures = []
    for r in results:
        verdict = "ok" if r.ok else ("not checked" if r.checked == 0 else "FAILED")
        at = (", ".join(map(repr, r.at)) if isinstance(r.at, tuple) else r.at)
        what = "jacobian" if isinstance(r.at, tuple) else "f" + PRIMES[r.order]
        rows.append([r.spec, what, None if r.checked == 0 else r.max_error, at, r.checked,
                     r.skipped, verdict])
        if verdict == "FAILED":
            failures.append(f"{r.spec} {what} is off by {r.max_error:.3g} at x={at}")
    notes = (f"discrepancy = |analytic - fd| / max(|analytic|, 1) against 8th-order central "
             f"differences, tolerance {TOLERANCE:g}; points near a kink or jump (declared, or "
             f"found where one-sided differences disagree) are skipped",)
    data = {"tolerance": TOLERANCE, "method": "8th-order central difference",
            "functions": [{"spec": r.spec, "order": r.order, "max_error": r.max_error,
                           "at": list(r.at) if isinstance(r.at, tuple) else r.at,
                           "checked": r.checked, "skipped": r.skipped, "ok": r.ok}
                          for r in results]}
    problem = ("derivative check failed: " + "; ".join(failures)
               + f" (tolerance {TOLERANCE:g})") if failures else None
    return Table(columns, rows, data=data, notes=notes), problem


def differences(job: Job) -> Table:
    """``actfn compare``: each activation against the first over the range."""
    from ..core.difference import difference

    x = sample_grid(*job.xlim, job.points, job.acts)
    ref = job.acts[0]
    diffs = [difference(ref, act, x) for act in job.acts[1:]]
    columns = ["spec", "max |df|", "at x", "rms df", "max |df'|", "at x'"]
    rows = [[label, d.max_abs, d.argmax, d.rms, d.max_abs_grad, d.grad_argmax]
            for label, d in zip(job.labels[1:], diffs)]
    data = {"reference": ref.spec, "xmin": job.xlim[0], "xmax": job.xlim[1],
            "points": int(x.size),
            "functions": [{"spec": d.spec, "max_abs_diff": d.max_abs, "argmax": d.argmax,
                           "rms_diff": d.rms, "max_abs_grad_diff": d.max_abs_grad,
                           "grad_argmax": d.grad_argmax} for d in diffs]}
    title = f"difference from {job.labels[0]} over [{job.xlim[0]:g}, {job.xlim[1]:g}]"
    return Table(columns, rows, data=data, title=title)


def listing(job: Job) -> Table:
    """``actfn list``: the catalogue; with ``--properties``, the measured properties of every
    element-wise entry at its default parameters."""
    records = catalogue.list_records()
    data: dict[str, Any] = {"activations": records,
                            "presets": {k: v[0] for k, v in PRESETS.items()}}
    if job.properties:
        from ..core.activation import get
        from ..core.analysis import METHOD

        measured = [r for r in records if not r["vector"]]
        props = [_measured(get(r["name"])) for r in measured]
        for record, p in zip(measured, props):
            record["properties"] = p
        data["method"] = METHOD
        vectors = [r["name"] for r in records if r["vector"]]
        notes = list(PROPERTY_NOTES)
        if vectors:
            notes.append(f"not listed (they act on a whole vector): {', '.join(vectors)}")
        return _properties_table(props, data, notes)
    columns = ["name", "aliases", "family", "parameters", "frameworks"]
    rows = [[r["name"], ", ".join(r["aliases"]), r["family"],
             catalogue.params_text(r["params"]), ", ".join(r["frameworks"])] for r in records]
    return Table(columns, rows, data=data)


# Under the properties table (plain, rich, markdown): how to read the cells.
PROPERTY_NOTES = (
    ("measured numerically (methods and tolerances: --format json); an empty argmin/argmax: "
     "not attained; an empty |f′| < 1e-3 cell: that side does not saturate"),
    ("dead share: share of z ~ N(0,1) with f′(z) = 0; E and Var for z ~ N(0,1); continuity: "
     "-1 jump, 0 kink, k for C^k, 3 = no break up to f‴"),
)


def _measured(act: Any) -> dict[str, Any]:
    """``act``'s measured properties without the method (said once per document)."""
    from ..core.analysis import properties as measure

    p = measure(act)
    p.pop("method", None)
    return {"spec": p.pop("spec"), "name": p.pop("name"), "params": dict(act.params), **p}


def _properties_table(props: list[dict[str, Any]], data: Any, notes: Any) -> Table:
    from ..core.analysis import TABLE_COLUMNS, table_row

    columns = [header for _, header in TABLE_COLUMNS]
    return Table(columns, [table_row(p) for p in props], data=data, notes=tuple(notes))


def properties(job: Job) -> Table:
    """``actfn table --properties``: one row of measured properties per activation."""
    from ..core.analysis import METHOD

    props = [_measured(act) for act in job.acts]
    return _properties_table(props, {"method": METHOD, "properties": props}, PROPERTY_NOTES)


def depth_result(job: Job) -> dict[str, Any]:
    """``grad --depth``: :func:`actfn_cli.core.depth.propagate` for the job's activations."""
    from ..core.depth import propagate

    run = job.depth
    assert run is not None
    return propagate(job.acts, run.depth, width=run.width, init=run.init, seed=run.seed,
                     batch=run.batch)


def depth(job: Job) -> Table:
    """``actfn grad --depth``: per layer, each activation's forward std and gradient norm
    relative to the last layer. JSON: the result of ``propagate`` as it is."""
    result = depth_result(job)
    functions = result["functions"]
    columns = ["layer"]
    for f in functions:
        columns += [f"{f['spec']} std", f"{f['spec']} grad"]
    rows = [[layer + 1, *(v for f in functions
                          for v in (f["forward_std"][layer], f["grad_norm"][layer]))]
            for layer in range(result["depth"])]
    notes = [(f"{result['depth']} layers of {result['width']} units, batch "
              f"{result['batch']}, seed {result['seed']}; std: of the layer's outputs; grad: "
              f"‖∂L/∂h‖ at the layer's pre-activations, relative to the last layer")]
    for f in functions:
        scale = (f"gain {f['gain']:.5g}" if "gain" in f
                 else f"weight std {f['weight_std']:.5g}")
        notes.append(f"{f['spec']}: init {f['init']} ({scale})")
    return Table(columns, rows, data=result, notes=tuple(notes))


def info(job: Job) -> Table:
    """``actfn info``: one activation described, field by field (keys added to the record
    later appear too, under their own names), then the generated trade-offs."""
    record = catalogue.info_record(job.acts[0])
    return Table(["field", "value"], catalogue.info_rows(record), data=record,
                 notes=catalogue.info_notes(record))
