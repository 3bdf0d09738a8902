"""The data of staged talks: stages, how each ended, and what the talks produced.

Kept apart from the loop that runs them (:mod:`parley.talks.sequence`, :func:`parley.talks.run_talks`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from parley.protocols import Ending, Seat
from parley.record import Record
from parley.talks.agreements import StageAgreement
from parley.talks.front import FrontState
from parley.talks.ripeness import Ripeness

#: Builds the seats of a stage, over the FULL space (their preferences and principals judge full packages).
SeatsFactory = Callable[["Stage"], Sequence[Seat]]


class StageStatus(StrEnum):
    """How a stage ended, or that it never opened."""

    AGREED = "agreed"
    BROKEN_OFF = "broken_off"
    DEADLINE = "deadline"
    NOT_REACHED = "not_reached"


ENDING_STATUS = {Ending.AGREEMENT: StageStatus.AGREED, Ending.BREAKDOWN: StageStatus.BROKEN_OFF}


@dataclass(frozen=True)
class Stage:
    """One stage of the talks: its issues, protocol and round limit; an agreed ceasefire freezes the front.

    ``options`` are passed to the stage's mechanism (e.g. a single-text mediator). ``ratification``:
    whether the stage's agreement goes to the parties' ratifiers before it enters into force (in
    :func:`parley.talks.run_process`). ``after``: the stages whose agreements must be in force before
    this one opens (None: the stage before it, if any). ``opening``: the name of a draft of the
    scenario whose text opens the stage. ``pause``: rounds of fighting before it opens (an interrupted
    process resumed later). ``violation_hazard``: for a stage that freezes the front, the chance per
    round that its ceasefire, in force, breaks down.
    """

    name: str
    issues: tuple[str, ...]
    protocol: str = "alternating"
    rounds: int = 50
    freezes_front: bool = False
    options: Mapping[str, object] = field(default_factory=dict)
    ratification: bool = True
    after: tuple[str, ...] | None = None
    opening: str | None = None
    pause: int = 0
    violation_hazard: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "issues", tuple(self.issues))
        if self.after is not None:
            object.__setattr__(self, "after", tuple(self.after))
        if not self.issues or self.rounds < 1:
            raise ValueError(f"stage {self.name!r} needs at least one issue and one round")
        if self.pause < 0 or not 0.0 <= self.violation_hazard <= 1.0:
            raise ValueError(f"stage {self.name!r}: the pause must be >= 0 and the hazard in [0, 1]")


@dataclass(frozen=True)
class StageResult:
    """A stage's name, status, agreed package (over its issues) and its rounds in the shared record."""

    name: str
    status: StageStatus
    outcome: tuple[int, ...] | None = None
    first_round: int | None = None
    last_round: int | None = None


@dataclass(frozen=True)
class TalksResult:
    """Every stage's result, the shared record, the agreed options, the final front, the ripeness and
    each stage's agreement.

    ``agreed`` holds the options of every agreed stage; ``outcome`` is the full package (option
    indices over the whole space; issues in no stage at their default) once every stage is agreed;
    ``standing`` the full package in force at the end (the issues of agreements in force, every other
    issue at its default); ``ripeness`` one entry per round observed (rounds of the shared record)
    when a front is given.
    """

    stages: tuple[StageResult, ...]
    record: Record
    agreed: dict[str, int]
    outcome: tuple[int, ...] | None
    front: FrontState | None
    ripeness: tuple[Ripeness, ...]
    agreements: tuple[StageAgreement, ...] = ()
    standing: tuple[int, ...] = ()

    @property
    def concluded(self) -> bool:
        """Whether every stage was agreed."""
        return all(stage.status is StageStatus.AGREED for stage in self.stages)

    @property
    def in_force(self) -> tuple[StageAgreement, ...]:
        """The agreements in force at the end."""
        return tuple(agreement for agreement in self.agreements if agreement.in_force)
