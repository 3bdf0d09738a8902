"""Issues: option indexing, values, bounds, discretisation and error messages."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parley.domain import CategoricalIssue, IntegerIssue, Issue, IssueError, RealIssue
from tests.strategies import PROPERTY, integer_issues, issues, real_issues


# --- categorical -----------------------------------------------------------------------------------
def test_categorical_indexes_options_in_order() -> None:
    issue = CategoricalIssue("ceasefire", ("none", "partial", "full"))
    assert issue.size == 3
    assert issue.kind == "categorical"
    assert list(issue.values()) == ["none", "partial", "full"]
    assert [issue.value(i) for i in range(3)] == ["none", "partial", "full"]
    assert issue.index_of("full") == 2
    assert issue.index_of("none") == 0


def test_categorical_options_are_stored_as_strings() -> None:
    issue = CategoricalIssue("zone", (1, 2, "3"))  # type: ignore[arg-type]
    assert issue.options == ("1", "2", "3")
    assert issue.index_of(2) == 1
    assert issue.index_of("3") == 2


def test_categorical_unknown_option_names_issue_and_option() -> None:
    issue = CategoricalIssue("ceasefire", ("none", "full"))
    with pytest.raises(IssueError, match=r"issue 'ceasefire' has no option 'partial'"):
        issue.index_of("partial")


@pytest.mark.parametrize("index", [-1, 2, 10])
def test_categorical_bad_index(index: int) -> None:
    issue = CategoricalIssue("ceasefire", ("none", "full"))
    with pytest.raises(IssueError, match=rf"'ceasefire' has no option number {index} \(it has 2\)"):
        issue.value(index)


def test_categorical_needs_options() -> None:
    with pytest.raises(IssueError, match="'empty' has no options"):
        CategoricalIssue("empty", ())


def test_categorical_refuses_repeated_options() -> None:
    with pytest.raises(IssueError, match="'twice' lists an option twice"):
        CategoricalIssue("twice", ("a", "b", "a"))


def test_issue_errors_are_value_errors() -> None:
    assert issubclass(IssueError, ValueError)


# --- integer ---------------------------------------------------------------------------------------
def test_integer_bounds_are_inclusive() -> None:
    issue = IntegerIssue("prisoners", -2, 3)
    assert issue.size == 6
    assert issue.kind == "integer"
    values = issue.values()
    assert values.dtype == np.int64
    assert list(values) == [-2, -1, 0, 1, 2, 3]
    assert issue.value(0) == -2
    assert issue.value(5) == 3
    assert issue.index_of(-2) == 0
    assert issue.index_of(3) == 5
    assert issue.index_of(1.0) == 3  # a float holding a whole number is accepted


def test_integer_single_value() -> None:
    issue = IntegerIssue("fixed", 7, 7)
    assert issue.size == 1
    assert issue.value(0) == 7
    assert issue.index_of(7) == 0


def test_integer_upper_below_lower() -> None:
    with pytest.raises(IssueError, match="'bad': upper bound 1 is below lower bound 2"):
        IntegerIssue("bad", 2, 1)


@pytest.mark.parametrize("value", [-3, 4, 100, 1.5, "1", math.nan, math.inf, -math.inf])
def test_integer_refuses_values_it_does_not_hold(value: object) -> None:
    issue = IntegerIssue("prisoners", -2, 3)
    with pytest.raises(IssueError, match=r"'prisoners' holds whole numbers -2\.\.3"):
        issue.index_of(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("index", [-1, 6])
def test_integer_bad_index(index: int) -> None:
    with pytest.raises(IssueError, match="has no option number"):
        IntegerIssue("prisoners", -2, 3).value(index)


@PROPERTY
@given(integer_issues(), st.data())
def test_integer_index_of_inverts_value(issue: IntegerIssue, data: st.DataObject) -> None:
    value = data.draw(st.integers(issue.low, issue.high))
    index = issue.index_of(value)
    assert 0 <= index < issue.size
    assert issue.value(index) == value
    assert issue.values()[index] == value
    outside = data.draw(st.integers(max_value=issue.low - 1) | st.integers(min_value=issue.high + 1))
    with pytest.raises(IssueError):
        issue.index_of(outside)


# --- real ------------------------------------------------------------------------------------------
def test_real_grid_includes_both_ends() -> None:
    issue = RealIssue("budget", 0.0, 1.0, 5)
    assert issue.size == 5
    assert issue.kind == "real"
    np.testing.assert_array_equal(issue.values(), [0.0, 0.25, 0.5, 0.75, 1.0])
    assert issue.value(0) == 0.0
    assert issue.value(4) == 1.0
    assert isinstance(issue.value(2), float)


def test_real_default_grid_has_eleven_points() -> None:
    issue = RealIssue("share")
    assert issue.size == 11
    assert issue.value(3) == pytest.approx(0.3)


def test_real_grid_is_read_only() -> None:
    issue = RealIssue("budget", 0.0, 1.0, 5)
    with pytest.raises(ValueError, match="read-only"):
        issue.values()[0] = 3.0


@pytest.mark.parametrize(
    ("value", "index"),
    [(0.0, 0), (0.1, 0), (0.13, 1), (0.24, 1), (0.26, 1), (0.5, 2), (0.74, 3), (0.9, 4), (1.0, 4), (1, 4)],
)
def test_real_index_of_is_nearest_grid_point(value: float, index: int) -> None:
    assert RealIssue("budget", 0.0, 1.0, 5).index_of(value) == index


@pytest.mark.parametrize("value", [-0.01, 1.01, math.nan, math.inf, "0.5"])
def test_real_refuses_values_outside_interval(value: object) -> None:
    with pytest.raises(IssueError, match=r"'budget' holds reals in \[0\.0, 1\.0\]"):
        RealIssue("budget", 0.0, 1.0, 5).index_of(value)  # type: ignore[arg-type]


def test_real_single_point() -> None:
    issue = RealIssue("fixed", 2.5, 2.5, 1)
    assert issue.size == 1
    assert issue.value(0) == 2.5
    assert issue.index_of(2.5) == 0


@pytest.mark.parametrize(
    ("low", "high", "steps", "message"),
    [
        (1.0, 0.0, 5, "upper bound 0.0 is below lower bound 1.0"),
        (math.nan, 1.0, 5, "upper bound"),
        (0.0, 1.0, 1, "needs at least 2 steps, got 1"),
        (0.0, 1.0, 0, "needs at least 2 steps, got 0"),
        (0.0, 0.0, 0, "needs at least 2 steps, got 0"),
    ],
)
def test_real_invalid_definitions(low: float, high: float, steps: int, message: str) -> None:
    with pytest.raises(IssueError, match=message):
        RealIssue("bad", low, high, steps)


def test_real_issues_compare_by_definition() -> None:
    assert RealIssue("x", 0.0, 1.0, 5) == RealIssue("x", 0.0, 1.0, 5)
    assert hash(RealIssue("x", 0.0, 1.0, 5)) == hash(RealIssue("x", 0.0, 1.0, 5))
    assert RealIssue("x", 0.0, 1.0, 5) != RealIssue("x", 0.0, 1.0, 6)


@PROPERTY
@given(real_issues(), st.data())
def test_real_index_of_minimises_distance(issue: RealIssue, data: st.DataObject) -> None:
    x = data.draw(st.floats(issue.low, issue.high, allow_nan=False))
    index = issue.index_of(x)
    grid = [issue.value(i) for i in range(issue.size)]
    assert abs(grid[index] - x) == min(abs(g - x) for g in grid)
    if issue.size > 1:
        half_step = (issue.high - issue.low) / (issue.steps - 1) / 2
        assert abs(grid[index] - x) <= half_step * (1 + 1e-9)


# --- every kind ------------------------------------------------------------------------------------
@PROPERTY
@given(issues())
def test_value_and_index_of_round_trip(issue: Issue) -> None:
    values = issue.values()
    assert len(values) == issue.size
    for index in range(issue.size):
        assert issue.index_of(issue.value(index)) == index
        assert issue.value(index) == values[index]
    with pytest.raises(IssueError, match=f"has no option number {issue.size}"):
        issue.value(issue.size)
    with pytest.raises(IssueError, match="has no option number -1"):
        issue.value(-1)
