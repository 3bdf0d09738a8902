"""Interactive plotly chart of one negotiation: the offers in utility space as the rounds go by.

One trace per party (its offers, markers coloured by round), the agreement marked with a star, and the
Pareto frontier for reference. Two parties' utilities are drawn (the first two by default). The HTML
file embeds plotly.js, so it opens without network access.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import plotly.graph_objects as go  # type: ignore[import-untyped]

from parley.analysis import Frontier
from parley.formats import write_text_file
from parley.protocols import Result
from parley.scenario import Scenario

_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "cross", "x", "pentagon", "hexagon")


def offer_utilities(scenario: Scenario, packages: list[tuple[int, ...]]) -> np.ndarray:
    """Utilities (rows × parties) of ``packages``, undiscounted."""
    if not packages:
        return np.empty((0, len(scenario.parties)))
    rows = np.array(packages, dtype=scenario.space.dtype)
    return np.column_stack([party.preferences.evaluate(rows) for party in scenario.parties])


def _frontier_trace(frontier: Frontier, x: int, y: int) -> go.Scatter:
    """The Pareto frontier as a line, sorted along the x axis."""
    order = np.argsort(frontier.utilities[:, x])
    return go.Scatter(
        x=frontier.utilities[order, x],
        y=frontier.utilities[order, y],
        mode="lines",
        name="Pareto frontier",
        line={"color": "rgba(220,20,60,0.6)", "dash": "dot"},
    )


def _party_trace(scenario: Scenario, result: Result, party: int, x: int, y: int) -> go.Scatter | None:
    """The offers of one party, markers coloured by round (None when it made none)."""
    name = scenario.parties[party].name
    offers = [e for e in result.record.offers() if e.party == name and e.outcome is not None]
    if not offers:
        return None
    utilities = offer_utilities(scenario, [e.outcome for e in offers if e.outcome is not None])
    rounds = [e.round for e in offers]
    return offer_path(utilities, rounds, f"offers by {name}", party, max(result.rounds, 1), party == 0, x, y)


def offer_path(
    utilities: np.ndarray,
    rounds: list[int],
    name: str,
    symbol: int,
    last_round: int,
    show_scale: bool,
    x: int,
    y: int,
) -> go.Scatter:
    """A path of offers in the utility space of parties ``x`` and ``y``, markers coloured by round."""
    return go.Scatter(
        x=utilities[:, x],
        y=utilities[:, y],
        mode="lines+markers",
        name=name,
        text=[f"round {r}" for r in rounds],
        line={"width": 1},
        marker={
            "size": 9,
            "symbol": _SYMBOLS[symbol % len(_SYMBOLS)],
            "color": rounds,
            "colorscale": "Viridis",
            "cmin": 0,
            "cmax": last_round,
            "showscale": show_scale,
            "colorbar": {"title": "round"},
        },
    )


def negotiation_figure(
    scenario: Scenario, result: Result, frontier: Frontier | None = None, x: int = 0, y: int = 1
) -> go.Figure:
    """The figure: party ``x``'s utility across, party ``y``'s up."""
    names = scenario.party_names
    figure = go.Figure()
    if frontier is not None and len(frontier):
        figure.add_trace(_frontier_trace(frontier, x, y))
    for party in range(len(scenario.parties)):
        trace = _party_trace(scenario, result, party, x, y)
        if trace is not None:
            figure.add_trace(trace)
    if result.agreement is not None:
        agreed = offer_utilities(scenario, [result.agreement])[0]
        figure.add_trace(
            go.Scatter(
                x=[agreed[x]],
                y=[agreed[y]],
                mode="markers",
                name="agreement",
                marker={"size": 18, "symbol": "star", "color": "gold", "line": {"width": 1}},
            )
        )
    heading = scenario.metadata.title or "Negotiation"
    figure.update_layout(
        title=f"{heading}: {result.ending.value} after {result.rounds} rounds",
        xaxis_title=f"utility of {names[x]}",
        yaxis_title=f"utility of {names[y]}",
        template="plotly_white",
        legend={"orientation": "h", "y": -0.2},
    )
    return figure


def write_negotiation_plot(
    scenario: Scenario,
    result: Result,
    path: str | Path,
    frontier: Frontier | None = None,
    force: bool = True,
) -> None:
    """Write the chart as one self-contained HTML file (whole, then moved; replaced only with ``force``)."""
    figure = negotiation_figure(scenario, result, frontier)
    write_text_file(path, figure.to_html(include_plotlyjs=True, full_html=True), force)
