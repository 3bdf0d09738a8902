"""Rebuilding a room from its log: a replayed log gives the same state (record, who is awaited, the moves
still pending), for random sequences of moves under every protocol, with persons and agents; a log that
does not replay to itself is reported."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from parley.negotiators import NEGOTIATORS, Negotiator, Response, View
from parley.room.access import Caller, RoomRole
from parley.room.chain import LogEntry, seal, verify_chain
from parley.room.person import Action, Intent
from parley.room.replay import ReplayError, event_payload, replay
from parley.room.service import RoomService
from parley.room.setup import RoomSetup, SeatSetup, Setting
from parley.room.store import Store
from parley.room.table import ALLOWED, AgentFailedError, MoveRefusedError, Table
from tests.strategies import PROPERTY

SETUPS = [
    # (scenario, seats): both persons, a person beside a strategy, a person beside a mandate's envoy
    ("ceasefire", {}),
    ("ceasefire", {"South": SeatSetup(kind="agent", strategy="boulware")}),
    ("ceasefire", {"North": SeatSetup(kind="agent")}),
    ("textbook-logroll", {}),
    ("textbook-logroll", {"Beta": SeatSetup(kind="agent", strategy="tit-for-tat")}),
]
PROTOCOLS = ["alternating", "simultaneous", "single-text"]
#: How often each allowed action is drawn, relative to the others.
WEIGHTS = {Action.OFFER: 6, Action.REJECT: 6, Action.REFER_BACK: 2, Action.ACCEPT: 2, Action.WALK_AWAY: 1}
REPLAY_PROPERTY = settings(
    PROPERTY,
    max_examples=40,
    suppress_health_check=[*PROPERTY.suppress_health_check, HealthCheck.function_scoped_fixture],
)


@pytest.fixture
def service(database_url: str) -> Iterator[RoomService]:
    """A room service on a fresh database (each example opens its own rooms in it)."""
    opened = RoomService(Store(database_url))
    yield opened
    opened.store.close()


def state_of(setting: Setting) -> dict[str, Any]:
    """Everything a room's table shows: the record, who is awaited and how, the pending moves, the end."""
    table = setting.table
    awaited = table.awaited
    return {
        "record": [event_payload(event) for event in table.record],
        "awaited": None
        if awaited is None
        else (
            awaited.party,
            awaited.kind,
            awaited.offer,
            [event_payload(event) for event in awaited.record],
            awaited.round,
            awaited.time,
        ),
        "pending": {party: table.pending(party) for party in setting.parties},
        "done": table.done,
        "closed": table.closed,
        "ending": table.state.ending,
        "agreement": table.state.agreement,
        "round": table.state.round,
    }


@st.composite
def legal_intents(draw: st.DrawFn, table: Table, feasible: list[tuple[int, ...]]) -> Intent:
    """A move the awaited party may make (accepting and walking away are rarer, so that talks go on)."""
    assert table.awaited is not None
    allowed = ALLOWED[(table.awaited.kind, table.alternating)]
    weighted = [a for a in Action if a in allowed for _ in range(WEIGHTS[a])]
    action = draw(st.sampled_from(weighted))
    package = draw(st.sampled_from(feasible))
    if action is Action.OFFER or (action is Action.REJECT and table.alternating):
        return Intent(action, package)
    if action is Action.REFER_BACK and draw(st.booleans()):
        return Intent(action, package)
    return Intent(action)


@st.composite
def any_intents(draw: st.DrawFn, sizes: tuple[int, ...]) -> Intent:
    """Any move at all: an action, and a package that may be out of range, infeasible or missing."""
    action = draw(st.sampled_from(list(Action)))
    package = draw(
        st.none()
        | st.tuples(*(st.integers(0, n - 1) for n in sizes))
        | st.lists(st.integers(-1, 12), max_size=7)
    )
    return Intent(action, None if package is None else tuple(package))


@REPLAY_PROPERTY
@given(
    data=st.data(),
    choice=st.sampled_from(SETUPS),
    protocol=st.sampled_from(PROTOCOLS),
    rounds=st.sampled_from([2, 4, 20]),
    seed=st.integers(0, 3),
)
def test_a_replayed_log_gives_the_same_state(
    service: RoomService,
    data: st.DataObject,
    choice: tuple[str, dict[str, SeatSetup]],
    protocol: str,
    rounds: int,
    seed: int,
) -> None:
    scenario, seats = choice
    fields = {"scenario": scenario, "protocol": protocol, "rounds": rounds, "seed": seed, "seats": seats}
    fields["process"] = False  # one negotiation under each protocol (process rooms: test_process_room)
    room, _tokens = service.create(RoomSetup.model_validate(fields))
    table = room.setting.table
    parties = list(room.setting.parties)
    space = room.setting.scenario.space
    sizes = tuple(int(n) for n in space.sizes)
    feasible = [tuple(int(i) for i in row) for row in space.all_outcomes()]
    client_ids = (f"c{i}" for i in itertools.count())
    sent: list[tuple[str, str, Intent]] = []
    after_the_end = 0
    for _ in range(30):
        after_the_end += table.done
        if after_the_end > 2:  # a few moves after the end (refused), then stop
            break
        kind = data.draw(st.sampled_from(["move"] * 24 + ["retry"] * 2 + ["note", "close"]), label="kind")
        if kind == "note":
            caller = Caller(RoomRole.DELEGATION, room.id, data.draw(st.sampled_from(parties)))
            service.note(room.id, caller, next(client_ids), "a note", data.draw(st.booleans()))
        elif kind == "close":
            service.close(room.id, "enough")
        elif kind == "retry" and sent:
            party, client_id, intent = data.draw(st.sampled_from(sent), label="retried")
            assert service.act(room.id, party, client_id, intent).duplicate
        else:
            if table.awaited is not None and data.draw(st.integers(0, 4), label="legal?"):
                party = table.awaited.party
                intent = data.draw(legal_intents(table, feasible), label=f"{party}'s move")
            else:
                party = data.draw(st.sampled_from(parties), label="mover")
                intent = data.draw(any_intents(sizes), label=f"{party}'s move")
            client_id = next(client_ids)
            length = len(room.log)
            try:
                applied = service.act(room.id, party, client_id, intent)
            except MoveRefusedError:
                assert len(room.log) == length  # a refused move leaves no trace
                continue
            assert applied.entries and applied.entries[0].client_id == client_id
            sent.append((party, client_id, intent))
        table = room.setting.table

    event(f"{len(sent)} moves applied" if len(sent) < 5 else "5+ moves applied")
    event(f"ending: {table.state.ending}, closed: {table.closed}")
    entries = service.store.entries(room.id)
    assert entries == room.log  # memory never runs ahead of (or behind) the database
    assert verify_chain(room.id, entries) == []
    assert state_of(replay(entries)) == state_of(room.setting)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_a_restarted_service_rebuilds_every_room(database_url: str, protocol: str) -> None:
    first = RoomService(Store(database_url))
    setups = [{"protocol": protocol}, {"protocol": protocol, "seats": {"South": {"kind": "agent"}}}]
    rooms = [
        first.create(RoomSetup.model_validate({"scenario": "ceasefire", "process": False, **s}))[0]
        for s in setups
    ]
    for room in rooms:
        awaited = room.setting.table.awaited
        assert awaited is not None and awaited.party == "North"
        package = (1, 0, 5, 0, 2, 1)
        if awaited.kind == "propose" or protocol == "alternating":
            first.act(room.id, "North", "m1", Intent(Action.OFFER, package))
        else:
            first.act(room.id, "North", "m1", Intent(Action.REJECT))
    first.note(rooms[0].id, Caller(RoomRole.MEDIATOR, rooms[0].id), "n1", "a note", True)
    first.close(rooms[1].id, "done")
    first.store.close()
    second = RoomService(Store(database_url))
    try:
        assert list(second.rooms) == [room.id for room in rooms]
        for room in rooms:
            again = second.room(room.id)
            assert again.log == room.log
            assert state_of(again.setting) == state_of(room.setting)
            assert again.by_client_id("m1") == room.by_client_id("m1")
        assert second.room(rooms[1].id).setting.table.closed
    finally:
        second.store.close()


class Flaky(Negotiator):
    """Counts its calls and proposes by the count; fails when asked to answer FLAKY_OFFER (counted first)."""

    name = "flaky"

    def start(self, view: View, rng: np.random.Generator) -> None:
        super().start(view, rng)
        self.calls, self.packages = 0, view.space.all_outcomes()

    def propose(self, view: View) -> np.ndarray | None:
        self.calls += 1
        return np.asarray(self.packages[self.calls % len(self.packages)])

    def respond(self, view: View, offer: np.ndarray) -> Response:
        self.calls += 1
        if tuple(int(i) for i in offer) == FLAKY_OFFER:
            raise RuntimeError("flaky")
        return Response.REJECT


FLAKY_OFFER = (1, 0, 5, 0, 2, 1)


def test_a_room_whose_agent_failed_is_rebuilt_from_its_log(
    service: RoomService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The failed move is not logged, and the agent's memory of it goes with the rebuilt table: the room
    goes on as its log replays (without the rebuild, the agent's count would be one ahead of a replay's)."""
    monkeypatch.setitem(NEGOTIATORS, "flaky", Flaky)
    seats = {"South": SeatSetup(kind="agent", strategy="flaky")}
    room, _ = service.create(
        RoomSetup(scenario="ceasefire", limited_powers=False, seats=seats, process=False)
    )
    length = len(room.log)
    with pytest.raises(AgentFailedError, match=r"an agent at this table failed \(RuntimeError: flaky\)"):
        service.act(room.id, "North", "m1", Intent(Action.OFFER, FLAKY_OFFER))
    assert len(room.log) == length and not room.setting.table.stale
    service.act(room.id, "North", "m2", Intent(Action.OFFER, (2, 1, 5, 3, 1, 2)))
    service.act(room.id, "North", "m3", Intent(Action.OFFER, (2, 1, 5, 3, 1, 2)))
    assert state_of(replay(room.log)) == state_of(room.setting)


# --- logs that do not rebuild their room --------------------------------------------------------------------
def opened_log(service: RoomService) -> list[LogEntry]:
    room, _ = service.create(RoomSetup(scenario="ceasefire", process=False))
    service.act(room.id, "North", "m1", Intent(Action.OFFER, (1, 0, 5, 0, 2, 1)))
    service.act(room.id, "South", "m2", Intent(Action.REJECT, (2, 1, 5, 3, 1, 2)))
    return list(room.log)


def resealed(entries: list[LogEntry], at: int, **changes: Any) -> list[LogEntry]:
    """``entries`` with entry ``at`` changed and the chain sealed again from there (a forger's log)."""
    out = list(entries[:at])
    for i, entry in enumerate(entries[at:]):
        entry = dataclasses.replace(entry, **changes) if i == 0 else entry
        previous = out[-1].hash
        fields = (entry.kind, entry.role, entry.party, entry.client_id, entry.payload, entry.at)
        out.append(seal(entry.room, entry.seq, *fields, previous))
    return out


def test_a_log_without_its_first_entry_does_not_replay(service: RoomService) -> None:
    with pytest.raises(ReplayError, match="must start with its room_created entry"):
        replay(opened_log(service)[1:])
    with pytest.raises(ReplayError, match="must start with its room_created entry"):
        replay([])


def test_a_forged_engine_event_is_found_even_with_a_valid_chain(service: RoomService) -> None:
    entries = opened_log(service)
    engine = next(i for i, e in enumerate(entries) if e.kind == "engine")
    payload = {**entries[engine].payload, "event": {**entries[engine].payload["event"], "party": "South"}}
    forged = resealed(entries, engine, payload=payload)
    assert verify_chain(entries[0].room, forged) == []
    with pytest.raises(ReplayError, match=r"the log does not replay to itself \(event 0\)"):
        replay(forged)


def test_a_dropped_engine_event_is_found_even_with_a_valid_chain(service: RoomService) -> None:
    """Cutting the log's tail keeps the chain valid, but the move before it no longer matches its events."""
    entries = opened_log(service)
    assert [e.kind for e in entries[-3:]] == ["action", "engine", "engine"]
    assert verify_chain(entries[0].room, entries[:-1]) == []
    with pytest.raises(ReplayError, match=r"\(2 logged events vs 3 replayed\)"):
        replay(entries[:-1])


def test_a_move_the_table_refuses_does_not_replay(service: RoomService) -> None:
    entries = opened_log(service)
    action = next(i for i, e in enumerate(entries) if e.kind == "action")
    forged = resealed(entries, action, party="South")  # South never had the first move
    assert verify_chain(entries[0].room, forged) == []
    with pytest.raises(MoveRefusedError, match="it is not South's move"):
        replay(forged)
