"""The rooms of a server: opened, moved, noted and closed through one service that logs every change.

Each change is applied to the room in memory, sealed into the hash chain and committed to the store in
one transaction before it is acknowledged; if the commit fails the room is rebuilt from its log, so
memory never runs ahead of the database. So is a room whose agent failed while answering a move (the
move is refused, and the table, whose agents may remember it, is replayed from the log). A room's
changes are serialised by its lock. On start the service rebuilds every room by replaying its log
(:mod:`parley.room.replay`).
"""

from __future__ import annotations

import asyncio
import secrets
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NoReturn

from sqlalchemy.exc import IntegrityError

from parley.record import Event
from parley.room.access import Caller, RoomRole, digest, new_token
from parley.room.chain import GENESIS, LogEntry, seal
from parley.room.channels import check_proposal, check_sender
from parley.room.commits import GroupCommit
from parley.room.entries import (
    ActionPayload,
    ClockPayload,
    EnginePayload,
    IncidentPayload,
    MandatePayload,
    MessagePayload,
    NotePayload,
    Payload,
    RoomClosedPayload,
    RoomCreatedPayload,
    payload_of,
)
from parley.room.fork_api import ForkRequest, ForkStep
from parley.room.mandates import adjust, check_adjustment
from parley.room.person import Intent
from parley.room.process_table import ProcessTable
from parley.room.replay import event_payload, replay
from parley.room.setup import RoomSetup, Setting, build_setting
from parley.room.store import Store, TokenRow
from parley.room.table import AgentFailedError, MoveRefusedError


@dataclass(frozen=True)
class Draft:
    """An entry before sealing: who makes it (role, party, the client id of a request) and its payload,
    whose class gives the entry's kind."""

    role: str
    party: str | None
    client_id: str | None
    payload: Payload


def now() -> str:
    """The current UTC time, as stored in the log."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


class UnknownRoomError(KeyError):
    """No room with that id."""


class ClientIdReusedError(MoveRefusedError):
    """A client id sent again with a different request."""


@dataclass
class Room:
    """A room in memory: its setting (scenario and table) and its log."""

    id: str
    setting: Setting
    log: list[LogEntry]
    lock: threading.Lock = field(default_factory=threading.Lock)
    guard: asyncio.Lock = field(default_factory=asyncio.Lock)  # held across a change's commit on the server
    clients: dict[str, LogEntry] = field(default_factory=dict)  # client id -> the entry it made
    answered: dict[str, int] = field(default_factory=dict)  # client id -> the log position its answer gave
    messages: list[LogEntry] = field(default_factory=list)  # the message entries, in log order

    def __post_init__(self) -> None:
        self.index(self.log)

    def index(self, entries: list[LogEntry]) -> None:
        """Remember the client ids of ``entries`` (just appended to the log) and where each request's
        entries end (a move's own entry is followed by the engine events it caused); keep the messages
        apart (a page reads them after every change: they are not looked for in the whole log)."""
        self.messages.extend(entry for entry in entries if entry.kind == "message")
        for position, entry in enumerate(entries):
            if entry.client_id is None or entry.client_id in self.clients:
                continue
            self.clients[entry.client_id] = entry
            end = position
            while end + 1 < len(entries) and entries[end + 1].kind == "engine":
                end += 1
            self.answered[entry.client_id] = entries[end].seq

    @property
    def head(self) -> LogEntry:
        return self.log[-1]

    def by_client_id(self, client_id: str) -> LogEntry | None:
        """The entry a client id was first used for, if any."""
        return self.clients.get(client_id)

    def notes(self) -> list[LogEntry]:
        return [entry for entry in self.log if entry.kind == "note"]


@dataclass(frozen=True)
class Applied:
    """What a request did: the new log entries (none for a retried request) and whether it was a retry."""

    entries: list[LogEntry]
    duplicate: bool
    seq: int


class RoomService:
    """Every room of one database, kept in memory and rebuilt from the log at start."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.commits = GroupCommit(store)
        self.rooms: dict[str, Room] = {}
        self.listeners: list[Callable[[str, int], None]] = []
        self.broken: dict[str, str] = {}  # rooms whose log does not rebuild them: the reason
        self._tokens: dict[str, TokenRow] = {}
        self._create_lock = threading.Lock()
        self.recover()

    # --- opening and recovering ---------------------------------------------------------------
    def recover(self) -> None:
        """Rebuild every stored room from its log; a room that does not rebuild is set aside in
        :attr:`broken` with the reason (the others are served; ``parley verify-log`` tells more)."""
        for room_id, entries in self.store.all_entries():
            try:
                self.rooms[room_id] = Room(room_id, replay(entries), entries)
            except (ValueError, KeyError) as error:
                self.broken[room_id] = str(error)

    def create(self, setup: RoomSetup) -> tuple[Room, dict[str, str]]:
        """Open a room (ValueError if the set-up is wrong); the room and its join tokens by label."""
        text = setup.scenario_text()
        setting = build_setting(setup, text)  # raises before anything is stored
        room_id = secrets.token_hex(8)
        tokens = {label: new_token() for label in _labels(setting, setup.observers)}
        rows = [_token_row(room_id, label, token) for label, token in tokens.items()]
        created = RoomCreatedPayload(setup, text)
        facilitator = RoomRole.FACILITATOR.value
        first = seal(room_id, 0, created.kind, facilitator, None, None, created.to_json(), now(), GENESIS)
        room = Room(room_id, setting, [first])
        opening = self._chain(room, _engine_drafts(setting.table.record.events, 0))  # agents' first moves
        with self._create_lock:
            self.store.create_room([first, *opening], rows)
            room.log.extend(opening)
            self.rooms[room_id] = room
        self._notify(room)
        return room, tokens

    def fork(self, room_id: str, request: ForkRequest) -> tuple[Room, dict[str, str]]:
        """A new room that replays ``room_id``'s first steps up to ``request.round``, then goes on with
        the seats the request names (a ValueError if the room runs one negotiation or is not there yet)."""
        source = self.room(room_id)
        process = source.setting.process
        if process is None:
            raise ValueError(
                "only a room that runs the scenario's process can be forked here (see parley fork)"
            )
        with source.lock:
            steps = [ForkStep.of(step) for step in process.fork_steps(request.round)]
        setup = source.setting.setup
        fields = setup.model_dump(exclude={"fork"})
        if request.seats is not None:
            fields["seats"] = {party: {"kind": kind} for party, kind in request.seats.items()}
        for name in ("principals", "ratifiers", "mediator"):
            if getattr(request, name) is not None:
                fields[name] = getattr(request, name)
        fields["title"] = (
            request.title or f"{setup.title or 'room ' + room_id} — fork at round {request.round}"
        )
        fields["fork"] = {"room": room_id, "round": request.round, "steps": [s.model_dump() for s in steps]}
        return self.create(RoomSetup.model_validate(fields))

    def room(self, room_id: str) -> Room:
        try:
            return self.rooms[room_id]
        except KeyError:
            raise UnknownRoomError(room_id) from None

    # --- changes --------------------------------------------------------------------------------
    def act(
        self, room_id: str, party: str, client_id: str, intent: Intent, role: str = "delegation"
    ) -> Applied:
        """``role``'s seat ``party`` moves, once per client id; the entries it (and the agents' answers)
        added. A delegation's move names its party, a principal's its party, a ratifying body's its
        name, the mediator's ""."""
        room = self.room(room_id)
        with room.lock:
            prepared = self._prepare_move(room, party, client_id, intent, role)
            return prepared if isinstance(prepared, Applied) else self._apply(room, prepared)

    async def act_together(
        self, room_id: str, party: str, client_id: str, intent: Intent, role: str = "delegation"
    ) -> Applied:
        """:meth:`act` for the server's event loop: the commit is shared with the other rooms' changes of
        the same moment (:class:`~parley.room.commits.GroupCommit`); the room waits meanwhile. A request
        cancelled meanwhile does not cancel its change: that runs to its end (committed and logged, or
        undone), still holding the room."""
        room = self.room(room_id)
        moving = self._act_in_turn(room, party, client_id, intent, role)
        return await asyncio.shield(asyncio.ensure_future(moving))

    async def _act_in_turn(
        self, room: Room, party: str, client_id: str, intent: Intent, role: str
    ) -> Applied:
        async with room.guard:
            with room.lock:
                prepared = self._prepare_move(room, party, client_id, intent, role)
            if isinstance(prepared, Applied):
                return prepared
            try:
                await self.commits.append(prepared)
            except Exception as error:
                with room.lock:
                    self._failed(room, error)
            with room.lock:
                return self._applied(room, prepared)

    def _prepare_move(
        self, room: Room, party: str, client_id: str, intent: Intent, role: str = "delegation"
    ) -> Applied | list[LogEntry]:
        """The answer to a retried move, or the entries of a new one (made on the table, not stored)."""
        seen = room.by_client_id(client_id)
        if seen is not None:
            return self._retry(room, seen, party, ActionPayload(intent))
        table = room.setting.table
        before = len(table.record)
        try:
            events = table.act(party, intent, role)  # raises MoveRefusedError; nothing changed then
        except AgentFailedError:
            room.setting = replay(room.log)  # the agents may remember the failed move: rebuild from the log
            raise
        action = Draft(role, party, client_id, ActionPayload(intent))
        return self._chain(room, [action, *_engine_drafts(events, before)])

    def note(self, room_id: str, caller: Caller, client_id: str, text: str, private: bool) -> Applied:
        """A note by ``caller`` (private: only its author's side and the facilitator see it)."""
        payload = NotePayload(text, private)
        return self._once(room_id, client_id, caller.role.value, caller.party, payload, lambda room: None)

    def incident(self, room_id: str, client_id: str, changes: dict[str, float], note: str) -> Applied:
        """The facilitator reports a front incident (a process room's): logged, then applied by the
        process when the stage next settles (MoveRefusedError, nothing logged, for a process that
        cannot take it)."""
        payload = IncidentPayload(changes, note)
        facilitator = RoomRole.FACILITATOR.value
        return self._once(
            room_id,
            client_id,
            facilitator,
            None,
            payload,
            lambda room: _process_of(room).incident(changes, note),
        )

    def expire(self, room_id: str, stage: str, limit_s: float) -> Applied:
        """The clock: ``stage``'s limit ran out, so it ends now (MoveRefusedError if it is not being
        played); the tick and the events it caused are logged."""
        room = self.room(room_id)
        with room.lock:
            process = _process_of(room)
            before = len(process.record)
            events = process.expire(stage)
            tick = Draft("clock", None, None, ClockPayload(stage, limit_s))
            return self._apply(room, self._chain(room, [tick, *_engine_drafts(events, before)]))

    def message(
        self,
        room_id: str,
        caller: Caller,
        client_id: str,
        channel: str,
        text: str,
        package: tuple[int, ...] | None = None,
    ) -> Applied:
        """A message from ``caller`` on ``channel`` (checked: see :mod:`parley.room.channels`), with the
        package it proposes (a complete package of the space), if any."""
        payload = MessagePayload(channel, text, None if package is None else list(package))

        def check(room: Room) -> None:
            check_sender(room.setting, caller, channel)
            if package is not None:
                check_proposal(room.setting.scenario.space, package)

        return self._once(room_id, client_id, caller.role.value, caller.party, payload, check)

    def adjust_mandate(self, room_id: str, party: str, client_id: str, limit: float) -> Applied:
        """``party``'s principal sets its person delegation's authority limit, before its first move."""

        def change(room: Room) -> None:
            check_adjustment(room.setting, room.log, party, limit)
            adjust(room.setting, party, limit)

        return self._once(room_id, client_id, RoomRole.PRINCIPAL.value, party, MandatePayload(limit), change)

    def _once(
        self,
        room_id: str,
        client_id: str,
        role: str,
        party: str | None,
        payload: Payload,
        change: Callable[[Room], object],
    ) -> Applied:
        """One request that makes one entry, applied once per client id: a retry is answered as before
        (a different request with the id refused); else ``change`` checks it and applies it to the room
        (raising MoveRefusedError changes nothing) and the entry is logged."""
        room = self.room(room_id)
        with room.lock:
            seen = room.by_client_id(client_id)
            if seen is not None:
                return self._retry(room, seen, party, payload)
            change(room)
            draft = Draft(role, party, client_id, payload)
            return self._apply(room, self._chain(room, [draft]))

    def close(self, room_id: str, reason: str) -> Applied:
        """The facilitator closes the room: no more moves."""
        room = self.room(room_id)
        with room.lock:
            if room.setting.table.closed:
                return Applied([], True, room.head.seq)
            room.setting.table.close()
            draft = Draft(RoomRole.FACILITATOR.value, None, None, RoomClosedPayload(reason))
            return self._apply(room, self._chain(room, [draft]))

    # --- tokens -----------------------------------------------------------------------------------
    def caller(self, token: str) -> Caller | None:
        """The room role a token grants, if it is one of the stored tokens."""
        key = digest(token)
        row = self._tokens.get(key)
        if row is None:
            row = self.store.token(key)
            if row is None:
                return None
            self._tokens[key] = row
        role = RoomRole(row.role.split(":")[0]) if ":" in row.role else RoomRole(row.role)
        return Caller(role, row.room, row.party)

    def reissue(self, room_id: str, label: str) -> str:
        """A new join token for ``label`` (``delegation:North``, ``observer:1``…); the label's earlier
        tokens stop working at once. A KeyError for a label the room does not have."""
        room = self.room(room_id)
        if label not in _labels(room.setting, room.setting.setup.observers):
            raise KeyError(label)
        token = new_token()
        row = _token_row(room_id, label, token)
        old = self.store.tokens_of(room_id, row.role, row.party)
        self.store.replace_tokens(old, row, now())
        for revoked in old:
            self._tokens.pop(revoked, None)
        return token

    # --- internals --------------------------------------------------------------------------------
    def _seal(self, room: Room, tail: LogEntry | None, draft: Draft) -> LogEntry:
        """Seal ``draft`` after ``tail`` (or after the room's head)."""
        last = tail or room.head
        payload = draft.payload
        return seal(
            room.id,
            last.seq + 1,
            payload.kind,
            draft.role,
            draft.party,
            draft.client_id,
            payload.to_json(),
            now(),
            last.hash,
        )

    def _chain(self, room: Room, drafts: list[Draft]) -> list[LogEntry]:
        """Seal ``drafts`` one after the other, after the room's head."""
        entries: list[LogEntry] = []
        for draft in drafts:
            entries.append(self._seal(room, entries[-1] if entries else None, draft))
        return entries

    def _apply(self, room: Room, entries: list[LogEntry]) -> Applied:
        """Commit ``entries``, then extend the room's log; on failure rebuild the room from the store."""
        try:
            self.store.append(entries)
        except Exception as error:
            self._failed(room, error)
        return self._applied(room, entries)

    def _failed(self, room: Room, error: Exception) -> NoReturn:
        """A commit failed: rebuild the room from the database, and say why."""
        self._reload(room)
        if isinstance(error, IntegrityError):  # another writer got there first
            raise MoveRefusedError(
                "the room changed meanwhile (another server wrote to it); reload and retry"
            )
        raise error

    def _applied(self, room: Room, entries: list[LogEntry]) -> Applied:
        """``entries`` are committed: extend the room's log and tell the listeners."""
        room.log.extend(entries)
        room.index(entries)
        self._notify(room)
        return Applied(entries, False, room.head.seq)

    def _reload(self, room: Room) -> None:
        entries = self.store.entries(room.id)
        room.setting = replay(entries)
        room.log = entries
        room.clients, room.answered, room.messages = {}, {}, []
        room.index(entries)

    def _retry(self, room: Room, seen: LogEntry, party: str | None, payload: Payload) -> Applied:
        """A client id seen before: the same request (the same party's same move, or the same note) is
        acknowledged again, a different one refused."""
        if (seen.party, payload_of(seen)) != (party, payload):
            raise ClientIdReusedError("this client id was already used for a different request", status=409)
        return Applied([], True, room.answered.get(seen.client_id or "", seen.seq))

    def _notify(self, room: Room) -> None:
        for listener in list(self.listeners):
            listener(room.id, room.head.seq)


def _process_of(room: Room) -> ProcessTable:
    """The room's live process (MoveRefusedError for a room that runs one negotiation)."""
    process = room.setting.process
    if process is None:
        raise MoveRefusedError("this room runs one negotiation, not the scenario's process", status=409)
    return process


def _token_row(room: str, label: str, token: str) -> TokenRow:
    """A token's row: a seated role names its party (or body); an observer's role keeps its number
    (``observer:2``), so that one observer's link can be re-issued alone."""
    role, _, party = label.partition(":")
    if role in SEATED_ROLES:
        return TokenRow(digest(token), room, role, party)
    return TokenRow(digest(token), room, label, None)


def _labels(setting: Setting, observers: int) -> list[str]:
    """Every join link's label of a room."""
    labels = ["facilitator", "mediator"]
    labels += [f"delegation:{party}" for party in setting.parties]
    labels += [f"principal:{party}" for party in setting.parties]
    labels += [f"ratifier:{name}" for name in setting.ratifier_names]
    return labels + [f"observer:{i + 1}" for i in range(observers)]


#: The roles whose tokens name one seat: a party (delegation, principal) or a ratifying body (ratifier).
SEATED_ROLES = frozenset({RoomRole.DELEGATION.value, RoomRole.PRINCIPAL.value, RoomRole.RATIFIER.value})


def _engine_drafts(events: Sequence[Event], first_index: int) -> list[Draft]:
    """Log drafts for engine events; ``index`` is the event's place in the negotiation record."""
    return [
        Draft("engine", event.party, None, EnginePayload(first_index + i, event_payload(event)))
        for i, event in enumerate(events)
    ]
