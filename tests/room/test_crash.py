"""Crash safety of the room server: ``kill -9`` in the middle of concurrent negotiations loses no
acknowledged move, doubles none, and leaves every hash chain intact; an edited database is detected.

Six rooms are driven at once (a thread and an HTTP client per room, scripted packages); in a seventh,
a move is sent and applied but its answer never read. After a number of acknowledged moves the server
is killed while requests are in flight, then restarted on the same database: every acknowledged move
must be in its room's log exactly once and in order (with the very entries its answer showed), a
request cut off by the kill must be either fully there or absent, a retried move must be answered as
a duplicate and add nothing, and the negotiations must go on to an agreement with the chain still
valid, through the API and through ``parley verify-log``.
"""

from __future__ import annotations

import functools
import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from parley.room.setup import RoomSetup, build_setting
from tests.room.conftest import FACILITATOR, PG_URL, Server, open_room, token_of

ROOMS = 6
PARTIES = ("North", "South")  # two persons; under alternating offers North opens, then they alternate
KILL_AFTER = 8 * ROOMS  # acknowledged moves (all rooms together) before the server is killed
OFFERS = 40  # offers per room before the awaited party accepts (the kill comes well before this)
CAP = OFFERS  # the first phase stops sending here if the kill has not come (it comes long before)
WAIT = 120.0  # seconds: a generous bound on waits, never asserted as a duration


@functools.cache
def agreeable() -> list[list[int]]:
    """The ceasefire packages that both delegations may offer and accept (feasible, and within both
    mandates' authority limits, so no move needs a referral), as option indices in a fixed order."""
    setup = RoomSetup(scenario="ceasefire", process=False)
    packages: list[list[int]] = build_setting(setup, setup.scenario_text()).table.within_powers().tolist()
    assert len(packages) > 100
    return packages


def package(room: int, k: int) -> list[int]:
    """The ``k``-th offer of room ``room``, as option indices."""
    packages = agreeable()
    return packages[(101 * room + 37 * k) % len(packages)]


@dataclass(frozen=True)
class Move:
    """One scripted request: who sends it and its body."""

    party: str
    body: dict[str, Any]

    @property
    def client_id(self) -> str:
        client_id: str = self.body["client_id"]
        return client_id


@dataclass(frozen=True)
class Ack:
    """An acknowledged move: the request and the server's answer (HTTP 200)."""

    move: Move
    seq: int
    entries: list[dict[str, Any]]


@dataclass
class Script:
    """One room's scripted negotiation and what happened to its requests."""

    number: int
    id: str
    headers: dict[str, dict[str, str]]
    acked: list[Ack] = field(default_factory=list)
    unsure: Move | None = None  # the request that was in flight when the server died
    error: BaseException | None = None

    def move(self, k: int) -> Move:
        """The ``k``-th move: an offer for k < OFFERS, then the awaited party's acceptance."""
        party = PARTIES[k % 2]
        if k >= OFFERS:
            return Move(party, {"client_id": f"r{self.number}-accept", "action": "accept"})
        body = {"client_id": f"r{self.number}-m{k}", "action": "offer", "indices": package(self.number, k)}
        return Move(party, body)

    def moves(self, count: int) -> list[Move]:
        return [self.move(k) for k in range(count)]

    @property
    def sent(self) -> int:
        """How many of the script's moves have been sent (acknowledged, or cut off by the kill)."""
        return len(self.acked) + (self.unsure is not None)


def send(http: httpx.Client, script: Script, move: Move) -> httpx.Response:
    return http.post(f"/api/rooms/{script.id}/moves", json=move.body, headers=script.headers[move.party])


def acknowledged(script: Script, move: Move, response: httpx.Response) -> Ack:
    """The answer to a fresh move, checked: 200, not a duplicate, its first entry the move itself."""
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["duplicate"] is False, answer
    first = answer["entries"][0]
    assert (first["kind"], first["party"], first["client_id"]) == ("action", move.party, move.client_id)
    assert answer["seq"] == answer["entries"][-1]["seq"]
    return Ack(move, answer["seq"], answer["entries"])


def drive_until_killed(url: str, script: Script) -> None:
    """Send the room's moves one after the other until the server stops answering (or CAP is reached)."""
    try:
        with httpx.Client(base_url=url, timeout=WAIT) as http:
            for k in range(CAP):
                move = script.move(k)
                try:
                    response = send(http, script, move)
                except httpx.TransportError:
                    script.unsure = move  # cut off by the kill: it may or may not have been applied
                    return
                script.acked.append(acknowledged(script, move, response))
    except BaseException as error:  # reported by the main thread
        script.error = error


def drive_to_agreement(url: str, script: Script) -> None:
    """Send the rest of the room's script, up to and including the acceptance."""
    try:
        with httpx.Client(base_url=url, timeout=WAIT) as http:
            for k in range(script.sent, OFFERS + 1):
                move = script.move(k)
                script.acked.append(acknowledged(script, move, send(http, script, move)))
    except BaseException as error:
        script.error = error


def send_without_reading(url: str, script: Script, move: Move) -> socket.socket:
    """Send ``move`` on a raw connection and leave its answer unread (close the socket later)."""
    host, port = httpx.URL(url).host, httpx.URL(url).port
    body = json.dumps(move.body).encode()
    token = script.headers[move.party]["Authorization"]
    head = (
        f"POST /api/rooms/{script.id}/moves HTTP/1.1\r\nHost: {host}\r\nAuthorization: {token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    connection = socket.create_connection((host, port), timeout=WAIT)
    connection.sendall(head.encode() + body)
    return connection


def run_threads(scripts: list[Script], target: Callable[[Script], None]) -> list[threading.Thread]:
    threads = [threading.Thread(target=target, args=(script,), daemon=True) for script in scripts]
    for thread in threads:
        thread.start()
    return threads


def join(threads: list[threading.Thread], scripts: list[Script]) -> None:
    for thread in threads:
        thread.join(WAIT)
        assert not thread.is_alive(), "a driver thread did not finish"
    for script in scripts:
        if script.error is not None:
            raise script.error


def log_of(http: httpx.Client, room: str) -> list[dict[str, Any]]:
    response = http.get(f"/api/rooms/{room}/log", headers=FACILITATOR)
    assert response.status_code == 200, response.text
    entries: list[dict[str, Any]] = response.json()
    assert [entry["seq"] for entry in entries] == list(range(len(entries)))
    return entries


def client_ids(log: list[dict[str, Any]]) -> list[str]:
    """The client ids of the room's moves, in log order."""
    return [entry["client_id"] for entry in log if entry["kind"] == "action"]


def verify_log(database: str) -> subprocess.CompletedProcess[str]:
    """``parley verify-log`` on the database, as a separate process."""
    command = [sys.executable, "-m", "parley", "verify-log", "--database", database]
    env = {**os.environ, "COLUMNS": "250", "NO_COLOR": "1"}
    return subprocess.run(command, capture_output=True, text=True, timeout=WAIT, env=env, check=False)


def assert_all_valid(http: httpx.Client, scripts: list[Script], database: str) -> None:
    for script in scripts:
        verdict = http.get(f"/api/rooms/{script.id}/verify", headers=FACILITATOR).json()
        assert verdict["valid"] is True, verdict
        assert verdict["problems"] == []
    checked = verify_log(database)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"{len(scripts)} rooms checked, 0 broken" in checked.stdout


def test_kill_9_loses_no_acknowledged_move(server_factory: Callable[[], Server]) -> None:
    server = server_factory()
    with httpx.Client(base_url=server.url, timeout=WAIT) as http:
        scripts = []
        for number in range(ROOMS + 1):
            answer = open_room(http, protocol="alternating", rounds=500)  # type: ignore[arg-type]
            headers = {party: token_of(answer, f"delegation:{party}") for party in PARTIES}
            scripts.append(Script(number, answer["id"], headers))
        driven, lost = scripts[:ROOMS], scripts[ROOMS]

        # One room's first move is applied but its answer never read (as if lost in the crash): the
        # kill is then sure to catch a request that was committed and not acknowledged.
        lost.unsure = lost.move(0)
        unread = send_without_reading(server.url, lost, lost.unsure)
        deadline = time.monotonic() + WAIT
        while lost.unsure.client_id not in client_ids(log_of(http, lost.id)):
            assert time.monotonic() < deadline, "the unread move was not applied"
            time.sleep(0.01)

    # --- phase 1: the other rooms at once, then kill -9 once enough moves are acknowledged ------------
    threads = run_threads(driven, lambda script: drive_until_killed(server.url, script))
    deadline = time.monotonic() + WAIT
    while sum(len(script.acked) for script in driven) < KILL_AFTER:
        assert time.monotonic() < deadline, "the rooms did not get going"
        assert all(thread.is_alive() for thread in threads), [s.error for s in driven]
        time.sleep(0.005)
    server.kill()
    unread.close()
    join(threads, driven)
    # Every driver was still sending when the server died: each one lost its connection mid-request.
    assert all(script.unsure is not None for script in driven), [(s.number, len(s.acked)) for s in driven]

    # --- phase 2: restart on the same database and check what survived --------------------------------
    server = server_factory()
    with httpx.Client(base_url=server.url, timeout=WAIT) as http:
        for script in scripts:
            log = log_of(http, script.id)
            ids = client_ids(log)
            assert all(count == 1 for count in Counter(ids).values()), ids
            acked_ids = [ack.move.client_id for ack in script.acked]
            # Every acknowledged move is there, in order, with the very entries its answer showed.
            assert ids[: len(acked_ids)] == acked_ids
            for ack in script.acked:
                for entry in ack.entries:
                    assert log[entry["seq"]] == entry
            # The request in flight at the kill is either there, right after the last acknowledged move
            # (wholly: verify-log below replays each log and compares the agents' answers), or absent,
            # and then nothing follows the last acknowledged move.
            assert script.unsure is not None
            rest = ids[len(acked_ids) :]
            assert rest in ([], [script.unsure.client_id])
            if script.acked and rest:
                assert log[script.acked[-1].seq + 1]["client_id"] == script.unsure.client_id
            elif script.acked:
                assert len(log) == script.acked[-1].seq + 1
            script_log_length = len(log)

            # Retrying an acknowledged move: a duplicate, nothing added.
            for ack in script.acked:
                response = send(http, script, ack.move)
                assert response.status_code == 200, response.text
                answer = response.json()
                assert answer == {"duplicate": True, "seq": ack.seq, "entries": []}  # the same position
            assert len(log_of(http, script.id)) == script_log_length

            # Retrying the request cut off by the kill: applied exactly once either way.
            response = send(http, script, script.unsure)
            assert response.status_code == 200, response.text
            answer = response.json()
            assert answer["duplicate"] is bool(rest)
            if rest:  # answered as it would have been: the position after the agents' answers
                end = next(e["seq"] for e in log if e["client_id"] == script.unsure.client_id)
                while end + 1 < len(log) and log[end + 1]["kind"] == "engine":
                    end += 1
                assert answer == {"duplicate": True, "seq": end, "entries": []}
            if not rest:
                script.acked.append(acknowledged(script, script.unsure, response))
                script.unsure = None
            assert client_ids(log_of(http, script.id)) == [
                move.client_id for move in script.moves(script.sent)
            ]
        assert lost.acked == [] and lost.unsure is not None  # found after the restart, not applied twice
        assert_all_valid(http, scripts, server.database)

        # --- phase 3: the negotiations go on to an agreement ------------------------------------------
        join(run_threads(scripts, lambda script: drive_to_agreement(server.url, script)), scripts)
        for script in scripts:
            last = script.acked[-1]
            assert last.move.body["action"] == "accept"
            assert last.entries[-1]["kind"] == "engine"
            assert last.entries[-1]["payload"]["event"]["kind"] == "agreement"
            view = http.get(f"/api/rooms/{script.id}", headers=script.headers[PARTIES[0]]).json()
            assert view["room"]["status"] == "ended" and view["turn"] is None
            expected = package(script.number, OFFERS - 1)
            issues = view["room"]["issues"]
            assert view["room"]["agreement"] == {
                issue["name"]: issue["options"][index] for issue, index in zip(issues, expected, strict=True)
            }
            ids = client_ids(log_of(http, script.id))
            assert ids == [move.client_id for move in script.moves(OFFERS + 1)]
        assert_all_valid(http, scripts, server.database)


@pytest.mark.skipif(PG_URL is not None, reason="edits the SQLite file directly")
def test_verify_log_names_an_altered_entry(client: TestClient, database_url: str) -> None:
    rooms = [open_room(client, rounds=50) for _ in range(2)]
    script = Script(0, rooms[1]["id"], {p: token_of(rooms[1], f"delegation:{p}") for p in PARTIES})
    for k in range(4):
        move = script.move(k)
        response = client.post(
            f"/api/rooms/{script.id}/moves", json=move.body, headers=script.headers[move.party]
        )
        assert response.status_code == 200, response.text
    assert verify_log(database_url).returncode == 0

    # Change the package of South's first counter-offer in the stored log (hash left as it was).
    path = database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        seq, payload = connection.execute(
            "SELECT seq, payload FROM room_events WHERE room = ? AND client_id = ?", (script.id, "r0-m1")
        ).fetchone()
        data = json.loads(payload)
        data["intent"]["package"][0] = 3 - data["intent"]["package"][0]  # "local" <-> "full"
        altered = json.dumps(data, sort_keys=True, separators=(",", ":"))
        assert altered != payload
        connection.execute(
            "UPDATE room_events SET payload = ? WHERE room = ? AND seq = ?", (altered, script.id, seq)
        )
    connection.close()

    checked = verify_log(database_url)
    assert checked.returncode == 1, checked.stdout
    assert f"room {script.id}, entry {seq}: its content does not match its hash" in checked.stdout
    assert f"room {rooms[0]['id']}: " in checked.stdout and "chain intact" in checked.stdout
    assert "2 rooms checked, 1 broken" in checked.stdout
    verdict = client.get(f"/api/rooms/{script.id}/verify", headers=FACILITATOR).json()
    assert verdict["valid"] is False
    assert verdict["problems"] == [
        f"room {script.id}, entry {seq}: its content does not match its hash (altered)"
    ]
