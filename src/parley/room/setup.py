"""A room's set-up: the request that opens it (pydantic, at the API's edge) and the table built from it.

The scenario travels as YAML text (a built-in one is looked up by name and its text kept), so a room's
first log entry holds everything needed to rebuild it, whatever later happens to the built-in files.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from parley.examples import EXAMPLES, example_path_text
from parley.formats import loads_yaml
from parley.negotiators import make_negotiator
from parley.protocols import Seat
from parley.room.fork_api import ForkFrom
from parley.room.person import Person
from parley.room.process_table import ProcessTable, SeatKey
from parley.room.table import Table
from parley.scenario import Process, Scenario
from parley.talks import Delegation, PreferencesPrincipal, Stage

Protocol = Literal["alternating", "simultaneous", "single-text"]
SeatKind = Literal["person", "agent"]
ParamValue = float | int | str | bool


class SeatSetup(BaseModel):
    """Who plays a party: a person (through the room's page) or a built-in negotiator on the server.

    An agent without ``strategy`` plays the scenario's mandate (its strategy, authority and principal).
    """

    model_config = ConfigDict(extra="forbid")

    kind: SeatKind = "person"
    strategy: str | None = Field(default=None, max_length=100)
    params: dict[str, ParamValue] = Field(default_factory=dict)


class RoomSetup(BaseModel):
    """The facilitator's request for a room: the scenario (built-in name or YAML text), the protocol,
    the round limit, the seed of the agents, and who plays each party (unnamed parties: persons)."""

    model_config = ConfigDict(extra="forbid")

    scenario: str | None = Field(default=None, max_length=100, description="a built-in scenario's name")
    scenario_yaml: str | None = Field(
        default=None, max_length=2_000_000, description="a scenario file's text"
    )
    title: str = Field(default="", max_length=200)
    class_id: str | None = Field(
        default=None, max_length=64, pattern=r"^[A-Za-z0-9_-]+$", description="the class the room belongs to"
    )
    class_name: str = Field(default="", max_length=200, description="the class's name (a training group)")
    protocol: Protocol = "alternating"
    rounds: int = Field(default=20, ge=1, le=10_000)
    seed: int = Field(default=0, ge=0, le=2**32 - 1)
    seats: dict[str, SeatSetup] = Field(default_factory=dict)
    observers: int = Field(default=1, ge=0, le=20, description="how many observer links to issue")
    limited_powers: bool = Field(
        default=True,
        description="person delegations may not offer or accept below their authority limit without their "
        "principal's approval (refer_back); false lets them exceed it (e.g. to debrief it in a training)",
    )
    process: bool | None = Field(
        default=None,
        description="run the scenario's whole delegations process (its stages with their own protocols "
        "and round limits, the front, each stage agreement's signature and ratification); default: when "
        "the scenario has a delegations process. Without it the room runs one protocol over every issue",
    )
    principals: dict[str, SeatKind] = Field(
        default_factory=dict, description="who answers each party's referrals (default: an agent)"
    )
    ratifiers: dict[str, SeatKind] = Field(
        default_factory=dict, description="who casts each ratifying body's vote (default: an agent)"
    )
    mediator: SeatKind = Field(default="agent", description="who drafts the single texts of a process room")
    stage_protocols: dict[str, Protocol] = Field(
        default_factory=dict,
        description="a process room's stages played under another protocol than the scenario's (the "
        "facilitator's choice for an exercise, e.g. a single text a person mediator drafts)",
    )

    fork: ForkFrom | None = Field(
        default=None, description="a room forked from another at a round: the steps it replays first"
    )
    stage_time_limits: dict[str, float] = Field(
        default_factory=dict,
        description="a process room's wall-clock limit per stage, in seconds (60 to 7 days): when it runs "
        "out, the server's clock ends the stage at its deadline and the process goes on",
    )

    @model_validator(mode="after")
    def _one_scenario(self) -> RoomSetup:
        if (self.scenario is None) == (self.scenario_yaml is None):
            raise ValueError("give exactly one of 'scenario' (a built-in name) and 'scenario_yaml'")
        if self.scenario is not None and self.scenario not in EXAMPLES:
            raise ValueError(f"no built-in scenario {self.scenario!r}; built-in: {', '.join(EXAMPLES)}")
        for stage, limit in self.stage_time_limits.items():
            if not 60 <= limit <= 7 * 24 * 3600:
                raise ValueError(f"stage_time_limits.{stage}: {limit} s is not between 60 s and 7 days")
        return self

    def runs_process(self, scenario: Scenario) -> bool:
        """Whether the room runs the scenario's whole process (see ``process``)."""
        return scenario.process is not None if self.process is None else self.process

    def scenario_text(self) -> str:
        """The scenario's YAML text."""
        return (
            self.scenario_yaml if self.scenario_yaml is not None else example_path_text(self.scenario or "")
        )


@dataclass
class Setting:
    """A built room: its scenario, the delegations process built from it, and the live table."""

    setup: RoomSetup
    scenario: Scenario
    table: Table | ProcessTable
    #: Suggestions per (party, record length, last event): pages fetch their view after every change, and
    #: a big space's search need not run again until the record changes.
    suggested: dict[tuple[Any, ...], Any] = field(default_factory=dict)
    #: Wall-clock limits the facilitator set, by stage (seconds; the clock's ticks are logged entries).
    stage_time_limits: dict[str, float] = field(default_factory=dict)

    @property
    def built(self) -> Process:
        """The scenario's delegations process (built once, when the scenario was read)."""
        return self.scenario.delegations

    @property
    def process(self) -> ProcessTable | None:
        """The live process, if the room runs the scenario's whole process (None: one negotiation)."""
        return self.table if isinstance(self.table, ProcessTable) else None

    @property
    def parties(self) -> tuple[str, ...]:
        return tuple(party.name for party in self.scenario.parties)

    @property
    def ratifier_names(self) -> tuple[str, ...]:
        """Every ratifying body of the process (each party's ratifiers, its patron's veto included)."""
        return tuple(r.name for ratifiers in self.built.plan.ratifiers.values() for r in ratifiers)

    def ratifier_party(self, name: str) -> str:
        """The party whose ratifying body ``name`` is (a KeyError for an unknown body)."""
        for party, ratifiers in self.built.plan.ratifiers.items():
            if any(ratifier.name == name for ratifier in ratifiers):
                return party
        raise KeyError(name)

    def delegation(self, party: str) -> Delegation:
        """The party's delegation (its mandate's preferences, or the party's own)."""
        return next(d for d in self.built.plan.delegations if d.party == party)

    def is_person(self, party: str) -> bool:
        return party in self.table.persons()


@functools.lru_cache(maxsize=64)
def parsed_scenario(text: str, file: str) -> Scenario:
    """The scenario of ``text`` (with its delegations process), parsed once per text: it is immutable,
    so the rooms of one scenario share it (opening a room then costs no YAML parsing)."""
    return loads_yaml(text, file=file)


def build_setting(setup: RoomSetup, scenario_text: str, budget: int | None = None) -> Setting:
    """Parse the scenario and build the table (its agents answering at most ``budget`` asks before the
    table is :attr:`running`; None: all of them); a ValueError with a located message if anything is
    wrong."""
    scenario = parsed_scenario(scenario_text, "scenario_yaml" if setup.scenario is None else setup.scenario)
    built = scenario.delegations
    names = [party.name for party in scenario.parties]
    for party in setup.seats:
        if party not in names:
            raise ValueError(
                f"seats.{party}: no party {party!r} in the scenario; parties: {', '.join(names)}"
            )
    table: Table | ProcessTable
    try:
        if setup.runs_process(scenario):
            table = _process_table(scenario, setup, budget)
        else:
            seats = [_seat(d, setup.seats.get(d.party, SeatSetup())) for d in built.plan.delegations]
            authority = _authority(built, setup)
            table = Table(scenario.space, seats, setup.protocol, setup.rounds, setup.seed, authority, budget)
    except ValueError:
        raise
    except Exception as error:  # an agent's params that its constructor let through (e.g. a zero divisor)
        raise ValueError(f"seats: an agent failed at the start ({type(error).__name__}: {error})") from error
    if setup.stage_time_limits and not isinstance(table, ProcessTable):
        raise ValueError("stage_time_limits: only a room that runs the scenario's process has stages")
    return Setting(setup, scenario, table, stage_time_limits=dict(setup.stage_time_limits))


def _process_table(scenario: Scenario, setup: RoomSetup, budget: int | None = None) -> ProcessTable:
    """The scenario's process with the set-up's seats: persons wherever it names them, a named strategy
    for an agent delegation that has one (its mandate's powers still bind it)."""
    plan = scenario.delegations.plan
    parties = [d.party for d in plan.delegations]
    bodies = [r.name for ratifiers in plan.ratifiers.values() for r in ratifiers]
    for field_name, names, known in (
        ("principals", setup.principals, parties),
        ("ratifiers", setup.ratifiers, bodies),
    ):
        for name in names:
            if name not in known:
                raise ValueError(f"{field_name}.{name}: no such seat; known: {', '.join(known) or 'none'}")
    delegations = []
    persons: set[SeatKey] = set()
    for delegation in plan.delegations:
        seat = setup.seats.get(delegation.party, SeatSetup())
        if seat.kind == "person":
            if seat.strategy is not None or seat.params:
                raise ValueError(f"seats.{delegation.party}: a person's seat takes no strategy or params")
            persons.add(("delegation", delegation.party))
        elif seat.strategy is not None:
            _seat(delegation, seat)  # the strategy and its params are checked as in a single negotiation
            params = tuple(sorted(seat.params.items()))
            delegation = replace(delegation, strategy=seat.strategy, strategy_params=params)
        delegations.append(delegation)
    persons |= {("principal", p) for p, kind in setup.principals.items() if kind == "person"}
    persons |= {("ratifier", r) for r, kind in setup.ratifiers.items() if kind == "person"}
    if setup.mediator == "person":
        persons.add(("mediator", ""))
    declared = plan.stages or (Stage("talks", tuple(scenario.space.issue_names)),)  # run_process's default
    stage_names = [stage.name for stage in declared]
    for field_name, named in (
        ("stage_protocols", setup.stage_protocols),
        ("stage_time_limits", setup.stage_time_limits),
    ):
        for name in named:
            if name not in stage_names:
                raise ValueError(
                    f"{field_name}.{name}: no such stage; stages: {', '.join(stage_names) or 'none'}"
                )
    stages = tuple(
        replace(stage, protocol=setup.stage_protocols.get(stage.name, stage.protocol)) for stage in declared
    )
    seated = replace(plan, delegations=tuple(delegations), stages=stages)
    prefix = [step.step() for step in setup.fork.steps] if setup.fork is not None else []
    return ProcessTable(
        scenario.space,
        seated,
        setup.seed,
        frozenset(persons),
        _authority(scenario.delegations, setup),
        prefix,
        budget,
    )


def _seat(delegation: Delegation, seat: SeatSetup) -> Seat:
    """A seat for ``delegation``: a person, the mandate's own envoy, or a named strategy."""
    if seat.kind == "agent" and seat.strategy is None:
        return delegation.seat()
    negotiator: Any
    if seat.kind == "person":
        if seat.strategy is not None or seat.params:
            raise ValueError(f"seats.{delegation.party}: a person's seat takes no strategy or params")
        negotiator = Person()
    else:
        try:
            negotiator = make_negotiator(seat.strategy or "", **seat.params)
        except (KeyError, TypeError, ValueError, ArithmeticError) as error:
            message = error.args[0] if error.args else str(error)
            raise ValueError(f"seats.{delegation.party}: {message}") from None
    return Seat(
        delegation.party,
        delegation.preferences,
        negotiator,
        principal=PreferencesPrincipal(delegation.principal),
        referral_rounds=delegation.referral_rounds,
    )


def _authority(built: Process, setup: RoomSetup) -> dict[str, float]:
    """The authority limit of every person's seat (its mandate's, or its reservation value)."""
    limits: dict[str, float] = {}
    if not setup.limited_powers:
        return limits
    for delegation in built.plan.delegations:
        if setup.seats.get(delegation.party, SeatSetup()).kind == "person":
            limit = delegation.authority
            limits[delegation.party] = delegation.preferences.reservation_value if limit is None else limit
    return limits
