"""Bargaining solutions: each one is optimal over every acceptable outcome (brute force)."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from parley.analysis import bargaining_solutions, pareto_frontier
from parley.domain import OutcomeSpace
from parley.preferences import Preferences, meets
from tests.analysis.brute import all_utilities
from tests.strategies import PROPERTY, outcome_spaces, preferences


@st.composite
def cases(draw: st.DrawFn) -> tuple[OutcomeSpace, list[Preferences]]:
    space = draw(outcome_spaces(max_issues=4, max_outcomes=1500))
    parties = draw(st.integers(2, 3))
    return space, [draw(preferences(space)) for _ in range(parties)]


@PROPERTY
@given(cases())
def test_solutions_are_optimal_over_all_acceptable_outcomes(
    case: tuple[OutcomeSpace, list[Preferences]],
) -> None:
    space, prefs = case
    _, utilities = all_utilities(space, prefs)
    reservation = np.array([p.reservation_value for p in prefs])
    acceptable = utilities[meets(utilities, reservation).all(axis=1)]
    solutions = bargaining_solutions(pareto_frontier(space, prefs), reservation)
    if not len(acceptable):
        assert all(solution is None for solution in solutions.values())
        return
    gains = np.maximum(acceptable - reservation, 0.0)
    ideal = gains.max(axis=0)
    shares = np.divide(gains, ideal, out=np.ones_like(gains), where=ideal > 0)
    expected = {
        "nash": np.prod(gains, axis=1).max(),
        "egalitarian": gains.min(axis=1).max(),
        "kalai_smorodinsky": shares.min(axis=1).max(),
        "max_welfare": acceptable.sum(axis=1).max(),
    }
    tolerance = 1e-9 * (1 + np.abs(utilities).max())
    for name, best in expected.items():
        solution = solutions[name]
        assert solution is not None
        gain = np.maximum(solution.utilities - reservation, 0.0)
        achieved = {
            "nash": np.prod(gain),
            "egalitarian": gain.min(),
            "kalai_smorodinsky": np.divide(gain, ideal, out=np.ones_like(gain), where=ideal > 0).min(),
            "max_welfare": solution.utilities.sum(),
        }[name]
        assert achieved >= best - tolerance, name
        assert (gain >= 0).all()
        np.testing.assert_array_equal(
            np.array([p.evaluate(solution.outcome[None, :])[0] for p in prefs]), solution.utilities
        )
