"""``parley verify-log``: an intact room database passes, a tampered one fails naming the room and the entry,
and a database that cannot be opened is a clean error (exit 2, one line, no traceback)."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parley.cli.app import app
from parley.room.chain import canonical_json, seal
from parley.room.person import Action, Intent
from parley.room.service import RoomService
from parley.room.setup import RoomSetup
from parley.room.store import Store

runner = CliRunner()
P = (1, 0, 5, 0, 2, 1)
Q = (2, 1, 5, 3, 1, 2)


def flat(text: str) -> str:
    """The output with its line wrapping undone (the console wraps at its width)."""
    return " ".join(text.split())


@pytest.fixture
def database(tmp_path: Path) -> tuple[str, Path, list[str]]:
    """A SQLite room database with two rooms that have seen some moves: its URL, file and room ids."""
    path = tmp_path / "rooms.db"
    url = f"sqlite:///{path}"
    service = RoomService(Store(url))
    first, _ = service.create(RoomSetup(scenario="ceasefire", process=False))
    service.act(first.id, "North", "m1", Intent(Action.OFFER, P))
    service.act(first.id, "South", "m2", Intent(Action.REJECT, Q))
    second, _ = service.create(
        RoomSetup.model_validate({"scenario": "textbook-split", "protocol": "simultaneous"})
    )
    service.act(second.id, "Alpha", "m1", Intent(Action.OFFER, (5,)))
    service.store.close()
    return url, path, [first.id, second.id]


def verify(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["verify-log", *args])
    return result.exit_code, flat(result.output)


def test_an_intact_database_passes(database: tuple[str, Path, list[str]]) -> None:
    url, _, rooms = database
    code, output = verify("--database", url)
    assert code == 0, output
    assert f"ok room {rooms[0]}: 6 entries, chain intact" in output
    assert f"ok room {rooms[1]}: 2 entries, chain intact" in output
    assert "2 rooms checked, 0 broken" in output
    assert "BROKEN" not in output


def test_one_room_can_be_checked(database: tuple[str, Path, list[str]]) -> None:
    url, _, rooms = database
    code, output = verify("--database", url, "--room", rooms[1], "--no-replay")
    assert code == 0 and rooms[0] not in output and "1 rooms checked, 0 broken" in output


def test_an_unknown_room_is_an_error(database: tuple[str, Path, list[str]]) -> None:
    url, _, _ = database
    code, output = verify("--database", url, "--room", "nosuchroom")
    assert code == 2
    assert f"error: no room 'nosuchroom' in {url}" in output


def tamper(path: Path, sql: str, *params: object) -> None:
    with sqlite3.connect(path) as connection:
        assert connection.execute(sql, params).rowcount >= 1


def test_an_altered_entry_is_found_and_named(database: tuple[str, Path, list[str]]) -> None:
    url, path, rooms = database
    tamper(
        path,
        "UPDATE room_events SET payload = ? WHERE room = ? AND seq = 1",
        '{"intent":{"action":"offer","package":[2,1,5,3,1,2]}}',
        rooms[0],
    )
    code, output = verify("--database", url)
    assert code == 1, output
    assert f"BROKEN room {rooms[0]}, entry 1: its content does not match its hash (altered)" in output
    assert f"ok room {rooms[1]}" in output  # the other room is still fine
    assert "2 rooms checked, 1 broken" in output


def test_a_deleted_entry_is_found_and_named(database: tuple[str, Path, list[str]]) -> None:
    url, path, rooms = database
    tamper(path, "DELETE FROM room_events WHERE room = ? AND seq = 3", rooms[0])
    code, output = verify("--database", url)
    assert code == 1
    assert f"BROKEN room {rooms[0]}, entry 4: expected entry 3 (entries missing)" in output
    assert f"BROKEN room {rooms[0]}, entry 4: does not link to the entry before it" in output


def test_a_resealed_forgery_is_found_by_the_replay(database: tuple[str, Path, list[str]]) -> None:
    """A forger who recomputes every hash keeps the chain valid, but the log no longer replays."""
    url, path, rooms = database
    store = Store(url)
    entries = store.entries(rooms[0])
    store.close()
    forged = [*entries[:2]]
    for entry in entries[2:]:
        if entry.kind == "engine" and entry.payload["index"] == 0:  # North's offer, said to be South's
            event = {**entry.payload["event"], "party": "South"}
            entry = dataclasses.replace(entry, payload={**entry.payload, "event": event})
        fields = (entry.kind, entry.role, entry.party, entry.client_id, entry.payload, entry.at)
        forged.append(seal(entry.room, entry.seq, *fields, forged[-1].hash))
    with sqlite3.connect(path) as connection:
        for entry in forged[2:]:
            connection.execute(
                "UPDATE room_events SET payload = ?, prev_hash = ?, hash = ? WHERE room = ? AND seq = ?",
                (canonical_json(entry.payload), entry.prev_hash, entry.hash, entry.room, entry.seq),
            )
    assert verify("--database", url, "--no-replay")[0] == 0  # the chain alone looks intact
    code, output = verify("--database", url)
    assert code == 1
    replay_problem = f"room {rooms[0]}: the log does not replay to itself (event 0)"
    assert f"BROKEN room {rooms[0]}: does not replay: {replay_problem}" in output


@pytest.mark.parametrize(
    "url",
    [
        "nosuchdialect://somewhere/db",
        "not a database url",
        "sqlite:////nonexistent-folder/deeper/rooms.db",
        "postgresql://nobody@127.0.0.1:1/rooms",  # nothing listens on port 1
    ],
)
def test_a_database_that_cannot_be_opened_is_a_clean_error(url: str) -> None:
    result = runner.invoke(app, ["verify-log", "--database", url])
    assert result.exit_code == 2
    output = flat(result.output)
    assert output.startswith(f"error: cannot open the room database {url}:")
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_missing_sqlite_file_is_an_error_not_an_empty_database(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    code, output = verify("--database", f"sqlite:///{missing}")
    assert not missing.exists()
    assert code == 2, output


def test_a_database_password_is_never_printed() -> None:
    code, output = verify("--database", "postgresql://parley:hunter2@127.0.0.1:1/rooms")
    assert code == 2
    assert "hunter2" not in output


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--database", "sqlite:///x.db"], "several processes need a PostgreSQL database"),
        (["--database", "postgresql://u@h/db", "--witness", "w.jsonl", "--log-key-file", "k"], "--witness"),
        (["--database", "postgresql://u@h/db", "--advertise-url", "10.0.0.5:8001"], "http(s)://"),
    ],
    ids=["sqlite", "witness", "not a url"],
)
def test_serve_refuses_several_processes_where_they_cannot_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("PARLEY_WITNESS", "PARLEY_LOG_KEY_FILE"):  # restored after the test, whatever serve sets
        monkeypatch.delenv(name, raising=False)
    args = ["serve", "--advertise-url", "http://127.0.0.1:8001", *extra]
    result = runner.invoke(app, args, env={"PARLEY_FACILITATOR_KEY": "k" * 20})
    assert result.exit_code == 2, result.output
    assert message in result.output
