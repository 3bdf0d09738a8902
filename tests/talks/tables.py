"""Small crafted tables for the talks tests: one-issue and two-issue spaces with known utilities."""

from __future__ import annotations

from collections.abc import Sequence

from parley.domain import CategoricalIssue, IntegerIssue, OutcomeSpace
from parley.preferences import LinearAdditiveUtility, Preferences


def line(options: int = 5) -> OutcomeSpace:
    """One integer issue ``x`` with ``options`` options (0 … options − 1)."""
    return OutcomeSpace((IntegerIssue("x", low=0, high=options - 1),))


def linear(space: OutcomeSpace, tables: Sequence[Sequence[float]], reservation: float = 0.0) -> Preferences:
    """Linear-additive preferences, weight 1 per issue, from explicit tables."""
    utility = LinearAdditiveUtility.from_tables(space, [1.0] * len(tables), tables)
    return Preferences(space, utility, reservation_value=reservation)


def falling(options: int = 5) -> list[float]:
    """1 at option 0 down to 0 at the last option, in equal steps."""
    return [1.0 - i / (options - 1) for i in range(options)]


def rising(options: int = 5) -> list[float]:
    """0 at option 0 up to 1 at the last option, in equal steps."""
    return [i / (options - 1) for i in range(options)]


def two_stage_space() -> OutcomeSpace:
    """A ceasefire issue and a settlement issue, three options each."""
    return OutcomeSpace(
        (
            CategoricalIssue("ceasefire", options=("none", "partial", "full")),
            CategoricalIssue("settlement", options=("status_quo", "autonomy", "independence")),
        )
    )
