"""Mixed-radix arithmetic: flat outcome numbers ⇄ rows of option indices (last issue fastest)."""

from __future__ import annotations

import math

import numpy as np

_INT64_SAFE = 1 << 62


def strides(sizes: np.ndarray) -> np.ndarray:
    """Row-major strides of a product of ``sizes`` (their product must fit in int64)."""
    result = np.ones(len(sizes), dtype=np.int64)
    for i in range(len(sizes) - 2, -1, -1):
        result[i] = result[i + 1] * sizes[i + 1]
    return result


def decode(flat: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Rows of option indices for the flat numbers ``flat`` (an int64 array) over ``sizes``."""
    if len(sizes) == 0:
        return np.empty((len(flat), 0), dtype=np.int64)
    digits: np.ndarray = (flat[:, None] // strides(sizes)) % sizes
    return digits


def encode(rows: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Flat numbers of index rows; the inverse of :func:`decode`."""
    flat: np.ndarray = np.asarray(rows, dtype=np.int64) @ strides(sizes)
    return flat


def digits_of(number: int, sizes: np.ndarray) -> list[int]:
    """Mixed-radix digits of one (arbitrarily large) Python integer."""
    digits = []
    for size in reversed([int(s) for s in sizes]):
        number, digit = divmod(number, size)
        digits.append(digit)
    return digits[::-1]


def split_for_int64(sizes: np.ndarray) -> int:
    """Smallest ``k`` such that the product of ``sizes[k:]`` fits comfortably in int64."""
    k = len(sizes)
    while k > 0 and math.prod(int(s) for s in sizes[k - 1 :]) < _INT64_SAFE:
        k -= 1
    return k
