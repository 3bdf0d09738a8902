"""What each role sees of a room: one function per role, each building its view from what it may see.

A delegation's view is built from its own delegation (mandate, preferences) and the public record
only; the other parties' mandates, reservation values, utilities and private notes are never read
for it. A mediator sees what the scenario's ``mediator.sees`` grants; an observer the public record;
the facilitator everything.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from parley.actors import Mandate, mandate_summary
from parley.actors.tasks import describe_condition
from parley.preferences import Preferences
from parley.record import Event, Record
from parley.room.access import Caller, Role
from parley.room.chain import LogEntry
from parley.room.service import Room
from parley.room.setup import Setting
from parley.room.suggest import suggest
from parley.room.table import ALLOWED

GRANTS = ("mandates", "reservation_values", "utilities", "notes")


def view_for(room: Room, caller: Caller) -> dict[str, Any]:
    """The view of ``room`` that ``caller``'s role may see."""
    if caller.role is Role.DELEGATION:
        assert caller.party is not None
        return delegation_view(room, caller.party)
    if caller.role is Role.MEDIATOR:
        return mediator_view(room)
    if caller.role is Role.FACILITATOR:
        return facilitator_view(room)
    return observer_view(room)


# --- public parts ------------------------------------------------------------------------------------
def values(setting: Setting, package: tuple[int, ...] | list[int] | None) -> dict[str, Any] | None:
    """A package as ``{issue: value}`` (JSON-ready), or None."""
    if package is None:
        return None
    return {name: _plain(value) for name, value in setting.scenario.space.values_of(package).items()}


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def issues(setting: Setting) -> list[dict[str, Any]]:
    """The issues and their options, for the offer builder."""
    return [
        {
            "name": issue.name,
            "kind": issue.kind,
            "options": [_plain(issue.value(i)) for i in range(issue.size)],
        }
        for issue in setting.scenario.space.issues
    ]


def public_room(room: Room) -> dict[str, Any]:
    """What anyone in the room may know: title, protocol, parties, whose move, how it ended."""
    setting = room.setting
    table = setting.table
    state = table.state
    awaited = table.awaited
    agreement = state.agreement
    return {
        "id": room.id,
        "title": setting.setup.title or setting.scenario.metadata.title,
        "protocol": setting.setup.protocol,
        "rounds": setting.setup.rounds,
        "round": awaited.round if awaited is not None else state.round,
        "parties": [
            {"name": p, "seat": "person" if setting.is_person(p) else "agent"} for p in setting.parties
        ],
        "status": _status(room),
        "awaiting": None if awaited is None else {"party": awaited.party, "kind": awaited.kind},
        "ending": None if state.ending is None else state.ending.value,
        "agreement": values(setting, agreement),
        "seq": room.head.seq,
        "issues": issues(setting),
    }


def _status(room: Room) -> str:
    table = room.setting.table
    if table.closed:
        return "closed"
    return "ended" if table.state.done else "open"


def public_event(setting: Setting, event: Event) -> dict[str, Any]:
    """An event of the record with its package written out."""
    data = event.to_json()
    data.pop("elapsed")
    data["package"] = values(setting, event.outcome)
    return data


def record_json(
    setting: Setting, record: Record, preferences: dict[str, Preferences]
) -> list[dict[str, Any]]:
    """The record's events, each with the utilities of its package for the parties in ``preferences``."""
    rows = []
    for event in record:
        row = public_event(setting, event)
        if event.outcome is not None and preferences:
            package = np.array([event.outcome], dtype=setting.scenario.space.dtype)
            row["utility"] = {p: _finite(prefs.evaluate(package)[0]) for p, prefs in preferences.items()}
        rows.append(row)
    return rows


def _finite(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None  # a red line reads as None ("unacceptable")


def notes(room: Room, visible: Any) -> list[dict[str, Any]]:
    """The notes ``visible(entry)`` lets through."""
    return [_note(entry) for entry in room.notes() if visible(entry)]


def _note(entry: LogEntry) -> dict[str, Any]:
    return {"seq": entry.seq, "by": entry.role, "party": entry.party, "at": entry.at, **entry.payload}


# --- private parts -------------------------------------------------------------------------------------
def mandate_json(setting: Setting, party: str) -> dict[str, Any]:
    """A party's own instructions: reservation value, authority limit, and the mandate if it has one."""
    delegation = setting.delegation(party)
    preferences = delegation.preferences
    authority = delegation.authority if delegation.authority is not None else preferences.reservation_value
    data: dict[str, Any] = {
        "party": party,
        "reservation_value": preferences.reservation_value,
        "authority_limit": authority,
        "referral_rounds": delegation.referral_rounds,
    }
    model = setting.built.mandates.get(party)
    if model is not None:
        data |= _mandate_details(setting, model.expected())
    return data


def _mandate_details(setting: Setting, mandate: Mandate) -> dict[str, Any]:
    space = setting.scenario.space
    return {
        "summary": mandate_summary(mandate, space),
        "opening": values(setting, mandate.opening),
        "weights": {issue.name: w for issue, w in zip(space.issues, mandate.weights, strict=True)},
        "tasks": [
            {
                "name": t.name,
                "required": t.required,
                "bonus": t.bonus,
                "condition": describe_condition(t.condition),
            }
            for t in mandate.tasks
        ],
        "red_lines": [describe_condition(condition) for condition in mandate.red_lines],
    }


def delegation_view(room: Room, party: str) -> dict[str, Any]:
    """A delegation's view: its mandate and utilities, the public record, its turn, suggestions, notes."""
    setting = room.setting
    table = setting.table
    own = {party: setting.delegation(party).preferences}
    awaited = table.awaited
    mine = awaited is not None and awaited.party == party
    record = awaited.record if mine and awaited is not None else table.record
    turn: dict[str, Any] | None = None
    if mine and awaited is not None:
        allowed = sorted(a.value for a in ALLOWED[(awaited.kind, table.alternating)])
        turn = {"kind": awaited.kind, "offer": values(setting, awaited.offer), "allowed": allowed}
        if awaited.offer is not None:
            turn["offer_utility"] = _utility(own[party], setting, awaited.offer)
    return {
        "role": "delegation",
        "party": party,
        "seat": "person" if setting.is_person(party) else "agent",
        "room": public_room(room),
        "mandate": mandate_json(setting, party),
        "turn": turn,
        "pending": [intent.to_json() for intent in table.pending(party)],
        "record": record_json(setting, record, own),
        "suggestions": _suggestions(setting, party, record),
        "notes": notes(
            room, lambda e: not e.payload["private"] or (e.role == "delegation" and e.party == party)
        ),
        "agreement_utility": _agreement_utility(setting, own),
    }


def _utility(preferences: Preferences, setting: Setting, package: tuple[int, ...]) -> float | None:
    return _finite(preferences.evaluate(np.array([package], dtype=setting.scenario.space.dtype))[0])


def _agreement_utility(
    setting: Setting, preferences: dict[str, Preferences]
) -> dict[str, float | None] | None:
    agreement = setting.table.state.agreement
    if agreement is None:
        return None
    return {party: _utility(prefs, setting, agreement) for party, prefs in preferences.items()}


def _suggestions(setting: Setting, party: str, record: Record) -> list[dict[str, Any]]:
    last = record.events[-1] if len(record) else None
    key = (party, len(record), last)
    found = setting.suggested.get(key)
    if found is None:
        preferences = setting.delegation(party).preferences
        found = suggest(setting.scenario.space, preferences, record, party)
        for stale in [k for k in setting.suggested if k[1:] != key[1:]]:  # an older record's
            del setting.suggested[stale]
        setting.suggested[key] = found
    limit = setting.table.authority.get(party)  # only a person's seat held to limited powers has one
    return [
        {
            "package": values(setting, s.package),
            "indices": list(s.package),
            "own_utility": s.own_utility,
            "their_estimate": s.their_estimate,
            "needs_referral": limit is not None and s.own_utility < limit,
        }
        for s in found
    ]


def mediator_grants(setting: Setting) -> tuple[str, ...]:
    """What the scenario lets a mediator see (``mediator.sees``)."""
    process = setting.scenario.process
    mediator = getattr(process, "mediator", None) if process is not None else None
    return tuple(getattr(mediator, "sees", ()) or ())


def mediator_view(room: Room) -> dict[str, Any]:
    """The record, and what the scenario grants the mediator."""
    setting = room.setting
    grants = mediator_grants(setting)
    everyone = {p: setting.delegation(p).preferences for p in setting.parties}
    data: dict[str, Any] = {
        "role": "mediator",
        "grants": list(grants),
        "room": public_room(room),
        "record": record_json(setting, room.setting.table.record, everyone if "utilities" in grants else {}),
        "notes": notes(room, lambda e: mediator_reads(e, grants)),
    }
    if "mandates" in grants:
        data["mandates"] = {p: mandate_json(setting, p) for p in setting.parties}
    elif "reservation_values" in grants:
        data["reservation_values"] = {p: everyone[p].reservation_value for p in setting.parties}
    return data


def mediator_reads(note: LogEntry, grants: tuple[str, ...]) -> bool:
    """A note the mediator may read: public ones, its own, and (granted ``notes``) the delegations'
    private ones; never the facilitator's private notes, which the grant (of the parties) does not cover."""
    if not note.payload["private"] or note.role == "mediator":
        return True
    return "notes" in grants and note.role == "delegation"


def observer_view(room: Room) -> dict[str, Any]:
    """The public record and public notes."""
    setting = room.setting
    return {
        "role": "observer",
        "room": public_room(room),
        "record": record_json(setting, setting.table.record, {}),
        "notes": notes(room, lambda e: not e.payload["private"]),
    }


def facilitator_view(room: Room) -> dict[str, Any]:
    """Everything: every mandate, every utility, every note, the seats' strategies, the chain's head."""
    setting = room.setting
    everyone = {p: setting.delegation(p).preferences for p in setting.parties}
    return {
        "role": "facilitator",
        "room": public_room(room),
        "seats": {
            p: setting.setup.seats[p].model_dump() if p in setting.setup.seats else {"kind": "person"}
            for p in setting.parties
        },
        "mandates": {p: mandate_json(setting, p) for p in setting.parties},
        "pending": {p: [i.to_json() for i in setting.table.pending(p)] for p in setting.parties},
        "record": record_json(setting, setting.table.record, everyone),
        "notes": notes(room, lambda e: True),
        "agreement_utility": _agreement_utility(setting, everyone),
        "log": {"entries": len(room.log), "head": room.head.hash},
    }
