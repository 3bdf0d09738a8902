"""Preferences: reservation value, time discount, red lines and (de)normalisation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from parley.domain import CategoricalIssue, Condition, IntegerIssue, IssueError, OutcomeSpace
from parley.preferences import UNACCEPTABLE, LinearAdditiveUtility, NormalizedUtility, Preferences
from tests.strategies import (
    PROPERTY,
    as_array,
    outcome_spaces,
    preferences,
    reference_crosses,
    reference_feasible_rows,
    reference_linear,
    reference_rows,
)


def space() -> OutcomeSpace:
    return OutcomeSpace(
        (CategoricalIssue("ceasefire", ("none", "partial", "full")), IntegerIssue("troops", 0, 3))
    )


def utility() -> LinearAdditiveUtility:
    # ceasefire: none 0, partial 2, full 4; troops: 3 - n.  Raw range [0, 7].
    return LinearAdditiveUtility.from_tables(space(), [1.0, 1.0], [[0.0, 2.0, 4.0], [3.0, 2.0, 1.0, 0.0]])


def prefs(**changes: object) -> Preferences:
    arguments: dict[str, object] = {"reservation_value": 3.0, "discount_factor": 0.5}
    arguments.update(changes)
    return Preferences(space(), utility(), **arguments)  # type: ignore[arg-type]


# --- red lines -------------------------------------------------------------------------------------
def test_red_lines_are_unacceptable() -> None:
    p = prefs(red_lines=(Condition("ceasefire", ("none",)), Condition("troops", low=3)))
    outcomes = space().all_outcomes()
    values = p.evaluate(outcomes)
    crossed = (outcomes[:, 0] == 0) | (outcomes[:, 1] == 3)
    assert p.crosses_red_line(outcomes).tolist() == crossed.tolist()
    assert (values[crossed] == UNACCEPTABLE).all()
    assert np.isneginf(UNACCEPTABLE)
    assert np.isfinite(values[~crossed]).all()
    assert not p.acceptable(outcomes)[crossed].any()
    # Outside the red lines, acceptability is utility against reservation value.
    raw = utility().evaluate(outcomes)
    assert p.acceptable(outcomes)[~crossed].tolist() == (raw[~crossed] >= 3.0).tolist()


def test_red_lines_unacceptable_even_with_no_reservation_value() -> None:
    p = prefs(reservation_value=-math.inf, red_lines=(Condition("ceasefire", ("none",)),))
    outcomes = space().all_outcomes()
    accepted = p.acceptable(outcomes)
    assert accepted.tolist() == (outcomes[:, 0] != 0).tolist()
    assert not p.acceptable(outcomes, time=1.0)[outcomes[:, 0] == 0].any()


def test_red_line_on_unknown_issue_or_option() -> None:
    with pytest.raises(IssueError, match="no issue 'elections'"):
        prefs(red_lines=(Condition("elections", ("early",)),))
    with pytest.raises(IssueError, match="'ceasefire' has no option 'total'"):
        prefs(red_lines=[Condition("ceasefire", ("total",))])


def test_without_red_lines_nothing_is_crossed() -> None:
    outcomes = space().all_outcomes()
    assert not prefs().crosses_red_line(outcomes).any()
    np.testing.assert_array_equal(prefs(discount_factor=1.0).evaluate(outcomes), utility().evaluate(outcomes))


# --- discount --------------------------------------------------------------------------------------
@pytest.mark.parametrize("time", [0.0, 0.25, 0.5, 1.0])
def test_discount_applies_to_utilities_and_reservation_value(time: float) -> None:
    p = prefs(discount_factor=0.5)
    outcomes = space().all_outcomes()
    factor = 0.5**time
    assert p.discount(time) == pytest.approx(factor)
    np.testing.assert_allclose(p.evaluate(outcomes, time), utility().evaluate(outcomes) * factor)
    assert p.reservation_at(time) == pytest.approx(3.0 * factor)
    # Both sides scale by the same factor, so the acceptable set does not move.
    assert p.acceptable(outcomes, time).tolist() == (utility().evaluate(outcomes) >= 3.0).tolist()


def test_no_discount_by_default() -> None:
    p = Preferences(space(), utility())
    assert p.discount_factor == 1.0
    assert p.reservation_value == 0.0
    assert p.discount(0.7) == 1.0
    assert p.reservation_at(0.7) == 0.0
    assert p.acceptable(space().all_outcomes()).all()


@pytest.mark.parametrize("factor", [0.0, -0.5, 1.5, math.nan])
def test_discount_factor_must_be_in_unit_interval(factor: float) -> None:
    with pytest.raises(ValueError, match=r"discount factor must be in \(0, 1\]"):
        prefs(discount_factor=factor)


def test_single_outcome_is_accepted() -> None:
    p = prefs(red_lines=(Condition("troops", low=3),))
    assert p.evaluate(np.array([2, 0])).tolist() == [7.0]
    assert p.evaluate(np.array([2, 3])).tolist() == [UNACCEPTABLE]
    assert p.acceptable(np.array([2, 0])).tolist() == [True]
    assert p.acceptable(np.array([2, 3])).tolist() == [False]


# --- normalisation ---------------------------------------------------------------------------------
def test_normalized_hand_computed() -> None:
    p = prefs(reservation_value=3.5, red_lines=(Condition("troops", low=3),))
    n = p.normalized()
    assert isinstance(n.utility, NormalizedUtility)
    assert n.reservation_value == 0.5
    assert n.discount_factor == p.discount_factor
    assert n.red_lines == p.red_lines
    outcomes = space().all_outcomes()
    assert n.acceptable(outcomes).tolist() == p.acceptable(outcomes).tolist()
    back = n.denormalized()
    assert back == p
    assert back.utility is p.utility


def test_normalized_is_idempotent() -> None:
    n = prefs().normalized()
    assert n.normalized() == n
    assert n.normalized().reservation_value == n.reservation_value


def test_denormalized_of_raw_preferences_is_identity() -> None:
    p = prefs()
    assert p.denormalized() is p


def test_normalizing_constant_utility_keeps_acceptability() -> None:
    flat = LinearAdditiveUtility.from_tables(space(), [1.0, 1.0], [[1.0] * 3, [0.0] * 4])
    outcomes = space().all_outcomes()
    for reservation in (0.5, 1.0, 1.5):
        p = Preferences(space(), flat, reservation_value=reservation)
        n = p.normalized()
        assert n.acceptable(outcomes).tolist() == p.acceptable(outcomes).tolist()
        assert n.denormalized().reservation_value == pytest.approx(reservation)


@PROPERTY
@given(st.data(), outcome_spaces())
def test_red_lines_are_never_acceptable(data: st.DataObject, space: OutcomeSpace) -> None:
    p = data.draw(preferences(space))
    time = data.draw(st.sampled_from([0.0, 0.3, 1.0]))
    rows = list(reference_rows(space))
    outcomes = as_array(rows, space)
    values = p.evaluate(outcomes, time)
    accepted = p.acceptable(outcomes, time)
    factor = p.discount_factor**time
    for row, value, ok in zip(rows, values.tolist(), accepted.tolist(), strict=True):
        if reference_crosses(p, row):
            assert value == -math.inf
            assert not ok
        else:
            expected = reference_linear(p.utility, row) * factor  # type: ignore[arg-type]
            assert value == pytest.approx(expected, rel=1e-9, abs=1e-9)
            assert ok == (value >= p.reservation_value * factor)


@PROPERTY
@given(st.data(), outcome_spaces())
def test_normalized_then_denormalized_round_trips(data: st.DataObject, space: OutcomeSpace) -> None:
    assume(reference_feasible_rows(space))
    p = data.draw(preferences(space))
    n = p.normalized()
    back = n.denormalized()
    assert back.utility is p.utility
    assert back.reservation_value == pytest.approx(p.reservation_value, rel=1e-9, abs=1e-9)
    assert (back.discount_factor, back.red_lines, back.space) == (p.discount_factor, p.red_lines, p.space)
    outcomes = space.all_outcomes()
    time = data.draw(st.sampled_from([0.0, 0.5, 1.0]))
    np.testing.assert_allclose(back.evaluate(outcomes, time), p.evaluate(outcomes, time), rtol=1e-12)
    # The normalised preferences live in [0, 1] (or -inf on red lines) ...
    scaled = n.evaluate(outcomes)
    finite = np.isfinite(scaled)
    assert ((scaled[finite] >= 0.0) & (scaled[finite] <= 1.0)).all()
    assert finite.tolist() == (~p.crosses_red_line(outcomes)).tolist()
    # ... and accept exactly what the raw ones accept, up to rounding right at the reservation value.
    raw_values = p.evaluate(outcomes, time)
    clear = np.abs(raw_values - p.reservation_at(time)) > 1e-9 * (1 + abs(p.reservation_value))
    assert n.acceptable(outcomes, time)[clear].tolist() == p.acceptable(outcomes, time)[clear].tolist()
