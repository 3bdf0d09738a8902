"""Plot of a process run: the front's state variables and the parties' reservation values per round,
with the rounds at which the talks were ripe marked (self-contained HTML)."""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go  # type: ignore[import-untyped]
from plotly.subplots import make_subplots  # type: ignore[import-untyped]

from parley.formats import write_text_file
from parley.record import EventKind
from parley.scenario import Scenario
from parley.talks import ProcessResult


def process_figure(scenario: Scenario, result: ProcessResult) -> go.Figure:
    """Two panels: state variables over rounds; reservation values over rounds (ripe rounds marked)."""
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True, subplot_titles=("front", "reservation values"))
    series: dict[str, tuple[list[int], list[float]]] = {}
    for event in result.record:
        if event.kind is EventKind.FRONT_MOVED:
            rounds, values = series.setdefault(str(event.data.get("variable")), ([], []))
            rounds.append(event.round)
            values.append(float(event.data.get("value", 0.0)))
    for name, (rounds, values) in series.items():
        figure.add_trace(go.Scatter(x=rounds, y=values, mode="lines", name=name), row=1, col=1)
    ripeness = result.talks.ripeness
    for party in scenario.party_names:
        figure.add_trace(
            go.Scatter(
                x=[r.round for r in ripeness],
                y=[r.reservation_values.get(party) for r in ripeness],
                mode="lines",
                name=f"{party} reservation value",
            ),
            row=2,
            col=1,
        )
    ripe = [r.round for r in ripeness if r.ripe]
    if ripe:
        figure.add_trace(
            go.Scatter(x=ripe, y=[0.0] * len(ripe), mode="markers", name="ripe (a deal both prefer exists)"),
            row=2,
            col=1,
        )
    figure.update_layout(title=scenario.metadata.title or "Process run", template="plotly_white")
    figure.update_xaxes(title_text="round", row=2, col=1)
    return figure


def write_process_plot(
    scenario: Scenario, result: ProcessResult, path: str | Path, force: bool = True
) -> None:
    """Write the figure as one self-contained HTML file (whole, then moved; replaced only with ``force``)."""
    html = process_figure(scenario, result).to_html(include_plotlyjs=True, full_html=True)
    write_text_file(path, html, force)
