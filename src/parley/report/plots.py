"""Interactive plotly chart of the utility space: outcomes, frontier, solutions, reservation lines.

The HTML file embeds plotly.js, so it opens without network access.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import plotly.graph_objects as go  # type: ignore[import-untyped]

from parley.analysis import Analysis
from parley.formats import write_text_file
from parley.scenario import Scenario

#: At most this many outcomes are drawn (all of them when the space is smaller).
MAX_DRAWN = 20_000
_MARKERS = {
    "nash": "star",
    "kalai_smorodinsky": "diamond",
    "egalitarian": "square",
    "max_welfare": "triangle-up",
}


#: The seed of the sample of outcomes drawn behind the frontier in a space too large to draw whole.
CLOUD_SEED = 0


def outcome_cloud(scenario: Scenario, rng: np.random.Generator, limit: int = MAX_DRAWN) -> np.ndarray:
    """Utilities (rows × parties) of every outcome, or of ``limit`` sampled ones in a larger space."""
    space = scenario.space
    outcomes = space.all_outcomes(limit=limit) if space.cardinality <= limit else space.sample(limit, rng)
    utilities = np.column_stack([p.preferences.evaluate(outcomes) for p in scenario.parties])
    finite: np.ndarray = utilities[np.isfinite(utilities).all(axis=1)]
    return finite


def utility_space_figure(
    scenario: Scenario, analysis: Analysis, x: int = 0, y: int = 1, *, seed: int = CLOUD_SEED
) -> go.Figure:
    """The figure: party ``x``'s utility across, party ``y``'s up (a large space's outcomes behind the
    frontier are a sample drawn with ``seed``: by default :data:`CLOUD_SEED`, so the picture is stable)."""
    names = scenario.party_names
    cloud = outcome_cloud(scenario, np.random.default_rng(seed))
    sampled = "" if scenario.space.cardinality <= MAX_DRAWN else f" ({MAX_DRAWN:,} sampled)"
    figure = go.Figure()
    figure.add_trace(
        go.Scattergl(
            x=cloud[:, x],
            y=cloud[:, y],
            mode="markers",
            name=f"outcomes{sampled}",
            marker={"size": 4, "color": "rgba(120,120,160,0.35)"},
        )
    )
    front = analysis.frontier.utilities
    order = np.argsort(front[:, x])
    figure.add_trace(
        go.Scatter(
            x=front[order, x],
            y=front[order, y],
            mode="lines+markers",
            name="Pareto frontier",
            line={"color": "crimson"},
            marker={"size": 6},
        )
    )
    for name, solution in analysis.solutions.items():
        if solution is not None:
            figure.add_trace(
                go.Scatter(
                    x=[solution.utilities[x]],
                    y=[solution.utilities[y]],
                    mode="markers",
                    name=name,
                    marker={"size": 14, "symbol": _MARKERS.get(name, "circle"), "line": {"width": 1}},
                )
            )
    for name, lottery in (analysis.lotteries or {}).items():
        if lottery is not None:
            figure.add_trace(
                go.Scatter(
                    x=[lottery.utilities[x]],
                    y=[lottery.utilities[y]],
                    mode="markers",
                    name=f"{name} (lottery)",
                    marker={"size": 10, "symbol": "x"},
                )
            )
    reservation = analysis.reservation_values
    figure.add_vline(x=reservation[x], line_dash="dash", annotation_text=f"{names[x]} reservation")
    figure.add_hline(y=reservation[y], line_dash="dash", annotation_text=f"{names[y]} reservation")
    figure.update_layout(
        title=scenario.metadata.title or "Utility space",
        xaxis_title=f"utility of {names[x]}",
        yaxis_title=f"utility of {names[y]}",
        template="plotly_white",
    )
    return figure


def write_utility_plot(scenario: Scenario, analysis: Analysis, path: str | Path, force: bool = True) -> None:
    """Write the chart as one self-contained HTML file (whole, then moved; replaced only with ``force``)."""
    html = utility_space_figure(scenario, analysis).to_html(include_plotlyjs=True, full_html=True)
    write_text_file(path, html, force)
