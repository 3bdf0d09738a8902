"""The room on several processes over one PostgreSQL database (issue 16, item 4): two ``parley serve``
processes, moves for the same rooms sent to both, one killed with SIGKILL in the middle of the load.

PostgreSQL is started by the tests (:mod:`tests.room.postgres`, as docs/room.md describes); where it
cannot be, the tests skip and say why.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from parley.cli.app import app
from parley.room.service import RoomService
from parley.room.setup import RoomSetup
from parley.room.store import Store
from tests.room.conftest import free_port
from tests.room.postgres import PostgresUnavailableError, local_postgres

KEY = "the-cluster-tests-facilitator-key"
FACILITATOR = {"Authorization": f"Bearer {KEY}"}
PACKAGES = [[1, 0, 5, 0, 2, 1], [2, 1, 5, 3, 1, 2]]
ROOMS, MOVES = 4, 40


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    try:
        with local_postgres() as url:
            yield url
    except PostgresUnavailableError as error:
        pytest.skip(f"no PostgreSQL for the cluster tests: {error}")


@dataclass
class Server:
    """One ``parley serve`` process of the cluster."""

    port: int
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()


def start(database: str) -> Server:
    port = free_port()
    command = [sys.executable, "-m", "parley", "serve", "--database", database, "--port", str(port)]
    command += ["--advertise-url", f"http://127.0.0.1:{port}"]
    env = {**os.environ, "PARLEY_FACILITATOR_KEY": KEY}
    log = tempfile.NamedTemporaryFile(prefix="parley-serve-", suffix=".log", delete=False)  # noqa: SIM115
    with log:
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return Server(port, process)
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    process.wait()
    raise RuntimeError(f"parley serve did not start: {Path(log.name).read_text()[-2000:]}")


@pytest.fixture
def servers(database: str) -> Iterator[tuple[Server, Server]]:
    pair = start(database), start(database)
    try:
        yield pair
    finally:
        for server in pair:
            if server.process.poll() is None:
                server.process.terminate()
                server.process.wait(15)


@dataclass
class Driven:
    """One room driven by the load: its tokens and every move the servers acknowledged."""

    id: str
    tokens: dict[str, str]
    acknowledged: list[str] = field(default_factory=list)


def open_room(server: Server, **setup: Any) -> Driven:
    body = {"scenario": "ceasefire", "process": False, "limited_powers": False, "rounds": 10_000, **setup}
    created = httpx.post(f"{server.url}/api/rooms", json=body, headers=FACILITATOR, timeout=30)
    assert created.status_code == 201, created.text
    room = created.json()
    tokens = {party: room["links"][f"delegation:{party}"]["token"] for party in ("North", "South")}
    return Driven(room["id"], tokens)


def drive(room: Driven, order: list[Server], dead: threading.Event) -> None:
    """Send MOVES counter-offers, each to the next server in turn (the survivor once the other is
    dead); a move whose answer is lost is sent again, with the same client id, to the survivor."""
    for k in range(MOVES):
        party = ("North", "South")[k % 2]
        body = {"client_id": f"{room.id}-{k}", "action": "offer", "indices": PACKAGES[k % len(PACKAGES)]}
        headers = {"Authorization": f"Bearer {room.tokens[party]}"}
        target = order[k % 2] if not dead.is_set() else order[1]
        for _ in range(50):
            try:
                answer = httpx.post(
                    f"{target.url}/api/rooms/{room.id}/moves", json=body, headers=headers, timeout=30
                )
            except httpx.TransportError:  # the server was killed with the move in flight
                target = order[1]
                time.sleep(0.1)
                continue
            if answer.status_code == 503:
                time.sleep(0.1)
                continue
            assert answer.status_code == 200, (
                f"move {k} of {room.id}: {answer.status_code} {answer.text[:300]}"
            )
            room.acknowledged.append(body["client_id"])
            break
        else:
            raise AssertionError(f"move {k} of {room.id} was never acknowledged")


def test_two_processes_share_the_rooms_and_the_survivor_of_a_sigkill_serves_every_move_once(
    database: str, servers: tuple[Server, Server]
) -> None:
    first, second = servers
    rooms = [open_room(first if i % 2 else second) for i in range(ROOMS)]
    dead = threading.Event()
    threads = [threading.Thread(target=drive, args=(room, [first, second], dead)) for room in rooms]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 120
    while sum(len(room.acknowledged) for room in rooms) < ROOMS * MOVES // 3:
        assert all(t.is_alive() for t in threads) and time.monotonic() < deadline, "the load stopped"
        time.sleep(0.01)
    first.kill()  # mid-load: some of its moves in flight, half the rooms its own
    dead.set()
    for thread in threads:
        thread.join(120)
    for room in rooms:
        assert len(room.acknowledged) == MOVES
        log = httpx.get(f"{second.url}/api/rooms/{room.id}/log", headers=FACILITATOR, timeout=30).json()
        moves = Counter(entry["client_id"] for entry in log if entry["kind"] == "action")
        assert set(moves) == set(room.acknowledged) and set(moves.values()) == {1}  # each move once
        verdict = httpx.get(
            f"{second.url}/api/rooms/{room.id}/verify", headers=FACILITATOR, timeout=30
        ).json()
        assert verdict["valid"], verdict["problems"]
        view = httpx.get(f"{second.url}/api/rooms/{room.id}", headers=FACILITATOR, timeout=30).json()
        assert view["room"]["seq"] == log[-1]["seq"]
    checked = CliRunner().invoke(app, ["verify-log", database, "--json"])
    assert checked.exit_code == 0, checked.output


def test_a_page_connected_to_one_process_hears_of_a_move_the_other_made(
    servers: tuple[Server, Server],
) -> None:
    first, second = servers
    room = open_room(first)  # served by the first; the page listens on the second
    heard: list[int] = []

    def listen() -> None:
        url = f"{second.url}/api/rooms/{room.id}/stream?max_events=2"
        with httpx.stream("GET", url, headers=FACILITATOR, timeout=30) as stream:
            for line in stream.iter_lines():
                if line.startswith("data:"):
                    heard.append(json.loads(line[5:])["seq"])

    listener = threading.Thread(target=listen)
    listener.start()
    time.sleep(0.5)
    headers = {"Authorization": f"Bearer {room.tokens['North']}"}
    body = {"client_id": "n-1", "action": "offer", "indices": PACKAGES[0]}
    moved = httpx.post(f"{first.url}/api/rooms/{room.id}/moves", json=body, headers=headers, timeout=30)
    assert moved.status_code == 200
    listener.join(30)
    assert heard == [0, moved.json()["seq"]]


def test_an_agent_room_whose_process_dies_is_taken_over_and_played_to_its_end(
    database: str, servers: tuple[Server, Server]
) -> None:
    first, second = servers
    seats = {"North": {"kind": "agent"}, "South": {"kind": "agent"}}
    room = open_room(first, seats=seats, rounds=3_000)
    first.kill()  # its agents were playing on in the background
    deadline = time.monotonic() + 120
    status = "open"
    while status == "open" and time.monotonic() < deadline:
        time.sleep(0.5)  # nobody asks the second about the room: its sweep takes the room over
        listed = httpx.get(f"{second.url}/api/rooms", headers=FACILITATOR, timeout=30).json()
        status = next(r["status"] for r in listed if r["id"] == room.id)
    assert status == "ended"
    setup = RoomSetup.model_validate(
        {"scenario": "ceasefire", "process": False, "limited_powers": False, "rounds": 3_000, "seats": seats}
    )
    whole, _ = RoomService(Store("sqlite://")).create(setup)  # the same room, played in one go
    log = httpx.get(f"{second.url}/api/rooms/{room.id}/log", headers=FACILITATOR, timeout=30).json()
    assert [e["payload"] for e in log if e["kind"] == "engine"] == [
        e.payload for e in whole.log if e.kind == "engine"
    ]
