"""Outcome spaces: counting, enumeration, sampling and conversions, from tiny to 10^400 outcomes."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import parley.domain.radix
from parley.domain import (
    CategoricalIssue,
    Condition,
    Constraint,
    IntegerIssue,
    IssueError,
    OutcomeSpace,
    RealIssue,
    SpaceTooLargeError,
)
from parley.domain.space import CONSTRAINED_PRODUCT_LIMIT
from tests.strategies import (
    PROPERTY,
    outcome_spaces,
    reference_feasible,
    reference_feasible_rows,
    reference_rows,
)

INT64_MAX = int(np.iinfo(np.int64).max)


def ten_option_space(issue_count: int, constraints: tuple[Constraint, ...] = ()) -> OutcomeSpace:
    """``issue_count`` issues of ten options each: 10**issue_count outcomes."""
    digits = tuple(str(d) for d in range(10))
    return OutcomeSpace(tuple(CategoricalIssue(f"i{k}", digits) for k in range(issue_count)), constraints)


def enumerated(space: OutcomeSpace, chunk_size: int | None = None) -> np.ndarray:
    chunks = list(space.enumerate() if chunk_size is None else space.enumerate(chunk_size=chunk_size))
    for chunk in chunks:
        assert len(chunk) > 0
        assert chunk.dtype == space.dtype
        if chunk_size is not None:
            assert len(chunk) <= chunk_size
    if not chunks:
        return np.empty((0, len(space.issues)), dtype=space.dtype)
    return np.concatenate(chunks)


def small_space() -> OutcomeSpace:
    return OutcomeSpace(
        (
            CategoricalIssue("ceasefire", ("none", "partial", "full")),
            IntegerIssue("troops", 0, 3),
            RealIssue("budget", 0.0, 1.0, 3),
        )
    )


# --- construction and shape ------------------------------------------------------------------------
def test_space_needs_an_issue() -> None:
    with pytest.raises(IssueError, match="at least one issue"):
        OutcomeSpace(())


def test_space_refuses_repeated_issue_names() -> None:
    a, b = CategoricalIssue("a", ("x",)), IntegerIssue("b", 0, 1)
    with pytest.raises(IssueError, match="issue names must be unique; repeated: a, b"):
        OutcomeSpace((a, b, a, b, CategoricalIssue("c", ("y",))))


def test_shape_of_small_space() -> None:
    space = small_space()
    assert space.issue_names == ("ceasefire", "troops", "budget")
    assert space.sizes.tolist() == [3, 4, 3]
    assert space.sizes.dtype == np.int64
    assert space.cardinality == 36
    assert space.feasible_count == 36
    assert len(space) == 36
    assert space.issue_position("budget") == 2
    with pytest.raises(IssueError, match="the outcome space has no issue 'elections'"):
        space.issue_position("elections")


@pytest.mark.parametrize(
    ("size", "dtype"), [(1, np.int8), (3, np.int8), (128, np.int8), (200, np.int16), (40_000, np.int32)]
)
def test_dtype_is_smallest_that_holds_every_index(size: int, dtype: type) -> None:
    space = OutcomeSpace((IntegerIssue("n", 0, size - 1), CategoricalIssue("c", ("a", "b"))))
    assert space.dtype == np.dtype(dtype)
    assert np.iinfo(space.dtype).max >= size - 1


def test_spaces_compare_by_definition() -> None:
    assert small_space() == small_space()
    assert hash(small_space()) == hash(small_space())


# --- enumeration -----------------------------------------------------------------------------------
def test_enumerate_small_space_in_lexicographic_order() -> None:
    space = OutcomeSpace((CategoricalIssue("a", ("x", "y")), IntegerIssue("b", 5, 7)))
    assert enumerated(space).tolist() == [[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]]


def test_enumerate_skips_infeasible_outcomes() -> None:
    space = OutcomeSpace(
        (CategoricalIssue("a", ("x", "y")), IntegerIssue("b", 5, 7)),
        (Constraint((Condition("a", ("y",)),), (Condition("b", low=6),)),),
    )
    assert enumerated(space, chunk_size=2).tolist() == [[0, 0], [0, 1], [0, 2], [1, 1], [1, 2]]
    assert space.feasible_count == 5
    assert len(space) == 5


@PROPERTY
@given(outcome_spaces())
def test_enumeration_is_exact_and_ordered(space: OutcomeSpace) -> None:
    rows = enumerated(space)
    expected = reference_feasible_rows(space)
    # Each feasible outcome exactly once, in lexicographic order, and nothing infeasible.
    assert [tuple(row) for row in rows.tolist()] == expected
    assert space.feasible(rows).all()
    assert all(reference_feasible(space, row) for row in rows.tolist())
    assert space.feasible_count == len(expected) == len(rows)
    assert len(space) == len(expected)
    assert space.cardinality == math.prod(issue.size for issue in space.issues)


@PROPERTY
@given(outcome_spaces(), st.integers(1, 40))
def test_chunk_size_does_not_change_enumeration(space: OutcomeSpace, chunk_size: int) -> None:
    np.testing.assert_array_equal(enumerated(space, chunk_size), enumerated(space))
    np.testing.assert_array_equal(space.all_outcomes(), enumerated(space))


@PROPERTY
@given(outcome_spaces(max_issues=5), st.integers(1, 200), st.integers(1, 17))
def test_enumeration_across_int64_split(space: OutcomeSpace, safe: int, chunk_size: int) -> None:
    """Lowering the int64 threshold forces the prefix/suffix split that huge spaces rely on."""
    expected = reference_feasible_rows(space)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parley.domain.radix, "_INT64_SAFE", safe)
        rows = enumerated(space, chunk_size)
    assert [tuple(row) for row in rows.tolist()] == expected


def test_all_outcomes_refuses_large_spaces() -> None:
    space = ten_option_space(8)
    with pytest.raises(
        SpaceTooLargeError, match="the space has 1e\\+08 outcomes, more than the limit of 1000"
    ):
        space.all_outcomes(limit=1000)
    assert issubclass(SpaceTooLargeError, ValueError)


def test_all_outcomes_of_space_without_feasible_outcome() -> None:
    space = OutcomeSpace((IntegerIssue("n", 0, 3),), (Constraint((Condition("n", low=0),)),))
    assert space.feasible_count == 0
    assert len(space) == 0
    assert space.all_outcomes().shape == (0, 1)
    assert list(space.enumerate()) == []


# --- sampling --------------------------------------------------------------------------------------
@PROPERTY
@given(outcome_spaces(), st.integers(0, 2**32 - 1))
def test_samples_are_feasible(space: OutcomeSpace, seed: int) -> None:
    rng = np.random.default_rng(seed)
    if space.feasible_count == 0:
        with pytest.raises(IssueError, match="no feasible outcome to sample"):
            space.sample(5, rng)
        return
    samples = space.sample(300, rng)
    assert samples.shape == (300, len(space.issues))
    assert samples.dtype == space.dtype
    assert ((samples >= 0) & (samples < space.sizes)).all()
    assert space.feasible(samples).all()
    feasible = set(reference_feasible_rows(space))
    assert {tuple(row) for row in samples.tolist()} <= feasible


def _chi_square(samples: np.ndarray, support: list[tuple[int, ...]]) -> float:
    counts = dict.fromkeys(support, 0)
    for row in samples.tolist():
        counts[tuple(row)] += 1  # a KeyError here would mean an infeasible sample
    expected = len(samples) / len(support)
    assert min(counts.values()) > 0
    return sum((c - expected) ** 2 / expected for c in counts.values())


def test_sampling_is_uniform_among_feasible_outcomes() -> None:
    space = OutcomeSpace(
        small_space().issues,
        (
            # Full ceasefire only with few troops; no ceasefire never with the top budget.
            Constraint((Condition("ceasefire", ("full",)),), (Condition("troops", high=1),)),
            Constraint((Condition("ceasefire", ("none",)), Condition("budget", low=1.0))),
        ),
    )
    support = reference_feasible_rows(space)
    assert space.feasible_count == len(support) == 36 - 6 - 4
    samples = space.sample(26_000, np.random.default_rng(20240601))
    degrees = len(support) - 1
    # Mean ``degrees``, standard deviation sqrt(2 · degrees) ≈ 7: six deviations of slack.
    assert _chi_square(samples, support) < degrees + 6 * math.sqrt(2 * degrees)
    # The constrained issues' marginals are not uniform: 'full' is allowed with only 2 of 4 troop levels.
    full_share = float((samples[:, 0] == 2).mean())
    assert full_share == pytest.approx(6 / 26, abs=0.02)


def test_sampling_unconstrained_space_is_uniform() -> None:
    space = small_space()
    support = list(reference_rows(space))
    samples = space.sample(36_000, np.random.default_rng(7))
    degrees = len(support) - 1
    assert _chi_square(samples, support) < degrees + 6 * math.sqrt(2 * degrees)


def test_sampling_is_reproducible_with_a_seed() -> None:
    space = OutcomeSpace(small_space().issues, (Constraint((Condition("troops", low=2),)),))
    first = space.sample(50, np.random.default_rng(3))
    second = space.sample(50, np.random.default_rng(3))
    np.testing.assert_array_equal(first, second)


# --- validation and conversions --------------------------------------------------------------------
def test_validate_checks_shape_and_ranges() -> None:
    space = small_space()
    valid = space.validate(np.array([[2, 3, 2], [0, 0, 0]], dtype=np.int64))
    assert valid.dtype == space.dtype
    assert valid.tolist() == [[2, 3, 2], [0, 0, 0]]
    with pytest.raises(IssueError, match=r"outcomes must have shape \(n, 3\), got \(2, 2\)"):
        space.validate(np.zeros((2, 2), dtype=int))
    with pytest.raises(IssueError, match=r"got \(3,\)"):
        space.validate(np.zeros(3, dtype=int))
    with pytest.raises(IssueError, match="outside their issues' ranges"):
        space.validate(np.array([[0, 4, 0]]))
    with pytest.raises(IssueError, match="outside their issues' ranges"):
        space.validate(np.array([[-1, 0, 0]]))
    assert space.validate(np.empty((0, 3), dtype=int)).shape == (0, 3)


def test_outcome_and_values_of() -> None:
    space = small_space()
    row = space.outcome({"budget": 0.5, "ceasefire": "full", "troops": 2})
    assert row.tolist() == [2, 2, 1]
    assert row.dtype == space.dtype
    assert space.values_of(row) == {"ceasefire": "full", "troops": 2, "budget": 0.5}
    assert space.values_of([0, 0, 0]) == {"ceasefire": "none", "troops": 0, "budget": 0.0}


def test_outcome_needs_every_issue_once() -> None:
    space = small_space()
    with pytest.raises(IssueError, match=r"missing \['troops'\], unknown \['elections'\]"):
        space.outcome({"ceasefire": "full", "budget": 0.5, "elections": "early"})


def test_outcome_refuses_unknown_options() -> None:
    space = small_space()
    with pytest.raises(IssueError, match="'ceasefire' has no option 'total'"):
        space.outcome({"ceasefire": "total", "troops": 0, "budget": 0.0})
    with pytest.raises(IssueError, match=r"'troops' holds whole numbers 0\.\.3, not 4"):
        space.outcome({"ceasefire": "full", "troops": 4, "budget": 0.0})
    with pytest.raises(IssueError, match="'budget' holds reals"):
        space.outcome({"ceasefire": "full", "troops": 0, "budget": 2.0})


def test_values_of_refuses_bad_rows() -> None:
    space = small_space()
    with pytest.raises(IssueError, match="'troops' has no option number 4"):
        space.values_of([0, 4, 0])
    with pytest.raises(ValueError, match="zip"):
        space.values_of([0, 0])


@PROPERTY
@given(outcome_spaces(), st.data())
def test_outcome_and_values_of_round_trip(space: OutcomeSpace, data: st.DataObject) -> None:
    row = tuple(data.draw(st.integers(0, issue.size - 1)) for issue in space.issues)
    values = space.values_of(row)
    assert list(values) == list(space.issue_names)
    assert tuple(space.outcome(values).tolist()) == row
    # Order of the mapping does not matter.
    assert tuple(space.outcome(dict(reversed(values.items()))).tolist()) == row


# --- huge spaces -----------------------------------------------------------------------------------
def test_cardinality_of_huge_spaces_is_exact() -> None:
    for issue_count in (20, 50):
        space = ten_option_space(issue_count)
        assert space.cardinality == 10**issue_count
        assert isinstance(space.cardinality, int)
        assert space.feasible_count == 10**issue_count
    mixed = OutcomeSpace(tuple(IntegerIssue(f"n{k}", 0, k + 1) for k in range(40)))
    assert mixed.cardinality == math.factorial(41)


def test_len_up_to_int64() -> None:
    # 2**63 - 1 = 7**2 · 73 · 127 · 337 · 92737 · 649657
    factors = (49, 73, 127, 337, 92_737, 649_657)
    space = OutcomeSpace(tuple(IntegerIssue(f"n{k}", 1, size) for k, size in enumerate(factors)))
    assert space.cardinality == INT64_MAX
    assert len(space) == INT64_MAX
    assert len(ten_option_space(18)) == 10**18


@pytest.mark.parametrize("space", [ten_option_space(20), ten_option_space(400)], ids=["1e20", "1e400"])
def test_len_beyond_int64_points_to_feasible_count(space: OutcomeSpace) -> None:
    with pytest.raises(OverflowError, match=r"outcomes; use OutcomeSpace\.feasible_count"):
        len(space)
    if space.cardinality > 10**300:
        with pytest.raises(OverflowError, match=r"len\(\) cannot hold ~10\^400 outcomes"):
            len(space)


def test_len_just_beyond_int64() -> None:
    space = OutcomeSpace(tuple(IntegerIssue(f"b{k}", 0, 1) for k in range(63)))
    assert space.feasible_count == INT64_MAX + 1
    with pytest.raises(OverflowError, match="feasible_count"):
        len(space)


def test_all_outcomes_of_astronomical_space_is_refused_cleanly() -> None:
    with pytest.raises(SpaceTooLargeError, match="the space has ~10\\^400 outcomes"):
        ten_option_space(400).all_outcomes()


def test_first_chunk_of_huge_space_is_lazy() -> None:
    space = ten_option_space(22)
    first = next(iter(space.enumerate(chunk_size=1000)))
    assert first.shape == (1000, 22)
    assert (first[:, :19] == 0).all()
    expected_tail = [[n // 100, n // 10 % 10, n % 10] for n in range(1000)]
    assert first[:, 19:].tolist() == expected_tail


def test_first_chunks_of_huge_constrained_space() -> None:
    forbidden_zero = Constraint((Condition("i21", ("0",)),), name="no-zero")
    space = ten_option_space(22, (forbidden_zero,))
    chunks = space.enumerate(chunk_size=1000)
    first, second = next(chunks), next(chunks)
    assert len(first) == len(second) == 900
    assert (first[:, 21] != 0).all()
    assert first[0].tolist() == [0] * 21 + [1]
    assert second[0].tolist() == [0] * 18 + [1, 0, 0, 1]
    assert space.feasible_count == 9 * 10**21


def test_feasible_count_of_huge_space_with_constraint_on_two_issues() -> None:
    # When i0 is 0, 1 or 2, i1 must be below 5: 3 × 5 of the 100 (i0, i1) pairs are ruled out.
    implication = Constraint(
        (Condition("i0", ("0", "1", "2")),), (Condition("i1", ("0", "1", "2", "3", "4")),), name="imp"
    )
    space = ten_option_space(50, (implication,))
    assert space.cardinality == 10**50
    assert space.feasible_count == (100 - 3 * 5) * 10**48
    # A forbidden pair on two other issues removes a further 1/100 of what remains.
    forbidden = Constraint((Condition("i7", ("9",)), Condition("i42", ("9",))), name="pair")
    both = ten_option_space(50, (implication, forbidden))
    assert both.feasible_count == (100 - 15) * (100 - 1) * 10**46
    samples = both.sample(2000, np.random.default_rng(11))
    assert both.feasible(samples).all()
    assert not ((samples[:, 0] <= 2) & (samples[:, 1] >= 5)).any()
    assert not ((samples[:, 7] == 9) & (samples[:, 42] == 9)).any()


def test_constraints_spanning_too_many_combinations_are_refused() -> None:
    wide = Constraint(tuple(Condition(f"i{k}", ("0",)) for k in range(8)), name="wide")
    space = ten_option_space(30, (wide,))
    assert CONSTRAINED_PRODUCT_LIMIT < 10**8
    with pytest.raises(SpaceTooLargeError, match="constraints span 1e\\+08 option combinations"):
        _ = space.feasible_count


def test_sampling_falls_back_to_rejection_when_constraints_span_too_many_combinations(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import parley.domain.space as space_module

    issues = tuple(IntegerIssue(f"i{k}", 0, 9) for k in range(4))
    constraint = Constraint((Condition("i0", low=0, high=4),), (Condition("i3", low=5, high=9),))
    space = OutcomeSpace(issues, (constraint,))
    monkeypatch.setattr(space_module, "CONSTRAINED_PRODUCT_LIMIT", 10)  # force the fallback
    sample = space.sample(20_000, np.random.default_rng(3))
    assert space.feasible(sample).all()
    # uniform among feasible outcomes: i0 < 5 forces i3 >= 5, so P(i0 < 5) = 25/75 = 1/3
    assert abs((sample[:, 0] < 5).mean() - 1 / 3) < 0.02
