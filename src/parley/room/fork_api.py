"""A room forked from another at a round (a rehearsal): the steps it replays first, as they travel in
its set-up (pydantic, at the edge), and the facilitator's request."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from parley.room.journal import Step, reply_of

SeatKind = Literal["person", "agent"]


class ForkStep(BaseModel):
    """One step the forked room replays: an answer (a person's reply, or ``simulated`` for an agent's),
    a front incident or a stage's clock running out."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["answer", "incident", "expire"]
    simulated: bool = False
    response: str | None = Field(default=None, max_length=20)
    package: list[int] | None = Field(default=None, max_length=1000)
    approved: bool | None = None
    changes: dict[str, float] = Field(default_factory=dict)
    note: str = Field(default="", max_length=1000)
    stage: str = Field(default="", max_length=200)

    @classmethod
    def of(cls, step: Step) -> ForkStep:
        """The model of a journal step."""
        reply = step.reply
        return cls(
            kind=step.kind,
            simulated=step.kind == "answer" and reply is None,
            response=None if reply is None or reply.response is None else str(reply.response.value),
            package=None if reply is None or reply.package is None else list(reply.package),
            approved=None if reply is None else reply.approved,
            changes=dict(step.changes),
            note=step.note,
            stage=step.stage,
        )

    def step(self) -> Step:
        """The journal step (a ValueError for a response that is not one)."""
        if self.kind != "answer":
            return Step(self.kind, changes=tuple(self.changes.items()), note=self.note, stage=self.stage)
        if self.simulated:
            return Step("answer")
        return Step("answer", reply_of(self.response, self.package, self.approved))


class ForkFrom(BaseModel):
    """Where a forked room comes from: the room, the round, and the steps that lead there."""

    model_config = ConfigDict(extra="forbid")

    room: str = Field(max_length=64)
    round: int = Field(ge=0)
    steps: list[ForkStep] = Field(default_factory=list, max_length=100_000)


class ForkRequest(BaseModel):
    """Fork a process room at a round into a new room, with the same seats or others."""

    model_config = ConfigDict(extra="forbid")

    round: int = Field(ge=0, le=100_000)
    title: str = Field(default="", max_length=200)
    seats: dict[str, Literal["person", "agent"]] | None = Field(
        default=None, description="who plays each delegation now (default: as in the room)"
    )
    principals: dict[str, SeatKind] | None = None
    ratifiers: dict[str, SeatKind] | None = None
    mediator: SeatKind | None = None
