"""Pydantic schema of the delegations sections of a scenario file (all optional).

``actors`` (who is who), ``briefings`` (what each advisor tells the principal, with uncertainty),
``mandates`` (how each principal weighs the advisors, tasks, authority limit), ``stages`` (ceasefire
first, settlement later…), ``ratification`` (who must approve, by which rule), ``front`` (state
variables that move while fighting goes on), ``status_quo`` (the option of each issue while nothing
is agreed), ``agreement`` (article templates for the text of an agreed package) and ``mediator`` (what
a mediator in the negotiation room may see). :mod:`parley.formats.process_format` checks their
meaning and builds the model.
"""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from parley.formats.yaml_schema import ConditionSpec, LinearUtilitySpec, OptionValue, ScenarioCore


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EstimateSpec(_Strict):
    """An uncertain number: ``mean`` and its standard deviation ``spread``."""

    mean: float
    spread: float = Field(default=0.0, ge=0)


#: A plain number (certain) or ``{mean, spread}``.
Uncertain = float | EstimateSpec


RoleName = Literal[
    "principal", "advisor", "delegation_head", "delegate", "mediator", "host", "ratifier", "patron"
]


class ActorSpec(_Strict):
    """A person or body: its role, its party (none for a host or mediator) and its authority."""

    name: str
    role: Literal[
        "principal", "advisor", "delegation_head", "delegate", "mediator", "host", "ratifier", "patron"
    ]
    party: str | None = None
    portfolio: str = ""
    authority: str = ""
    description: str = ""


class SituationSpec(_Strict):
    """A situation report: expected change of a state variable per round, with its spread."""

    variable: str
    drift: float
    spread: float = Field(default=0.0, ge=0)
    note: str = ""


class BriefingSpec(_Strict):
    """One advisor's view: issue importance, option values, the reservation value, the situation."""

    advisor: str
    importance: dict[str, Uncertain] = Field(default_factory=dict)
    values: dict[str, dict[OptionValue, Uncertain]] = Field(default_factory=dict)
    reservation: Uncertain | None = None
    situation: list[SituationSpec] = Field(default_factory=list)
    notes: str = ""


class TaskSpec(_Strict):
    """A goal of the delegation: required (a constraint) or a bonus on outcomes meeting it."""

    name: str
    condition: dict[str, ConditionSpec] = Field(min_length=1, max_length=1)
    required: bool = True
    bonus: float = 0.0


class MandateSpec(_Strict):
    """How a party's principal turns the briefings into the delegation's mandate."""

    trust: dict[str, float] = Field(min_length=1)
    tasks: list[TaskSpec] = Field(default_factory=list)
    red_lines: dict[str, ConditionSpec] = Field(default_factory=dict)
    authority_limit: float | None = None
    #: The authority limit as a margin above the (possibly sampled) reservation value, instead of a
    #: fixed ``authority_limit`` (default 0.1; capped at the opening package's utility).
    authority_margin: float | None = Field(default=None, ge=0, le=1)
    referral_rounds: int = Field(default=1, ge=0)
    strategy: str = "boulware"
    #: Issues the delegation may not settle on its own: any package putting one of them at another option
    #: than the principal's position goes back to the principal, whatever its utility.
    outside_competence: list[str] = Field(default_factory=list)


class StageSpec(_Strict):
    """One stage of the talks over some of the issues."""

    name: str
    issues: list[str] = Field(min_length=1)
    protocol: str = "alternating"
    rounds: int = Field(default=50, ge=1)
    freezes_front: bool = False
    #: Whether the stage's agreement goes to the parties' ratifiers before it enters into force.
    ratification: bool = True
    #: Stages whose agreements must be in force before this one opens (default: the stage before it).
    after: list[str] | None = None
    #: A draft (see ``drafts``) whose text opens the stage.
    opening: str | None = None
    #: Rounds of fighting before the stage opens.
    pause: int = Field(default=0, ge=0)
    #: For a stage that freezes the front: the chance per round that its ceasefire, in force, breaks down.
    violation_hazard: float = Field(default=0.0, ge=0, le=1)


class BreakdownSpec(_Strict):
    """What a breakdown of talks costs and whom, and whether talks resume (a labelled assumption)."""

    #: Ground the charged party loses per state variable (a magnitude; the direction is against it).
    cost: dict[str, float] = Field(default_factory=dict)
    #: ``breaker`` (whoever broke off) or a party's name.
    charged: str = "breaker"
    #: Rounds of fighting after which talks resume from the last text on the table (none: they do not).
    resume_after: int | None = Field(default=None, ge=0)
    resumes: int = Field(default=1, ge=0)
    #: Whether the delegations know the rule and weigh what breaking off would cost them.
    anticipated: bool = False
    #: The assumption the rule makes, in words (required: a breakdown rule is a modelling assumption).
    assumption: str = Field(min_length=1)
    #: The statement the rule tests (a quote or a source tag), if any.
    tests: str = ""


class DraftSpec(_Strict):
    """A named draft text: the options it settled (issues it left bracketed are simply not listed)."""

    name: str
    date: str = ""
    note: str = ""
    package: dict[str, OptionValue] = Field(min_length=1)


class PressureSpec(_Strict):
    """The shift a patron puts on its party's delegation while its conditions are unmet."""

    reservation: float = 0.0
    authority: float = 0.0


class PatronSpec(_Strict):
    """An outside power of a party: what it wants, how it presses, and its vote or veto."""

    actor: str
    conditions: dict[str, ConditionSpec] = Field(default_factory=dict)
    pressure: PressureSpec = Field(default_factory=PressureSpec)
    ratification: Literal["none", "vote", "veto"] = "none"
    threshold: float | None = None
    weight: float = Field(default=1.0, gt=0)
    utility: LinearUtilitySpec | None = None
    #: The assumption the patron's model makes, in words.
    assumption: str = ""


class RatifierSpec(_Strict):
    """One body that must approve: its threshold, its vote weight and (optionally) its own utility."""

    actor: str
    #: The utility it approves from (None: the party's reservation value — what beats no deal for it).
    threshold: float | None = None
    weight: float = Field(default=1.0, gt=0)
    utility: LinearUtilitySpec | None = None


class RatificationSpec(_Strict):
    """A party's ratifiers and the rule that combines their votes."""

    rule: Literal["all", "majority"] = "all"
    quota: float = Field(default=0.5, gt=0, le=1)
    ratifiers: list[RatifierSpec] = Field(min_length=1)


class VariableSpec(_Strict):
    """A state variable (a front line): start, bounds, and its drift — given, or a party's briefings'."""

    name: str
    initial: float = 0.0
    bounds: tuple[float, float] | None = None
    drift: float | None = None
    spread: float | None = Field(default=None, ge=0)
    drift_from: str | None = None  # a party: its advisors' situation reports, pooled by its trust weights


class ReservationRuleSpec(_Strict):
    """``reservation = base + Σ sensitivity · (state − initial)`` for a party (base: its mandate's)."""

    base: float | None = None
    sensitivity: dict[str, float] = Field(default_factory=dict)


class FrontSpec(_Strict):
    """State variables moved by the fighting and how they shift the parties' reservation values."""

    variables: list[VariableSpec] = Field(min_length=1)
    reservation: dict[str, ReservationRuleSpec] = Field(default_factory=dict)
    breakdown_cost: dict[str, float] = Field(default_factory=dict)


class StakeholderSpec(_Strict):
    """A stakeholder on one issue: capability, position on the issue's scale, salience in [0, 1]."""

    actor: str
    capability: float = Field(ge=0)
    position: float
    salience: float = Field(ge=0, le=1)


class ArticleSpec(_Strict):
    """One article of the agreement on one issue: a heading and a template (``text``), and optionally a
    template per option (``options``) that replaces ``text`` when that option is agreed.

    Templates may use ``{value}`` (the agreed option of this issue), ``{issue}``, ``{parties}``,
    ``{title}`` and ``{<issue name>}`` (any issue's agreed option); write ``{{`` and ``}}`` for braces.
    Without ``text`` (and no matching option), the default article text is used.
    """

    issue: str
    heading: str | None = None
    text: str | None = None
    options: dict[OptionValue, str] = Field(default_factory=dict)


class AgreementSpec(_Strict):
    """Templates for the text of an agreed package: title, preamble, articles (in order) and closing.

    Issues that no article names get a default article after the templated ones;
    :func:`parley.talks.draft_agreement` renders the text.
    """

    title: str
    preamble: str | None = None
    articles: list[ArticleSpec] = Field(default_factory=list)
    closing: str | None = None


#: What a mediator in the negotiation room may see of the parties.
MediatorView = Literal["mandates", "reservation_values", "utilities", "notes"]


class MediatorSpec(_Strict):
    """What a mediator in the negotiation room may see (nothing unless listed)."""

    sees: list[MediatorView] = Field(default_factory=list)

    @field_validator("sees")
    @classmethod
    def _listed_once(cls, sees: list[MediatorView]) -> list[MediatorView]:
        twice = sorted({view for i, view in enumerate(sees) if view in sees[:i]})
        if twice:
            raise ValueError(f"{', '.join(twice)} listed twice")
        return sees


Rung = Literal["gains", "holds", "costs"]
#: The walk-away ladder when the file gives none (as :data:`parley.actors.LADDER`).
DEFAULT_LADDER: dict[Rung, float] = {"gains": 0.5, "holds": 0.4, "costs": 0.3}


class NoDealSpec(_Strict):
    """The no-deal outcome as its own state (the talks fail and the fighting goes on), with the rule
    that gives each side its walk-away value from its own statements (``on_failure`` on a statement;
    see :mod:`parley.actors.walk_away`)."""

    #: What the state is, in words.
    state: str = Field(min_length=1)
    #: The walk-away value of each rung (a modelling assumption, the same for every side).
    ladder: dict[Rung, float] = Field(default_factory=lambda: dict(DEFAULT_LADDER))
    #: The rung of a side that made no statement about what failure means.
    default: Rung = "holds"
    #: The spread of each advisor's estimate of the walk-away value (Monte-Carlo work).
    spread: float = Field(default=0.0, ge=0, le=0.5)
    #: The assumption in words (shown with every run).
    assumption: str = ""


class ProcessSections(_Strict):
    """The delegations sections of a scenario file."""

    actors: list[ActorSpec] = Field(default_factory=list)
    briefings: list[BriefingSpec] = Field(default_factory=list)
    mandates: dict[str, MandateSpec] = Field(default_factory=dict)
    stages: list[StageSpec] = Field(default_factory=list)
    ratification: dict[str, RatificationSpec] = Field(default_factory=dict)
    front: FrontSpec | None = None
    status_quo: dict[str, OptionValue] = Field(default_factory=dict)
    #: Stakeholder tables for the collective-decision models, one per issue (any 0–100-like scale).
    stakeholders: dict[str, list[StakeholderSpec]] = Field(default_factory=dict)
    #: Article templates for the text of an agreed package (a default text when absent).
    agreement: AgreementSpec | None = None
    #: What a mediator in the negotiation room may see.
    mediator: MediatorSpec | None = None
    #: The rule a breakdown of talks follows (a labelled assumption).
    breakdown: BreakdownSpec | None = None
    #: Named draft texts a stage (or ``parley run --opening``) can open from.
    drafts: list[DraftSpec] = Field(default_factory=list)
    #: Outside powers who press their party's delegation and may vote on its agreement.
    patrons: list[PatronSpec] = Field(default_factory=list)
    #: The no-deal outcome as its own state; each side's walk-away value by one rule from its statements.
    no_deal: NoDealSpec | None = None


class ScenarioFile(ScenarioCore, ProcessSections):
    """A parley scenario file: the core (issues, parties, sources, statements) and, optionally, the
    delegations process (actors, briefings, mandates, stages, ratification, front, agreement…)."""


def scenario_json_schema() -> str:
    """The JSON Schema of the scenario format, as indented JSON text."""
    schema = ScenarioFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "parley scenario"
    return json.dumps(schema, indent=2, ensure_ascii=False)
