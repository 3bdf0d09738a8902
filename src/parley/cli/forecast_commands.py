"""``parley forecast``: collective-decision models on a stakeholder table, Monte-Carlo outlook of a scenario.

A stakeholder CSV gets the models (compromise, median voter, Nash, expected utility). A scenario gets
the Monte-Carlo outlook of its delegations process; scenarios carry no stakeholder table yet, so the
models are not run on them (the output says so).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from parley.actors import StakeholderTable
from parley.cli.app import _fail, _guarded, app
from parley.cli.forecast_tables import (
    MODELS_OF,
    chosen_models,
    other_table_json,
    print_other_table,
    table_kind,
)
from parley.cli.scenario_source import SCENARIO_HELP, load_scenario_argument
from parley.extras import ensure_extra
from parley.forecast import (
    Convergence,
    EUResult,
    Outlook,
    absolute_errors,
    compromise,
    median_voter,
    nash_bargaining,
    outlook,
    point_forecasts,
    run_expected_utility,
)
from parley.formats import read_stakeholder_csv

MODELS = MODELS_OF["actors"]
#: Every model of every kind of table.
ALL_MODELS = tuple(name for models in MODELS_OF.values() for name in models)
NO_TABLE = "the scenario has no stakeholder table, so only the Monte-Carlo outlook is given"
#: Runs from which a progress bar is shown (without --json).
PROGRESS_FROM = 200


def model_json(table: StakeholderTable, model: str, eu: EUResult | None = None) -> dict[str, Any]:
    """Each chosen model's predicted position (the EU model: weighted median and mean per round;
    ``eu``: its run on ``table`` when the caller has it already)."""
    chosen = MODELS if model == "all" else (model,)
    found: dict[str, Any] = {}
    for name in chosen:
        if name == "compromise":
            found[name] = compromise(table)
        elif name == "median":
            found[name] = median_voter(table)
        elif name == "nash":
            found[name] = nash_bargaining(table)
        else:
            result = eu if eu is not None else run_expected_utility(table)
            found[name] = {
                "median": result.median.tolist(),
                "mean": result.mean.tolist(),
                "convergence": result.convergence.to_json(),
                "positions": {actor: result.positions[:, i].tolist() for i, actor in enumerate(table.actors)},
                "offer_types": {
                    actor: [OFFER_TYPES[int(k)] for k in result.offer_types[:, i]]
                    for i, actor in enumerate(table.actors)
                },
            }
    return found


#: The EU model's offer kinds, as the JSON names them (round by round, per actor).
OFFER_TYPES = ("none", "confrontation", "compromise", "capitulation")


@app.command()
def forecast(
    path: Annotated[
        Path,
        typer.Argument(
            help="A stakeholder table (an actor table, a KTAB spatial-model CSV or exchange-model records; "
            f"the kind is detected) or: {SCENARIO_HELP}"
        ),
    ],
    runs: Annotated[int, typer.Option(min=1, help="Monte-Carlo runs of a scenario's process.")] = 1000,
    model: Annotated[
        str,
        typer.Option(
            help="compromise, median, nash, eu (actor tables), smp (KTAB tables), exchange (exchange-model "
            "tables) or all: every model that applies to the table."
        ),
    ] = "all",
    salience_scale: Annotated[
        float | None,
        typer.Option(
            min=1e-9,
            help="Divide a table's saliences by this (default: 100 for a table whose saliences lie in "
            "0-100, else 1).",
        ),
    ] = None,
    voting_rule: Annotated[
        str,
        typer.Option(
            help="KTAB's voting rule (spatial model): Prop, PropBin, Binary, PropCbc, Cubic, ASymProsp."
        ),
    ] = "Prop",
    outcome: Annotated[
        float | None,
        typer.Option(help="The outcome actually decided (a table): each model's absolute error is reported."),
    ] = None,
    seed: Annotated[int, typer.Option(help="Master seed of the outlook.")] = 0,
    processes: Annotated[
        int | None, typer.Option(min=1, help="Local worker processes (default: one per core).")
    ] = None,
    scheduler: Annotated[str | None, typer.Option(help="Run on a Dask scheduler at this address.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of tables.")] = False,
) -> None:
    """Predict a collective decision (stakeholder CSV) or the odds of a scenario's process (outlook)."""
    if model not in (*ALL_MODELS, "all"):
        _fail(f"--model must be {', '.join(ALL_MODELS)} or all, not {model!r}")
    kind = _guarded(lambda: table_kind(path)) if path.is_file() else "actors"
    if kind != "actors":
        chosen = _guarded(lambda: chosen_models(kind, model, path))
        if as_json:
            found = _guarded(lambda: other_table_json(kind, chosen, path, voting_rule))
        else:  # the spatial model of a large table takes seconds: say what is running meanwhile
            with Console(stderr=True).status(f"running {', '.join(chosen)} on {path.name}…"):
                found = _guarded(lambda: other_table_json(kind, chosen, path, voting_rule))
        if as_json:
            sys.stdout.write(json.dumps(found, ensure_ascii=False) + "\n")
        else:
            print_other_table(found, Console(highlight=False))
        return
    if path.suffix.lower() == ".csv":
        _guarded(lambda: chosen_models("actors", model, path))
        table = _guarded(lambda: read_stakeholder_csv(path, salience_scale=salience_scale))
        eu = None
        if outcome is not None or model in ("all", "eu"):  # one run of the EU model serves both
            eu = _guarded(lambda: run_expected_utility(table))
        data = _guarded(lambda: model_json(table, model, eu))
        if outcome is not None:
            data["errors"] = absolute_errors(point_forecasts(table, eu), outcome)
        if as_json:
            sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        else:
            _print_models(table, data)
        return
    if scheduler is not None:
        _guarded(lambda: ensure_extra("cluster", "--scheduler"))
    scenario = _guarded(lambda: load_scenario_argument(path))
    built = scenario.delegations
    models = {issue: model_json(table, model) for issue, table in built.stakeholders.items()}
    if as_json:
        result = _guarded(lambda: outlook(scenario.space, built, runs, seed, processes, scheduler))
        report: dict[str, Any] = {"scenario": scenario.metadata.title, "outlook": result.to_json()}
        report.update({"models": models} if models else {"note": NO_TABLE})
        sys.stdout.write(json.dumps(report, ensure_ascii=False) + "\n")
        return
    console = Console(highlight=False)
    if runs < PROGRESS_FROM:
        result = _guarded(lambda: outlook(scenario.space, built, runs, seed, processes, scheduler))
    else:
        result = _with_progress(
            lambda report: outlook(scenario.space, built, runs, seed, processes, scheduler, report)
        )
    console.print(
        f"[bold cyan]{escape(scenario.metadata.title or 'Scenario')}[/]: {runs:,} runs, seed {seed}"
    )
    if not models:
        console.print(f"[dim]{NO_TABLE}[/]")
    for issue, table in built.stakeholders.items():
        _print_models(table, models[issue])
    _print_outlook(result, console)


def _with_progress(action: Any) -> Outlook:
    """Run ``action(progress)`` under a rich progress bar with the time remaining (on stderr)."""
    columns = (
        TextColumn("outlook"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("runs", total=None)

        def report(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        found: Outlook = _guarded(lambda: action(report))
    return found


def _print_models(table: StakeholderTable, data: dict[str, Any]) -> None:
    console = Console(highlight=False)
    console.print(f"[bold cyan]{escape(table.issue)}[/]: {len(table)} stakeholders")
    positions = Table("model", "predicted position", title="Collective-decision models")
    for name, value in data.items():
        if name not in ("eu", "errors"):
            positions.add_row(name, f"{value:.4f}")
    if len(positions.rows):
        console.print(positions)
    if "errors" in data:
        errors = Table("model", "absolute error", title="Against the outcome given (--outcome)")
        for name, error in sorted(data["errors"].items(), key=lambda item: item[1]):
            errors.add_row(name, f"{error:.4f}")
        console.print(errors)
    if "eu" in data:
        rounds = Table("round", "weighted median", "weighted mean", title="Expected-utility model")
        for i, (median, mean) in enumerate(zip(data["eu"]["median"], data["eu"]["mean"], strict=True)):
            rounds.add_row(str(i), f"{median:.4f}", f"{mean:.4f}")
        console.print(rounds)
        console.print(
            f"expected-utility model: {escape(Convergence.from_json(data['eu']['convergence']).text)}"
        )


def _print_outlook(result: Outlook, console: Console) -> None:
    data = result.to_json(top=5)
    intervals = data["intervals"]
    odds = Table("event", "probability", "95 % interval", title="Outlook")

    def row(label: str, group: str, name: str) -> None:
        interval = intervals[group][name]
        band = f"[{interval['low']:.3f}, {interval['high']:.3f}]"
        odds.add_row(label, f"{data[group][name]:.3f}", band)

    for stage in data["stages"]:
        row(f"stage agreed: {escape(stage)}", "stages", stage)
    for stage in data["in_force"]:
        row(f"its agreement in force at the end: {escape(stage)}", "in_force", stage)
    for party in data["ratification"]:
        row(
            "every agreement in force" if party == "overall" else f"ratified by {escape(party)}",
            "ratification",
            party,
        )
    odds.add_row("expected rounds", f"{data['expected_rounds']:.1f}", "")
    console.print(odds)
    console.print(f"[dim]{escape(data['caveat'])}[/]")
    status = Table("status", "runs", title="How the runs ended")
    for name, count in data["status"].items():
        status.add_row(escape(name), f"{count:,}")
    console.print(status)
    packages = Table(
        "count", "probability", "package", title=f"Agreed packages ({data['distinct_packages']} distinct)"
    )
    for item in data["packages"]:
        text = ", ".join(f"{k}={v}" for k, v in item["package"].items())
        packages.add_row(f"{item['count']:,}", f"{item['probability']:.3f}", escape(text))
    console.print(packages)
    utilities = Table(
        "party", "mean", "5%", "25%", "median", "75%", "95%", title="Utility (expected mandate)"
    )
    for party, q in data["utilities"].items():
        cells = (q["mean"], q["q05"], q["q25"], q["q50"], q["q75"], q["q95"])
        utilities.add_row(escape(party), *(f"{v:.3f}" for v in cells))
    console.print(utilities)
    ranking = Table(
        "sampled input",
        "|Spearman| max",
        "ratified [95 %]",
        "strongest other link",
        title="Sensitivity (top 10)",
    )
    for entry in data["sensitivity"][:10]:
        correlations = dict(entry["correlations"])
        ratified = correlations.pop("ratified")
        low, high = entry["intervals"]["ratified"]
        target = max(correlations, key=lambda k: abs(correlations[k]), default="")
        link = f"{escape(target)} {correlations[target]:+.3f}" if target else ""
        name = entry["input"] + (f" (moves with {', '.join(entry['merged'])})" if entry["merged"] else "")
        ranking.add_row(
            escape(name), f"{entry['score']:.3f}", f"{ratified:+.3f} [{low:+.2f}, {high:+.2f}]", link
        )
    console.print(ranking)
