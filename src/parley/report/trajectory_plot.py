"""The offers of a process run in utility space, stage by stage, over the utility space's frontier.

A stage offer covers the stage's issues only; it is drawn as the full package the stage negotiates
over — the options earlier stages agreed and the status quo for the rest filled in (as
:mod:`parley.talks.subspace` does) — evaluated with each party's own preferences from the scenario.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go  # type: ignore[import-untyped]

from parley.analysis import Frontier
from parley.domain import Value
from parley.record import EventKind
from parley.report.negotiation_plot import _frontier_trace, offer_path
from parley.scenario import Scenario
from parley.talks import ProcessResult, fixed_row, open_view


def lifted_offers(
    scenario: Scenario,
    result: ProcessResult,
    status_quo: Mapping[str, Value] | None = None,
    open_valued: bool = False,
) -> list[tuple[str, str, int, np.ndarray]]:
    """``(party, stage, round, utilities)`` for every offer and text of the run, in order; with
    ``open_valued`` (a scenario whose no deal is its own state), the issues neither the stage nor an
    earlier agreement settles count at each party's no-deal share."""
    space = scenario.space
    agreed: dict[str, int] = {}
    outcomes = {stage.name: stage.outcome for stage in result.talks.stages}
    stage, issues, base = "", tuple(space.issue_names), fixed_row(space, {}, status_quo or {})
    rows: list[tuple[str, str, int, np.ndarray]] = []
    for event in result.record:
        if event.kind is EventKind.STAGE_OPENED:
            stage, issues = str(event.data["stage"]), tuple(event.data["issues"])
            base = fixed_row(space, agreed, status_quo or {})
        elif event.kind is EventKind.STAGE_CLOSED and outcomes.get(stage) is not None:
            agreed.update(zip(issues, outcomes[stage] or (), strict=True))
        elif event.kind in (EventKind.OFFER, EventKind.TEXT) and event.outcome is not None:
            row = base.copy()
            row[[space.issue_position(name) for name in issues]] = event.outcome
            judged = [p.preferences for p in scenario.parties]
            if open_valued:
                settled = set(agreed) | set(issues)
                open_issues = [name for name in space.issue_names if name not in settled]
                judged = [open_view(preferences, open_issues) for preferences in judged]
            utilities = np.array([preferences.evaluate(row[None, :])[0] for preferences in judged])
            utilities[~np.isfinite(utilities)] = np.nan
            rows.append((event.party or "mediator", stage, event.round, utilities))
    return rows


def trajectory_figure(
    scenario: Scenario,
    result: ProcessResult,
    frontier: Frontier | None = None,
    status_quo: Mapping[str, Value] | None = None,
    x: int = 0,
    y: int = 1,
    open_valued: bool = False,
) -> go.Figure:
    """One trace per party and stage (markers coloured by round), the agreement as a star."""
    names = scenario.party_names
    offers = lifted_offers(scenario, result, status_quo, open_valued)
    figure = go.Figure()
    if frontier is not None and len(frontier):
        figure.add_trace(_frontier_trace(frontier, x, y))
    last_round = max((r for _, _, r, _ in offers), default=1)
    groups: dict[tuple[str, str], list[tuple[int, np.ndarray]]] = {}
    for party, stage, round_, utilities in offers:
        groups.setdefault((party, stage), []).append((round_, utilities))
    for index, ((party, stage), points) in enumerate(groups.items()):
        values = np.array([u for _, u in points])
        rounds = [r for r, _ in points]
        symbol = names.index(party) if party in names else len(names)
        path = offer_path(values, rounds, f"{party} — {stage}", symbol, last_round, index == 0, x, y)
        figure.add_trace(path)
    if result.talks.outcome is not None:
        row = np.array([result.talks.outcome], dtype=scenario.space.dtype)
        agreed = [p.preferences.evaluate(row)[0] for p in scenario.parties]
        figure.add_trace(
            go.Scatter(
                x=[agreed[x]],
                y=[agreed[y]],
                mode="markers",
                name="agreement" if result.status == "ratified" else f"agreed text ({result.status})",
                marker={"size": 18, "symbol": "star", "color": "gold", "line": {"width": 1}},
            )
        )
    figure.update_layout(
        title=f"Offers over time: {result.status} after {last_round} rounds",
        xaxis_title=f"utility of {names[x]}",
        yaxis_title=f"utility of {names[y]}",
        template="plotly_white",
        legend={"orientation": "h", "y": -0.2},
    )
    return figure
