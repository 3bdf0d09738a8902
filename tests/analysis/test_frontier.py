"""The Pareto frontier: every method equals brute force; no point is dominated; packages check out."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parley.analysis import pareto_frontier
from parley.domain import CategoricalIssue, Condition, Constraint, OutcomeSpace
from parley.preferences import LinearAdditiveUtility, NormalizedUtility, Preferences, meets
from tests.analysis.brute import all_utilities, brute_front, same_points
from tests.strategies import PROPERTY, hyper_rectangle_utilities, outcome_spaces, preferences


@st.composite
def linear_cases(draw: st.DrawFn, parties: int = 2) -> tuple[OutcomeSpace, list[Preferences]]:
    space = draw(outcome_spaces(max_issues=4, max_outcomes=1500))
    return space, [draw(preferences(space)) for _ in range(parties)]


@st.composite
def mixed_cases(draw: st.DrawFn) -> tuple[OutcomeSpace, list[Preferences]]:
    space = draw(outcome_spaces(max_issues=4, max_outcomes=1500))
    first = draw(preferences(space))
    second = Preferences(space, draw(hyper_rectangle_utilities(space)), reservation_value=0.0)
    return space, [first, second]


@PROPERTY
@given(linear_cases(parties=2))
def test_linear_frontier_equals_brute_force(case: tuple[OutcomeSpace, list[Preferences]]) -> None:
    space, prefs = case
    _, utilities = all_utilities(space, prefs)
    frontier = pareto_frontier(space, prefs, method="linear")
    assert same_points(frontier.utilities, brute_front(utilities))
    _check_packages(space, prefs, frontier.outcomes, frontier.utilities)


@PROPERTY
@given(linear_cases(parties=3))
def test_three_party_linear_frontier_equals_brute_force(case: tuple[OutcomeSpace, list[Preferences]]) -> None:
    space, prefs = case
    _, utilities = all_utilities(space, prefs)
    frontier = pareto_frontier(space, prefs, method="linear")
    assert same_points(frontier.utilities, brute_front(utilities))


@PROPERTY
@given(mixed_cases())
def test_enumerated_frontier_is_never_dominated(case: tuple[OutcomeSpace, list[Preferences]]) -> None:
    space, prefs = case
    _, utilities = all_utilities(space, prefs)
    frontier = pareto_frontier(space, prefs)
    assert frontier.method == "enumeration"
    assert same_points(frontier.utilities, brute_front(utilities), tolerance=0.0)
    for point in frontier.utilities:
        assert not ((utilities >= point).all(axis=1) & (utilities > point).any(axis=1)).any()
    _check_packages(space, prefs, frontier.outcomes, frontier.utilities)


@PROPERTY
@given(linear_cases(parties=2))
def test_acceptable_frontier_is_the_frontier_of_acceptable_outcomes(
    case: tuple[OutcomeSpace, list[Preferences]],
) -> None:
    space, prefs = case
    _, utilities = all_utilities(space, prefs)
    reservation = np.array([p.reservation_value for p in prefs])
    acceptable = utilities[meets(utilities, reservation).all(axis=1)]
    frontier = pareto_frontier(space, prefs, acceptable_only=True)
    assert same_points(frontier.utilities, brute_front(acceptable))


def _check_packages(
    space: OutcomeSpace, prefs: list[Preferences], outcomes: np.ndarray, utilities: np.ndarray
) -> None:
    assert space.feasible(outcomes).all()
    again = np.column_stack([p.evaluate(outcomes) for p in prefs]) if len(outcomes) else utilities
    np.testing.assert_array_equal(again, utilities)
    assert len({tuple(u) for u in utilities.tolist()}) == len(utilities)
    assert (np.diff(utilities[:, 0]) <= 0).all()


def _random_linear(
    issues: int, options: int, seed: int, parties: int = 2
) -> tuple[OutcomeSpace, list[Preferences]]:
    rng = np.random.default_rng(seed)
    space = OutcomeSpace(
        tuple(CategoricalIssue(f"i{k}", tuple(f"o{j}" for j in range(options))) for k in range(issues))
    )
    prefs = [
        Preferences(
            space,
            LinearAdditiveUtility.from_tables(
                space, rng.dirichlet(np.ones(issues)), rng.random((issues, options))
            ),
        )
        for _ in range(parties)
    ]
    return space, prefs


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_linear_equals_enumeration_on_a_million_outcomes(seed: int) -> None:
    space, prefs = _random_linear(6, 10, seed)
    linear = pareto_frontier(space, prefs, method="linear")
    enumerated = pareto_frontier(space, prefs, method="enumeration")
    np.testing.assert_allclose(linear.utilities, enumerated.utilities, rtol=0, atol=1e-12)


def test_exact_frontier_of_a_trillion_outcomes() -> None:
    space, prefs = _random_linear(12, 10, seed=7)
    assert space.cardinality == 10**12
    frontier = pareto_frontier(space, prefs)
    assert frontier.method == "linear" and frontier.exact and len(frontier) > 10
    _check_packages(space, prefs, frontier.outcomes, frontier.utilities)
    # no sampled outcome dominates a frontier point, and each party's best is on the frontier
    sample = space.sample(200_000, np.random.default_rng(1))
    sampled = np.column_stack([p.evaluate(sample) for p in prefs])
    for point in frontier.utilities:
        assert not ((sampled >= point).all(axis=1) & (sampled > point).any(axis=1)).any()
    for party, pref in enumerate(prefs):
        assert frontier.utilities[:, party].max() == pytest.approx(pref.utility.bounds(space)[1], abs=1e-12)


def test_constraints_and_red_lines_are_respected() -> None:
    space = OutcomeSpace(
        (CategoricalIssue("ceasefire", ("none", "full")), CategoricalIssue("monitoring", ("none", "un"))),
        (Constraint((Condition("monitoring", ("un",)),), (Condition("ceasefire", ("full",)),)),),
    )
    north = LinearAdditiveUtility.from_tables(
        space, [0.5, 0.5], [[1, 0], [0, 1]]
    )  # wants no ceasefire, but UN
    south = LinearAdditiveUtility.from_tables(space, [0.5, 0.5], [[0, 1], [1, 0]])
    prefs = [
        Preferences(space, north),
        Preferences(space, south, red_lines=(Condition("monitoring", ("un",)),)),
    ]
    for method in ("linear", "enumeration"):
        frontier = pareto_frontier(space, prefs, method=method)  # type: ignore[arg-type]
        packages = [space.values_of(o) for o in frontier.outcomes]
        assert packages == [
            {"ceasefire": "none", "monitoring": "none"},
            {"ceasefire": "full", "monitoring": "none"},
        ]


def test_normalized_utilities_use_the_linear_method() -> None:
    space, prefs = _random_linear(4, 5, seed=3)
    normalized = [p.normalized() for p in prefs]
    assert isinstance(normalized[0].utility, NormalizedUtility)
    frontier = pareto_frontier(space, normalized)
    assert frontier.method == "linear"
    reference = pareto_frontier(space, normalized, method="enumeration")
    np.testing.assert_allclose(frontier.utilities, reference.utilities, atol=1e-12)


def test_everything_red_lined_gives_an_empty_frontier() -> None:
    space, prefs = _random_linear(2, 3, seed=0)
    blocked = Preferences(space, prefs[0].utility, red_lines=(Condition("i0", ("o0", "o1", "o2")),))
    for method in ("linear", "enumeration"):
        assert len(pareto_frontier(space, [blocked, prefs[1]], method=method)) == 0  # type: ignore[arg-type]
