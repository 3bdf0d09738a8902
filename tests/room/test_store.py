"""The room store: append-only entries and hashed tokens, with the database itself refusing a forked log
(unique ``(room, seq)``) or a doubled request (unique ``(room, client_id)``). Runs on SQLite and, with
PARLEY_TEST_PG_URL set, on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from parley.room.access import digest
from parley.room.chain import GENESIS, LogEntry, seal, verify_chain
from parley.room.store import EVENTS, TOKENS, Store, TokenRow, engine_url


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = Store(database_url)
    yield opened
    opened.close()


def first_entry(room: str) -> LogEntry:
    return seal(room, 0, "room_created", "facilitator", None, None, {"setup": {"title": room}}, "t0", GENESIS)


def after(
    entry: LogEntry, client_id: str | None = None, payload: dict[str, object] | None = None
) -> LogEntry:
    """The entry that follows ``entry`` (an action when ``client_id`` is given, else an engine event)."""
    kind, role = ("action", "delegation") if client_id else ("engine", "engine")
    body = payload if payload is not None else {"after": entry.seq, "values": [1.5, "é", None, True]}
    return seal(entry.room, entry.seq + 1, kind, role, "A", client_id, body, "t", entry.hash)


def tokens(room: str) -> list[TokenRow]:
    return [
        TokenRow(digest(f"{room}-facilitator"), room, "facilitator", None),
        TokenRow(digest(f"{room}-north"), room, "delegation", "North"),
    ]


def opened_room(store: Store, room: str, length: int = 3) -> list[LogEntry]:
    """A room with ``length`` entries stored (the first with the tokens, the rest appended together)."""
    entries = [first_entry(room)]
    store.create_room(entries[:1], tokens(room))
    for i in range(1, length):
        entries.append(after(entries[-1], client_id=f"c{i}" if i % 2 else None))
    store.append(entries[1:])
    return entries


def test_engine_url_uses_psycopg_for_postgresql() -> None:
    assert engine_url("postgresql://u@h:5/db") == "postgresql+psycopg://u@h:5/db"
    assert engine_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert engine_url("sqlite:///x.db") == "sqlite:///x.db"
    assert engine_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"


def test_entries_come_back_as_stored_in_order(store: Store) -> None:
    entries = opened_room(store, "room-a", 5)
    assert store.entries("room-a") == entries
    assert verify_chain("room-a", store.entries("room-a")) == []
    assert store.entries("no-such-room") == []


def test_rooms_are_listed_oldest_first_with_their_logs(store: Store) -> None:
    a = opened_room(store, "zz-first", 2)
    b = opened_room(store, "aa-second", 3)
    store.append([after(a[-1])])  # a later entry of the older room does not reorder the rooms
    assert store.rooms() == ["zz-first", "aa-second"]
    logs = dict(store.all_entries())
    assert [len(logs["zz-first"]), len(logs["aa-second"])] == [3, 3]
    assert logs["aa-second"] == b


def test_tokens_are_found_by_digest_only(store: Store) -> None:
    opened_room(store, "room-a")
    row = store.token(digest("room-a-north"))
    assert row == TokenRow(digest("room-a-north"), "room-a", "delegation", "North")
    assert store.token("room-a-north") is None  # the token itself is never a key
    assert store.token(digest("unknown")) is None


def test_the_database_never_holds_a_token_in_clear(store: Store) -> None:
    opened_room(store, "room-a")
    with store.engine.connect() as connection:
        stored = [tuple(row) for row in connection.execute(sa.select(TOKENS))]
    assert stored and all("room-a-north" not in str(row) for row in stored)


def test_a_second_entry_at_the_same_position_is_refused_by_the_database(store: Store) -> None:
    """Two writers that both append entry 3 cannot fork the log: the second insert fails."""
    entries = opened_room(store, "room-a", 3)
    fork_one = after(entries[-1], payload={"writer": 1})
    fork_two = after(entries[-1], payload={"writer": 2})
    store.append([fork_one])
    with pytest.raises(IntegrityError):
        store.append([fork_two])
    assert store.entries("room-a") == [*entries, fork_one]


def test_the_same_position_in_another_room_is_fine(store: Store) -> None:
    opened_room(store, "room-a", 2)
    opened_room(store, "room-b", 2)
    assert len(store.entries("room-a")) == len(store.entries("room-b")) == 2


def test_a_client_id_is_used_once_per_room_by_the_database(store: Store) -> None:
    entries = opened_room(store, "room-a", 2)  # entry 1 used client id "c1"
    reused = after(entries[-1], client_id="c1")
    with pytest.raises(IntegrityError):
        store.append([reused])
    other = opened_room(store, "room-b", 1)
    store.append([after(other[-1], client_id="c1")])  # another room may use it
    assert [e.client_id for e in store.entries("room-b")] == [None, "c1"]


def test_engine_entries_without_client_ids_do_not_collide(store: Store) -> None:
    last = opened_room(store, "room-a", 1)[-1]
    more = []
    for _ in range(3):
        last = after(last)
        more.append(last)
    store.append(more)
    assert [e.client_id for e in store.entries("room-a")] == [None, None, None, None]


def test_an_append_is_all_or_nothing(store: Store) -> None:
    entries = opened_room(store, "room-a", 2)
    good = after(entries[-1])
    clash = after(good, client_id="c1")  # client id already used: the whole batch is refused
    with pytest.raises(IntegrityError):
        store.append([good, clash])
    assert store.entries("room-a") == entries


def test_opening_a_room_twice_stores_neither_its_tokens_nor_its_entry(store: Store) -> None:
    opened_room(store, "room-a", 1)
    again = first_entry("room-a")
    fresh_tokens = [TokenRow(digest("fresh"), "room-a", "observer", None)]
    with pytest.raises(IntegrityError):
        store.create_room([again], fresh_tokens)
    assert store.token(digest("fresh")) is None


def test_a_token_digest_is_unique(store: Store) -> None:
    opened_room(store, "room-a", 1)
    with pytest.raises(IntegrityError):
        store.create_room([first_entry("room-b")], tokens("room-a"))
    assert store.rooms() == ["room-a"]


def test_appending_nothing_is_a_no_op(store: Store) -> None:
    opened_room(store, "room-a", 1)
    store.append([])
    assert len(store.entries("room-a")) == 1


def test_a_second_store_on_the_same_database_sees_the_entries(database_url: str) -> None:
    first = Store(database_url)
    entries = opened_room(first, "room-a", 3)
    first.close()
    second = Store(database_url)  # the tables exist already: create_all leaves them alone
    try:
        assert second.entries("room-a") == entries
        assert second.token(digest("room-a-facilitator")) is not None
    finally:
        second.close()


def test_stored_payloads_are_canonical_json(store: Store) -> None:
    opened_room(store, "room-a", 2)
    with store.engine.connect() as connection:
        payloads = [row.payload for row in connection.execute(sa.select(EVENTS.c.payload))]
    assert payloads[0] == '{"setup":{"title":"room-a"}}'
    assert " " not in payloads[1] and '"é"' in payloads[1]
