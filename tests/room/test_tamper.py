"""The tampering matrix: every way of altering a room database, checked without and with the witness (the
signed checkpoints the server appends to a file outside the database), exactly as docs/room.md states,
and the server refusing, when it loads them, the rooms whose alteration it can see."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from parley.cli.app import app
from parley.room import create_app
from parley.room.access import Caller, RoomRole
from parley.room.chain import GENESIS, LogEntry, canonical_json, seal
from parley.room.person import Action, Intent
from parley.room.service import BrokenRoomError, RoomService
from parley.room.setup import RoomSetup
from parley.room.store import Store
from parley.room.verify import Anchors, verify_all
from parley.room.witness import Witness, load_key, read_witness
from tests.room.conftest import KEY, bearer

P = (1, 0, 5, 0, 2, 1)
Q = (2, 1, 5, 3, 1, 2)
runner = CliRunner()


@dataclass(frozen=True)
class Database:
    """A SQLite room database written by a witnessed server: the tampered room, an untouched one."""

    url: str
    path: Path
    room: str
    other: str
    tokens: dict[str, str]
    witness: Path
    key_file: Path

    @property
    def key(self) -> bytes:
        return load_key(self.key_file, create=False, env={})

    def server(self, witnessed: bool = True) -> RoomService:
        """A server started on the database (with its witness, or none)."""
        return RoomService(Store(self.url), Witness(self.witness, self.key) if witnessed else None)


@pytest.fixture
def database(tmp_path: Path) -> Database:
    path = tmp_path / "rooms.db"
    url = f"sqlite:///{path}"
    key_file, witness = tmp_path / "log.key", tmp_path / "witness.jsonl"
    service = RoomService(Store(url), Witness(witness, load_key(key_file, create=True, env={})))
    room, tokens = service.create(RoomSetup(scenario="ceasefire", process=False, observers=1))
    service.act(room.id, "North", "m1", Intent(Action.OFFER, P))
    service.note(room.id, Caller(RoomRole.DELEGATION, room.id, "North"), "n1", "hold firm", False)
    service.act(room.id, "South", "m2", Intent(Action.REJECT, Q))
    other, _ = service.create(RoomSetup(scenario="ceasefire", process=False))
    service.store.close()
    return Database(url, path, room.id, other.id, tokens, witness, key_file)


def sql(database: Database, statement: str, *params: object) -> None:
    """Run one statement on the database file directly (as someone with the file would)."""
    with sqlite3.connect(database.path) as connection:
        assert connection.execute(statement, params).rowcount >= 1
    connection.close()


def entries(database: Database) -> list[LogEntry]:
    store = Store(database.url)
    found = store.entries(database.room)
    store.close()
    return found


def rewrite(database: Database, log: list[LogEntry]) -> None:
    """Replace the room's log by ``log``, every hash recomputed (a forger who knows the format)."""
    previous, sealed = GENESIS, []
    for entry in log:
        content = (entry.kind, entry.role, entry.party, entry.client_id, entry.payload, entry.at)
        sealed.append(seal(entry.room, entry.seq, *content, previous))
        previous = sealed[-1].hash
    with sqlite3.connect(database.path) as connection:
        for entry in sealed:
            connection.execute(
                "UPDATE room_events SET payload = ?, prev_hash = ?, hash = ? WHERE room = ? AND seq = ?",
                (canonical_json(entry.payload), entry.prev_hash, entry.hash, entry.room, entry.seq),
            )
    connection.close()


def note_seq(database: Database) -> int:
    return next(entry.seq for entry in entries(database) if entry.kind == "note")


def edit(database: Database) -> None:
    """An entry's payload changed, its hash left as it was."""
    sql(
        database,
        "UPDATE room_events SET payload = ? WHERE room = ? AND seq = ?",
        '{"private":false,"text":"give in"}',
        database.room,
        note_seq(database),
    )


def delete(database: Database) -> None:
    """A middle entry deleted (the first move)."""
    sql(database, "DELETE FROM room_events WHERE room = ? AND seq = 1", database.room)


def swap(database: Database) -> None:
    """Two entries swapped (the first move and the engine event it caused)."""
    sql(database, "UPDATE room_events SET seq = -1 WHERE room = ? AND seq = 1", database.room)
    sql(database, "UPDATE room_events SET seq = 1 WHERE room = ? AND seq = 2", database.room)
    sql(database, "UPDATE room_events SET seq = 2 WHERE room = ? AND seq = -1", database.room)


def truncate(database: Database) -> None:
    """The last change (South's move and the engine events it caused) removed from the log's end."""
    sql(database, "DELETE FROM room_events WHERE room = ? AND seq > ?", database.room, note_seq(database))


def forged_append(database: Database) -> None:
    """A note appended after the head, with a correct hash."""
    head = entries(database)[-1]
    body = {"private": False, "text": "North concedes everything"}
    forged = seal(head.room, head.seq + 1, "note", "delegation", "North", "forged", body, head.at, head.hash)
    sql(
        database,
        "INSERT INTO room_events (room, seq, kind, role, party, client_id, payload, at, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        *(forged.room, forged.seq, forged.kind, forged.role, forged.party, forged.client_id),
        *(canonical_json(forged.payload), forged.at, forged.prev_hash, forged.hash),
    )


def recomputed(database: Database) -> None:
    """The note rewritten and every later hash recomputed."""
    log = entries(database)
    at = note_seq(database)
    log[at] = replace(log[at], payload={"private": False, "text": "give in"})
    rewrite(database, log)


def token_edit(database: Database) -> None:
    """The observer's link turned into a facilitator's in the token table."""
    sql(
        database,
        "UPDATE room_tokens SET role = 'facilitator' WHERE room = ? AND role = 'observer:1'",
        database.room,
    )


def room_log_deleted(database: Database) -> None:
    """The room's whole log deleted (its join tokens left)."""
    sql(database, "DELETE FROM room_events WHERE room = ?", database.room)


def room_deleted(database: Database) -> None:
    """The room deleted wholly: its log and its join tokens."""
    room_log_deleted(database)
    sql(database, "DELETE FROM room_tokens WHERE room = ?", database.room)


#: Each alteration: what it does, whether a check without the witness finds it, and the words the
#: check with the witness says it in (as docs/room.md, "What the log detects", states).
CASES: dict[str, tuple[Callable[[Database], None], bool, str]] = {
    "edit": (edit, True, "its content does not match its hash (altered)"),
    "delete": (delete, True, "expected entry 1 (entries missing)"),
    "swap": (swap, True, "does not link to the entry before it"),
    "truncate": (truncate, False, "(entries removed from its end: truncated)"),
    "forged append": (forged_append, False, "not in the witness (appended without the server: forged)"),
    "recomputed hashes": (recomputed, False, "not the entry the witness signed (the log was rewritten"),
    "token edit": (token_edit, True, "is facilitator in the token table, observer:1 in the log"),
    "room log deleted": (room_log_deleted, True, "deleted from the database (the witness saw its entry"),
    "room deleted": (room_deleted, False, "deleted from the database (the witness saw its entry"),
}


def problems(database: Database, witnessed: bool) -> dict[str, tuple[str, ...]]:
    """Each room's problems as ``verify-log`` finds them (with the witness and the key, or neither)."""
    anchors = Anchors()
    if witnessed:
        anchors = Anchors(witness=read_witness(database.witness).signed(database.key), key=database.key)
    store = Store(database.url)
    verdict = verify_all(store, anchors=anchors)
    store.close()
    assert not verdict.witness
    return {check.room: check.problems for check in verdict.rooms}


def test_an_untouched_database_passes_with_and_without_the_witness(database: Database) -> None:
    assert problems(database, witnessed=False) == {database.room: (), database.other: ()}
    assert problems(database, witnessed=True) == {database.room: (), database.other: ()}


@pytest.mark.parametrize("case", list(CASES))
def test_with_the_witness_every_alteration_is_caught(database: Database, case: str) -> None:
    alter, _, words = CASES[case]
    alter(database)
    found = problems(database, witnessed=True)
    assert any(words in problem for problem in found[database.room]), found
    assert found[database.other] == ()


@pytest.mark.parametrize("case", list(CASES))
def test_without_the_witness_exactly_the_documented_alterations_are_caught(
    database: Database, case: str
) -> None:
    alter, caught, _ = CASES[case]
    alter(database)
    found = problems(database, witnessed=False)
    assert bool(found.get(database.room)) is caught, found
    assert found[database.other] == ()


@pytest.mark.parametrize("case", list(CASES))
def test_the_server_refuses_a_room_whose_alteration_it_sees(database: Database, case: str) -> None:
    alter, caught, _ = CASES[case]
    alter(database)
    for witnessed in (True, False):
        service = database.server(witnessed)
        refused = database.room in service.broken
        assert refused is (witnessed or caught), (witnessed, service.broken)
        if refused:
            with pytest.raises(BrokenRoomError):
                service.room(database.room)
        assert database.other in service.rooms
        service.store.close()


def test_a_token_edited_while_the_server_runs_grants_nothing(database: Database) -> None:
    service = database.server(witnessed=False)
    token_edit(database)
    assert service.caller(database.tokens["observer:1"]) is None
    north = service.caller(database.tokens["delegation:North"])
    assert north is not None and north.role is RoomRole.DELEGATION
    service.store.close()


def test_a_reissued_link_is_in_the_log_and_a_revived_one_is_caught(database: Database) -> None:
    service = database.server()
    service.reissue(database.room, "observer:1")
    assert service.room(database.room).head.kind == "link"
    service.store.close()
    assert problems(database, witnessed=True)[database.room] == ()
    sql(database, "DELETE FROM room_revoked_tokens")
    found = problems(database, witnessed=False)[database.room]
    assert any("works again (its revocation was deleted)" in problem for problem in found), found


def test_a_room_opened_before_the_log_covered_its_tokens_still_verifies(database: Database) -> None:
    log = entries(database)
    log[0] = replace(log[0], payload={k: v for k, v in log[0].payload.items() if k != "tokens"})
    rewrite(database, log)
    store = Store(database.url)
    check = next(c for c in verify_all(store).rooms if c.room == database.room)
    store.close()
    assert check.valid and "the token table is not checked" in check.notes[0]
    assert database.room in database.server(witnessed=False).rooms


def test_a_witnessed_server_checkpoints_each_room_it_loads_and_the_key_catches_a_rewrite_before_it(
    database: Database,
) -> None:
    service = database.server()
    head = service.room(database.room).head
    assert head.kind == "checkpoint" and head.role == "server"
    service.store.close()
    recomputed(database)  # every hash recomputed, the checkpoint's entry too: its signature no longer fits
    anchors = Anchors(key=database.key)  # the key, but not the witness file
    store = Store(database.url)
    found = next(c for c in verify_all(store, anchors=anchors).rooms if c.room == database.room).problems
    store.close()
    assert any("its checkpoint signs entry" in problem for problem in found), found


def test_a_signed_head_given_to_the_facilitator_catches_a_later_truncation(database: Database) -> None:
    service = database.server()
    signed = service.checkpoint(database.room)
    assert signed.authentic(database.key) and signed.seq == service.room(database.room).head.seq
    service.store.close()
    args = ["verify-log", database.url, "--expect-head", f"{database.room}={signed.hash}", "--json"]
    assert runner.invoke(app, args).exit_code == 0
    sql(database, "DELETE FROM room_events WHERE room = ? AND seq = ?", database.room, signed.seq)
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    room = next(r for r in json.loads(result.output)["rooms"] if r["room"] == database.room)
    assert any("no entry has the expected head hash" in problem for problem in room["problems"])


def test_verify_log_with_the_witness_names_a_truncation(database: Database) -> None:
    command = [
        "verify-log",
        database.url,
        "--witness",
        str(database.witness),
        "--key-file",
        str(database.key_file),
    ]
    passed = runner.invoke(app, command)
    assert passed.exit_code == 0, passed.output
    assert "not detected" not in passed.output
    truncate(database)
    result = runner.invoke(app, [*command, "--json"])
    assert result.exit_code == 1, result.output
    body = json.loads(result.output)
    assert body["signatures_checked"] and body["not_detected"] is None
    room = next(r for r in body["rooms"] if r["room"] == database.room)
    assert any("truncated" in problem for problem in room["problems"])
    plain = runner.invoke(app, ["verify-log", database.url])
    assert plain.exit_code == 0 and "are not detected" in " ".join(plain.output.split())


def test_a_forged_witness_line_is_reported(database: Database) -> None:
    lines = database.witness.read_text(encoding="utf-8").splitlines()
    forged = {**json.loads(lines[-1]), "seq": 99}
    database.witness.write_text("\n".join([*lines, canonical_json(forged)]) + "\n", encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "verify-log",
            database.url,
            "--witness",
            str(database.witness),
            "--key-file",
            str(database.key_file),
        ],
    )
    assert result.exit_code == 1
    assert "is not signed with this log key" in " ".join(result.output.split())


@pytest.mark.parametrize(
    "extra, words",
    [
        (["--expect-head", "room=abc"], "give ROOM=HASH"),
        (["--witness", "no-such-witness.jsonl"], "no witness file"),
        (["--key-file", "no-such.key", "--witness", "{witness}"], "no log key file"),
    ],
)
def test_verify_log_bad_anchors_are_clean_errors(database: Database, extra: list[str], words: str) -> None:
    args = [arg.replace("{witness}", str(database.witness)) for arg in extra]
    result = runner.invoke(app, ["verify-log", database.url, *args])
    assert result.exit_code == 2, result.output
    assert words in result.output and "Traceback" not in result.output


def test_the_app_serves_with_the_witness_from_the_environment_and_refuses_a_truncated_room(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARLEY_WITNESS", str(database.witness))
    monkeypatch.setenv("PARLEY_LOG_KEY_FILE", str(database.key_file))
    truncate(database)
    with TestClient(create_app(database.url, KEY)) as client:
        answer = client.get(f"/api/rooms/{database.room}", headers=bearer(KEY))
        assert answer.status_code == 409 and "truncated" in answer.json()["detail"]
        observer = client.get(f"/api/rooms/{database.room}", headers=bearer(database.tokens["observer:1"]))
        assert observer.status_code == 409 and "hold firm" not in observer.text
        assert client.get(f"/api/rooms/{database.other}", headers=bearer(KEY)).status_code == 200


def test_a_new_witness_on_an_existing_database_checkpoints_every_room(database: Database) -> None:
    database.witness.unlink()
    service = database.server()
    assert not service.broken and {database.room, database.other} <= set(service.rooms)
    service.store.close()
    assert problems(database, witnessed=True) == {database.room: (), database.other: ()}


def test_a_broken_room_is_listed_to_facilitators_and_its_verify_route_checks_what_the_start_does(
    database: Database,
) -> None:
    token_edit(database)  # the chain itself is intact: only the token table check catches it
    app = create_app(database.url, KEY)
    with TestClient(app) as client:
        listed = {r["id"]: r for r in client.get("/api/rooms", headers=bearer(KEY)).json()}
        assert listed[database.room]["status"] == "broken"
        assert "token table" in listed[database.room]["problem"]
        assert listed[database.other]["status"] == "open" and listed[database.other]["problem"] == ""
        own = client.get("/api/rooms", headers=bearer(database.tokens["delegation:North"]))
        assert own.json() == []  # a seat of the broken room is not told of it
        verdict = client.get(f"/api/rooms/{database.room}/verify", headers=bearer(KEY)).json()
        assert verdict["valid"] is False and any("token table" in p for p in verdict["problems"])
        intact = client.get(f"/api/rooms/{database.other}/verify", headers=bearer(KEY)).json()
        assert intact["valid"] is True and intact["problems"] == []
        delegation = bearer(database.tokens["delegation:North"])
        assert client.get(f"/api/rooms/{database.room}/verify", headers=delegation).status_code == 403


def test_the_facilitator_exports_a_signed_head_that_verify_log_checks(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARLEY_WITNESS", str(database.witness))
    monkeypatch.setenv("PARLEY_LOG_KEY_FILE", str(database.key_file))
    with TestClient(create_app(database.url, KEY)) as client:
        signed = client.post(f"/api/rooms/{database.room}/checkpoint", headers=bearer(KEY)).json()
        log = client.get(f"/api/rooms/{database.room}/log", headers=bearer(KEY)).json()
    assert log[-1]["kind"] == "checkpoint" and log[-1]["payload"]["hash"] == log[-2]["hash"]
    assert (signed["seq"], signed["hash"]) == (log[-1]["seq"], log[-1]["hash"])  # the whole log, signed
    assert signed["expect_head"] == f"{database.room}={signed['hash']}"
    held = runner.invoke(app, ["verify-log", database.url, "--expect-head", signed["expect_head"]])
    assert held.exit_code == 0, held.output
    sql(database, "DELETE FROM room_events WHERE room = ? AND seq >= ?", database.room, signed["seq"])
    cut = runner.invoke(app, ["verify-log", database.url, "--expect-head", signed["expect_head"]])
    assert cut.exit_code == 1 and database.room in cut.output
