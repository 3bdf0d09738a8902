"""The no-deal state in a staged process: an issue nothing is agreed on is worth its no-deal share.

Where a scenario models the no-deal outcome as its own state (the talks fail and the fighting goes on)
instead of a status-quo package, an issue that no agreement in force settles is *open*, and each party
values it, issue by issue, at the same share of its range: the share that makes "nothing agreed on
any issue" worth exactly the party's reservation (walk-away) value. So a stage's package is judged as
"this stage agreed, the rest still open", a delegation accepts a stage only if it beats no deal on
that stage's own terms, and no side is valued by the other side's options. Red lines do not bind an
open issue (nothing is agreed on it). Utilities that are not linear-additive keep their own value of
the row (their open issues sit at the status quo, or option 0).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace

import numpy as np

from parley.analysis.linear_frontier import is_linear, issue_tables
from parley.preferences import LinearAdditiveUtility, Preferences
from parley.protocols import Seat
from parley.talks.referral import PreferencesPrincipal


@dataclass(frozen=True)
class NoDeal:
    """The no-deal state: what it is, in words, and each party's walk-away value with what it rests on
    (``basis``: one line per party, shown wherever the run's assumptions are)."""

    state: str
    values: dict[str, float] = field(default_factory=dict)
    basis: tuple[str, ...] = ()
    rule: str = ""


def open_share(preferences: Preferences) -> float:
    """The share of each issue's range an open issue is worth: ``(r − Σ min) / Σ range``, so that
    every issue open sums to the reservation value ``r`` (clipped to [0, 1]; 0 for a flat utility)."""
    tables, constant = issue_tables(preferences.utility)
    low = constant + sum(float(t.min()) for t in tables)
    span = sum(float(t.max() - t.min()) for t in tables)
    if span <= 0:
        return 0.0
    return min(1.0, max(0.0, (preferences.reservation_value - low) / span))


def open_view(preferences: Preferences, open_issues: Collection[str]) -> Preferences:
    """``preferences`` while ``open_issues`` stay open: each of them worth :func:`open_share` of its
    range whatever option the row holds, its red lines lifted (unchanged when nothing is open or the
    utility is not linear)."""
    space = preferences.space
    opened = {space.issue_position(name) for name in open_issues}
    if not opened or not is_linear(preferences.utility):
        return preferences
    share = open_share(preferences)
    tables, constant = issue_tables(preferences.utility)
    viewed = []
    for position, table in enumerate(tables):
        if position in opened:
            table = np.full_like(table, float(table.min()) + share * float(table.max() - table.min()))
        viewed.append(table)
    viewed[0] = viewed[0] + constant
    utility = LinearAdditiveUtility.from_tables(space, [1.0] * len(viewed), [t.tolist() for t in viewed])
    lines = tuple(line for line in preferences.red_lines if space.issue_position(line.issue) not in opened)
    return Preferences(space, utility, preferences.reservation_value, preferences.discount_factor, lines)


def seat_with_open(seat: Seat, open_issues: Collection[str]) -> Seat:
    """``seat`` judging packages with ``open_issues`` open: its preferences and, when it is the
    process's own kind, its principal's."""
    principal = seat.principal
    if isinstance(principal, PreferencesPrincipal):
        principal = replace(principal, preferences=open_view(principal.preferences, open_issues))
    return replace(seat, preferences=open_view(seat.preferences, open_issues), principal=principal)
