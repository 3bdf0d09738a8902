"""Roles, actors and the cast: queries and validation."""

from __future__ import annotations

import pytest

from parley.actors import Actor, Cast, Role


def make_cast() -> Cast:
    """North with a full team, South with a principal only, and a neutral mediator and host."""
    return Cast(
        ("North", "South"),
        (
            Actor("President N", Role.PRINCIPAL, "North", authority="final say"),
            Actor("Foreign Minister", Role.ADVISOR, "North", portfolio="foreign affairs"),
            Actor("Spy Chief", Role.ADVISOR, "North", portfolio="intelligence"),
            Actor("General East", Role.ADVISOR, "North", portfolio="front: east"),
            Actor("Ambassador", Role.DELEGATE, "North"),
            Actor("Envoy", Role.DELEGATION_HEAD, "North"),
            Actor("Parliament N", Role.RATIFIER, "North"),
            Actor("President S", Role.PRINCIPAL, "South"),
            Actor("Mediator", Role.MEDIATOR),
            Actor("Host", Role.HOST, description="neutral capital"),
        ),
    )


def test_roles_are_string_enums():
    assert Role("delegation_head") is Role.DELEGATION_HEAD
    assert str(Role.PATRON) == "patron"
    assert {role.value for role in Role} == {
        "principal", "advisor", "delegation_head", "delegate", "mediator", "host", "ratifier", "patron",
    }  # fmt: skip


def test_actor_accepts_role_strings():
    actor = Actor("X", "advisor", "North", portfolio="defence")  # type: ignore[arg-type]
    assert actor.role is Role.ADVISOR


def test_cast_queries():
    cast = make_cast()
    assert cast.principal("North").name == "President N"
    assert [a.portfolio for a in cast.advisors("North")] == ["foreign affairs", "intelligence", "front: east"]
    assert [a.name for a in cast.ratifiers("North")] == ["Parliament N"]
    assert [a.name for a in cast.delegation("North")] == ["Envoy", "Ambassador"]
    assert [a.name for a in cast.members("South")] == ["President S"]
    assert [a.name for a in cast.neutrals()] == ["Mediator", "Host"]
    assert cast.actor("Spy Chief").portfolio == "intelligence"
    assert cast.advisors("South") == ()


def test_lookups_fail_clearly():
    cast = make_cast()
    with pytest.raises(KeyError, match="no party 'East'"):
        cast.members("East")
    with pytest.raises(KeyError, match="no actor 'Nobody'"):
        cast.actor("Nobody")
    with pytest.raises(KeyError, match="party 'South' has no principal"):
        Cast(("South",)).principal("South")


@pytest.mark.parametrize(
    ("actors", "message"),
    [
        ((Actor("A", Role.ADVISOR, "West"),), "actor 'A' belongs to unknown party 'West'"),
        (
            (Actor("P1", Role.PRINCIPAL, "North"), Actor("P2", Role.PRINCIPAL, "North")),
            "party 'North' has 2 principals: P1, P2",
        ),
        ((Actor("A", Role.ADVISOR, "North"), Actor("A", Role.DELEGATE, "North")), "repeated: A"),
    ],
)
def test_cast_validation(actors, message):
    with pytest.raises(ValueError, match=message):
        Cast(("North", "South"), actors)


def test_duplicate_parties():
    with pytest.raises(ValueError, match="party names must be unique; repeated: North"):
        Cast(("North", "North"))


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("", Role.ADVISOR, "North"), "non-empty name"),
        (("M", Role.MEDIATOR, "North"), "mediator 'M' belongs to no party"),
        (("A", Role.ADVISOR, None), "advisor 'A' needs a party"),
        (("A", "spy", "North"), "'spy' is not a valid Role"),
    ],
)
def test_actor_validation(arguments, message):
    with pytest.raises(ValueError, match=message):
        Actor(*arguments)
