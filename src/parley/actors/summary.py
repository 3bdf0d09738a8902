"""A readable account of a mandate, for a briefing note or a console."""

from __future__ import annotations

import numpy as np

from parley.actors.mandate import Mandate
from parley.actors.tasks import Task, describe_condition
from parley.domain import Issue, OutcomeSpace

#: Options listed as preferred for each issue.
PREFERRED_SHOWN = 3


def mandate_summary(mandate: Mandate, space: OutcomeSpace) -> str:
    """A multi-line summary: issues by weight with preferred options, reservation value, authority
    limit, red lines, tasks, opening package and the advisors who shaped the mandate."""
    low, high = mandate.utility_range
    lines = [
        f"Mandate of {mandate.party}",
        f"  utility: linear-additive over {len(space.issues)} issues, range [{low:g}, {high:g}]",
        f"  reservation value: {mandate.reservation_value:.3f}",
        f"  authority limit: {mandate.authority_limit:.3f} (refer back before accepting less)",
        "  issues by weight:",
        *_issue_lines(mandate, space),
        f"  red lines: {_red_lines(mandate)}",
        "  tasks:" if mandate.tasks else "  tasks: none",
        *(f"    - {_task_line(task)}" for task in mandate.tasks),
        f"  opening package (utility {_opening_utility(mandate):.3f}):",
        *(f"    {name} = {value}" for name, value in space.values_of(mandate.opening).items()),
        "  advisors (trust, share of the utility they shaped, issues covered):",
        *_advisor_lines(mandate),
    ]
    return "\n".join(lines)


def _issue_lines(mandate: Mandate, space: OutcomeSpace) -> list[str]:
    """One line per issue, heaviest first, with its best options."""
    width = max(len(name) for name in space.issue_names)
    order = np.argsort(-np.asarray(mandate.weights), kind="stable")
    return [
        f"    {space.issues[i].name:<{width}}  {mandate.weights[i]:.3f}  "
        f"prefers {_preferred(space.issues[i], mandate.tables[i])}"
        for i in order
    ]


def _preferred(issue: Issue, table: tuple[float, ...]) -> str:
    """The issue's best options with their values, best first."""
    order = np.argsort(-np.asarray(table), kind="stable")[:PREFERRED_SHOWN]
    return ", ".join(f"{issue.value(int(i))} ({table[int(i)]:.2f})" for i in order)


def _red_lines(mandate: Mandate) -> str:
    """The principal's own red lines in words."""
    if not mandate.red_lines:
        return "none"
    return "; ".join(describe_condition(line) for line in mandate.red_lines)


def _task_line(task: Task) -> str:
    """One task in words."""
    kind = "required" if task.required else "optional"
    bonus = f", bonus {task.bonus:+g}" if task.bonus else ""
    return f"{task.name} ({kind}{bonus}): {describe_condition(task.condition)}"


def _opening_utility(mandate: Mandate) -> float:
    """Utility of the opening package under the mandate."""
    return float(mandate.preferences.evaluate(mandate.opening_row)[0])


def _advisor_lines(mandate: Mandate) -> list[str]:
    """One line per advisor, most influential first."""
    shares = sorted(mandate.advisors, key=lambda share: -share.influence)
    width = max(len(share.advisor) for share in shares)
    return [
        f"    {share.advisor:<{width}}  trust {share.trust:.2f}  shaped {share.influence:.0%}  "
        f"{', '.join(share.issues)}"
        for share in shares
    ]
