"""The ``parley`` command line: demo, info and convert.

Bad input never ends in a traceback: every expected error is printed to stderr as one clear message
and the command exits with status 2.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console

from parley.cli.render import render_summary
from parley.domain import IssueError, SpaceTooLargeError
from parley.examples import load_example
from parley.report import summarize
from parley.scenarios import ScenarioError, load_scenario, save_scenario
from parley.scenarios.io import Format
from parley.scenarios.yaml_schema import scenario_json_schema

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
    except (ScenarioError, IssueError, SpaceTooLargeError, OSError) as error:
        Console(stderr=True, highlight=False).print(
            f"[bold red]error:[/] {error}", markup=True, soft_wrap=True
        )
        raise typer.Exit(BAD_INPUT) from None


@app.command()
def demo() -> None:
    """Load the built-in example (a fictional ceasefire negotiation) and print its summary."""
    scenario = load_example("ceasefire")
    render_summary(summarize(scenario), Console(), intro="parley demo: the built-in example scenario")


@app.command()
def info(
    path: Annotated[
        Path, typer.Argument(help="A parley YAML file, or a folder with a GENIUS/GeniusWeb domain.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of tables.")] = False,
    real_steps: Annotated[int, typer.Option(min=2, help="Grid points for real-valued GENIUS issues.")] = 11,
) -> None:
    """Issues, outcome count, parties, reservation values and discounts of a scenario."""
    scenario = _guarded(lambda: load_scenario(path, real_steps=real_steps))
    summary = _guarded(lambda: summarize(scenario))
    if as_json:
        sys.stdout.write(json.dumps(summary, ensure_ascii=False) + "\n")
    else:
        render_summary(summary, Console())


@app.command()
def convert(
    source: Annotated[Path, typer.Argument(help="Input: YAML file or GENIUS/GeniusWeb folder.")],
    target: Annotated[Path, typer.Argument(help="Output: a .yaml file, or a folder for GENIUS/GeniusWeb.")],
    to: Annotated[
        str | None, typer.Option(help="Output format: yaml, genius or geniusweb (default: from the path).")
    ] = None,
    real_steps: Annotated[int, typer.Option(min=2, help="Grid points for real-valued GENIUS issues.")] = 11,
) -> None:
    """Convert a scenario between parley YAML, GENIUS XML and GeniusWeb JSON."""
    if to is not None and to not in ("yaml", "genius", "geniusweb"):
        Console(stderr=True).print(f"error: --to must be yaml, genius or geniusweb, not {to!r}")
        raise typer.Exit(BAD_INPUT)
    chosen: Format | None = to  # type: ignore[assignment]
    scenario = _guarded(lambda: load_scenario(source, real_steps=real_steps))
    _guarded(lambda: save_scenario(scenario, target, chosen))
    Console(stderr=True).print(f"wrote {target}")


@app.command()
def schema() -> None:
    """Print the JSON Schema of parley's YAML scenario format (kept in docs/scenario.schema.json)."""
    sys.stdout.write(scenario_json_schema() + "\n")


def main() -> None:
    """Console-script entry point."""
    app()
