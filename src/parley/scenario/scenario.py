"""The in-memory scenario: an outcome space, the parties' preferences over it, where it comes from,
and the delegations process built from it.

Every file format (:mod:`parley.formats`) converts to and from this one model; nothing else in parley
parses files, and nothing here knows any file format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from parley.domain import OutcomeSpace
from parley.preferences import Preferences
from parley.scenario.process import Process, default_process


@dataclass(frozen=True)
class Source:
    """A reference backing the scenario's facts."""

    title: str
    url: str = ""
    date: str = ""
    note: str = ""


class StatementKind(StrEnum):
    """What a statement is: an established fact, one side's claim, or a stated position."""

    FACT = "fact"
    CLAIM = "claim"
    POSITION = "position"


@dataclass(frozen=True)
class Statement:
    """Something said about the negotiation, attributed to its speaker with its source.

    Statements are shown in summaries and reports; they never act as facts in a computation unless
    the scenario's author maps them to a parameter. A disputed statement is a CLAIM of its speaker.
    """

    speaker: str
    quote: str
    kind: StatementKind
    date: str = ""
    source: Source | None = None
    issue: str | None = None
    #: The side the speaker speaks for, if any.
    party: str | None = None
    #: What the statement says failure of the talks brings the speaker's side: "gains", "holds" or
    #: "costs" (the rung of :mod:`parley.actors.walk_away`), or None.
    on_failure: str | None = None


@dataclass(frozen=True)
class Metadata:
    """Descriptive facts about a scenario; none of them changes any computation."""

    title: str = ""
    description: str = ""
    date: str = ""
    venue: str = ""
    sources: tuple[Source, ...] = ()
    statements: tuple[Statement, ...] = ()


@dataclass(frozen=True)
class Party:
    """A side of the negotiation and its preferences."""

    name: str
    preferences: Preferences
    description: str = ""


@dataclass(frozen=True)
class Scenario:
    """A negotiation to analyse or simulate: what can be agreed and what each party wants."""

    space: OutcomeSpace
    parties: tuple[Party, ...]
    metadata: Metadata = field(default_factory=Metadata)
    #: The delegations process that the scenario's file describes, built once when it is read (None
    #: when the file has no delegations sections); :attr:`delegations` is the process to run.
    process: Process | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "parties", tuple(self.parties))
        names = [party.name for party in self.parties]
        if len(set(names)) != len(names):
            raise ValueError(f"party names must be unique, got {names}")
        for party in self.parties:
            if party.preferences.space != self.space:
                raise ValueError(f"party {party.name!r} has preferences over a different outcome space")
        if self.process is not None:
            seated = tuple(delegation.party for delegation in self.process.plan.delegations)
            if seated != self.party_names:
                raise ValueError(f"the process seats {list(seated)}, but the parties are {names}")

    @property
    def party_names(self) -> tuple[str, ...]:
        return tuple(party.name for party in self.parties)

    @property
    def party_preferences(self) -> tuple[Preferences, ...]:
        """Each party's own preferences, in party order."""
        return tuple(party.preferences for party in self.parties)

    @cached_property
    def delegations(self) -> Process:
        """The delegations process to run: the scenario's own, or by default one delegation per party
        negotiating with the party's own preferences over every issue at once (built once)."""
        if self.process is not None:
            return self.process
        return default_process(self.party_names, self.party_preferences)

    def party(self, name: str) -> Party:
        """The party called ``name``."""
        for party in self.parties:
            if party.name == name:
                return party
        raise KeyError(f"no party {name!r}; parties are {', '.join(self.party_names)}")
