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
from dataclasses import dataclass
from typing import NoReturn

from sqlalchemy.exc import IntegrityError

from parley.record import Event
from parley.room.access import Caller, RoomRole, digest, new_token
from parley.room.chain import GENESIS, LogEntry, seal
from parley.room.channels import check_proposal, check_sender
from parley.room.cluster import Cluster
from parley.room.commits import GroupCommit
from parley.room.entries import (
    ActionPayload,
    CheckpointPayload,
    ClockPayload,
    EnginePayload,
    IncidentPayload,
    LinkPayload,
    MandatePayload,
    MessagePayload,
    NotePayload,
    Payload,
    RoomClosedPayload,
    RoomCreatedPayload,
    TokenGrant,
    payload_of,
)
from parley.room.fork_api import ForkRequest, ForkStep
from parley.room.mandates import adjust, check_adjustment
from parley.room.person import Intent
from parley.room.process_table import ProcessTable
from parley.room.replay import event_payload, replay
from parley.room.room_state import (
    BrokenRoomError,
    ClientIdReusedError,
    Draft,
    Room,
    UnknownRoomError,
    now,
)
from parley.room.setup import RoomSetup, Setting, build_setting
from parley.room.store import Store, TokenRow
from parley.room.table import AgentFailedError, MoveRefusedError
from parley.room.verify import Anchors, logged_grants, replay_problems, room_problems
from parley.room.witness import Checkpoint, Witness, sign, witness_from_env


@dataclass(frozen=True)
class Applied:
    """What a request did: the new log entries (none for a retried request) and whether it was a retry."""

    entries: list[LogEntry]
    duplicate: bool
    seq: int


class RoomService:
    """Every room of one database, kept in memory and rebuilt from the log at start."""

    def __init__(self, store: Store, witness: Witness | None = None) -> None:
        self.store = store
        # the witness of every commit: the one given, else the one PARLEY_WITNESS names, if any
        self.witness = witness if witness is not None else witness_from_env()
        store.witness = self.witness
        self.commits = GroupCommit(store)
        self.rooms: dict[str, Room] = {}
        self.listeners: list[Callable[[str, int], None]] = []
        self.broken: dict[str, str] = {}  # rooms whose log does not rebuild them: the reason
        #: The most agent asks one request answers (None: all); the rest are answered by :meth:`advance`.
        self.agent_budget: int | None = None
        self.running: dict[str, None] = {}  # the rooms whose agents stopped at their budget, oldest first
        self._tokens: dict[str, TokenRow] = {}
        self._create_lock = threading.Lock()
        self.cluster: Cluster | None = None  # set when several processes serve one PostgreSQL database
        self.recover()

    # --- opening and recovering ---------------------------------------------------------------
    def recover(self) -> None:
        """Check and rebuild every stored room from its log; a room whose log fails its checks (chain,
        token table, checkpoints, the witness) or does not rebuild is set aside in :attr:`broken` with
        the reason (the others are served; ``parley verify-log`` tells more), as is a room the witness
        saw that the database no longer holds."""
        anchors = self._anchors()
        for room_id, entries in self.store.all_entries():
            self._load(room_id, entries, anchors)
        seen = anchors.witness.rooms() if anchors.witness is not None else []
        for room_id in [*self.store.token_rooms(), *seen]:  # rooms whose log is gone
            if room_id not in self.rooms and room_id not in self.broken:
                self.broken[room_id] = "; ".join(room_problems(self.store, room_id, [], anchors))

    def _anchors(self) -> Anchors:
        """What the server holds outside the database: its witness's checkpoints and its key (a witness
        with no checkpoint yet is being started: the rooms are checked without it, then checkpointed)."""
        if self.witness is None:
            return Anchors()
        read = self.witness.read()
        return Anchors(witness=read if read.checkpoints or read.problems else None, key=self.witness.key)

    def _load(self, room_id: str, entries: list[LogEntry], anchors: Anchors) -> Room | None:
        """Check one room's log and rebuild the room (None, and the reason in :attr:`broken`, if its log
        fails a check); with a witness, a room loaded intact gets a checkpoint entry of its head."""
        problems = room_problems(self.store, room_id, entries, anchors) or replay_problems(room_id, entries)
        if problems:
            self.broken[room_id] = "; ".join(problems)
            return None
        room = Room(room_id, replay(entries), entries)
        self.rooms[room_id] = room
        self.note_running(room)  # its agents were playing on when the server stopped: they go on
        if self.witness is not None and room.head.kind != "checkpoint":
            self._checkpoint(room, self.witness.key)
        return room

    def checkpoint(self, room_id: str) -> Checkpoint:
        """Sign the room's head now (a ``checkpoint`` entry, witnessed) and return the signed head, for
        the facilitator to keep (``parley verify-log --expect-head``); 409 without a witness."""
        if self.witness is None:
            raise MoveRefusedError("this server keeps no witness (start it with --witness)", status=409)
        room = self.room(room_id)
        with room.lock:
            self._checkpoint(room, self.witness.key)
            return sign(self.witness.key, room.head, now())

    def _checkpoint(self, room: Room, key: bytes) -> None:
        """Append a ``checkpoint`` entry signing the room's head (the caller holds its lock)."""
        signed = sign(key, room.head, now())
        draft = Draft("server", None, None, CheckpointPayload(signed.seq, signed.hash, signed.at, signed.mac))
        self._apply(room, self._chain(room, [draft]))

    def build(self, setup: RoomSetup) -> Setting:
        """A new room's setting, its agents answering at most ``agent_budget`` asks (ValueError if the
        set-up is wrong); it touches nothing the rooms share, so the server builds it off its loop."""
        return build_setting(setup, setup.scenario_text(), self.agent_budget)

    def create(self, setup: RoomSetup, built: Setting | None = None) -> tuple[Room, dict[str, str]]:
        """Open a room (ValueError if the set-up is wrong) from its setting (``built``: :meth:`build`'s,
        else built here); the room and its join tokens by label."""
        text = setup.scenario_text()
        setting = built or self.build(setup)  # raises before anything is stored
        room_id = secrets.token_hex(8)
        tokens = {label: new_token() for label in _labels(setting, setup.observers)}
        rows = [_token_row(room_id, label, token) for label, token in tokens.items()]
        created = RoomCreatedPayload(setup, text, [TokenGrant(r.digest, r.role, r.party) for r in rows])
        facilitator = RoomRole.FACILITATOR.value
        first = seal(room_id, 0, created.kind, facilitator, None, None, created.to_json(), now(), GENESIS)
        room = Room(room_id, setting, [first])
        opening = self._chain(room, _engine_drafts(setting.table.record.events, 0))  # agents' first moves
        with self._create_lock:
            self.store.create_room([first, *opening], rows)
            if self.cluster is not None:
                self.cluster.take(room_id)  # a new id: nobody else can hold it
            room.log.extend(opening)
            room.index(opening)
            self.rooms[room_id] = room
        self.note_running(room)
        self._notify(room)
        return room, tokens

    def fork(self, room_id: str, request: ForkRequest) -> tuple[Room, dict[str, str]]:
        """A new room that replays ``room_id``'s first steps up to ``request.round``, then goes on with
        the seats the request names (a ValueError if the room runs one negotiation or is not there yet)."""
        return self.create(self.fork_setup(room_id, request))

    def fork_setup(self, room_id: str, request: ForkRequest) -> RoomSetup:
        """The set-up of :meth:`fork`'s new room (its table is then built, off the event loop if the
        caller likes, and opened with :meth:`create`)."""
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
        return RoomSetup.model_validate(fields)

    def room(self, room_id: str) -> Room:
        """The room (loaded, checked, on its first use if the database got it after the start);
        UnknownRoomError if there is none, BrokenRoomError if its log failed its checks."""
        found = self.rooms.get(room_id)
        if found is not None:
            return found
        with self._create_lock:
            found = self.rooms.get(room_id)
            if found is None and room_id not in self.broken:
                entries = self.store.entries(room_id)
                if not entries:
                    raise UnknownRoomError(room_id)
                found = self._load(room_id, entries, self._anchors())
        if found is None:
            raise BrokenRoomError(
                f"room {room_id!r} is not served: its log is broken: {self.broken[room_id]}", status=409
            )
        return found

    def verify(self, room_id: str) -> tuple[int, list[str]]:
        """Check the stored log of ``room_id`` as the server does at start (chain, token table, signed
        checkpoints, the witness, the replay): its length and what is wrong (nothing: it holds)."""
        entries = self.store.entries(room_id)
        problems = room_problems(self.store, room_id, entries, self._anchors())
        return len(entries), problems or replay_problems(room_id, entries)

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
        seen = room.by_client_id(client_id, role, party)
        if seen is not None:
            return self._retry(room, seen, party, ActionPayload(intent))
        table = room.setting.table
        before = len(table.record)
        try:
            events = table.act(party, intent, role, self.agent_budget)  # MoveRefusedError: nothing changed
        except AgentFailedError:
            room.setting = replay(room.log)  # the agents may remember the failed move: rebuild from the log
            raise
        action = Draft(role, party, room.stored_client_id(client_id, role, party), ActionPayload(intent))
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
            _check_settled(room)
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
            seen = room.by_client_id(client_id, role, party)
            if seen is not None:
                return self._retry(room, seen, party, payload)
            change(room)
            draft = Draft(role, party, room.stored_client_id(client_id, role, party), payload)
            return self._apply(room, self._chain(room, [draft]))

    def close(self, room_id: str, reason: str) -> Applied:
        """The facilitator closes the room: no more moves. A room whose agents still play on stops
        where they are; the entry says how many asks they had answered, so a replay stops there too."""
        room = self.room(room_id)
        with room.lock:
            table = room.setting.table
            if table.closed:
                return Applied([], True, room.head.seq)
            asks = table.agent_asks if table.running else None
            table.close()
            self.running.pop(room.id, None)
            draft = Draft(RoomRole.FACILITATOR.value, None, None, RoomClosedPayload(reason, asks))
            return self._apply(room, self._chain(room, [draft]))

    # --- agents that play on after a request ------------------------------------------------------
    def advance(self, room_id: str) -> Applied:
        """The next ``agent_budget`` asks of a :attr:`running` room's agents, answered and logged (no
        entries when it is not running)."""
        room = self.room(room_id)
        with room.lock:
            entries = self._agents_on(room)
            return self._apply(room, entries) if entries else Applied([], False, room.head.seq)

    async def advance_together(self, room_id: str) -> Applied:
        """:meth:`advance` for the server's event loop, its commit shared with the other rooms' changes
        (as :meth:`act_together`: the room waits meanwhile, and a cancelled caller does not cancel it)."""
        room = self.room(room_id)
        return await asyncio.shield(asyncio.ensure_future(self._advance_in_turn(room)))

    async def _advance_in_turn(self, room: Room) -> Applied:
        async with room.guard:
            with room.lock:
                entries = self._agents_on(room)
            if not entries:
                return Applied([], False, room.head.seq)
            try:
                await self.commits.append(entries)
            except Exception as error:
                with room.lock:
                    self._failed(room, error)
            with room.lock:
                return self._applied(room, entries)

    def _agents_on(self, room: Room) -> list[LogEntry]:
        """The entries of the agents' next asks (made on the table, not stored); a failing agent leaves
        the room stale and out of :attr:`running` (AgentFailedError)."""
        table = room.setting.table
        before = len(table.record)
        try:
            events = table.resume(self.agent_budget)
        except AgentFailedError:
            self.running.pop(room.id, None)
            raise
        if not table.running:
            self.running.pop(room.id, None)
        return self._chain(room, _engine_drafts(events, before))

    def note_running(self, room: Room) -> None:
        """Queue ``room`` for :meth:`advance` if its agents stopped at their budget (and this process
        serves it)."""
        if self.cluster is not None and not self.cluster.holds(room.id):
            return
        if room.setting.table.running:
            self.running.setdefault(room.id, None)

    # --- tokens -----------------------------------------------------------------------------------
    def caller(self, token: str) -> Caller | None:
        """The room role a token grants, if it is one of the stored tokens."""
        key = digest(token)
        row = self._tokens.get(key)
        if row is None:
            row = self.store.token(key)
            if row is None or not self._granted(row):
                return None
            self._tokens[key] = row
        role = RoomRole(row.role.split(":")[0]) if ":" in row.role else RoomRole(row.role)
        return Caller(role, row.room, row.party)

    def _granted(self, row: TokenRow) -> bool:
        """Whether a stored token is one its room's checked log granted and did not revoke (a row edited
        in the database grants nothing); a room not loaded, or opened before its log recorded its tokens,
        is taken at its token table's word (a broken room is refused when entered)."""
        room = self.rooms.get(row.room)
        logged = None if room is None else logged_grants(room.log)
        if logged is None:
            return True
        granted, revoked = logged
        return granted.get(row.digest) == (row.role, row.party) and row.digest not in revoked

    def reissue(self, room_id: str, label: str) -> str:
        """A new join token for ``label`` (``delegation:North``, ``observer:1``…); the label's earlier
        tokens stop working at once. A KeyError for a label the room does not have. The new grant and
        the revocations are a ``link`` entry of the log, stored with the token tables' rows."""
        room = self.room(room_id)
        if label not in _labels(room.setting, room.setting.setup.observers):
            raise KeyError(label)
        token = new_token()
        row = _token_row(room_id, label, token)
        with room.lock:
            old = self.store.tokens_of(room_id, row.role, row.party)
            link = LinkPayload(TokenGrant(row.digest, row.role, row.party), list(old))
            entries = self._chain(room, [Draft(RoomRole.FACILITATOR.value, None, None, link)])
            self.store.replace_tokens(old, row, now(), entries)
            self._applied(room, entries)
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
        self.rebuild(room)
        if isinstance(error, IntegrityError):  # another writer got there first
            raise MoveRefusedError(
                "the room changed meanwhile (another server wrote to it); reload and retry"
            )
        raise error

    def _applied(self, room: Room, entries: list[LogEntry]) -> Applied:
        """``entries`` are committed: extend the room's log and tell the listeners."""
        room.log.extend(entries)
        room.index(entries)
        self.note_running(room)
        self._notify(room)
        return Applied(entries, False, room.head.seq)

    def rebuild(self, room: Room) -> None:
        """Rebuild ``room`` from its stored log (the caller holds its lock)."""
        entries = self.store.entries(room.id)
        room.setting = replay(entries)
        room.log = entries
        room.clients, room.answered, room.messages = {}, {}, []
        room.taken, room.public_seq, room.private_tail = set(), 0, []
        room.behind = False
        room.index(entries)

    def _retry(self, room: Room, seen: LogEntry, party: str | None, payload: Payload) -> Applied:
        """A client id seen before: the same request (the same party's same move, or the same note) is
        acknowledged again, a different one refused."""
        if (seen.party, payload_of(seen)) != (party, payload):
            raise ClientIdReusedError("this client id was already used for a different request", status=409)
        return Applied([], True, room.answered.get(seen.client_id or "", seen.seq))

    def publish(self, room: Room) -> None:
        """Tell the listeners (live streams, the cluster) that ``room``'s log grew."""
        self._notify(room)

    def _notify(self, room: Room) -> None:
        for listener in list(self.listeners):
            listener(room.id, room.head.seq)


def _check_settled(room: Room) -> None:
    """Refuse (409) a change while the room's agents are still playing: it would land in the middle of
    their moves, where a replay (which lets them play to the end first) would not put it."""
    table = room.setting.table
    if table.running:
        raise MoveRefusedError(f"the agents are still playing (round {table.round}); wait for them")


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
