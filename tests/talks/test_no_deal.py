"""No deal as its own state: open issues at each side's no-deal share, with a real effect on a process."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.domain import CategoricalIssue, Condition, OutcomeSpace
from parley.formats import loads_yaml
from parley.preferences import LinearAdditiveUtility, Preferences
from parley.talks import open_share, open_view, run_process

TWO_STAGES = """
parley: 1
issues:
  - {name: exchange, type: categorical, options: [none, some, all]}
  - {name: territory, type: categorical, options: [a_keeps, b_keeps]}
parties:
  - name: A
    utility:
      type: linear
      weights: {exchange: 0.3, territory: 0.7}
      values: {exchange: {none: 0, some: 0.5, all: 1}, territory: {a_keeps: 1, b_keeps: 0}}
  - name: B
    utility:
      type: linear
      weights: {exchange: 0.3, territory: 0.7}
      values: {exchange: {none: 0, some: 0.5, all: 1}, territory: {a_keeps: 0, b_keeps: 1}}
stages:
  - {name: humanitarian, issues: [exchange], rounds: 10, ratification: false}
  - {name: settlement, issues: [territory], rounds: 10}
"""

STATUS_QUO = (
    TWO_STAGES.replace("  - name: B", "    reservation_value: 0.5\n  - name: B")
    + """
status_quo: {exchange: none, territory: b_keeps}
"""
)
STATUS_QUO = STATUS_QUO.replace(
    "      values: {exchange: {none: 0, some: 0.5, all: 1}, territory: {a_keeps: 0, b_keeps: 1}}\n",
    "      values: {exchange: {none: 0, some: 0.5, all: 1}, territory: {a_keeps: 0, b_keeps: 1}}\n"
    "    reservation_value: 0.5\n",
)

NO_DEAL = (
    TWO_STAGES
    + """
no_deal:
  state: the talks fail and the fighting goes on
  ladder: {gains: 0.6, holds: 0.5, costs: 0.3}
"""
)


def _linear(
    space: OutcomeSpace, tables: list[list[float]], reservation: float, lines: tuple[Condition, ...] = ()
) -> Preferences:
    utility = LinearAdditiveUtility.from_tables(space, [1.0] * len(tables), tables)
    return Preferences(space, utility, reservation, red_lines=lines)


SPACE = OutcomeSpace(
    (
        CategoricalIssue("x", ("a", "b", "c")),
        CategoricalIssue("y", ("a", "b")),
        CategoricalIssue("z", ("a", "b")),
    )
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(0, 1), min_size=7, max_size=7),
    st.floats(0, 1),
)
def test_nothing_agreed_is_worth_exactly_the_reservation_value(
    values: list[float], reservation: float
) -> None:
    tables = [values[0:3], values[3:5], values[5:7]]
    preferences = _linear(SPACE, tables, reservation)
    low = sum(min(t) for t in tables)
    high = sum(max(t) for t in tables)
    viewed = open_view(preferences, SPACE.issue_names)
    every_row = SPACE.all_outcomes()
    worth = viewed.evaluate(every_row)
    # with everything open every row is worth the same: the reservation, clipped to the utility's reach
    assert np.allclose(worth, min(max(reservation, low), high) if high > low else low)


def test_an_open_issue_counts_at_its_no_deal_share_whatever_the_row_holds() -> None:
    preferences = _linear(SPACE, [[0.0, 0.2, 0.4], [0.0, 0.3], [0.1, 0.3]], 0.45)
    share = open_share(preferences)
    assert share == pytest.approx((0.45 - 0.1) / (0.4 + 0.3 + 0.2))
    viewed = open_view(preferences, ["y"])
    rows = np.array([[2, 0, 1], [2, 1, 1]], dtype=SPACE.dtype)
    worth = viewed.evaluate(rows)
    assert worth[0] == pytest.approx(worth[1]) == pytest.approx(0.4 + share * 0.3 + 0.3)
    assert open_view(preferences, []) is preferences


def test_a_red_line_does_not_bind_an_issue_nothing_is_agreed_on() -> None:
    line = Condition("y", ("a",))
    preferences = _linear(SPACE, [[0.0, 0.5, 1.0], [0.0, 1.0], [0.0, 1.0]], 0.2, (line,))
    row = np.array([[2, 0, 1]], dtype=SPACE.dtype)
    assert not preferences.acceptable(row)[0]
    assert open_view(preferences, ["y"]).acceptable(row)[0]
    assert not open_view(preferences, ["x"]).acceptable(row)[0]


def test_no_deal_as_its_own_state_changes_what_a_process_agrees() -> None:
    # With a status quo of B's option on territory, A never accepts the humanitarian stage (its full value
    # with territory at B's position is 0.3 < 0.5); valued as no deal (open at A's share), it does.
    status_quo = loads_yaml(STATUS_QUO)
    no_deal = loads_yaml(NO_DEAL)
    assert [p.preferences.reservation_value for p in no_deal.parties] == [0.5, 0.5]  # the default rung
    before = run_process(status_quo.space, status_quo.delegations.plan, seed=0)
    after = run_process(no_deal.space, no_deal.delegations.plan, seed=0)
    assert before.talks.stages[0].status.value in {"deadline", "broken_off"}  # A walks out or runs out
    assert before.talks.stages[1].status.value == "not_reached"
    assert after.talks.stages[0].status.value == "agreed"
    assert after.agreements[0].in_force
    # the settlement is zero-sum at 0.7 against a walk-away of 0.5: no side accepts the other's option
    assert after.talks.stages[1].status.value != "agreed"
    assert any("no deal is its own state" in line for line in no_deal.delegations.plan.assumptions())
