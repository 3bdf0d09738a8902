"""Linear-additive utilities and their value functions."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parley.domain import CategoricalIssue, Condition, Constraint, IntegerIssue, OutcomeSpace, RealIssue
from parley.preferences import LinearAdditiveUtility, LinearValue, TableValue
from tests.strategies import (
    PROPERTY,
    as_array,
    linear_utilities,
    outcome_spaces,
    reference_feasible_rows,
    reference_linear,
    reference_rows,
)


def space() -> OutcomeSpace:
    return OutcomeSpace(
        (
            CategoricalIssue("ceasefire", ("none", "partial", "full")),
            IntegerIssue("troops", 0, 4),
            RealIssue("budget", 0.0, 1.0, 3),
        )
    )


def utility() -> LinearAdditiveUtility:
    return LinearAdditiveUtility(
        space(),
        (0.5, 0.3, 0.2),
        (TableValue((0.0, 0.5, 1.0)), LinearValue(-0.25, 1.0), LinearValue(1.0)),
    )


# --- value functions -------------------------------------------------------------------------------
def test_table_value() -> None:
    function = TableValue((1, 2, 3))
    assert function.values == (1.0, 2.0, 3.0)
    table = function.table(CategoricalIssue("c", ("a", "b", "c")))
    assert table.dtype == np.float64
    assert table.tolist() == [1.0, 2.0, 3.0]


def test_table_value_needs_one_value_per_option() -> None:
    with pytest.raises(ValueError, match="issue 'c' has 3 options but 2 values"):
        TableValue((1.0, 2.0)).table(CategoricalIssue("c", ("a", "b", "c")))


def test_linear_value_on_numeric_issues() -> None:
    assert LinearValue(2.0, 1.0).table(IntegerIssue("n", -1, 2)).tolist() == [-1.0, 1.0, 3.0, 5.0]
    assert LinearValue(-1.0).table(RealIssue("r", 0.0, 1.0, 5)).tolist() == [0.0, -0.25, -0.5, -0.75, -1.0]


def test_linear_value_refuses_categorical_issue() -> None:
    with pytest.raises(ValueError, match="needs a numeric issue; 'c' is categorical"):
        LinearValue(1.0).table(CategoricalIssue("c", ("a", "b")))


# --- hand-computed utility -------------------------------------------------------------------------
def test_hand_computed_utilities() -> None:
    u = utility()
    outcomes = np.array([[0, 0, 0], [2, 0, 2], [1, 4, 1], [2, 2, 0]])
    expected = [
        0.5 * 0.0 + 0.3 * 1.0 + 0.2 * 0.0,
        0.5 * 1.0 + 0.3 * 1.0 + 0.2 * 1.0,
        0.5 * 0.5 + 0.3 * 0.0 + 0.2 * 0.5,
        0.5 * 1.0 + 0.3 * 0.5 + 0.2 * 0.0,
    ]
    np.testing.assert_allclose(u.evaluate(outcomes), expected)
    assert u(np.array([2, 0, 2])).tolist() == pytest.approx([1.0])  # a single row is accepted
    assert u.evaluate(np.empty((0, 3), dtype=np.int8)).shape == (0,)


def test_tables_are_weighted_and_read_only() -> None:
    u = utility()
    assert u.tables[0].tolist() == [0.0, 0.25, 0.5]
    assert u.tables[1].tolist() == pytest.approx([0.3, 0.225, 0.15, 0.075, 0.0])
    with pytest.raises(ValueError, match="read-only"):
        u.tables[0][0] = 1.0


def test_needs_one_weight_and_value_per_issue() -> None:
    with pytest.raises(ValueError, match=r"one weight and one value function per issue \(3\)"):
        LinearAdditiveUtility(space(), (0.5, 0.5), (TableValue((0, 1, 2)), LinearValue(1.0)))
    with pytest.raises(ValueError, match="per issue"):
        LinearAdditiveUtility(space(), (0.5, 0.3, 0.2), (TableValue((0.0, 1.0, 2.0)),))


def test_from_tables() -> None:
    s = OutcomeSpace((CategoricalIssue("a", ("x", "y")), IntegerIssue("b", 0, 2)))
    u = LinearAdditiveUtility.from_tables(s, [2, 1], [[0, 1], [3, 2, 1]])
    assert u.weights == (2.0, 1.0)
    assert u == LinearAdditiveUtility(s, (2.0, 1.0), (TableValue((0.0, 1.0)), TableValue((3.0, 2.0, 1.0))))
    assert hash(u) == hash(LinearAdditiveUtility.from_tables(s, [2.0, 1.0], [[0, 1], [3, 2, 1]]))
    assert u != LinearAdditiveUtility.from_tables(s, [1, 1], [[0, 1], [3, 2, 1]])
    assert u.evaluate(s.all_outcomes()).tolist() == [3.0, 2.0, 1.0, 5.0, 4.0, 3.0]


def test_bounds_without_constraints_are_per_issue_extremes() -> None:
    u = utility()
    assert u.outer_bounds(space()) == pytest.approx((0.0 + 0.0 + 0.0, 0.5 + 0.3 + 0.2))
    assert u.bounds(space()) == u.outer_bounds(space())


def test_bounds_with_constraints_are_exact() -> None:
    constrained = OutcomeSpace(
        space().issues, (Constraint((Condition("ceasefire", ("full",)),), (Condition("troops", low=3),)),)
    )
    u = LinearAdditiveUtility(constrained, utility().weights, utility().values)
    values = u.evaluate(constrained.all_outcomes())
    assert u.bounds(constrained) == (values.min(), values.max())
    # Full ceasefire now forces many troops, so the outer upper bound is not attained.
    assert u.bounds(constrained)[1] < u.outer_bounds(constrained)[1]
    assert u.bounds(constrained)[1] == pytest.approx(0.5 + 0.3 * 0.25 + 0.2)


def test_bounds_of_huge_space_need_no_enumeration() -> None:
    digits = tuple(str(d) for d in range(10))
    huge = OutcomeSpace(tuple(CategoricalIssue(f"i{k}", digits) for k in range(30)))
    u = LinearAdditiveUtility.from_tables(huge, [1.0] * 30, [[float(d) for d in range(10)]] * 30)
    assert u.bounds(huge) == (0.0, 270.0)
    top = np.full((1, 30), 9)
    assert u.evaluate(top).tolist() == [270.0]


# --- properties ------------------------------------------------------------------------------------
@PROPERTY
@given(st.data(), outcome_spaces())
def test_vectorised_equals_per_outcome(data: st.DataObject, space: OutcomeSpace) -> None:
    u = data.draw(linear_utilities(space))
    rows = list(reference_rows(space))
    values = u.evaluate(as_array(rows, space))
    assert values.dtype == np.float64
    expected = [reference_linear(u, row) for row in rows]
    np.testing.assert_allclose(values, expected, rtol=1e-12, atol=1e-12)
    # One outcome at a time through __call__ gives the same numbers.
    for row, value in zip(rows[:20], values[:20], strict=False):
        assert u(np.array(row)).tolist() == [value]


@PROPERTY
@given(st.data(), outcome_spaces())
def test_bounds_are_extremes_over_feasible_outcomes(data: st.DataObject, space: OutcomeSpace) -> None:
    u = data.draw(linear_utilities(space))
    feasible = reference_feasible_rows(space)
    if not feasible:
        with pytest.raises(ValueError, match="no feasible outcome"):
            u.bounds(space)
        return
    expected = [reference_linear(u, row) for row in feasible]
    low, high = u.bounds(space)
    assert low == pytest.approx(min(expected), abs=1e-12)
    assert high == pytest.approx(max(expected), abs=1e-12)
    outer_low, outer_high = u.outer_bounds(space)
    assert outer_low <= low <= high <= outer_high
