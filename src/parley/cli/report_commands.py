"""``parley report``: one self-contained HTML report of a scenario."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from parley.cli.app import _guarded, app
from parley.cli.scenario_source import SCENARIO_HELP, load_scenario_argument
from parley.formats import check_file_target
from parley.report import write_report


@app.command()
def report(
    scenario_path: Annotated[Path, typer.Argument(metavar="SCENARIO", help=SCENARIO_HELP)],
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")],
    seed: Annotated[int, typer.Option(help="Seed of the shown run and of the forecast.")] = 0,
    runs: Annotated[
        int, typer.Option(min=0, help="Monte-Carlo runs of the forecast (0: no forecast).")
    ] = 200,
    force: Annotated[bool, typer.Option(help="Replace the output file if it exists.")] = False,
) -> None:
    """Write a self-contained HTML report: scenario, mandates, analysis, a run, forecast, statements."""
    _guarded(lambda: check_file_target(output, force))
    scenario = _guarded(lambda: load_scenario_argument(scenario_path))
    console = Console(stderr=True)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("time remaining"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("analysing and running", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, description="forecast runs", completed=done, total=total)

        _guarded(lambda: write_report(scenario, output, seed=seed, runs=runs, progress=advance, force=force))
    console.print(f"wrote {output}")
