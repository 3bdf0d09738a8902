"""What a process room has been through, step by step, so that a prefix of it can start another room (a
rehearsal forked at a round): every answer (a person's reply as given, an agent's as "simulated": the
agent answers it again and, under the same seed and history, the same way), every front incident and
every stage whose clock ran out, in order; and where the shared record stood at each settled point.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from parley.negotiators import Response
from parley.protocols import Reply

StepKind = Literal["answer", "incident", "expire"]


@dataclass(frozen=True)
class Step:
    """One step of a room's journal (which fields are set depends on ``kind``)."""

    kind: StepKind
    reply: Reply | None = None  # an answer's reply; None: the simulation's (an agent's seat)
    changes: tuple[tuple[str, float], ...] = ()
    note: str = ""
    stage: str = ""


@dataclass(frozen=True)
class Mark:
    """A settled point: how many journal steps led to it, and the last round in the shared record."""

    steps: int
    last_round: int


def cut(marks: list[Mark], round: int) -> int:
    """How many steps a fork at ``round`` replays: up to the last settled point whose record holds only
    rounds before ``round`` (a ValueError if the room has not reached it)."""
    if round < 0:
        raise ValueError(f"round {round}: a fork starts at round 0 or later")
    before = [mark.steps for mark in marks if mark.last_round < round]
    if not any(mark.last_round >= round for mark in marks) and marks and marks[-1].last_round < round - 1:
        raise ValueError(
            f"the room has not reached round {round} (its record ends at round {marks[-1].last_round})"
        )
    return max(before, default=0)


def reply_of(response: str | None, package: list[int] | None, approved: bool | None) -> Reply:
    """A reply from its stored fields."""
    return Reply(
        response=None if response is None else Response(response),
        package=None if package is None else tuple(int(i) for i in package),
        approved=approved,
    )
