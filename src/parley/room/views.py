"""What each role sees of a room: one function per role, each building its view from what it may see.

A delegation's view is built from its own delegation (mandate, preferences) and the public record
only; the other parties' mandates, reservation values, utilities and private notes are never read
for it. A mediator sees what the scenario's ``mediator.sees`` grants; an observer the public record;
the facilitator everything. Every view is a response model of :mod:`parley.room.api`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TypedDict, cast, get_args

import numpy as np

from parley.actors import Mandate, describe_condition, mandate_summary
from parley.domain import Condition, Value
from parley.preferences import Preferences
from parley.record import Event, EventData, Record
from parley.room.access import Caller, RoomRole
from parley.room.api import (
    DelegationRoomView,
    FacilitatorRoomView,
    IssueOptions,
    LogHead,
    MandateTask,
    MandateView,
    MediatorRoomView,
    ObserverRoomView,
    PartySeat,
    PrincipalRoomView,
    PublicEvent,
    PublicRoom,
    RatifierRoomView,
    RoomNote,
    RoomStatus,
    RoomView,
    SeatKind,
    SuggestedPackage,
    Turn,
    WhoseMove,
)
from parley.room.chain import LogEntry
from parley.room.channels import readable
from parley.room.entries import NotePayload, payload_as
from parley.room.packages import NamedPackage
from parley.room.process_api import ProcessView
from parley.room.process_table import ProcessTable, SeatKey
from parley.room.process_views import ballot, lifted_events, process_view, referral
from parley.room.room_state import Room
from parley.room.setup import Protocol, SeatSetup, Setting
from parley.room.suggest import Suggestion, suggest
from parley.room.table import ALLOWED, Table
from parley.talks import open_view

GRANTS = ("mandates", "reservation_values", "utilities", "notes")
PROTOCOLS: tuple[str, ...] = get_args(Protocol)


def view_for(room: Room, caller: Caller) -> RoomView:
    """The view of ``room`` that ``caller``'s role may see, at the log position it may know of."""
    view = _role_view(room, caller)
    view.room.seq = position(room, caller)
    return view


def position(room: Room, caller: Caller) -> int:
    """The log position ``caller`` may know of: the head for a facilitator; for any other role the last
    entry it may read, so others' private notes, lines and mandates do not move it (their timing
    would tell that they were written)."""
    if caller.role is RoomRole.FACILITATOR:
        return room.head.seq
    for entry in reversed(room.private_tail):
        if _reads_private(room, caller, entry):
            return entry.seq
    return room.public_seq


def _reads_private(room: Room, caller: Caller, entry: LogEntry) -> bool:
    """Whether ``caller`` (not a facilitator) may read the private ``entry``, as its view shows it."""
    role, party = caller.role, caller.party
    if entry.kind == "note":
        if role is RoomRole.MEDIATOR:
            return mediator_reads(_note(entry), mediator_grants(room.setting))
        return role is RoomRole.DELEGATION and entry.role == "delegation" and entry.party == party
    if entry.kind == "message":
        return entry.payload.get("channel") in readable(room.setting, caller)
    return role in (RoomRole.DELEGATION, RoomRole.PRINCIPAL) and entry.party == party  # a mandate


def _role_view(room: Room, caller: Caller) -> RoomView:
    """The view of ``caller``'s role."""
    if caller.role is RoomRole.DELEGATION:
        assert caller.party is not None
        return delegation_view(room, caller.party)
    if caller.role is RoomRole.MEDIATOR:
        return mediator_view(room)
    if caller.role is RoomRole.FACILITATOR:
        return facilitator_view(room)
    if caller.role is RoomRole.PRINCIPAL:
        assert caller.party is not None
        return principal_view(room, caller.party)
    if caller.role is RoomRole.RATIFIER:
        assert caller.party is not None
        return ratifier_view(room, caller.party)
    return observer_view(room)


# --- public parts ------------------------------------------------------------------------------------
def values(setting: Setting, package: tuple[int, ...] | list[int] | None) -> NamedPackage | None:
    """A package as ``{issue: value}`` (JSON-ready), or None."""
    if package is None:
        return None
    return {name: _plain(value) for name, value in setting.scenario.space.values_of(package).items()}


def _plain(value: Value) -> Value:
    """``value`` as a Python str, int or float (an issue may hold its options as numpy scalars)."""
    plain: Value = value.item() if isinstance(value, np.generic) else value
    return plain


def issues(setting: Setting) -> list[IssueOptions]:
    """The issues and their options, for the offer builder."""
    return [
        IssueOptions(
            name=issue.name,
            kind=issue.kind,
            options=[_plain(issue.value(i)) for i in range(issue.size)],
        )
        for issue in setting.scenario.space.issues
    ]


def public_room(room: Room) -> PublicRoom:
    """What anyone in the room may know: title, protocol, parties, whose move, how it ended."""
    setting = room.setting
    table = setting.table
    awaited = table.awaited
    agreement = table.agreement
    return PublicRoom(
        id=room.id,
        title=setting.setup.title or setting.scenario.metadata.title,
        protocol=_protocol(setting),
        rounds=_rounds(setting),
        round=_round(setting),
        parties=[PartySeat(name=p, seat=_seat(setting, p)) for p in setting.parties],
        status=_status(room),
        awaiting=None if awaited is None else _whose_move(table),
        ending=table.ending,
        agreement=values(setting, agreement),
        seq=room.public_seq,
        issues=issues(setting),
        **_process_part(room),
        **_running_part(table),
    )


class _RunningPart(TypedDict, total=False):
    running: bool


def _running_part(table: Table | ProcessTable) -> _RunningPart:
    """``running: true`` while the agents play on in the background (else unset: not sent)."""
    return {"running": True} if table.running else {}


class _ProcessPart(TypedDict, total=False):
    process: ProcessView


def _process_part(room: Room) -> _ProcessPart:
    """A process room's ``process`` (left unset in a single negotiation's view, so not sent)."""
    view = process_view(room.setting, room.log)
    return {} if view is None else {"process": view}


def _protocol(setting: Setting) -> Protocol:
    """The protocol being played: the room's, or (a process room) the current stage's."""
    context = None if setting.process is None else setting.process.context
    if context is None or context.protocol not in PROTOCOLS:
        return setting.setup.protocol
    return cast(Protocol, context.protocol)


def _round(setting: Setting) -> int:
    """The round: the room's, or (a process room) the current stage's own."""
    table = setting.table
    context = None if setting.process is None else setting.process.context
    return table.round if context is None else max(0, table.round - context.offset)


def _rounds(setting: Setting) -> int:
    """The round limit: the room's, or (a process room) the current stage's."""
    context = None if setting.process is None else setting.process.context
    return setting.setup.rounds if context is None else context.rounds


def _whose_move(table: Table | ProcessTable) -> WhoseMove:
    """The seat the table waits for (with its role and kind of ask in a process room)."""
    awaited = table.awaited
    assert awaited is not None
    if not isinstance(table, ProcessTable) or table.awaited_kind is None:
        return WhoseMove(party=awaited.party, kind=awaited.kind)  # unset: left out of the JSON
    role = table.awaited_role or "delegation"
    return WhoseMove(party=awaited.party, kind=awaited.kind, role=role, ask=table.awaited_kind.value)


def _seat(setting: Setting, party: str) -> SeatKind:
    return "person" if setting.is_person(party) else "agent"


def _status(room: Room) -> RoomStatus:
    table = room.setting.table
    if table.closed:
        return "closed"
    return "ended" if table.done else "open"


def public_event(setting: Setting, event: Event) -> PublicEvent:
    """An event of the record with its package written out."""
    return _event(setting, event, {})


class _EventExtras(TypedDict, total=False):
    """The fields of a :class:`PublicEvent` sent only when they apply."""

    data: EventData
    utility: dict[str, float | None]


def _event(setting: Setting, event: Event, preferences: dict[str, Preferences]) -> PublicEvent:
    extras: _EventExtras = {}  # one constructor call per event: a view may hold thousands of them
    if event.data:
        extras["data"] = event.data
    if event.outcome is not None and preferences:
        package = np.array([event.outcome], dtype=setting.scenario.space.dtype)
        extras["utility"] = {p: _finite(prefs.evaluate(package)[0]) for p, prefs in preferences.items()}
    return PublicEvent(
        kind=event.kind,
        round=event.round,
        party=event.party,
        outcome=None if event.outcome is None else list(event.outcome),
        package=values(setting, event.outcome),
        **extras,
    )


def public_record(setting: Setting, record: Record, preferences: dict[str, Preferences]) -> list[PublicEvent]:
    """The record's events, each with the utilities of its package for the parties in ``preferences``
    (a process room's stage packages written over the whole space)."""
    if setting.process is None:
        return [_event(setting, event, preferences) for event in record]
    events = []
    viewed: dict[tuple[str, ...], dict[str, Preferences]] = {(): preferences}  # one view per open set
    for event, open_issues in lifted_events(setting, record):
        if open_issues not in viewed:
            viewed[open_issues] = {party: open_view(p, open_issues) for party, p in preferences.items()}
        events.append(_event(setting, event, viewed[open_issues]))
    return events


def _finite(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None  # a red line reads as None ("unacceptable")


def notes(room: Room, visible: Callable[[RoomNote], bool]) -> list[RoomNote]:
    """The notes ``visible(note)`` lets through."""
    return [note for note in map(_note, room.notes()) if visible(note)]


def _note(entry: LogEntry) -> RoomNote:
    payload = payload_as(entry, NotePayload)
    return RoomNote(
        seq=entry.seq,
        by=entry.role,
        party=entry.party,
        at=entry.at,
        text=payload.text,
        private=payload.private,
    )


# --- private parts -------------------------------------------------------------------------------------
def mandate_view(setting: Setting, party: str) -> MandateView:
    """A party's own instructions: reservation value, authority limit, and the mandate if it has one."""
    delegation = setting.delegation(party)
    preferences = delegation.preferences
    authority = delegation.authority if delegation.authority is not None else preferences.reservation_value
    authority = setting.table.authority.get(party, authority)  # as the room holds it (a principal may set it)
    view = MandateView(
        party=party,
        reservation_value=preferences.reservation_value,
        authority_limit=authority,
        referral_rounds=delegation.referral_rounds,
    )
    model = setting.built.mandates.get(party)
    if model is not None:
        _add_mandate_details(view, setting, model.expected())
    view.red_lines = red_lines_in_words(preferences.red_lines, model.expected().red_lines if model else ())
    view.rules = [constraint.name for constraint in setting.scenario.space.constraints]
    return view


def red_lines_in_words(*groups: Sequence[Condition]) -> list[str]:
    """Every red line that binds a delegation, in words, once each: the party's own (the scenario's) and
    its mandate's."""
    lines = [f"no package with {describe_condition(line)}" for group in groups for line in group]
    return list(dict.fromkeys(lines))


def _add_mandate_details(view: MandateView, setting: Setting, mandate: Mandate) -> None:
    space = setting.scenario.space
    view.summary = mandate_summary(mandate, space)
    view.opening = values(setting, mandate.opening)
    view.weights = {issue.name: w for issue, w in zip(space.issues, mandate.weights, strict=True)}
    view.tasks = [
        MandateTask(
            name=t.name, required=t.required, bonus=t.bonus, condition=describe_condition(t.condition)
        )
        for t in mandate.tasks
    ]


def delegation_view(room: Room, party: str) -> DelegationRoomView:
    """A delegation's view: its mandate and utilities, the public record, its turn, suggestions, notes."""
    setting = room.setting
    table = setting.table
    own = {party: setting.delegation(party).preferences}
    awaited = table.awaited
    mine = awaited is not None and awaited.party == party and table.awaited_role == "delegation"
    record = awaited.record if mine and awaited is not None else table.record
    turn: Turn | None = None
    if mine and awaited is not None:
        allowed = sorted(ALLOWED[(awaited.kind, table.alternating)], key=lambda action: action.value)
        turn = Turn(kind=awaited.kind, offer=values(setting, awaited.offer), allowed=allowed)
        if awaited.offer is not None:
            turn.offer_utility = _utility(own[party], setting, awaited.offer)
    return DelegationRoomView(
        role="delegation",
        party=party,
        seat=_seat(setting, party),
        room=public_room(room),
        mandate=mandate_view(setting, party),
        turn=turn,
        pending=table.pending(party),
        record=public_record(setting, record, own),
        suggestions=_suggestions(setting, party, record),
        notes=notes(room, lambda n: not n.private or (n.by == "delegation" and n.party == party)),
        agreement_utility=_agreement_utility(setting, own),
    )


def _utility(preferences: Preferences, setting: Setting, package: tuple[int, ...]) -> float | None:
    return _finite(preferences.evaluate(np.array([package], dtype=setting.scenario.space.dtype))[0])


def _agreement_utility(
    setting: Setting, preferences: dict[str, Preferences]
) -> dict[str, float | None] | None:
    agreement = setting.table.agreement
    if agreement is None:
        return None
    return {party: _utility(prefs, setting, agreement) for party, prefs in preferences.items()}


def _suggestions(setting: Setting, party: str, record: Record) -> list[SuggestedPackage]:
    last = record.events[-1] if len(record) else None
    key = (party, len(record), last)
    found = setting.suggested.get(key)
    if found is None:
        found = _search(setting, party, record)
        for stale in [k for k in setting.suggested if k[1:] != key[1:]]:  # an older record's
            del setting.suggested[stale]
        setting.suggested[key] = found
    limit = setting.table.authority.get(party)  # only a person's seat held to limited powers has one
    return [
        SuggestedPackage(
            package=_named(setting, s.package),
            indices=list(s.package),
            own_utility=s.own_utility,
            their_estimate=s.their_estimate,
            needs_referral=limit is not None and s.own_utility < limit,
        )
        for s in found
    ]


def _search(setting: Setting, party: str, record: Record) -> list[Suggestion]:
    """Packages to suggest to ``party``: over the whole space, or in a process room over the issues of
    the stage being played (its own record, its restricted preferences), written over the whole space."""
    table = setting.process
    if table is None:
        return suggest(setting.scenario.space, setting.delegation(party).preferences, record, party)
    context = table.context
    if context is None or party not in {seat.name for seat in context.seats}:
        return []
    preferences = next(seat.preferences for seat in context.seats if seat.name == party)
    found = suggest(context.space, preferences, table.stage_record, party)
    return [replace(s, package=table.lift(s.package) or s.package) for s in found]


def _named(setting: Setting, package: tuple[int, ...]) -> NamedPackage:
    named = values(setting, package)
    assert named is not None
    return named


def mediator_grants(setting: Setting) -> tuple[str, ...]:
    """What the scenario lets a mediator see (``mediator.sees``)."""
    process = setting.scenario.process
    return () if process is None else tuple(process.mediator_sees)


def mediator_view(room: Room) -> MediatorRoomView:
    """The record, and what the scenario grants the mediator."""
    setting = room.setting
    grants = mediator_grants(setting)
    everyone = {p: setting.delegation(p).preferences for p in setting.parties}
    view = MediatorRoomView(
        role="mediator",
        grants=list(grants),
        room=public_room(room),
        asked=_mediator_asked(setting),
        record=public_record(setting, room.setting.table.record, everyone if "utilities" in grants else {}),
        notes=notes(room, lambda n: mediator_reads(n, grants)),
    )
    if "mandates" in grants:
        view.mandates = {p: mandate_view(setting, p) for p in setting.parties}
    elif "reservation_values" in grants:
        view.reservation_values = {p: everyone[p].reservation_value for p in setting.parties}
    return view


def _mediator_asked(setting: Setting) -> bool:
    """Whether the table waits for a person mediator's text."""
    table = setting.table
    return isinstance(table, ProcessTable) and table.awaited_role == "mediator"


def mediator_reads(note: RoomNote, grants: tuple[str, ...]) -> bool:
    """A note the mediator may read: public ones, its own, and (granted ``notes``) the delegations'
    private ones; never the facilitator's private notes, which the grant (of the parties) does not cover."""
    if not note.private or note.by == "mediator":
        return True
    return "notes" in grants and note.by == "delegation"


def observer_view(room: Room) -> ObserverRoomView:
    """The public record and public notes."""
    setting = room.setting
    return ObserverRoomView(
        role="observer",
        room=public_room(room),
        record=public_record(setting, setting.table.record, {}),
        notes=notes(room, lambda n: not n.private),
    )


def principal_view(room: Room, party: str) -> PrincipalRoomView:
    """A principal's view: its own delegation's mandate, the public record and the public notes."""
    setting = room.setting
    own = {party: setting.delegation(party).preferences}
    return PrincipalRoomView(
        role="principal",
        party=party,
        seat=_role_seat(setting, ("principal", party)),
        room=public_room(room),
        mandate=mandate_view(setting, party),
        referral=referral(setting, party),
        record=public_record(setting, setting.table.record, own),
        notes=notes(room, lambda n: not n.private),
    )


def ratifier_view(room: Room, name: str) -> RatifierRoomView:
    """A ratifying body's view: the public record and the public notes."""
    setting = room.setting
    return RatifierRoomView(
        role="ratifier",
        name=name,
        party=setting.ratifier_party(name),
        seat=_role_seat(setting, ("ratifier", name)),
        room=public_room(room),
        ballot=ballot(setting, name),
        record=public_record(setting, setting.table.record, {}),
        notes=notes(room, lambda n: not n.private),
    )


def _role_seat(setting: Setting, seat: SeatKey) -> SeatKind:
    """Whether a principal's or a ratifying body's seat is a person's (in a process room) or an agent's."""
    table = setting.table
    return "person" if isinstance(table, ProcessTable) and seat in table.persons_seats else "agent"


def facilitator_view(room: Room) -> FacilitatorRoomView:
    """Everything: every mandate, every utility, every note, the seats' strategies, the chain's head."""
    setting = room.setting
    everyone = {p: setting.delegation(p).preferences for p in setting.parties}
    return FacilitatorRoomView(
        role="facilitator",
        room=public_room(room),
        seats={p: _seat_setup(setting, p) for p in setting.parties},
        mandates={p: mandate_view(setting, p) for p in setting.parties},
        pending={p: setting.table.pending(p) for p in setting.parties},
        record=public_record(setting, setting.table.record, everyone),
        notes=notes(room, lambda n: True),
        agreement_utility=_agreement_utility(setting, everyone),
        log=log_head(room),
    )


def _seat_setup(setting: Setting, party: str) -> SeatSetup:
    """The party's seat as set up, every field given (a seat the set-up did not name: a person)."""
    seat = setting.setup.seats.get(party)
    if seat is None:
        return SeatSetup(kind="person")
    return SeatSetup.model_validate(seat.model_dump())  # every field set: the view sends them all


def log_head(room: Room) -> LogHead:
    """The room's log length and the hash of its last entry."""
    return LogHead(entries=len(room.log), head=room.head.hash)
