"""What a process room shows (pydantic response models): the stages with their deadlines, each stage
agreement's lifecycle, the ratification, the front, and what a principal, a ratifying body or the
mediator is asked."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from parley.room.packages import NamedPackage


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StageView(_Body):
    """A stage of the process: its issues, protocol and deadline in rounds, and how it stands
    (``waiting``, ``open``, then its ending: ``agreed``, ``deadline``, ``broken_off``, ``not_reached``);
    ``round`` counts the rounds played in the stage being played."""

    name: str
    issues: list[str]
    protocol: str
    rounds: int = Field(description="the stage's deadline in rounds")
    status: str
    round: int | None = Field(default=None, description="the stage's own round while it is played")
    time_limit_s: float | None = Field(default=None, description="a wall-clock limit the facilitator set")
    opened_at: str | None = Field(
        default=None, description="when the stage being played opened (UTC), where it has a time limit"
    )


class StageStatusExport(_Body):
    """A stage's name and status, in a room's record export (the fields of ``parley run --json``'s)."""

    name: str
    status: str


class AgreementView(_Body):
    """A stage's agreement: its status (``initialled``, ``signed``, ``ratified``, ``in_force``,
    ``abandoned``, ``broken_down``) and the package agreed over the stage's issues."""

    stage: str
    status: str
    package: NamedPackage


class FrontPoint(_Body):
    """The front: a state variable's value from a round on."""

    round: int
    variable: str
    value: float
    reason: str


class ProcessView(_Body):
    """A process room's progress, public to everyone in the room."""

    stages: list[StageView]
    current: str | None = Field(description="the stage being played (None between stages, or at the end)")
    agreements: list[AgreementView]
    ratification: dict[str, bool | None]
    status: str = Field(description="how the process stands: open, or its end (ratified, partial...)")
    front: list[FrontPoint]
    assumptions: list[str] = Field(description="the modelling assumptions the run rests on")
    fixed: NamedPackage = Field(
        default_factory=dict, description="while a stage is played: the options its issues leave standing"
    )


class Referral(_Body):
    """A principal is asked about a package its delegation referred: the package, its worth to the
    principal and to the delegation, and the delegation's authority limit."""

    stage: str | None
    package: NamedPackage
    principal_utility: float | None
    delegation_utility: float | None
    authority_limit: float | None


class Ballot(_Body):
    """A ratifying body is asked to vote on a stage's agreement: the stage and the whole package that
    would stand with it."""

    stage: str | None
    package: NamedPackage
