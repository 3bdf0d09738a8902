"""The ``parley`` command line: demo, info, analyze and convert (scenarios by path or built-in name).

Bad input never ends in a traceback: every expected error is printed to stderr as one clear message
and the command exits with status 2.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from parley.analysis import FrontierMethodError
from parley.analysis import analyze as run_analysis
from parley.cli.render import render_summary
from parley.cli.render_analysis import render_analysis
from parley.cli.scenario_source import SCENARIO_HELP, load_scenario_argument
from parley.domain import IssueError, SpaceTooLargeError
from parley.examples import load_example
from parley.extras import MissingExtraError
from parley.formats import (
    Format,
    ScenarioError,
    check_file_target,
    check_folder_target,
    guess_format,
    save_scenario,
    scenario_json_schema,
)
from parley.report import analysis_to_json, summarize, write_utility_plot

app = typer.Typer(
    name="parley",
    help="Model, analyse, simulate and conduct negotiations between delegations.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
T = TypeVar("T")
BAD_INPUT = 2


def _guarded(action: Callable[[], T]) -> T:
    """Run ``action``; turn bad-input errors into one message on stderr and exit status 2."""
    try:
        return action()
    except (ScenarioError, IssueError, SpaceTooLargeError, MissingExtraError, OSError) as error:
        _fail(str(error))


@app.command()
def demo() -> None:
    """Load the built-in example (a fictional ceasefire negotiation) and print its summary."""
    scenario = load_example("ceasefire")
    render_summary(summarize(scenario), Console(), intro="parley demo: the built-in example scenario")


@app.command()
def info(
    path: Annotated[Path, typer.Argument(help=SCENARIO_HELP)],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of tables.")] = False,
    real_steps: Annotated[int, typer.Option(min=2, help="Grid points for real-valued GENIUS issues.")] = 11,
) -> None:
    """Issues, outcome count, parties, reservation values and discounts of a scenario."""
    scenario = _guarded(lambda: load_scenario_argument(path, real_steps=real_steps))
    summary = _guarded(lambda: summarize(scenario))
    if as_json:
        sys.stdout.write(json.dumps(summary, ensure_ascii=False) + "\n")
    else:
        render_summary(summary, Console())


@app.command()
def convert(
    source: Annotated[
        Path, typer.Argument(help="Input: YAML file, GENIUS/GeniusWeb folder or built-in scenario name.")
    ],
    target: Annotated[Path, typer.Argument(help="Output: a .yaml file, or a folder for GENIUS/GeniusWeb.")],
    to: Annotated[
        str | None, typer.Option(help="Output format: yaml, genius or geniusweb (default: from the path).")
    ] = None,
    real_steps: Annotated[int, typer.Option(min=2, help="Grid points for real-valued GENIUS issues.")] = 11,
    force: Annotated[bool, typer.Option(help="Replace the target file or folder if it exists.")] = False,
) -> None:
    """Convert a scenario between parley YAML, GENIUS XML and GeniusWeb JSON."""
    if to is not None and to not in ("yaml", "genius", "geniusweb"):
        _fail(f"--to must be yaml, genius or geniusweb, not {to!r}")
    chosen: Format = to or guess_format(target)  # type: ignore[assignment]
    check = check_file_target if chosen == "yaml" else check_folder_target
    _guarded(lambda: check(target, force))
    scenario = _guarded(lambda: load_scenario_argument(source, real_steps=real_steps))
    _guarded(lambda: save_scenario(scenario, target, chosen, force=force))
    Console(stderr=True).print(f"wrote {target}")


@app.command()
def analyze(
    path: Annotated[Path, typer.Argument(help=SCENARIO_HELP)],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of tables.")] = False,
    plot: Annotated[
        Path | None, typer.Option(help="Write an interactive chart of the utility space (HTML).")
    ] = None,
    method: Annotated[
        str, typer.Option(help="Frontier method: auto, linear, enumeration or solver.")
    ] = "auto",
    time_limit: Annotated[
        float, typer.Option(min=0.1, help="Seconds for the solver (huge non-linear spaces).")
    ] = 60.0,
    real_steps: Annotated[int, typer.Option(min=2, help="Grid points for real-valued GENIUS issues.")] = 11,
    force: Annotated[bool, typer.Option(help="Replace the --plot file if it exists.")] = False,
) -> None:
    """Pareto frontier, bargaining solutions, zone of agreement and opposition of a scenario."""
    if method not in ("auto", "linear", "enumeration", "solver"):
        _fail(f"--method must be auto, linear, enumeration or solver, not {method!r}")
    if plot is not None:
        _guarded(lambda: check_file_target(plot, force))
    scenario = _guarded(lambda: load_scenario_argument(path, real_steps=real_steps))
    preferences = [party.preferences for party in scenario.parties]
    try:
        result = _guarded(
            lambda: run_analysis(scenario.space, preferences, method=method, time_limit=time_limit)  # type: ignore[arg-type]
        )
    except FrontierMethodError as error:
        _fail(f"{path}: --method {method}: {error}")
    data = analysis_to_json(scenario, result)
    if plot is not None:
        _guarded(lambda: write_utility_plot(scenario, result, plot, force))
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    else:
        render_analysis(data, Console())
        if plot is not None:
            Console(stderr=True).print(f"wrote {plot}")


def _fail(message: str) -> NoReturn:
    """Print one error line on stderr (the message verbatim, never read as markup) and exit with 2."""
    Console(stderr=True, highlight=False).print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)
    raise typer.Exit(BAD_INPUT)


@app.command()
def schema() -> None:
    """Print the JSON Schema of parley's YAML scenario format (kept in docs/scenario.schema.json)."""
    sys.stdout.write(scenario_json_schema() + "\n")


from parley.cli import backtest_commands as _backtest_commands  # noqa: E402, F401  (registers commands)
from parley.cli import forecast_commands as _forecast_commands  # noqa: E402, F401  (registers commands)
from parley.cli import fork_commands as _fork_commands  # noqa: E402, F401  (registers commands)
from parley.cli import negotiation_commands as _negotiation_commands  # noqa: E402, F401  (registers commands)
from parley.cli import process_commands as _process_commands  # noqa: E402, F401  (registers commands)
from parley.cli import report_commands as _report_commands  # noqa: E402, F401  (registers commands)
from parley.cli import room_commands as _room_commands  # noqa: E402, F401  (registers commands)
from parley.cli import scenario_commands as _scenario_commands  # noqa: E402, F401  (registers commands)
from parley.cli import whatif_commands as _whatif_commands  # noqa: E402, F401  (registers commands)


def main() -> None:
    """Console-script entry point."""
    app()
