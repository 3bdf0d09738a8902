"""Feasibility constraints: combinations of options that cannot form an outcome.

A constraint reads "when these conditions hold, those must hold too", e.g. *when monitoring is
international, the ceasefire must be full*; with no ``then`` part the ``when`` combination is simply
forbidden. Constraints compile to per-issue lookup masks, so checking millions of outcomes is a few
vectorised indexing operations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from parley.domain.issues import Issue, IssueError, Value


@dataclass(frozen=True)
class Condition:
    """``issue`` takes one of ``options``, or (for numeric issues) a value in ``[low, high]``."""

    issue: str
    options: tuple[Value, ...] | None = None
    low: float | None = None
    high: float | None = None

    def __post_init__(self) -> None:
        if self.options is not None:
            object.__setattr__(self, "options", tuple(self.options))
        if self.options is None and self.low is None and self.high is None:
            raise IssueError(f"condition on {self.issue!r} names neither options nor a range")

    def mask(self, issue: Issue) -> np.ndarray:
        """Boolean array over the issue's option indices: True where the condition holds."""
        if self.options is not None:
            mask = np.zeros(issue.size, dtype=bool)
            for option in self.options:
                mask[issue.index_of(option)] = True
            return mask
        values = issue.values()
        if values.dtype == object:
            raise IssueError(f"condition on categorical issue {issue.name!r} needs options, not a range")
        low = -np.inf if self.low is None else self.low
        high = np.inf if self.high is None else self.high
        return np.asarray((values >= low) & (values <= high), dtype=bool)


@dataclass(frozen=True)
class Constraint:
    """Outcomes meeting every ``when`` condition must meet every ``then`` condition (none: forbidden)."""

    when: tuple[Condition, ...]
    then: tuple[Condition, ...] = ()
    name: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "when", tuple(self.when))
        object.__setattr__(self, "then", tuple(self.then))
        if not self.when:
            raise IssueError(f"constraint {self.name!r} has no 'when' conditions")

    @property
    def issue_names(self) -> tuple[str, ...]:
        """The issues this constraint reads, each once, in order of appearance."""
        return tuple(dict.fromkeys(c.issue for c in (*self.when, *self.then)))


@dataclass(frozen=True)
class CompiledConstraint:
    """A constraint turned into (issue position, option mask) pairs for vectorised checks."""

    when: tuple[tuple[int, np.ndarray], ...]
    then: tuple[tuple[int, np.ndarray], ...]

    @classmethod
    def build(cls, constraint: Constraint, issues: Sequence[Issue]) -> CompiledConstraint:
        """Resolve issue names to positions and conditions to masks."""
        positions = {issue.name: i for i, issue in enumerate(issues)}

        def compile_part(conditions: tuple[Condition, ...]) -> tuple[tuple[int, np.ndarray], ...]:
            compiled = []
            for condition in conditions:
                if condition.issue not in positions:
                    raise IssueError(
                        f"constraint {constraint.name!r} names unknown issue {condition.issue!r}"
                    )
                position = positions[condition.issue]
                compiled.append((position, condition.mask(issues[position])))
            return tuple(compiled)

        return cls(compile_part(constraint.when), compile_part(constraint.then))

    def violated(self, outcomes: np.ndarray) -> np.ndarray:
        """Boolean array: True for the rows of ``outcomes`` this constraint rules out."""
        triggered = _all_hold(self.when, outcomes)
        if self.then:
            triggered &= ~_all_hold(self.then, outcomes)
        return triggered


def _all_hold(parts: tuple[tuple[int, np.ndarray], ...], outcomes: np.ndarray) -> np.ndarray:
    holds = np.ones(len(outcomes), dtype=bool)
    for position, mask in parts:
        holds &= mask[outcomes[:, position]]
    return holds
