"""Staged talks: a ceasefire first, a settlement later — each stage over its own issues, one record.

Stages run in order; a later stage opens only when the one before it is agreed (otherwise it is
``not_reached``). Each stage negotiates the sub-space of its issues (:mod:`parley.talks.subspace`):
issues of earlier agreed stages are fixed at the agreed options, issues not yet negotiated at the
``defaults`` (status quo) value, or at their first option when no default is given. Every stage
appends to one shared record: STAGE_OPENED (``data``: stage, issues) at the stage's first round, its
events with rounds shifted by that offset (their packages are over the stage's issues, in the order
STAGE_OPENED names them), and STAGE_CLOSED (``data``: stage, status; outcome: the stage package) at
its last round; the next stage starts one round later, so rounds keep increasing. Source for staged
(issue-by-issue) talks: Fershtman, "The importance of the agenda in bargaining", Games and Economic
Behavior 2(3), 1990.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

import numpy as np

from parley.domain import OutcomeSpace, Value
from parley.protocols import Ending, Seat
from parley.record import Event, EventKind, Record
from parley.talks._stage_run import Played, play_stage, stage_seats
from parley.talks.front import Front, FrontState
from parley.talks.ripeness import Ripeness
from parley.talks.subspace import fixed_row

#: Builds the seats of a stage, over the FULL space (their preferences and principals judge full packages).
SeatsFactory = Callable[["Stage"], Sequence[Seat]]


class StageStatus(StrEnum):
    """How a stage ended, or that it never opened."""

    AGREED = "agreed"
    BROKEN_OFF = "broken_off"
    DEADLINE = "deadline"
    NOT_REACHED = "not_reached"


_STATUS = {Ending.AGREEMENT: StageStatus.AGREED, Ending.BREAKDOWN: StageStatus.BROKEN_OFF}


@dataclass(frozen=True)
class Stage:
    """One stage of the talks: its issues, protocol and round limit; an agreed ceasefire freezes the front.

    ``options`` are passed to the stage's mechanism (e.g. a single-text mediator).
    """

    name: str
    issues: tuple[str, ...]
    protocol: str = "alternating"
    rounds: int = 50
    freezes_front: bool = False
    options: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "issues", tuple(self.issues))
        if not self.issues or self.rounds < 1:
            raise ValueError(f"stage {self.name!r} needs at least one issue and one round")


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
    """Every stage's result, the shared record, the agreed options, the final front and the ripeness.

    ``outcome`` is the full package (option indices over the whole space; issues in no stage at their
    default) once every stage is agreed;
    ``ripeness`` holds one entry per round observed (rounds of the shared record) when a front is given.
    """

    stages: tuple[StageResult, ...]
    record: Record
    agreed: dict[str, int]
    outcome: tuple[int, ...] | None
    front: FrontState | None
    ripeness: tuple[Ripeness, ...]

    @property
    def concluded(self) -> bool:
        """Whether every stage was agreed."""
        return all(stage.status is StageStatus.AGREED for stage in self.stages)


def run_talks(
    space: OutcomeSpace,
    seats_factory: SeatsFactory,
    stages: Sequence[Stage],
    seed: int,
    *,
    defaults: Mapping[str, Value] | None = None,
    front: Front | None = None,
    track_ripeness: bool = True,
) -> TalksResult:
    """Run ``stages`` in order over ``space`` with one seeded generator (Mesa style), one shared record.

    ``track_ripeness=False`` leaves ``ripeness`` empty and skips its per-round analysis (Monte-Carlo
    work that needs only the outcomes); everything else is identical.
    """
    _check_stages(space, stages)
    front_rng, stage_rng = np.random.default_rng(seed).spawn(2)
    front_state = front.initial_state() if front is not None else None
    record = Record()
    results: list[StageResult] = []
    ripe: list[Ripeness] = []
    agreed: dict[str, int] = {}
    offset = 0
    for stage in stages:
        if results and results[-1].status is not StageStatus.AGREED:
            results.append(StageResult(stage.name, StageStatus.NOT_REACHED))
            continue
        base_row = fixed_row(space, agreed, defaults or {})
        sub, seats = stage_seats(space, stage.issues, seats_factory(stage), base_row)
        current = (front, front_state) if front is not None and front_state is not None else None
        rngs = (stage_rng.spawn(1)[0], front_rng)
        played = play_stage(
            sub,
            seats,
            stage.protocol,
            stage.rounds,
            stage.freezes_front,
            current,
            rngs,
            stage.options,
            track_ripeness,
        )
        front_state = played.front
        result, events = _shared(stage, played, offset)
        record = record.append(*events)
        ripe.extend(replace(r, round=r.round + offset) for r in played.ripeness)
        results.append(result)
        offset = (result.last_round or offset) + 1
        if played.outcome is not None:
            agreed.update(zip(stage.issues, played.outcome, strict=True))
    concluded = all(result.status is StageStatus.AGREED for result in results)
    outcome = tuple(int(i) for i in fixed_row(space, agreed, defaults or {})) if concluded else None
    return TalksResult(tuple(results), record, agreed, outcome, front_state, tuple(ripe))


def _check_stages(space: OutcomeSpace, stages: Sequence[Stage]) -> None:
    """Stage names unique; every stage issue known and negotiated in one stage only."""
    names = [stage.name for stage in stages]
    issues = [issue for stage in stages for issue in stage.issues]
    for issue in issues:
        space.issue_position(issue)  # raises for an unknown issue
    if len(set(names)) != len(names) or len(set(issues)) != len(issues):
        raise ValueError("stage names must be unique and each issue negotiated in one stage only")


def _shared(stage: Stage, played: Played, offset: int) -> tuple[StageResult, list[Event]]:
    """The stage's result and its events for the shared record: opened, shifted events, closed."""
    status = _STATUS.get(played.ending, StageStatus.DEADLINE)
    shifted = [replace(event, round=event.round + offset) for event in played.record]
    last = max([offset, *(event.round for event in shifted)])
    opened = Event(
        EventKind.STAGE_OPENED, offset, 0.0, data={"stage": stage.name, "issues": list(stage.issues)}
    )
    closed = Event(
        EventKind.STAGE_CLOSED, last, 0.0, None, played.outcome, {"stage": stage.name, "status": status.value}
    )
    return StageResult(stage.name, status, played.outcome, offset, last), [opened, *shifted, closed]
