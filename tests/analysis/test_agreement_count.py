"""The zone-of-agreement count against brute force on every path: DP, meet-in-the-middle, enumeration."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parley.analysis.agreement_count import count_acceptable
from parley.domain import CategoricalIssue, Condition, Constraint, IntegerIssue, OutcomeSpace, RealIssue
from parley.preferences import (
    HyperRectangle,
    HyperRectangleUtility,
    LinearAdditiveUtility,
    Preferences,
    TableValue,
)
from tests.strategies import PROPERTY, hyper_rectangle_utilities, outcome_spaces, preferences


def _brute(space: OutcomeSpace, prefs: list[Preferences]) -> int:
    """Outcomes every party finds acceptable, by enumeration and ``Preferences.acceptable``."""
    outcomes = space.all_outcomes()
    return int(np.logical_and.reduce([p.acceptable(outcomes) for p in prefs]).sum())


def _loose(space: OutcomeSpace, prefs: list[Preferences], relative: float = 1e-9) -> tuple[int, bool]:
    """Brute force allowing a generous slack below the reservation, and whether any value lies in it."""
    outcomes = space.all_outcomes()
    ok = np.ones(len(outcomes), dtype=bool)
    near = False
    for p in prefs:
        assert isinstance(p.utility, LinearAdditiveUtility)
        slack = relative * (1.0 + sum(float(np.abs(t).max()) for t in p.utility.tables))
        values = p.evaluate(outcomes)
        crossed = p.crosses_red_line(outcomes)
        ok &= (values >= p.reservation_value - slack) & ~crossed
        near |= bool(
            np.any((values >= p.reservation_value - slack) & (values < p.reservation_value) & ~crossed)
        )
    return int(ok.sum()), near


@PROPERTY
@given(st.data())
def test_linear_count_matches_brute_force(data: st.DataObject) -> None:
    space = data.draw(outcome_spaces(max_outcomes=2_000))
    parties = data.draw(st.integers(2, 4))
    prefs = [data.draw(preferences(space)) for _ in range(parties)]
    exact, (loose, near) = _brute(space, prefs), _loose(space, prefs)
    for mitm_states in (1 << 20, 1):  # the second forces meet-in-the-middle for two parties
        counted = count_acceptable(space, prefs, mitm_states=mitm_states)
        assert counted is not None
        assert exact <= counted <= loose  # float sums may land an ulp below an exact real tie
        if not near:
            assert counted == exact


def _random_space(rng: np.random.Generator, constrained: bool) -> OutcomeSpace:
    issues = (
        CategoricalIssue("c", ("a", "b", "c", "d", "e")),
        IntegerIssue("n", 1, 6),
        RealIssue("r", 0.0, 1.0, 4),
        CategoricalIssue("d", ("x", "y", "z")),
        IntegerIssue("m", -2, 2),
    )
    constraints: tuple[Constraint, ...] = ()
    if constrained:
        constraints = (
            Constraint((Condition("c", ("a", "b")),), (Condition("n", low=3),)),
            Constraint((Condition("d", ("z",)), Condition("r", high=0.4))),
        )
    return OutcomeSpace(issues, constraints)


def _random_prefs(rng: np.random.Generator, space: OutcomeSpace, reservation: float) -> Preferences:
    tables = [tuple(rng.random(issue.size)) for issue in space.issues]
    utility = LinearAdditiveUtility(
        space, tuple(rng.random(len(tables))), tuple(TableValue(t) for t in tables)
    )
    lines = (Condition("c", ("e",)),) if rng.random() < 0.3 else ()
    return Preferences(space, utility, reservation, red_lines=lines).normalized()


@pytest.mark.parametrize("seed", range(24))
def test_random_float_utilities_match_brute_force_exactly(seed: int) -> None:
    rng = np.random.default_rng(seed)
    space = _random_space(rng, constrained=seed % 2 == 1)
    parties = 2 + seed % 3
    reservations = [0.0, 0.3, 0.6, 0.95, float(rng.random())]
    prefs = [_random_prefs(rng, space, float(rng.choice(reservations))) for _ in range(parties)]
    expected = _brute(space, prefs)
    assert count_acceptable(space, prefs) == expected
    assert count_acceptable(space, prefs, mitm_states=1) == expected
    assert count_acceptable(space, prefs, max_states=3) == expected  # DP too big: enumeration fallback


def _dyadic_space() -> OutcomeSpace:
    return OutcomeSpace(tuple(CategoricalIssue(f"i{j}", ("lo", "mid", "hi", "top")) for j in range(4)))


@pytest.mark.parametrize("reservation", [0.0, 0.25, 0.5, 0.625, 0.75, 1.0, 1.25])
def test_exact_ties_on_the_reservation_value_count(reservation: float) -> None:
    space = _dyadic_space()
    table = (0.0, 0.25, 0.5, 1.0)
    first = LinearAdditiveUtility.from_tables(space, (0.5, 0.25, 0.125, 0.125), [table] * 4)
    second = LinearAdditiveUtility.from_tables(space, (0.125, 0.125, 0.25, 0.5), [table[::-1]] * 4)
    prefs = [Preferences(space, first, reservation), Preferences(space, second, 0.5)]
    outcomes = space.all_outcomes()
    assert np.any(prefs[0].evaluate(outcomes) == reservation) or reservation > 1  # ties really occur
    expected = _brute(space, prefs)
    assert count_acceptable(space, prefs) == expected
    assert count_acceptable(space, prefs, mitm_states=1) == expected
    normalised = [p.normalized() for p in prefs]
    assert count_acceptable(space, normalised) == _brute(space, normalised) == expected


def test_empty_zone_and_no_reservation() -> None:
    rng = np.random.default_rng(3)
    space = _random_space(rng, constrained=True)
    prefs = [_random_prefs(rng, space, 0.0) for _ in range(2)]
    assert count_acceptable(space, [*prefs[:1], Preferences(space, prefs[1].utility, 1.5)]) == 0
    assert count_acceptable(space, [*prefs[:1], Preferences(space, prefs[1].utility, math.nan)]) == 0
    everything = [Preferences(space, p.utility, -math.inf) for p in prefs]
    assert count_acceptable(space, everything) == space.feasible_count


@PROPERTY
@given(st.data())
def test_hyper_rectangles_enumerate_exactly(data: st.DataObject) -> None:
    space = data.draw(outcome_spaces(max_outcomes=2_000))
    utility = data.draw(hyper_rectangle_utilities(space))
    linear = data.draw(preferences(space))
    reservation = data.draw(st.integers(-8, 8).map(lambda k: k / 4))
    prefs = [Preferences(space, utility, reservation), linear]
    assert count_acceptable(space, prefs) == _brute(space, prefs)


def _grid_space(issues: int) -> OutcomeSpace:
    return OutcomeSpace(
        tuple(CategoricalIssue(f"i{j}", tuple(f"o{o}" for o in range(10))) for j in range(issues))
    )


def test_unknown_when_too_large_to_enumerate() -> None:
    space = _grid_space(9)  # 10^9 outcomes
    rng = np.random.default_rng(0)
    prefs = [_random_prefs(rng, space, 0.5) for _ in range(3)]
    assert count_acceptable(space, prefs, max_states=5) is None
    box = HyperRectangle(1.0, (Condition("i0", ("o1", "o2")),))
    rectangle = Preferences(space, HyperRectangleUtility(space, (box,), 1.0), 0.5)
    assert count_acceptable(space, [rectangle, prefs[0]]) is None


def _histogram_count(values: list[np.ndarray], thresholds: tuple[int, int]) -> int:
    """Exact count over integer-valued issues: a 2-D histogram of partial sums, convolved issue by issue."""
    top = [int(sum(v[:, p].max() for v in values)) for p in range(2)]
    histogram = np.ones((1, 1), dtype=np.int64)
    for options in values:
        wider = np.zeros(
            (histogram.shape[0] + int(options[:, 0].max()), histogram.shape[1] + int(options[:, 1].max())),
            np.int64,
        )
        for a, b in options.tolist():
            wider[a : a + histogram.shape[0], b : b + histogram.shape[1]] += histogram
        histogram = wider
    assert histogram.shape == (top[0] + 1, top[1] + 1)
    return int(histogram[thresholds[0] :, thresholds[1] :].sum())


@pytest.mark.parametrize("reservations", [(120, 80), (100, 100), (150, 40), (60, 60)])
def test_large_grid_domain_matches_histogram(reservations: tuple[int, int]) -> None:
    """10^12 outcomes; values are multiples of 0.1 and weights of 0.05, so utilities are k/200 exactly."""
    rng = np.random.default_rng(sum(reservations))
    space = _grid_space(12)
    prefs, integer_values = [], []
    digits = [rng.integers(0, 11, size=(12, 10)) for _ in range(2)]  # value = digit / 10
    for party in range(2):
        weights = rng.multinomial(20, np.ones(12) / 12)  # weight = count / 20, summing to 1
        tables = [tuple(d / 10 for d in row) for row in digits[party].tolist()]
        utility = LinearAdditiveUtility(
            space, tuple(w / 20 for w in weights.tolist()), tuple(TableValue(t) for t in tables)
        )
        prefs.append(Preferences(space, utility, reservations[party] / 200))
        integer_values.append(digits[party] * weights[:, None])
    per_issue = [np.column_stack([integer_values[0][i], integer_values[1][i]]) for i in range(12)]
    expected = _histogram_count(per_issue, reservations)
    assert 0 < expected < 10**12
    assert count_acceptable(space, prefs) == expected
    assert count_acceptable(space, prefs, mitm_states=1) == expected


def _pairwise_count(space: OutcomeSpace, prefs: list[Preferences], split: int) -> int:
    """Independent meet-in-the-middle: enumerate both halves' sums and test every pair, block by block."""

    def half(issues: range) -> np.ndarray:
        sub = OutcomeSpace(tuple(space.issues[i] for i in issues))
        rows = sub.all_outcomes()
        return np.column_stack(
            [sum(p.utility.tables[i][rows[:, k]] for k, i in enumerate(issues)) for p in prefs]
        )

    left, right = half(range(split)), half(range(split, len(space.issues)))
    reservation = np.array([p.reservation_value for p in prefs])
    total = 0
    for start in range(0, len(left), 200):
        block = left[start : start + 200, None, :] + right[None, :, :]
        total += int(np.all(block >= reservation, axis=2).sum())
    return total


@pytest.mark.parametrize("seed", range(3))
def test_random_floats_on_a_large_domain_match_pairwise_count(seed: int) -> None:
    """10^8 outcomes with random float values, against a plain pairwise meet-in-the-middle."""
    rng = np.random.default_rng(seed)
    space = _grid_space(8)
    prefs = []
    for reservation in rng.uniform(0.3, 0.6, size=2):
        utility = LinearAdditiveUtility.from_tables(space, rng.dirichlet(np.ones(8)), rng.random((8, 10)))
        prefs.append(Preferences(space, utility, float(reservation)))
    expected = _pairwise_count(space, prefs, 4)
    assert count_acceptable(space, prefs) == expected
    assert count_acceptable(space, prefs, mitm_states=1_000) == expected


def test_counts_beyond_int64_are_exact() -> None:
    """10^30 outcomes: 24 issues nobody cares about multiply a 10^6 sub-count by 10^24 exactly."""
    rng = np.random.default_rng(11)
    space = _grid_space(30)
    active = [0, 5, 11, 17, 23, 29]
    prefs = []
    for reservation in (0.45, 0.4):
        tables = np.zeros((30, 10))
        tables[active] = rng.random((6, 10))
        utility = LinearAdditiveUtility.from_tables(space, np.ones(30) / 6, tables)
        prefs.append(Preferences(space, utility, reservation))
    sub_space = _grid_space(6)
    sub_prefs = []
    for p in prefs:
        assert isinstance(p.utility, LinearAdditiveUtility)
        sub_tables = [p.utility.tables[i] * 6 for i in active]  # undo the weight 1/6 from_tables applies
        sub_utility = LinearAdditiveUtility.from_tables(sub_space, np.ones(6) / 6, sub_tables)
        sub_prefs.append(Preferences(sub_space, sub_utility, p.reservation_value))
    expected = _brute(sub_space, sub_prefs) * 10**24
    assert expected > 2**63
    assert count_acceptable(space, prefs) == expected
    assert count_acceptable(space, prefs, mitm_states=100) == expected
    lines = [
        Preferences(space, p.utility, -math.inf, red_lines=(Condition("i3", ("o0", "o1")),)) for p in prefs
    ]
    assert count_acceptable(space, lines) == 8 * 10**29
