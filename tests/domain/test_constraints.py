"""Conditions and constraints: option masks and the outcomes a constraint rules out."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parley.domain import (
    CategoricalIssue,
    Condition,
    Constraint,
    IntegerIssue,
    Issue,
    IssueError,
    OutcomeSpace,
    RealIssue,
)
from parley.domain.constraints import CompiledConstraint
from tests.strategies import (
    PROPERTY,
    as_array,
    condition_holds,
    conditions,
    issues,
    outcome_spaces,
    reference_feasible,
    reference_rows,
)

CEASEFIRE = CategoricalIssue("ceasefire", ("none", "partial", "full"))
MONITORING = CategoricalIssue("monitoring", ("none", "national", "international"))
TROOPS = IntegerIssue("troops", 0, 4)
BUDGET = RealIssue("budget", 0.0, 1.0, 5)


# --- conditions ------------------------------------------------------------------------------------
def test_condition_on_options() -> None:
    condition = Condition("ceasefire", ("partial", "full"))
    assert condition.mask(CEASEFIRE).tolist() == [False, True, True]


def test_condition_options_become_a_tuple() -> None:
    condition = Condition("ceasefire", ["full"])  # type: ignore[arg-type]
    assert condition.options == ("full",)
    assert hash(condition) == hash(Condition("ceasefire", ("full",)))


def test_condition_range_on_integer_issue() -> None:
    assert Condition("troops", low=1, high=3).mask(TROOPS).tolist() == [False, True, True, True, False]
    assert Condition("troops", low=3).mask(TROOPS).tolist() == [False, False, False, True, True]
    assert Condition("troops", high=0).mask(TROOPS).tolist() == [True, False, False, False, False]
    assert not Condition("troops", low=5).mask(TROOPS).any()


def test_condition_range_on_real_issue_includes_ends() -> None:
    mask = Condition("budget", low=0.25, high=0.75).mask(BUDGET)
    assert mask.tolist() == [False, True, True, True, False]


def test_condition_options_on_real_issue_pick_nearest_grid_point() -> None:
    assert Condition("budget", (0.49,)).mask(BUDGET).tolist() == [False, False, True, False, False]


def test_condition_needs_options_or_range() -> None:
    with pytest.raises(IssueError, match="condition on 'troops' names neither options nor a range"):
        Condition("troops")


def test_condition_range_refused_on_categorical_issue() -> None:
    with pytest.raises(IssueError, match="categorical issue 'ceasefire' needs options, not a range"):
        Condition("ceasefire", low=0).mask(CEASEFIRE)


def test_condition_unknown_option() -> None:
    with pytest.raises(IssueError, match="'ceasefire' has no option 'total'"):
        Condition("ceasefire", ("total",)).mask(CEASEFIRE)
    with pytest.raises(IssueError, match=r"'troops' holds whole numbers 0\.\.4, not 9"):
        Condition("troops", (9,)).mask(TROOPS)


@PROPERTY
@given(st.data(), issues())
def test_condition_mask_matches_definition(data: st.DataObject, issue: Issue) -> None:
    condition = data.draw(conditions(issue))
    mask = condition.mask(issue)
    assert mask.dtype == bool
    assert mask.shape == (issue.size,)
    assert mask.tolist() == [condition_holds(condition, issue, i) for i in range(issue.size)]


# --- constraints -----------------------------------------------------------------------------------
def test_constraint_needs_when() -> None:
    with pytest.raises(IssueError, match="constraint 'empty' has no 'when' conditions"):
        Constraint((), name="empty")


def test_constraint_issue_names_in_order_without_repeats() -> None:
    constraint = Constraint(
        [Condition("monitoring", ("international",)), Condition("ceasefire", ("none",))],  # type: ignore[arg-type]
        [Condition("monitoring", ("national",)), Condition("troops", low=1)],  # type: ignore[arg-type]
    )
    assert isinstance(constraint.when, tuple)
    assert isinstance(constraint.then, tuple)
    assert constraint.issue_names == ("monitoring", "ceasefire", "troops")


def _space() -> OutcomeSpace:
    return OutcomeSpace((CEASEFIRE, MONITORING, TROOPS))


def test_implication_rules_out_when_without_then() -> None:
    space = _space()
    constraint = Constraint(
        (Condition("monitoring", ("international",)),), (Condition("ceasefire", ("full",)),), name="m"
    )
    compiled = CompiledConstraint.build(constraint, space.issues)
    outcomes = np.array(
        [
            [2, 2, 0],  # international monitoring, full ceasefire: fine
            [1, 2, 0],  # international monitoring, partial ceasefire: ruled out
            [0, 2, 4],  # international monitoring, no ceasefire: ruled out
            [0, 1, 0],  # national monitoring: the constraint does not apply
        ]
    )
    assert compiled.violated(outcomes).tolist() == [False, True, True, False]


def test_forbidden_combination_without_then() -> None:
    space = _space()
    constraint = Constraint((Condition("ceasefire", ("none",)), Condition("troops", low=3)), name="f")
    compiled = CompiledConstraint.build(constraint, space.issues)
    outcomes = np.array([[0, 0, 3], [0, 0, 2], [1, 0, 4], [0, 2, 4]])
    assert compiled.violated(outcomes).tolist() == [True, False, False, True]


def test_compiled_constraint_names_unknown_issue() -> None:
    constraint = Constraint((Condition("elections", ("early",)),), name="vote")
    with pytest.raises(IssueError, match="constraint 'vote' names unknown issue 'elections'"):
        CompiledConstraint.build(constraint, _space().issues)
    with pytest.raises(IssueError, match="unknown issue 'elections'"):
        OutcomeSpace(_space().issues, (constraint,))


def test_constraint_with_unknown_option_fails_when_space_is_built() -> None:
    constraint = Constraint((Condition("ceasefire", ("total",)),))
    with pytest.raises(IssueError, match="'ceasefire' has no option 'total'"):
        OutcomeSpace(_space().issues, (constraint,))


def test_compiled_constraint_on_empty_batch() -> None:
    space = _space()
    compiled = CompiledConstraint.build(Constraint((Condition("troops", low=1),)), space.issues)
    assert compiled.violated(np.empty((0, 3), dtype=np.int8)).shape == (0,)


@PROPERTY
@given(outcome_spaces(constrained=True))
def test_feasible_matches_constraint_definitions(space: OutcomeSpace) -> None:
    rows = list(reference_rows(space))
    outcomes = as_array(rows, space)
    expected = [reference_feasible(space, row) for row in rows]
    assert space.feasible(outcomes).tolist() == expected
    violated_any = np.zeros(len(rows), dtype=bool)
    for constraint in space.constraints:
        violated_any |= CompiledConstraint.build(constraint, space.issues).violated(outcomes)
    assert (~violated_any).tolist() == expected
