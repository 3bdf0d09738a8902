"""The people in a negotiation: who they are, what they answer for, and which side they are on.

A party (a state, a movement) is represented by several actors: a *principal* (head of state or
government) who sets the mandate, *advisors* who brief the principal (foreign affairs, intelligence,
defence, the commander of each front), a *delegation head* and *delegates* who negotiate, *ratifiers*
(a parliament, a council) whose consent the result needs, and outside *patrons*. Mediators and hosts
belong to no party.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """What an actor does in the negotiation."""

    PRINCIPAL = "principal"
    ADVISOR = "advisor"
    DELEGATION_HEAD = "delegation_head"
    DELEGATE = "delegate"
    MEDIATOR = "mediator"
    HOST = "host"
    RATIFIER = "ratifier"
    PATRON = "patron"


#: Roles that stand outside every party.
NEUTRAL_ROLES = frozenset({Role.MEDIATOR, Role.HOST})


@dataclass(frozen=True)
class Actor:
    """One person or body: ``party`` is None exactly for mediators and hosts.

    ``portfolio`` names what an advisor answers for ("foreign affairs", "intelligence", "defence",
    "front: east"); ``authority`` says in words what the actor may decide on their own.
    """

    name: str
    role: Role
    party: str | None = None
    portfolio: str = ""
    authority: str = ""
    description: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "role", Role(self.role))
        if not self.name.strip():
            raise ValueError("an actor needs a non-empty name")
        if self.role in NEUTRAL_ROLES and self.party is not None:
            raise ValueError(f"{self.role} {self.name!r} belongs to no party, but party={self.party!r}")
        if self.role not in NEUTRAL_ROLES and not self.party:
            raise ValueError(f"{self.role} {self.name!r} needs a party")


@dataclass(frozen=True)
class Cast:
    """The actors of a scenario, checked for consistency: every party is known, names are unique,
    and each party has at most one principal."""

    parties: tuple[str, ...]
    actors: tuple[Actor, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "parties", tuple(self.parties))
        object.__setattr__(self, "actors", tuple(self.actors))
        _check_unique("party", self.parties)
        _check_unique("actor", [actor.name for actor in self.actors])
        for actor in self.actors:
            if actor.party is not None and actor.party not in self.parties:
                raise ValueError(
                    f"actor {actor.name!r} belongs to unknown party {actor.party!r}; "
                    f"parties are {', '.join(self.parties) or '(none)'}"
                )
        for party in self.parties:
            principals = [a.name for a in self.members(party) if a.role is Role.PRINCIPAL]
            if len(principals) > 1:
                raise ValueError(f"party {party!r} has {len(principals)} principals: {', '.join(principals)}")

    def actor(self, name: str) -> Actor:
        """The actor called ``name``."""
        for actor in self.actors:
            if actor.name == name:
                return actor
        raise KeyError(f"no actor {name!r} in the cast")

    def members(self, party: str) -> tuple[Actor, ...]:
        """Every actor of ``party``, in cast order."""
        self._check_party(party)
        return tuple(actor for actor in self.actors if actor.party == party)

    def with_role(self, party: str, role: Role) -> tuple[Actor, ...]:
        """The actors of ``party`` holding ``role``."""
        return tuple(actor for actor in self.members(party) if actor.role is role)

    def principal(self, party: str) -> Actor:
        """The principal of ``party``; raises KeyError when it has none."""
        found = self.with_role(party, Role.PRINCIPAL)
        if not found:
            raise KeyError(f"party {party!r} has no principal")
        return found[0]

    def advisors(self, party: str) -> tuple[Actor, ...]:
        """The advisors who brief the principal of ``party``."""
        return self.with_role(party, Role.ADVISOR)

    def ratifiers(self, party: str) -> tuple[Actor, ...]:
        """The bodies whose consent ``party``'s agreement needs."""
        return self.with_role(party, Role.RATIFIER)

    def delegation(self, party: str) -> tuple[Actor, ...]:
        """The delegation head (first) and delegates of ``party``."""
        return self.with_role(party, Role.DELEGATION_HEAD) + self.with_role(party, Role.DELEGATE)

    def neutrals(self) -> tuple[Actor, ...]:
        """Mediators and hosts: the actors of no party."""
        return tuple(actor for actor in self.actors if actor.party is None)

    def _check_party(self, party: str) -> None:
        """Raise KeyError for a party the cast does not know."""
        if party not in self.parties:
            raise KeyError(f"no party {party!r}; parties are {', '.join(self.parties) or '(none)'}")


def _check_unique(kind: str, names: Iterable[str]) -> None:
    """Raise ValueError naming any repeated name."""
    listed = list(names)
    repeated = sorted({name for name in listed if listed.count(name) > 1})
    if repeated:
        raise ValueError(f"{kind} names must be unique; repeated: {', '.join(repeated)}")
