"""``parley backtest``: every model's error over a folder of forecasting cases whose outcome is known.

A case is a ``*.case.yaml`` file naming a stakeholder table and what was decided (see
:mod:`parley.formats.cases`). Each model's absolute error per case, then its mean absolute error over
the cases with a 95 % bootstrap interval: the answer to "which model has been closer, and how sure".
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from parley.cli.app import _guarded, app
from parley.forecast import SCORED, absolute_errors, mean_absolute_errors, point_forecasts
from parley.formats import read_cases


def backtest_json(folder: Path) -> dict[str, Any]:
    """Every case's forecasts and errors, and each model's MAE with its interval."""
    cases = read_cases(folder)
    rows, errors = [], []
    for case in cases:
        forecasts = point_forecasts(case.table)
        found = absolute_errors(forecasts, case.outcome)
        errors.append(found)
        rows.append(
            {"case": case.name, "file": case.file.name, "outcome": case.outcome, "source": case.source,
             "forecasts": forecasts, "errors": found}
        )  # fmt: skip
    scores = [
        {
            "model": s.model,
            "cases": s.cases,
            "mae": s.mae,
            "interval": None if s.low is None else [s.low, s.high],
        }
        for s in mean_absolute_errors(errors)
    ]
    return {"cases": rows, "models": scores}


@app.command()
def backtest(
    folder: Annotated[Path, typer.Argument(help="A folder of *.case.yaml files (a table and its outcome).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of tables.")] = False,
) -> None:
    """Score every collective-decision model against cases whose outcome is known."""
    data = _guarded(lambda: backtest_json(folder))
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        return
    console = Console(highlight=False)
    per_case = Table("case", "outcome", *SCORED, title="Absolute error per case")
    for row in data["cases"]:
        per_case.add_row(
            escape(row["case"]), f"{row['outcome']:g}", *(f"{row['errors'][m]:.3f}" for m in SCORED)
        )
    console.print(per_case)
    models = Table("model", "cases", "mean absolute error", "95 % interval", title="Models over the cases")
    for score in sorted(data["models"], key=lambda s: s["mae"]):
        band = (
            "one case: none" if score["interval"] is None else "[{:.3f}, {:.3f}]".format(*score["interval"])
        )
        models.add_row(score["model"], str(score["cases"]), f"{score['mae']:.3f}", band)
    console.print(models)
