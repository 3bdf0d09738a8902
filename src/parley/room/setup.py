"""A room's set-up: the request that opens it (pydantic, at the API's edge) and the table built from it.

The scenario travels as YAML text (a built-in one is looked up by name and its text kept), so a room's
first log entry holds everything needed to rebuild it, whatever later happens to the built-in files.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from parley.examples import EXAMPLES, example_path_text
from parley.formats import loads_yaml
from parley.negotiators import make_negotiator
from parley.protocols import Seat
from parley.room.person import Person
from parley.room.table import Table
from parley.scenario import Process, Scenario
from parley.talks import Delegation, PreferencesPrincipal

Protocol = Literal["alternating", "simultaneous", "single-text"]
ParamValue = float | int | str | bool


class SeatSetup(BaseModel):
    """Who plays a party: a person (through the room's page) or a built-in negotiator on the server.

    An agent without ``strategy`` plays the scenario's mandate (its strategy, authority and principal).
    """

    model_config = ConfigDict(extra="forbid")

    kind: Literal["person", "agent"] = "person"
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

    @model_validator(mode="after")
    def _one_scenario(self) -> RoomSetup:
        if (self.scenario is None) == (self.scenario_yaml is None):
            raise ValueError("give exactly one of 'scenario' (a built-in name) and 'scenario_yaml'")
        if self.scenario is not None and self.scenario not in EXAMPLES:
            raise ValueError(f"no built-in scenario {self.scenario!r}; built-in: {', '.join(EXAMPLES)}")
        return self

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
    table: Table
    #: Suggestions per (party, record length, last event): pages fetch their view after every change, and
    #: a big space's search need not run again until the record changes.
    suggested: dict[tuple[Any, ...], Any] = field(default_factory=dict)

    @property
    def built(self) -> Process:
        """The scenario's delegations process (built once, when the scenario was read)."""
        return self.scenario.delegations

    @property
    def parties(self) -> tuple[str, ...]:
        return tuple(party.name for party in self.scenario.parties)

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


def build_setting(setup: RoomSetup, scenario_text: str) -> Setting:
    """Parse the scenario and build the table; a ValueError with a located message if anything is wrong."""
    scenario = parsed_scenario(scenario_text, "scenario_yaml" if setup.scenario is None else setup.scenario)
    built = scenario.delegations
    names = [party.name for party in scenario.parties]
    for party in setup.seats:
        if party not in names:
            raise ValueError(
                f"seats.{party}: no party {party!r} in the scenario; parties: {', '.join(names)}"
            )
    seats = [_seat(d, setup.seats.get(d.party, SeatSetup())) for d in built.plan.delegations]
    try:
        table = Table(
            scenario.space, seats, setup.protocol, setup.rounds, setup.seed, _authority(built, setup)
        )
    except ValueError:
        raise
    except Exception as error:  # an agent's params that its constructor let through (e.g. a zero divisor)
        raise ValueError(f"seats: an agent failed at the start ({type(error).__name__}: {error})") from error
    return Setting(setup, scenario, table)


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
