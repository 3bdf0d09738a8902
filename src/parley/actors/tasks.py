"""Tasks: goals a principal sets the delegation, such as "a prisoner exchange of at least 300".

A *required* task is a constraint: outcomes failing it are unacceptable. It becomes a red line on the
complement of its condition (the options of its issue that fail it), so it works everywhere red lines
do (``Preferences.acceptable``, the linear frontier, negotiators' package lists). A *bonus* adds its
amount to the utility of every outcome meeting it; a condition names one issue, so the bonus is added
to that issue's value table and the utility stays linear-additive. A task may be both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from parley.domain import Condition, IssueError, OutcomeSpace


@dataclass(frozen=True)
class Task:
    """A goal: ``condition`` must hold when ``required``; outcomes meeting it gain ``bonus`` utility."""

    name: str
    condition: Condition
    required: bool = True
    bonus: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "bonus", float(self.bonus))
        if not self.name.strip():
            raise ValueError("a task needs a non-empty name")
        if not math.isfinite(self.bonus):
            raise ValueError(f"task {self.name!r}: the bonus must be finite, got {self.bonus}")


def describe_condition(condition: Condition) -> str:
    """The condition in words, e.g. ``prisoner_exchange in [3, 10]`` or ``ceasefire in {local, full}``."""
    if condition.options is not None:
        return f"{condition.issue} in {{{', '.join(str(o) for o in condition.options)}}}"
    if condition.low is None:
        return f"{condition.issue} ≤ {condition.high:g}"
    if condition.high is None:
        return f"{condition.issue} ≥ {condition.low:g}"
    return f"{condition.issue} in [{condition.low:g}, {condition.high:g}]"


def condition_mask(space: OutcomeSpace, condition: Condition, what: str) -> tuple[int, np.ndarray]:
    """``space.condition_mask`` with errors that say which red line or task was at fault."""
    try:
        return space.condition_mask(condition)
    except IssueError as error:
        raise ValueError(f"{what}: {error}") from None


def check_tasks(space: OutcomeSpace, tasks: tuple[Task, ...]) -> None:
    """Raise ValueError for repeated task names, unknown issues or options, or a task no option meets."""
    names = [task.name for task in tasks]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError(f"task names must be unique; repeated: {', '.join(repeated)}")
    for task in tasks:
        _, mask = condition_mask(space, task.condition, f"task {task.name!r}")
        if not mask.any():
            raise ValueError(
                f"task {task.name!r} can never be met: no option of {task.condition.issue!r} satisfies "
                f"{describe_condition(task.condition)}"
            )


def task_red_lines(space: OutcomeSpace, tasks: tuple[Task, ...]) -> tuple[Condition, ...]:
    """Red lines that enforce the required tasks: each forbids the options failing its condition."""
    lines = []
    for task in tasks:
        if not task.required:
            continue
        position, mask = condition_mask(space, task.condition, f"task {task.name!r}")
        issue = space.issues[position]
        failing = tuple(issue.value(int(i)) for i in np.flatnonzero(~mask))
        if failing:
            lines.append(Condition(issue.name, options=failing))
    return tuple(lines)


def bonus_tables(space: OutcomeSpace, tasks: tuple[Task, ...]) -> list[np.ndarray]:
    """Per issue, the bonus each option earns (the sum over the tasks it meets)."""
    tables = [np.zeros(issue.size) for issue in space.issues]
    for task in tasks:
        if task.bonus:
            position, mask = condition_mask(space, task.condition, f"task {task.name!r}")
            tables[position] += task.bonus * mask
    return tables


def bonus_range(tasks: tuple[Task, ...]) -> tuple[float, float]:
    """Lowest and highest total bonus any outcome can collect (negative bonuses are penalties)."""
    return (
        sum(min(task.bonus, 0.0) for task in tasks),
        sum(max(task.bonus, 0.0) for task in tasks),
    )
