"""The CP-SAT frontier sweep: exact on small random spaces, sound and fast on the ANAC 2014 domains."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.analysis.solver_frontier import solver_frontier
from parley.domain import CategoricalIssue, Condition, Constraint, IntegerIssue, Issue, OutcomeSpace
from parley.formats import load_scenario
from parley.preferences import (
    HyperRectangle,
    HyperRectangleUtility,
    LinearAdditiveUtility,
    NormalizedUtility,
    Preferences,
    Utility,
    normalize,
)
from tests.strategies import PROPERTY, conditions, outcome_spaces

# --- brute-force reference ---------------------------------------------------------------------------


def brute_force_front(space: OutcomeSpace, prefs: list[Preferences]) -> set[tuple[float, float]]:
    """Distinct non-dominated utility vectors of every acceptable (no red line) feasible outcome."""
    outcomes = space.all_outcomes()
    points = np.column_stack([p.evaluate(outcomes) for p in prefs]) if len(outcomes) else np.empty((0, 2))
    points = np.unique(points[np.isfinite(points).all(axis=1)], axis=0)
    front = set()
    for point in points:
        at_least = (points >= point).all(axis=1)
        better = (points > point).any(axis=1)
        if not (at_least & better).any():
            front.add((float(point[0]), float(point[1])))
    return front


# --- random preferences ----------------------------------------------------------------------------

# Rectangle values: whole numbers (the ANAC case), or quarters (scaled by 100 in the solver).
_WHOLE = st.integers(-20, 40).map(float)
_QUARTERS = st.integers(-40, 80).map(lambda k: k / 4)


@st.composite
def rectangle_utilities(draw: st.DrawFn, space: OutcomeSpace) -> HyperRectangleUtility:
    """Up to six rectangles with whole-number (or quarter) values and include/exclude conditions."""
    values = draw(st.sampled_from([_WHOLE, _QUARTERS]))
    rectangles = []
    for _ in range(draw(st.integers(1, 6))):
        include = draw(st.lists(st.sampled_from(space.issues), min_size=1, max_size=3))
        exclude = draw(st.lists(st.sampled_from(space.issues), max_size=1))
        rectangles.append(
            HyperRectangle(
                draw(values),
                tuple(draw(conditions(issue)) for issue in include),
                tuple(draw(conditions(issue)) for issue in exclude),
            )
        )
    normalizer = draw(st.sampled_from([1.0, 7.0, 635.0]))
    return HyperRectangleUtility(space, tuple(rectangles), normalizer)


@st.composite
def dyadic_linear(draw: st.DrawFn, space: OutcomeSpace) -> LinearAdditiveUtility:
    """Quarter weights and eighth values: products and sums are exact in floating point."""
    count = len(space.issues)
    weights = draw(st.lists(st.integers(0, 4).map(lambda k: k / 4), min_size=count, max_size=count))
    tables = [
        draw(st.lists(st.integers(-16, 16).map(lambda k: k / 8), min_size=i.size, max_size=i.size))
        for i in space.issues
    ]
    return LinearAdditiveUtility.from_tables(space, weights, tables)


@st.composite
def parties(draw: st.DrawFn, space: OutcomeSpace) -> Preferences:
    """Rectangle or linear utility, sometimes normalised, with up to two red lines."""
    utility: Utility = draw(st.one_of(rectangle_utilities(space), dyadic_linear(space)))
    wrap = draw(st.sampled_from(["none", "fixed", "exact"]))
    if wrap == "fixed":
        utility = NormalizedUtility(utility, -4.0, 16.0)
    elif wrap == "exact" and space.feasible_count:
        utility = normalize(utility, space)
    lines = draw(st.lists(st.sampled_from(space.issues), max_size=2))
    return Preferences(space, utility, red_lines=tuple(draw(conditions(issue)) for issue in lines))


@st.composite
def negotiations(draw: st.DrawFn) -> tuple[OutcomeSpace, list[Preferences]]:
    """A space of at most 5,000 outcomes (constrained or not) and two parties."""
    space = draw(outcome_spaces(min_issues=1, max_issues=5))
    return space, [draw(parties(space)), draw(parties(space))]


def check_sound(
    space: OutcomeSpace, prefs: list[Preferences], utilities: np.ndarray, rows: np.ndarray
) -> None:
    """Packages feasible, acceptable, re-evaluating to their utilities; no point dominating another."""
    assert rows.dtype == space.dtype
    assert space.feasible(rows).all()
    evaluated = np.column_stack([p.evaluate(rows) for p in prefs])
    np.testing.assert_array_equal(evaluated, utilities)
    assert np.isfinite(utilities).all()
    assert (np.diff(utilities[:, 0]) < 0).all()  # sorted, best first for the first party
    for point in utilities:
        dominated = (utilities >= point).all(axis=1) & (utilities > point).any(axis=1)
        assert not dominated.any()


# --- small spaces: equal to brute force ------------------------------------------------------------


@settings(PROPERTY, max_examples=50)
@given(negotiations())
def test_matches_brute_force(case: tuple[OutcomeSpace, list[Preferences]]) -> None:
    space, prefs = case
    frontier = solver_frontier(space, prefs, time_limit=30.0)
    assert frontier.method == "cp-sat"
    assert frontier.proven.all() and (frontier.gaps == 0).all()
    assert {(float(a), float(b)) for a, b in frontier.utilities} == brute_force_front(space, prefs)
    if len(frontier):
        check_sound(space, prefs, frontier.utilities, frontier.outcomes)


def random_condition(space: OutcomeSpace, rng: np.random.Generator, single: bool = False) -> Condition:
    """A range on an integer issue or an option subset of a categorical one (one option if ``single``)."""
    issue = space.issues[int(rng.integers(len(space.issues)))]
    if single:
        return Condition(issue.name, (issue.value(int(rng.integers(issue.size))),))
    if isinstance(issue, IntegerIssue):
        low = int(rng.integers(issue.low, issue.high + 1))
        return Condition(issue.name, low=low, high=int(rng.integers(low, issue.high + 1)))
    count = int(rng.integers(1, issue.size + 1))
    chosen = rng.choice(issue.size, size=count, replace=False)
    return Condition(issue.name, tuple(issue.value(int(i)) for i in chosen))


def random_space(rng: np.random.Generator) -> OutcomeSpace:
    """Three to six issues (integer or categorical), at most 5,000 outcomes, up to three constraints."""
    issues: list[Issue] = []
    product = 1
    for position in range(int(rng.integers(3, 7))):
        size = int(rng.integers(2, 9))
        if product * size > 5_000:
            break
        product *= size
        if rng.random() < 0.5:
            issues.append(IntegerIssue(f"n{position}", -2, size - 3))
        else:
            issues.append(CategoricalIssue(f"c{position}", tuple(f"o{k}" for k in range(size))))
    space = OutcomeSpace(tuple(issues))
    constraints = [
        Constraint(
            (random_condition(space, rng, single=True), random_condition(space, rng)),
            tuple(random_condition(space, rng) for _ in range(int(rng.integers(0, 2)))),
        )
        for _ in range(int(rng.integers(0, 4)))
    ]
    return OutcomeSpace(tuple(issues), tuple(constraints))


def random_party(space: OutcomeSpace, rng: np.random.Generator) -> Preferences:
    """Whole-number rectangles (two in three) or eighth-valued linear tables, maybe normalised."""
    utility: Utility
    if rng.random() < 2 / 3:
        rectangles = [
            HyperRectangle(
                float(rng.integers(-10, 60)),
                tuple(random_condition(space, rng) for _ in range(int(rng.integers(1, 4)))),
                tuple(random_condition(space, rng) for _ in range(int(rng.integers(0, 2)))),
            )
            for _ in range(int(rng.integers(6, 16)))
        ]
        utility = HyperRectangleUtility(space, tuple(rectangles), float(rng.choice([1.0, 635.0])))
    else:
        tables = [rng.integers(-8, 17, size=issue.size) / 8 for issue in space.issues]
        utility = LinearAdditiveUtility.from_tables(space, [1.0] * len(tables), tables)
    if rng.random() < 0.3:
        utility = NormalizedUtility(utility, -4.0, 16.0)
    lines = tuple(random_condition(space, rng, single=True) for _ in range(int(rng.integers(0, 3))))
    return Preferences(space, utility, red_lines=lines)


@pytest.mark.parametrize("seed", range(40))
def test_matches_brute_force_on_random_spaces(seed: int) -> None:
    rng = np.random.default_rng(seed)
    space = random_space(rng)
    prefs = [random_party(space, rng), random_party(space, rng)]
    frontier = solver_frontier(space, prefs, time_limit=30.0)
    assert frontier.proven.all() and (frontier.gaps == 0).all()
    assert {(float(a), float(b)) for a, b in frontier.utilities} == brute_force_front(space, prefs)
    if len(frontier):
        check_sound(space, prefs, frontier.utilities, frontier.outcomes)


def small_case() -> tuple[OutcomeSpace, list[Preferences]]:
    """Two opposed linear parties over a 4 × 5 space: a five-point frontier."""
    space = OutcomeSpace((CategoricalIssue("a", ("x", "y", "z", "w")), IntegerIssue("n", 0, 4)))
    first = LinearAdditiveUtility.from_tables(space, [1.0, 1.0], [[0, 1, 2, 3], [0, 1, 2, 3, 4]])
    second = LinearAdditiveUtility.from_tables(space, [1.0, 1.0], [[3, 2, 1, 0], [8, 6, 4, 2, 0]])
    return space, [Preferences(space, first), Preferences(space, second)]


def test_point_cap_keeps_the_best_for_the_first_party() -> None:
    space, prefs = small_case()
    full = solver_frontier(space, prefs)
    capped = solver_frontier(space, prefs, points=2)
    assert len(capped) == 2
    np.testing.assert_array_equal(capped.utilities, full.utilities[:2])


def test_no_time_gives_an_empty_frontier() -> None:
    space, prefs = small_case()
    frontier = solver_frontier(space, prefs, time_limit=0.0)
    assert len(frontier) == 0
    assert frontier.outcomes.shape == (0, 2)


def test_refuses_other_party_counts_and_utilities() -> None:
    space, prefs = small_case()
    with pytest.raises(ValueError, match="exactly two parties"):
        solver_frontier(space, prefs * 2)
    with pytest.raises(ValueError, match="points"):
        solver_frontier(space, prefs, points=0)

    class Constant(Utility):
        def evaluate(self, outcomes: np.ndarray) -> np.ndarray:
            return np.zeros(len(outcomes))

    with pytest.raises(ValueError, match="Constant"):
        solver_frontier(space, [prefs[0], Preferences(space, Constant())])


# --- the ANAC 2014 constraint-based domains --------------------------------------------------------

ANAC_2014 = [
    pytest.param("anac2014-10issuesDiscountedwithRV", 20.0, None, id="10-issues"),
    pytest.param("anac2014-30issues", 10.0, 5, id="30-issues"),
    pytest.param("anac2014-50issues", 10.0, 4, id="50-issues"),
]


@pytest.mark.parametrize(("folder", "budget", "cap"), ANAC_2014)
def test_anac_2014(shared_dir: Path, folder: str, budget: float, cap: int | None) -> None:
    scenario = load_scenario(shared_dir / "domains" / folder)
    prefs = [party.preferences for party in scenario.parties]
    frontier = solver_frontier(scenario.space, prefs, time_limit=budget, points=cap)
    assert len(frontier) >= 3
    assert cap is None or len(frontier) <= cap
    check_sound(scenario.space, prefs, frontier.utilities, frontier.outcomes)
    if cap is None:
        assert frontier.proven.all()


def test_anac_2014_is_repeatable(shared_dir: Path) -> None:
    scenario = load_scenario(shared_dir / "domains" / "anac2014-10issuesDiscountedwithRV")
    prefs = [party.preferences for party in scenario.parties]
    first = solver_frontier(scenario.space, prefs, time_limit=20.0)
    second = solver_frontier(scenario.space, prefs, time_limit=20.0)
    np.testing.assert_array_equal(first.outcomes, second.outcomes)
    np.testing.assert_array_equal(first.utilities, second.utilities)
