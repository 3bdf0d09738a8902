"""Bar charts of a Monte-Carlo outlook: P(stage agreed), utility distributions, sensitivity ranking.

The report draws a :class:`ForecastView` — the few numbers it shows — so that it does not depend on
the outlook's internals; :func:`forecast_view` builds one from an outlook.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import plotly.graph_objects as go  # type: ignore[import-untyped]

from parley.forecast import CAVEAT, Outlook, proportion


@dataclass(frozen=True)
class ForecastView:
    """What the forecast section shows.

    ``stage_agreed``: probability that each stage is agreed; ``outcomes``: probability of each final
    status (``ratified``, ``deadline``…) and of other events; ``utilities``: each party's utility in
    every run (NaN values are left out); ``sensitivity``: (factor, effect) pairs, largest effect first.
    """

    runs: int
    stage_agreed: Mapping[str, float]
    outcomes: Mapping[str, float] = field(default_factory=dict)
    utilities: Mapping[str, np.ndarray] = field(default_factory=dict)
    sensitivity: Sequence[tuple[str, float]] = ()
    note: str = ""
    #: The 95 % Monte-Carlo interval (low, high) of each probability shown, by its label.
    intervals: Mapping[str, tuple[float, float]] = field(default_factory=dict)


def _bar(labels: Sequence[str], values: Sequence[float], title: str, axis: str) -> go.Figure:
    figure = go.Figure(go.Bar(x=list(values), y=list(labels), orientation="h", marker={"color": "steelblue"}))
    figure.update_layout(
        title=title,
        xaxis_title=axis,
        template="plotly_white",
        height=max(260, 60 + 40 * len(labels)),
        yaxis={"autorange": "reversed"},
    )
    return figure


def stage_figure(view: ForecastView) -> go.Figure:
    """P(stage agreed) per stage, and P(final status) per status when given."""
    labels = [f"stage agreed: {name}" for name in view.stage_agreed]
    values = list(view.stage_agreed.values())
    labels += list(view.outcomes)
    values += list(view.outcomes.values())
    figure = _bar(
        labels, values, f"Probabilities over {view.runs:,} runs, with 95 % intervals", "probability"
    )
    bands = [view.intervals.get(label, (value, value)) for label, value in zip(labels, values, strict=True)]
    figure.update_traces(
        text=[f"{v:.0%}" for v in values],
        textposition="auto",
        error_x={
            "type": "data",
            "symmetric": False,
            "array": [high - v for (_, high), v in zip(bands, values, strict=True)],
            "arrayminus": [v - low for (low, _), v in zip(bands, values, strict=True)],
            "color": "#333",
        },
    )
    figure.update_xaxes(range=[0, 1])
    return figure


def utility_figure(view: ForecastView) -> go.Figure:
    """Each party's utility across the runs (overlaid histograms)."""
    figure = go.Figure()
    for party, values in view.utilities.items():
        finite = np.asarray(values, dtype=np.float64)
        finite = finite[np.isfinite(finite)]
        figure.add_trace(go.Histogram(x=finite, name=party, opacity=0.6, nbinsx=40, bingroup=1))
    figure.update_layout(
        title="Utility per run, by party (the reservation value where no deal)",
        xaxis_title="utility",
        yaxis_title="runs",
        barmode="overlay",
        template="plotly_white",
    )
    return figure


def sensitivity_figure(view: ForecastView, top: int = 15) -> go.Figure:
    """The ``top`` factors ranked by how much they move the forecast (those with no effect left out)."""
    moving = [(name, effect) for name, effect in view.sensitivity if effect > 0]
    shown = moving[:top]
    title = "Sensitivity: what moves the forecast most"
    if len(moving) > top:
        title += f" (top {top} of {len(moving)})"
    return _bar([name for name, _ in shown], [effect for _, effect in shown], title, "effect")


def forecast_figures(view: ForecastView) -> list[go.Figure]:
    """The charts the section shows, in order (empty parts left out)."""
    figures = [stage_figure(view)]
    if view.utilities:
        figures.append(utility_figure(view))
    if any(effect > 0 for _, effect in view.sensitivity):
        figures.append(sensitivity_figure(view))
    return figures


def forecast_view(outlook: Outlook) -> ForecastView:
    """The numbers the report shows, read from an outlook (:func:`parley.forecast.outlook.outlook`)."""
    runs = max(outlook.runs, 1)
    outcomes = {f"run ended: {status}": count / runs for status, count in outlook.status_counts().items()}
    outcomes.update({f"in force at the end: {s}": v for s, v in outlook.in_force_probabilities().items()})
    outcomes.update({f"ratified by {p}": v for p, v in outlook.ratification_probabilities().items()})
    values = np.array([r.utilities for r in outlook.records], dtype=np.float64)
    values = values.reshape(-1, len(outlook.parties))
    stage_agreed = outlook.stage_probabilities()
    shares = {f"stage agreed: {s}": p for s, p in stage_agreed.items()} | outcomes
    intervals = {}
    for label, share in shares.items():
        band = proportion(share * outlook.runs, outlook.runs)
        intervals[label] = (band.low, band.high)
    return ForecastView(
        runs=outlook.runs,
        stage_agreed=outlook.stage_probabilities(),
        outcomes=outcomes,
        utilities={party: values[:, i] for i, party in enumerate(outlook.parties)},
        sensitivity=[(entry.input, entry.score) for entry in outlook.sensitivity()],
        intervals=intervals,
        note=(
            f"{outlook.runs:,} runs (seed {outlook.seed}), each with mandates sampled from the briefings' "
            "uncertainty; the briefings' figures, the strategies, the front, the walk-away values and the "
            "thresholds are the scenario's modelling assumptions (listed under Offer trajectories). "
            f"The bars' whiskers: {CAVEAT}. Sensitivity: the largest absolute Spearman correlation of each "
            "sampled input with any outcome (a stage agreed or in force, a party's ratification or "
            "utility); inputs that move in lockstep count once."
        ),
    )
