"""Opposition and distance to the frontier, against brute force over every outcome."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from parley.analysis import distance_to_frontier, opposition, pareto_frontier, utility_scale
from parley.domain import OutcomeSpace
from parley.preferences import Preferences
from tests.analysis.brute import all_utilities
from tests.strategies import PROPERTY, outcome_spaces, preferences


@st.composite
def cases(draw: st.DrawFn) -> tuple[OutcomeSpace, list[Preferences]]:
    space = draw(outcome_spaces(max_issues=3, max_outcomes=800, constrained=False))
    return space, [draw(preferences(space, max_red_lines=0)) for _ in range(2)]


@PROPERTY
@given(cases())
def test_opposition_is_the_smallest_distance_to_the_ideal_point(
    case: tuple[OutcomeSpace, list[Preferences]],
) -> None:
    space, prefs = case
    _, utilities = all_utilities(space, prefs)
    scale = utility_scale(space, prefs)
    normalized = scale.normalize(utilities)
    assert normalized.min() >= -1e-12 and normalized.max() <= 1 + 1e-12
    expected = np.sqrt(((1 - normalized) ** 2).sum(axis=1)).min()
    frontier = pareto_frontier(space, prefs)
    assert opposition(frontier, scale) == np.float64(expected) or np.isclose(
        opposition(frontier, scale), expected
    )
    # distance to the frontier: zero on the frontier, and never more than the distance to any frontier point
    distances = distance_to_frontier(frontier, utilities, scale)
    assert np.allclose(distance_to_frontier(frontier, frontier.utilities, scale), 0)
    assert (distances >= 0).all()


def test_identical_preferences_have_no_opposition() -> None:
    from parley.examples import load_example

    scenario = load_example()
    north = scenario.parties[0].preferences
    frontier = pareto_frontier(scenario.space, [north, north])
    assert opposition(frontier, utility_scale(scenario.space, [north, north])) == 0.0
