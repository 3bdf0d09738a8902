"""Hyper-rectangle (constraint-based) utilities for interdependent issues."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parley.domain import (
    CategoricalIssue,
    Condition,
    IntegerIssue,
    IssueError,
    OutcomeSpace,
    RealIssue,
    Value,
)
from parley.preferences import HyperRectangle, HyperRectangleUtility, normalize
from tests.strategies import (
    PROPERTY,
    as_array,
    hyper_rectangle_utilities,
    outcome_spaces,
    reference_feasible_rows,
    reference_hyper_rectangle,
    reference_rows,
)


def space() -> OutcomeSpace:
    return OutcomeSpace(
        (
            CategoricalIssue("ceasefire", ("none", "partial", "full")),
            IntegerIssue("troops", 0, 4),
            RealIssue("budget", 0.0, 1.0, 3),  # 0.0, 0.5, 1.0
        )
    )


def rectangles() -> tuple[HyperRectangle, ...]:
    return (
        # Some ceasefire with 1-3 troops is worth 4, unless the budget is zero.
        HyperRectangle(
            4.0,
            (Condition("ceasefire", ("partial", "full")), Condition("troops", low=1, high=3)),
            (Condition("budget", (0.0,)),),
        ),
        # Many troops cost 2.
        HyperRectangle(-2.0, (Condition("troops", low=3),)),
        # A small budget is worth 1, but not without a ceasefire.
        HyperRectangle(1.0, (Condition("budget", high=0.5),), (Condition("ceasefire", ("none",)),)),
    )


def utility() -> HyperRectangleUtility:
    return HyperRectangleUtility(space(), rectangles(), normalizer=2.0)


HAND_COMPUTED: list[tuple[dict[str, Value], float]] = [
    # (ceasefire, troops, budget) -> (4·[R1] - 2·[R2] + 1·[R3]) / 2
    ({"ceasefire": "full", "troops": 2, "budget": 1.0}, (4.0) / 2),  # R1 only
    ({"ceasefire": "full", "troops": 3, "budget": 0.0}, (-2.0 + 1.0) / 2),  # R1 excluded by budget
    ({"ceasefire": "partial", "troops": 3, "budget": 0.5}, (4.0 - 2.0 + 1.0) / 2),  # all three
    ({"ceasefire": "none", "troops": 0, "budget": 0.0}, 0.0),  # R3 excluded by ceasefire
    ({"ceasefire": "none", "troops": 4, "budget": 0.5}, -2.0 / 2),  # R2 only
    ({"ceasefire": "partial", "troops": 0, "budget": 0.0}, 1.0 / 2),  # R3 only
    ({"ceasefire": "full", "troops": 1, "budget": 0.5}, (4.0 + 1.0) / 2),  # the best outcome
]


def test_hand_computed_example() -> None:
    s = space()
    outcomes = np.array([s.outcome(values) for values, _ in HAND_COMPUTED])
    expected = [value for _, value in HAND_COMPUTED]
    assert utility().evaluate(outcomes).tolist() == expected


def test_masks_combine_include_and_negated_exclude() -> None:
    parts = rectangles()[0].masks(space())
    assert [position for position, _ in parts] == [0, 1, 2]
    assert parts[0][1].tolist() == [False, True, True]
    assert parts[1][1].tolist() == [False, True, True, True, False]
    assert parts[2][1].tolist() == [False, True, True]  # budget 0.0 excluded


def test_bounds_of_hand_computed_example() -> None:
    u = utility()
    assert u.outer_bounds(space()) == (-1.0, 2.5)
    assert u.bounds(space()) == (-1.0, 2.5)
    normalized = normalize(u, space())
    s = space()
    outcomes = np.array([s.outcome(values) for values, _ in HAND_COMPUTED])
    np.testing.assert_allclose(
        normalized.evaluate(outcomes), [(value + 1.0) / 3.5 for _, value in HAND_COMPUTED]
    )


def test_outer_bounds_sum_signs_separately() -> None:
    u = HyperRectangleUtility(
        space(),
        (
            HyperRectangle(3.0, (Condition("troops", high=1),)),
            HyperRectangle(2.0, (Condition("troops", low=3),)),
            HyperRectangle(-1.0, (Condition("ceasefire", ("none",)),)),
        ),
    )
    assert u.outer_bounds(space()) == (-1.0, 5.0)
    # The two positive rectangles are disjoint, so 5 is never reached.
    assert u.bounds(space()) == (-1.0, 3.0)


def test_outcome_in_no_rectangle_is_worth_zero() -> None:
    u = HyperRectangleUtility(space(), (HyperRectangle(5.0, (Condition("troops", (4,)),)),))
    values = u.evaluate(space().all_outcomes())
    assert sorted(set(values.tolist())) == [0.0, 5.0]
    assert int((values == 5.0).sum()) == 3 * 3


@pytest.mark.parametrize("normalizer", [0.0, -1.0, math.nan])
def test_normalizer_must_be_positive(normalizer: float) -> None:
    with pytest.raises(ValueError, match="the normaliser must be positive"):
        HyperRectangleUtility(space(), rectangles(), normalizer)


def test_rectangle_on_unknown_issue() -> None:
    with pytest.raises(IssueError, match="no issue 'elections'"):
        HyperRectangleUtility(space(), (HyperRectangle(1.0, (Condition("elections", ("early",)),)),))
    with pytest.raises(IssueError, match="no issue 'elections'"):
        HyperRectangleUtility(
            space(), (HyperRectangle(1.0, (Condition("troops", low=1),), (Condition("elections", low=1),)),)
        )


def test_equality_and_hash() -> None:
    assert utility() == utility()
    assert hash(utility()) == hash(utility())
    assert utility() != HyperRectangleUtility(space(), rectangles(), normalizer=1.0)
    assert utility() != HyperRectangleUtility(space(), rectangles()[:2], normalizer=2.0)
    rectangle = HyperRectangle(1.0, [Condition("troops", low=1)])  # type: ignore[arg-type]
    assert isinstance(rectangle.include, tuple)
    assert isinstance(rectangle.exclude, tuple)


@PROPERTY
@given(st.data(), outcome_spaces())
def test_vectorised_equals_per_outcome(data: st.DataObject, space: OutcomeSpace) -> None:
    u = data.draw(hyper_rectangle_utilities(space))
    rows = list(reference_rows(space))
    values = u.evaluate(as_array(rows, space))
    assert values.dtype == np.float64
    np.testing.assert_allclose(values, [reference_hyper_rectangle(u, row) for row in rows], atol=1e-12)


@PROPERTY
@given(st.data(), outcome_spaces())
def test_bounds_lie_within_outer_bounds(data: st.DataObject, space: OutcomeSpace) -> None:
    u = data.draw(hyper_rectangle_utilities(space))
    feasible = reference_feasible_rows(space)
    if not feasible:
        return
    expected = [reference_hyper_rectangle(u, row) for row in feasible]
    low, high = u.bounds(space)
    assert low == pytest.approx(min(expected), abs=1e-12)
    assert high == pytest.approx(max(expected), abs=1e-12)
    outer_low, outer_high = u.outer_bounds(space)
    assert outer_low - 1e-12 <= low <= high <= outer_high + 1e-12
