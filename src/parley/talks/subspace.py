"""A stage's own outcome space and preferences: its issues only, every other issue held fixed.

A stage negotiates some issues; the others are fixed at the options earlier stages agreed, or at a
default (the status quo) for issues not yet negotiated. Each party's stage utility is its full utility
of the package with those fixed options filled in, ``u_stage(o) = u(lift(o))``, so reservation values
keep their meaning. For linear-additive utilities (possibly normalised) this is the restricted issue
tables plus the constant value of the fixed issues (folded into the first table), so the stage stays
linear and the exact analysis (Pareto frontier, zone of agreement) stays fast. Red lines and
constraints on issues outside the stage do not bind it (the stage cannot change those issues).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from parley.analysis.linear_frontier import is_linear, issue_tables
from parley.domain import OutcomeSpace, Value
from parley.preferences import LinearAdditiveUtility, Preferences, Utility
from parley.protocols.base import Principal


@dataclass(frozen=True, eq=False)
class Embedding:
    """Where a stage's issues sit in the full ``space``, and the full row holding every other option."""

    space: OutcomeSpace
    positions: tuple[int, ...]
    base_row: np.ndarray = field(repr=False)

    def lift(self, outcomes: np.ndarray) -> np.ndarray:
        """Full rows: ``base_row`` with the stage's columns taken from ``outcomes`` (rows of the stage)."""
        rows = np.atleast_2d(outcomes)
        full = np.repeat(self.base_row[None, :], len(rows), axis=0)
        full[:, list(self.positions)] = rows
        return full


def fixed_row(space: OutcomeSpace, fixed: Mapping[str, int], defaults: Mapping[str, Value]) -> np.ndarray:
    """A full row: ``fixed`` option indices, else the ``defaults`` value of an issue, else its option 0."""
    row = np.zeros(len(space.issues), dtype=space.dtype)
    for position, issue in enumerate(space.issues):
        if issue.name in fixed:
            row[position] = fixed[issue.name]
        elif issue.name in defaults:
            row[position] = issue.index_of(defaults[issue.name])
    return row


def embed(space: OutcomeSpace, issues: Sequence[str], base_row: np.ndarray) -> tuple[OutcomeSpace, Embedding]:
    """The stage's space over ``issues`` (constraints among them only) and its embedding in ``space``."""
    positions = tuple(space.issue_position(name) for name in issues)
    names = set(issues)
    constraints = tuple(c for c in space.constraints if set(c.issue_names) <= names)
    sub = OutcomeSpace(tuple(space.issues[p] for p in positions), constraints)
    return sub, Embedding(space, positions, np.asarray(base_row, dtype=space.dtype))


@dataclass(frozen=True, eq=False)
class FixedUtility(Utility):
    """``u(lift(o))``: a utility of the full space seen from a stage (any kind of utility)."""

    base: Utility
    embedding: Embedding

    def evaluate(self, outcomes: np.ndarray) -> np.ndarray:
        """The base utility of the lifted rows."""
        return self.base.evaluate(self.embedding.lift(outcomes))

    def outer_bounds(self, space: OutcomeSpace) -> tuple[float, float]:
        """The base utility's bounds over the full space (valid, perhaps loose)."""
        return self.base.outer_bounds(self.embedding.space)


def restrict_utility(utility: Utility, sub: OutcomeSpace, embedding: Embedding) -> Utility:
    """The stage utility: restricted tables for linear utilities, :class:`FixedUtility` otherwise."""
    if not is_linear(utility):
        return FixedUtility(utility, embedding)
    tables, constant = issue_tables(utility)
    inside = set(embedding.positions)
    fixed = constant + sum(
        float(table[embedding.base_row[j]]) for j, table in enumerate(tables) if j not in inside
    )
    chosen = [tables[p].copy() for p in embedding.positions]
    chosen[0] = chosen[0] + fixed
    return LinearAdditiveUtility.from_tables(sub, [1.0] * len(chosen), [t.tolist() for t in chosen])


def restrict(preferences: Preferences, sub: OutcomeSpace, embedding: Embedding) -> Preferences:
    """``preferences`` over the stage: restricted utility, same reservation and discount, own red lines."""
    names = set(sub.issue_names)
    return Preferences(
        sub,
        restrict_utility(preferences.utility, sub, embedding),
        preferences.reservation_value,
        preferences.discount_factor,
        tuple(line for line in preferences.red_lines if line.issue in names),
    )


@dataclass(frozen=True, eq=False)
class LiftedPrincipal:
    """A full-space principal asked about a stage's package: it judges the lifted full package."""

    inner: Principal
    embedding: Embedding

    def approve(self, outcome: np.ndarray) -> bool:
        """The inner principal's decision on the full package."""
        return bool(self.inner.approve(self.embedding.lift(outcome)[0]))
