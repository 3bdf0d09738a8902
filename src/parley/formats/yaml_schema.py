"""The pydantic schema of parley's YAML scenario format (exported as JSON Schema in ``docs/``).

The schema checks shapes and types; :mod:`parley.formats.yaml_format` then checks meaning (names
that must match issues, options that must exist) and builds the in-memory :class:`Scenario`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, field_validator

FORMAT_VERSION = 1

OptionValue = str | int | float


class Strict(BaseModel):
    """Base of every schema model: unknown keys are errors, so typos never pass silently."""

    model_config = ConfigDict(extra="forbid")


class SourceSpec(Strict):
    """A reference for the scenario's facts."""

    title: str
    url: str = ""
    date: str = ""
    note: str = ""

    @field_validator("date", mode="before")
    @classmethod
    def _date_as_text(cls, value: Any) -> Any:
        return value.isoformat() if isinstance(value, dt.date) else value


class StatementSpec(Strict):
    """A statement attributed to its speaker: a fact, a claim (disputed) or a position."""

    speaker: str
    quote: str
    kind: Literal["fact", "claim", "position"]
    date: str = ""
    source: SourceSpec | None = None
    issue: str | None = None
    #: The side the speaker speaks for (a party's name), if any.
    party: str | None = None
    #: What the statement says failure of the talks brings the speaker's side (the walk-away rung).
    on_failure: Literal["gains", "holds", "costs"] | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _date_as_text(cls, value: Any) -> Any:
        return value.isoformat() if isinstance(value, dt.date) else value


class CategoricalIssueSpec(Strict):
    """Named options, e.g. ``options: [none, partial, full]``."""

    name: str
    type: Literal["categorical"]
    options: list[OptionValue] = Field(min_length=1)
    description: str = ""


class IntegerIssueSpec(Strict):
    """Whole numbers ``min`` .. ``max`` inclusive."""

    name: str
    type: Literal["integer"]
    min: int
    max: int
    description: str = ""


class RealIssueSpec(Strict):
    """A real interval, enumerated as ``steps`` evenly spaced points."""

    name: str
    type: Literal["real"]
    min: float
    max: float
    steps: int = Field(default=11, ge=2)
    description: str = ""


IssueSpec = Annotated[CategoricalIssueSpec | IntegerIssueSpec | RealIssueSpec, Field(discriminator="type")]


class RangeSpec(Strict):
    """Numeric values from ``min`` to ``max`` inclusive (either end may be left open)."""

    min: float | None = None
    max: float | None = None


#: A condition on one issue: a list of its options, or a numeric range.
ConditionSpec = list[OptionValue] | RangeSpec


class ConstraintSpec(Strict):
    """When every ``when`` condition holds, every ``then`` condition must hold; no ``then``: forbidden."""

    name: str = ""
    when: dict[str, ConditionSpec] = Field(min_length=1)
    then: dict[str, ConditionSpec] = Field(default_factory=dict)


class LinearValueSpec(Strict):
    """Value ``intercept + slope * x`` of a numeric issue's value ``x``, clipped to ``clip`` if given
    (GENIUS clamps its linear evaluators to ``[0, 1]``)."""

    slope: float
    intercept: float = 0.0
    clip: tuple[float, float] | None = None


def _value_kind(value: Any) -> str:
    if isinstance(value, LinearValueSpec) or (isinstance(value, dict) and "slope" in value):
        return "linear"
    return "table"


#: The values of one issue's options: ``{option: value}``, or ``{slope: …, intercept: …}``.
ValueSpec = Annotated[
    Annotated[LinearValueSpec, Tag("linear")] | Annotated[dict[OptionValue, float], Tag("table")],
    Discriminator(_value_kind),
]


class ScaleSpec(Strict):
    """Affine rescaling of a utility: ``(u - low) / (high - low)`` (what normalisation writes)."""

    low: float
    high: float


class LinearUtilitySpec(Strict):
    """A weighted sum of per-issue values."""

    type: Literal["linear"]
    weights: dict[str, float]
    values: dict[str, ValueSpec]
    scale: ScaleSpec | None = None


class RectangleSpec(Strict):
    """A region of the outcome space worth ``utility``."""

    utility: float
    include: dict[str, ConditionSpec] = Field(min_length=1)
    exclude: dict[str, ConditionSpec] = Field(default_factory=dict)


class HyperRectangleUtilitySpec(Strict):
    """Sum of the utilities of the regions an outcome lies in, divided by ``normalizer``."""

    type: Literal["hyperrectangles"]
    rectangles: list[RectangleSpec]
    normalizer: float = Field(default=1.0, gt=0)
    scale: ScaleSpec | None = None


UtilitySpec = Annotated[LinearUtilitySpec | HyperRectangleUtilitySpec, Field(discriminator="type")]


class PartySpec(Strict):
    """A side of the negotiation and its preferences."""

    name: str
    description: str = ""
    utility: UtilitySpec
    reservation_value: float = 0.0
    discount_factor: float = Field(default=1.0, gt=0, le=1)
    red_lines: dict[str, ConditionSpec] = Field(default_factory=dict)


class ScenarioCore(Strict):
    """The core of a scenario file: issues, constraints, parties, and where the facts come from.

    The full file model, with the optional delegations sections, is
    :class:`parley.formats.process_schema.ScenarioFile`.
    """

    parley: int = FORMAT_VERSION
    title: str = ""
    description: str = ""
    date: str = ""
    venue: str = ""
    sources: list[SourceSpec] = Field(default_factory=list)
    statements: list[StatementSpec] = Field(default_factory=list)
    issues: list[IssueSpec] = Field(min_length=1)
    constraints: list[ConstraintSpec] = Field(default_factory=list)
    parties: list[PartySpec] = Field(min_length=1)

    @field_validator("date", mode="before")
    @classmethod
    def _date_as_text(cls, value: Any) -> Any:
        return value.isoformat() if isinstance(value, dt.date) else value
