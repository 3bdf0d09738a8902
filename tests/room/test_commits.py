"""Group commit and the table's bounded memories: shared transactions, each change still committed
before its answer, a failing change failing alone; remembered packages forgotten without harm."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

import parley.room.table as table_module
from parley.room.chain import GENESIS, LogEntry, seal, verify_chain
from parley.room.commits import GroupCommit
from parley.room.person import Action, Intent
from parley.room.setup import RoomSetup, build_setting
from parley.room.store import Store


def entry(room: str, seq: int, previous: str) -> LogEntry:
    return seal(room, seq, "note", "facilitator", None, f"c{seq}", {"text": "x"}, "t", previous)


def first(room: str) -> LogEntry:
    return seal(room, 0, "room_created", "facilitator", None, None, {}, "t", GENESIS)


def test_changes_made_together_share_one_transaction(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'rooms.db'}")
    rooms = [f"r{i}" for i in range(10)]
    heads = [first(room) for room in rooms]
    for head in heads:
        store.append([head])
    commits = GroupCommit(store)

    async def together() -> None:
        await asyncio.gather(*(commits.append([entry(h.room, 1, h.hash)]) for h in heads))

    asyncio.run(together())
    assert commits.batches == 1 and commits.changes == 10
    for room in rooms:
        assert len(store.entries(room)) == 2 and verify_chain(room, store.entries(room)) == []


def test_a_conflicting_change_fails_alone(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'rooms.db'}")
    a, b = first("a"), first("b")
    store.append([a, b, entry("a", 1, a.hash)])  # room a's entry 1 is already taken
    commits = GroupCommit(store)

    async def together() -> list[BaseException | None]:
        results = await asyncio.gather(
            commits.append([entry("a", 1, a.hash)]),
            commits.append([entry("b", 1, b.hash)]),
            return_exceptions=True,
        )
        return list(results)

    clash, fine = asyncio.run(together())
    assert clash is not None and "UNIQUE" in str(clash).upper()
    assert fine is None and len(store.entries("b")) == 2


def test_a_table_forgets_remembered_packages_without_harm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(table_module, "REMEMBERED", 1)
    setup = RoomSetup(scenario="ceasefire", limited_powers=True, process=False)
    table = build_setting(setup, setup.scenario_text()).table
    packages = [(1, 0, 5, 0, 2, 1), (2, 1, 5, 3, 1, 2), (1, 0, 6, 0, 2, 1), (2, 1, 4, 3, 1, 2)]
    for package in packages:
        assert table.awaited is not None
        table.act(table.awaited.party, Intent(Action.OFFER, package))
    assert len(table._feasible) <= 2 and len(table._utilities) <= 2
    assert [event.outcome for event in table.record.offers()] == packages


def test_a_move_whose_request_is_cancelled_is_still_committed_and_kept_in_step(tmp_path: Path) -> None:
    from parley.room.service import RoomService
    from parley.room.setup import RoomSetup as Setup

    service = RoomService(Store(f"sqlite:///{tmp_path / 'rooms.db'}"))
    room, _ = service.create(Setup(scenario="ceasefire", limited_powers=False, process=False))

    async def cancelled_then_next() -> None:
        move = asyncio.ensure_future(
            service.act_together(room.id, "North", "m1", Intent(Action.OFFER, (1, 0, 5, 0, 2, 1)))
        )
        await asyncio.sleep(0)  # the move is made and waits for its commit
        move.cancel()
        with pytest.raises(asyncio.CancelledError):
            await move
        await asyncio.sleep(0)  # the flush runs
        await service.act_together(room.id, "South", "m2", Intent(Action.ACCEPT))

    asyncio.run(cancelled_then_next())
    stored = service.store.entries(room.id)
    assert [e.client_id for e in stored if e.kind == "action"] == ["m1", "m2"]
    assert stored == service.room(room.id).log and verify_chain(room.id, stored) == []
    assert service.room(room.id).setting.table.state.agreement == (1, 0, 5, 0, 2, 1)
