"""Mixed-radix arithmetic between flat outcome numbers and rows of option indices."""

from __future__ import annotations

import itertools
import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from parley.domain.radix import _INT64_SAFE, decode, digits_of, encode, split_for_int64, strides
from tests.strategies import PROPERTY

small_sizes = st.lists(st.integers(1, 7), min_size=1, max_size=5).map(lambda s: np.array(s, dtype=np.int64))


def test_strides_are_row_major() -> None:
    assert strides(np.array([2, 3, 4])).tolist() == [12, 4, 1]
    assert strides(np.array([5])).tolist() == [1]
    assert strides(np.array([], dtype=np.int64)).tolist() == []


def test_decode_last_issue_fastest() -> None:
    rows = decode(np.arange(6, dtype=np.int64), np.array([2, 3]))
    assert rows.tolist() == [[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]]


def test_decode_without_issues() -> None:
    assert decode(np.arange(3, dtype=np.int64), np.array([], dtype=np.int64)).shape == (3, 0)


@PROPERTY
@given(small_sizes)
def test_decode_enumerates_the_product_in_lexicographic_order(sizes: np.ndarray) -> None:
    total = math.prod(sizes.tolist())
    rows = decode(np.arange(total, dtype=np.int64), sizes)
    expected = list(itertools.product(*(range(s) for s in sizes.tolist())))
    assert [tuple(row) for row in rows.tolist()] == expected
    assert encode(rows, sizes).tolist() == list(range(total))


@PROPERTY
@given(small_sizes, st.data())
def test_digits_of_agrees_with_decode(sizes: np.ndarray, data: st.DataObject) -> None:
    number = data.draw(st.integers(0, math.prod(sizes.tolist()) - 1))
    assert digits_of(number, sizes) == decode(np.array([number], dtype=np.int64), sizes)[0].tolist()


def test_digits_of_huge_numbers_is_exact() -> None:
    sizes = np.full(40, 10, dtype=np.int64)
    assert digits_of(10**40 - 1, sizes) == [9] * 40
    assert digits_of(10**39, sizes) == [1] + [0] * 39
    number = 12345678901234567890123456789012345678
    assert "".join(map(str, digits_of(number, sizes))) == f"{number:040d}"


def test_digits_of_mixed_radix() -> None:
    # 1·(3·4) + 2·4 + 3 = 23
    assert digits_of(23, np.array([2, 3, 4])) == [1, 2, 3]


@PROPERTY
@given(st.lists(st.integers(1, 10**6), min_size=0, max_size=30))
def test_split_for_int64_is_the_smallest_safe_split(sizes: list[int]) -> None:
    array = np.array(sizes, dtype=np.int64)
    k = split_for_int64(array)
    assert 0 <= k <= len(sizes)
    assert math.prod(sizes[k:]) < _INT64_SAFE
    if k > 0:
        assert math.prod(sizes[k - 1 :]) >= _INT64_SAFE


def test_split_for_int64_on_huge_space() -> None:
    sizes = np.full(50, 10, dtype=np.int64)
    k = split_for_int64(sizes)
    # 10**18 < 2**62 <= 10**19: the last 18 issues fit in int64 arithmetic.
    assert k == 32
