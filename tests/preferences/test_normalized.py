"""Normalisation of utilities to [0, 1] and its inverse."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from parley.domain import CategoricalIssue, Condition, Constraint, IntegerIssue, OutcomeSpace
from parley.preferences import (
    HyperRectangle,
    HyperRectangleUtility,
    LinearAdditiveUtility,
    NormalizedUtility,
    normalize,
)
from parley.preferences.base import EXACT_BOUNDS_LIMIT
from tests.strategies import (
    PROPERTY,
    as_array,
    hyper_rectangle_utilities,
    linear_utilities,
    outcome_spaces,
    reference_feasible_rows,
    reference_linear,
)


def digits_space(issue_count: int, constraints: tuple[Constraint, ...] = ()) -> OutcomeSpace:
    digits = tuple(str(d) for d in range(10))
    return OutcomeSpace(tuple(CategoricalIssue(f"i{k}", digits) for k in range(issue_count)), constraints)


def small() -> tuple[OutcomeSpace, LinearAdditiveUtility]:
    space = OutcomeSpace((CategoricalIssue("a", ("x", "y", "z")), IntegerIssue("b", 0, 2)))
    return space, LinearAdditiveUtility.from_tables(space, [1.0, 2.0], [[3.0, 1.0, 2.0], [0.0, 1.0, 4.0]])


# --- hand-computed ---------------------------------------------------------------------------------
def test_normalize_hand_computed() -> None:
    space, u = small()
    normalized = normalize(u, space)
    assert (normalized.low, normalized.high) == (1.0, 11.0)
    outcomes = space.all_outcomes()
    raw = u.evaluate(outcomes)
    np.testing.assert_allclose(normalized.evaluate(outcomes), (raw - 1.0) / 10.0)
    assert normalized.evaluate(np.array([[1, 0]])).tolist() == [0.0]
    assert normalized.evaluate(np.array([[0, 2]])).tolist() == [1.0]
    assert normalized.to_normalized(6.0) == 0.5
    assert normalized.inverse(0.5) == 6.0
    np.testing.assert_allclose(normalized.to_normalized(np.array([1.0, 11.0, 21.0])), [0.0, 1.0, 2.0])
    np.testing.assert_allclose(normalized.inverse(np.array([0.0, 1.0])), [1.0, 11.0])


def test_normalize_is_idempotent() -> None:
    space, u = small()
    normalized = normalize(u, space)
    assert normalize(normalized, space) is normalized
    assert normalized.outer_bounds(space) == (0.0, 1.0)
    assert normalized.bounds(space) == (0.0, 1.0)


def test_constant_utility_maps_to_one_and_stays_invertible() -> None:
    space, _ = small()
    constant = LinearAdditiveUtility.from_tables(space, [1.0, 1.0], [[2.0, 2.0, 2.0], [0.5, 0.5, 0.5]])
    normalized = normalize(constant, space)
    assert normalized.low == normalized.high == 2.5
    assert normalized.evaluate(space.all_outcomes()).tolist() == [1.0] * 9
    assert normalized.to_normalized(2.5) == 1.0
    # Values away from the constant keep their side of it, and the inverse recovers them.
    assert normalized.to_normalized(3.0) > 1.0
    assert normalized.to_normalized(2.0) < 1.0
    for raw in (-4.0, 0.0, 2.0, 2.5, 3.0, 7.25):
        assert normalized.inverse(normalized.to_normalized(raw)) == pytest.approx(raw)
    np.testing.assert_allclose(normalized.to_normalized(np.array([2.5, 2.5])), [1.0, 1.0])


def test_normalize_without_feasible_outcome() -> None:
    space = OutcomeSpace((IntegerIssue("n", 0, 2),), (Constraint((Condition("n", low=0),)),))
    u = LinearAdditiveUtility.from_tables(space, [1.0], [[0.0, 1.0, 2.0]])
    with pytest.raises(ValueError, match="no feasible outcome"):
        normalize(u, space)


def test_normalize_uses_constraints() -> None:
    space, u = small()
    constrained = OutcomeSpace(space.issues, (Constraint((Condition("b", (2,)),)),))  # b = 2 forbidden
    u2 = LinearAdditiveUtility(constrained, u.weights, u.values)
    normalized = normalize(u2, constrained)
    assert (normalized.low, normalized.high) == (1.0, 5.0)
    values = normalized.evaluate(constrained.all_outcomes())
    assert values.min() == 0.0
    assert values.max() == 1.0


# --- huge spaces -----------------------------------------------------------------------------------
def test_normalize_huge_linear_space_is_exact() -> None:
    space = digits_space(20)
    weights = [float(k + 1) for k in range(20)]
    tables = [[float((d * (k + 3)) % 10) for d in range(10)] for k in range(20)]
    u = LinearAdditiveUtility.from_tables(space, weights, tables)
    normalized = normalize(u, space)
    best = np.array([[int(np.argmax(t)) for t in tables]])
    worst = np.array([[int(np.argmin(t)) for t in tables]])
    assert normalized.evaluate(best).tolist() == [1.0]
    assert normalized.evaluate(worst).tolist() == [0.0]
    values = normalized.evaluate(space.sample(5000, np.random.default_rng(5)))
    assert ((values >= 0.0) & (values <= 1.0)).all()


def test_normalize_huge_hyper_rectangle_space_uses_outer_bounds() -> None:
    space = digits_space(12, (Constraint((Condition("i0", ("0",)), Condition("i1", ("0",)))),))
    assert space.cardinality > EXACT_BOUNDS_LIMIT
    u = HyperRectangleUtility(
        space,
        (
            HyperRectangle(3.0, (Condition("i0", ("1", "2")), Condition("i5", ("7",)))),
            HyperRectangle(-2.0, (Condition("i3", ("4",)),), (Condition("i4", ("4",)),)),
            HyperRectangle(1.0, (Condition("i11", ("0", "1", "2", "3")),)),
        ),
    )
    normalized = normalize(u, space)
    assert (normalized.low, normalized.high) == (-2.0, 4.0)
    values = normalized.evaluate(space.sample(5000, np.random.default_rng(9)))
    assert ((values >= 0.0) & (values <= 1.0)).all()


# --- properties ------------------------------------------------------------------------------------
@PROPERTY
@given(st.data(), outcome_spaces())
def test_normalized_linear_utilities_span_unit_interval(data: st.DataObject, space: OutcomeSpace) -> None:
    feasible = reference_feasible_rows(space)
    assume(feasible)
    u = data.draw(linear_utilities(space))
    normalized = normalize(u, space)
    outcomes = as_array(feasible, space)
    values = normalized.evaluate(outcomes)
    assert ((values >= 0.0) & (values <= 1.0)).all()
    raw = [reference_linear(u, row) for row in feasible]
    if max(raw) - min(raw) > 1e-9:
        # Bounds are exact without constraints (per-issue extremes) and by enumeration with them.
        assert values.min() == 0.0
        assert values.max() == 1.0
        assert normalized.low == pytest.approx(min(raw), abs=1e-12)
        assert normalized.high == pytest.approx(max(raw), abs=1e-12)
    if normalized.low == normalized.high:
        assert values.tolist() == [1.0] * len(feasible)


@PROPERTY
@given(st.data(), outcome_spaces(constrained=False))
def test_extremes_reached_exactly_on_unconstrained_spaces(data: st.DataObject, space: OutcomeSpace) -> None:
    u = data.draw(linear_utilities(space))
    normalized = normalize(u, space)
    best = np.array([[int(np.argmax(t)) for t in u.tables]])
    worst = np.array([[int(np.argmin(t)) for t in u.tables]])
    if normalized.high > normalized.low:
        assert normalized.evaluate(best).tolist() == [1.0]
        assert normalized.evaluate(worst).tolist() == [0.0]
    else:
        assert normalized.evaluate(best).tolist() == [1.0]


@PROPERTY
@given(st.data(), outcome_spaces())
def test_inverse_undoes_normalisation(data: st.DataObject, space: OutcomeSpace) -> None:
    assume(reference_feasible_rows(space))
    u = data.draw(linear_utilities(space))
    normalized = normalize(u, space)
    outcomes = space.all_outcomes()
    raw = u.evaluate(outcomes)
    scaled = normalized.evaluate(outcomes)
    np.testing.assert_allclose(normalized.inverse(scaled), raw, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(normalized.to_normalized(raw), scaled, rtol=1e-9, atol=1e-9)
    x = data.draw(st.floats(-100, 100, allow_nan=False))
    assert normalized.inverse(normalized.to_normalized(x)) == pytest.approx(x, rel=1e-9, abs=1e-9)


@PROPERTY
@given(st.data(), outcome_spaces())
def test_normalized_hyper_rectangles_span_unit_interval(data: st.DataObject, space: OutcomeSpace) -> None:
    assume(reference_feasible_rows(space))
    u = data.draw(hyper_rectangle_utilities(space))
    normalized = normalize(u, space)
    assert isinstance(normalized, NormalizedUtility)
    values = normalized.evaluate(space.all_outcomes())
    assert ((values >= 0.0) & (values <= 1.0)).all()
    assert values.max() == 1.0
    if normalized.high > normalized.low:
        assert values.min() == 0.0
