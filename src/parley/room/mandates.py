"""A principal adjusts its delegation's mandate before the talks open: the authority limit a person
delegation is held to, between the reservation value its briefings give and the best package's worth.

Only a person delegation's limit is the room's to hold (an agent delegation carries the scenario's
mandate into the engine), and only before that delegation's first move: once it has spoken, its powers
are what they were. The change is a logged ``mandate`` entry, applied again at its place on replay.
"""

from __future__ import annotations

import numpy as np

from parley.room.chain import LogEntry
from parley.room.setup import Setting
from parley.room.table import MoveRefusedError


def authority_bounds(setting: Setting, party: str) -> tuple[float, float]:
    """The limits a principal may set: the reservation value, and the best package's worth."""
    preferences = setting.delegation(party).preferences
    space = setting.scenario.space
    outcomes = space.all_outcomes(limit=2_000_000)
    best = float(np.max(preferences.evaluate(outcomes[space.feasible(outcomes)])))
    return float(preferences.reservation_value), best


def check_adjustment(setting: Setting, log: list[LogEntry], party: str, limit: float) -> None:
    """Refuse a limit the principal of ``party`` may not set now (MoveRefusedError: 409 or 422)."""
    if party not in setting.table.authority:
        raise MoveRefusedError(
            f"{party}'s delegation is not a person held to an authority limit in this room", status=409
        )
    if any(entry.kind == "action" and entry.role == "delegation" and entry.party == party for entry in log):
        raise MoveRefusedError(f"{party}'s delegation has already moved: its mandate stands", status=409)
    low, high = authority_bounds(setting, party)
    if not low <= limit <= high:
        raise MoveRefusedError(
            f"the authority limit must lie between the reservation value {low:.3f} and the best package's "
            f"worth {high:.3f}; got {limit}",
            status=422,
        )


def adjust(setting: Setting, party: str, limit: float) -> None:
    """Hold ``party``'s person delegation to ``limit`` from now on."""
    setting.table.authority[party] = limit
