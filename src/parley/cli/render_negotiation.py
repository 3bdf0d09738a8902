"""Rich tables and JSON for one negotiation and for a tournament (the CLI's analyst view).

The analyst sees every party's utility of every package; negotiators never do.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from rich.console import Console
from rich.table import Table

from parley.protocols import Result
from parley.record import Event
from parley.scenario import Scenario

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped]


def package_text(scenario: Scenario, outcome: tuple[int, ...]) -> str:
    """A package as ``issue=value, …``."""
    return ", ".join(f"{name}={value}" for name, value in scenario.space.values_of(outcome).items())


def event_utilities(scenario: Scenario, outcome: tuple[int, ...]) -> list[float]:
    """Every party's (undiscounted) utility of one package."""
    row = np.array(outcome, dtype=scenario.space.dtype)[None, :]
    return [float(party.preferences.evaluate(row)[0]) for party in scenario.parties]


def trace_table(scenario: Scenario, result: Result) -> Table:
    """The record as a table: round, party, action, package and each party's utility of it."""
    table = Table(title="Offer trace", title_justify="left")
    for column in ("round", "party", "action", "package"):
        table.add_column(column, overflow="fold")
    for name in scenario.party_names:
        table.add_column(f"u({name})", justify="right")
    for event in result.record:
        table.add_row(*_event_cells(scenario, event))
    return table


def _event_cells(scenario: Scenario, event: Event) -> list[str]:
    """One row of the trace table."""
    cells = [str(event.round), event.party or "", event.kind.value]
    if event.outcome is None:
        return [*cells, "", *([""] * len(scenario.parties))]
    values = event_utilities(scenario, event.outcome)
    return [*cells, package_text(scenario, event.outcome), *(f"{v:.3f}" for v in values)]


def outcome_text(scenario: Scenario, result: Result) -> str:
    """One line on how the negotiation ended."""
    if result.agreement is None or result.utilities is None:
        return (
            f"[bold]{result.ending.value}[/] after {result.rounds} rounds: no agreement "
            "(each party keeps its reservation value)"
        )
    shares = ", ".join(f"{n} {u:.3f}" for n, u in zip(scenario.party_names, result.utilities, strict=True))
    package = package_text(scenario, result.agreement)
    return f"[bold green]agreement[/] in round {result.rounds}: {package}\nutilities: {shares}"


def negotiation_json(
    scenario: Scenario, result: Result, strategies: Sequence[str], protocol: str, seed: int
) -> dict[str, Any]:
    """The JSON object of ``parley negotiate --json``."""
    names = scenario.party_names
    agreement = None if result.agreement is None else scenario.space.values_of(result.agreement)
    utilities = None if result.utilities is None else dict(zip(names, result.utilities, strict=True))
    return {
        "scenario": scenario.metadata.title,
        "protocol": protocol,
        "seed": seed,
        "strategies": dict(zip(names, strategies, strict=True)),
        "ending": result.ending.value,
        "agreement": agreement,
        "utilities": utilities,
        "rounds": result.rounds,
        "events": result.record.to_json(),
    }


def summary_table(summary: pd.DataFrame) -> Table:
    """The per-strategy summary of a tournament."""
    table = Table(
        title="Tournament summary (per strategy, over every seat it took)",
        caption="Pareto, Nash: mean normalised distance of the outcome to the frontier and the Nash point",
        title_justify="left",
        caption_justify="left",
        show_edge=False,
    )
    widest = max((len(str(name)) for name in summary["strategy"]), default=8)
    table.add_column("strategy", overflow="fold", min_width=min(widest, 12))
    for header in ("seats", "agreed", "utility", "welfare", "Pareto", "Nash", "rounds"):
        table.add_column(header, justify="right")
    for row in summary.itertuples(index=False):
        table.add_row(
            str(row.strategy),
            str(row.runs),
            f"{row.agreement_rate:.0%}",
            *(
                f"{value:.3f}"
                for value in (
                    row.mean_utility,
                    row.mean_welfare,
                    row.mean_pareto_distance,
                    row.mean_nash_distance,
                )
            ),
            f"{row.mean_rounds:.1f}",
        )
    return table


def print_negotiation(scenario: Scenario, result: Result, console: Console) -> None:
    """The trace table and the outcome line."""
    console.print(trace_table(scenario, result))
    console.print(outcome_text(scenario, result))
