"""``parley negotiate`` and ``parley tournament``: simulate one negotiation, or a grid of them."""

from __future__ import annotations

import inspect
import json
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin, get_type_hints

import typer
from pydantic import TypeAdapter, ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from parley.analysis import pareto_frontier
from parley.cli.app import _fail, _guarded, app
from parley.cli.record_file import record_file, write_record_file
from parley.cli.render_negotiation import negotiation_json, print_negotiation, summary_table
from parley.cli.scenario_source import SCENARIO_HELP, load_scenario_argument
from parley.extras import ensure_extra
from parley.formats import check_file_target
from parley.negotiators import NEGOTIATORS, make_negotiator
from parley.protocols import MECHANISMS, Deadline, Result, Seat
from parley.protocols import negotiate as run_negotiation
from parley.report import write_negotiation_plot
from parley.scenario import Scenario
from parley.tournament import Progress as ProgressCallback
from parley.tournament import (
    Strategy,
    TournamentError,
    TournamentResult,
    parse_strategy,
    run_tournament,
    table_format,
)

RealSteps = Annotated[int, typer.Option(min=2, help="Grid points for real-valued GENIUS issues.")]


def _strategy(text: str) -> Strategy:
    """Parse and check one strategy given on the command line (exit 2 when unknown)."""
    try:
        strategy = parse_strategy(text)
    except ValueError as error:
        _fail(str(error))
    if strategy.name not in NEGOTIATORS:
        _fail(f"no negotiator called {strategy.name!r}; known: {', '.join(sorted(NEGOTIATORS))}")
    for key, value in strategy.params:
        problem = _parameter_problem(strategy.name, key, value)
        if problem is not None:
            _fail(f"cannot build the negotiators: strategy {strategy.name!r} (from {text!r}): {problem}")
    return strategy


def _parameter_problem(name: str, key: str, value: Any) -> str | None:
    """Why ``key=value`` does not fit the negotiator ``name``'s constructor (unknown, or the wrong type),
    checked against its signature and type hints; None when it fits (or the hints cannot be read)."""
    init = NEGOTIATORS[name].__init__
    parameters = {k: p for k, p in inspect.signature(init).parameters.items() if k != "self"}
    if key not in parameters:
        if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()):
            return None
        known = ", ".join(parameters) or "none"
        return f"no parameter {key!r}; its parameters: {known}"
    try:
        hint = get_type_hints(init).get(key)
    except Exception:  # hints that do not resolve: the constructor will judge the value
        return None
    if hint is None:
        return None
    try:
        TypeAdapter(hint).validate_python(value)
    except ValidationError:
        return f"parameter {key} must be {_type_name(hint)}, not {value!r}"
    return None


def _type_name(hint: Any) -> str:
    """A type hint in words: ``float | None`` reads "a number (float) or nothing (null)"."""
    words = {float: "a number (float)", int: "a whole number (int)", bool: "true or false (bool)",
             str: "text (str)", type(None): "null"}  # fmt: skip
    members = get_args(hint) if get_origin(hint) in (Union, UnionType) else (hint,)
    return " or ".join(words.get(member, getattr(member, "__name__", str(member))) for member in members)


def _check_protocol(protocol: str) -> None:
    """Exit 2 for a protocol that is not registered."""
    if protocol not in MECHANISMS:
        _fail(f"no protocol called {protocol!r}; known: {', '.join(sorted(MECHANISMS))}")


def _seats(scenario: Scenario, strategies: Sequence[Strategy]) -> list[Seat]:
    """One seat per party, in order, with a fresh negotiator (exit 2 on bad parameters)."""
    if len(strategies) != len(scenario.parties):
        _fail(
            f"the scenario has {len(scenario.parties)} parties ({', '.join(scenario.party_names)}); "
            f"give one strategy per party (--strategy, repeated), got {len(strategies)}"
        )
    try:
        return [
            Seat(party.name, party.preferences, make_negotiator(s.name, **s.kwargs()))
            for party, s in zip(scenario.parties, strategies, strict=True)
        ]
    except (TypeError, ValueError) as error:
        _fail(f"cannot build the negotiators: {error}")


def _run(scenario: Scenario, seats: list[Seat], protocol: str, rounds: int, seed: int) -> Result:
    """Run the negotiation; a negotiator's invalid move becomes a clean error."""
    try:
        return run_negotiation(
            scenario.space, seats, protocol=protocol, deadline=Deadline(rounds=rounds), seed=seed
        )
    except ValueError as error:
        _fail(str(error))


def _load(path: Path, real_steps: int) -> Scenario:
    """Load one scenario (exit 2 on a bad file)."""
    return _guarded(lambda: load_scenario_argument(path, real_steps=real_steps))


def _check_output(path: Path) -> None:
    """Exit 2 unless ``path`` ends in a table suffix (.csv, .parquet, .pq)."""
    try:
        table_format(path)
    except ValueError as error:
        _fail(str(error))


def _with_progress(
    console: Console, play: Callable[[ProgressCallback], TournamentResult]
) -> TournamentResult:
    """Run ``play`` under a progress bar with time remaining; errors exit 2 once the bar is closed."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    try:
        with Progress(*columns, console=console) as bar:
            task = bar.add_task("negotiating", total=None)
            return play(lambda done, total: bar.update(task, completed=done, total=total))
    except (TournamentError, OSError) as error:
        _fail(str(error))


@app.command()
def negotiate(
    path: Annotated[Path, typer.Argument(help=SCENARIO_HELP)],
    a: Annotated[
        str, typer.Option("--a", help="Strategy of the first party (name[:key=value…]).")
    ] = "boulware",
    b: Annotated[str, typer.Option("--b", help="Strategy of the second party.")] = "conceder",
    strategy: Annotated[
        list[str] | None, typer.Option(help="Strategy per party, in order (repeat; overrides --a/--b).")
    ] = None,
    protocol: Annotated[str, typer.Option(help="Negotiation protocol.")] = "alternating",
    rounds: Annotated[int, typer.Option(min=1, help="Round limit.")] = 100,
    seed: Annotated[int, typer.Option(help="Seed of the run's random generator.")] = 0,
    plot: Annotated[Path | None, typer.Option(help="Write the offers in utility space as HTML.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of tables.")] = False,
    record: Annotated[
        Path | None, typer.Option(help="Write the record file (what `parley fork` reads) here.")
    ] = None,
    force: Annotated[
        bool, typer.Option(help="Overwrite the --record and --plot files if they exist.")
    ] = False,
    real_steps: RealSteps = 11,
) -> None:
    """Simulate one negotiation between strategies and show the offer trace and the outcome."""
    chosen = [_strategy(text) for text in (strategy or [a, b])]
    _check_protocol(protocol)
    for target in (record, plot):
        if target is not None:
            _guarded(partial(check_file_target, target, force))
    scenario = _load(path, real_steps)
    result = _run(scenario, _seats(scenario, chosen), protocol, rounds, seed)
    if record is not None:
        by_party = dict(zip(scenario.party_names, (s.label for s in chosen), strict=True))
        file = record_file(str(path), protocol, rounds, seed, by_party, result.record)
        _guarded(lambda: write_record_file(record, file))
    if plot is not None:
        preferences = [party.preferences for party in scenario.parties]
        frontier = _guarded(lambda: pareto_frontier(scenario.space, preferences))
        _guarded(lambda: write_negotiation_plot(scenario, result, plot, frontier, force))
    if as_json:
        labels = [s.label for s in chosen]
        data = negotiation_json(scenario, result, labels, protocol, seed)
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        return
    print_negotiation(scenario, result, Console())
    for written in (plot, record):
        if written is not None:
            Console(stderr=True).print(f"wrote {written}")


@app.command()
def tournament(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Scenario files (YAML), GENIUS/GeniusWeb folders or built-in scenario names."),
    ],
    strategies: Annotated[
        str, typer.Option(help="Comma-separated strategies (name[:key=value…]).")
    ] = "boulware,conceder,hardliner",
    protocol: Annotated[str, typer.Option(help="Negotiation protocol.")] = "alternating",
    rounds: Annotated[int, typer.Option(min=1, help="Round limit of each negotiation.")] = 100,
    repetitions: Annotated[int, typer.Option(min=1, help="Runs per pairing and scenario.")] = 1,
    seed: Annotated[int, typer.Option(help="Master seed; each run's seed is derived from it.")] = 0,
    processes: Annotated[
        int | None, typer.Option(min=1, help="Local worker processes (default: one per core).")
    ] = None,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address (runs on Dask).")] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Results table: .csv or .parquet.")
    ] = None,
    real_steps: RealSteps = 11,
) -> None:
    """Play every ordered pairing of strategies on every scenario and summarise per strategy."""
    _guarded(lambda: ensure_extra("data", "parley tournament (its results are a table)"))
    if scheduler is not None:
        _guarded(lambda: ensure_extra("cluster", "--scheduler"))
    chosen = [_strategy(text) for text in strategies.split(",") if text.strip()]
    if not chosen:
        _fail("--strategies names no strategy")
    _check_protocol(protocol)
    if output is not None:
        _check_output(output)
    scenarios = [_load(p, real_steps) for p in paths]
    names = [p.stem or str(p) for p in paths]
    console = Console(stderr=True)
    result = _with_progress(
        console,
        lambda progress: run_tournament(
            scenarios,
            chosen,
            names=names,
            protocol=protocol,
            rounds=rounds,
            repetitions=repetitions,
            seed=seed,
            processes=processes,
            scheduler=scheduler,
            progress=progress,
        ),
    )
    if output is not None:
        _guarded(lambda: result.save(output))
        console.print(f"wrote {len(result.results)} runs to {output}")
    Console().print(summary_table(result.summary))
