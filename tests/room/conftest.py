"""Fixtures of the room tests: a database (SQLite in a temporary folder, or the PostgreSQL server named
by ``PARLEY_TEST_PG_URL``, emptied first), the app with a test client, and a real server process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from parley.room import create_app
from parley.room.store import METADATA, engine_url

KEY = "test-facilitator-key-0123456789"
PG_URL = os.environ.get("PARLEY_TEST_PG_URL")


def bearer(token: str) -> dict[str, str]:
    """The header that presents ``token``."""
    return {"Authorization": f"Bearer {token}"}


FACILITATOR = bearer(KEY)


@pytest.fixture(autouse=True)
def _engines_disposed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Dispose of every database engine a test's stores made (a test that opens services and lets them
    go would leave PostgreSQL connections open, which warn when collected)."""
    from parley.room import store as store_module

    made: list[sa.engine.Engine] = []
    original = store_module.make_engine

    def recording(url: str) -> sa.engine.Engine:
        engine = original(url)
        made.append(engine)
        return engine

    monkeypatch.setattr(store_module, "make_engine", recording)
    yield
    for engine in made:
        engine.dispose()


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """A fresh, empty room database: PostgreSQL when PARLEY_TEST_PG_URL is set, else a SQLite file."""
    if PG_URL:
        engine = sa.create_engine(engine_url(PG_URL))
        METADATA.drop_all(engine)
        engine.dispose()
        return PG_URL
    return f"sqlite:///{tmp_path / 'rooms.db'}"


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    """A test client of a fresh app (the facilitator key is ``KEY``)."""
    with TestClient(create_app(database_url, KEY)) as test_client:
        yield test_client


def open_room(client: TestClient, **setup: Any) -> dict[str, Any]:
    """Open a room (defaults: the ceasefire scenario as one negotiation over every issue, two persons,
    whose packages are not held to their authority limits, so tests of the mechanics may pick any
    package); the API's answer (id and links). Process rooms are opened with ``process=True``."""
    body = {"scenario": "ceasefire", "limited_powers": False, "process": False, **setup}
    response = client.post("/api/rooms", json=body, headers=FACILITATOR)
    assert response.status_code == 201, response.text
    answer: dict[str, Any] = response.json()
    settled(client, answer["id"])
    return answer


def settled(client: TestClient | httpx.Client, room_id: str) -> dict[str, Any]:
    """The facilitator's view of ``room_id`` once its agents no longer play on in the background (a
    long run of agents is answered a budget at a time after the request that started it)."""
    while True:
        view: dict[str, Any] = client.get(f"/api/rooms/{room_id}", headers=FACILITATOR).json()
        if not view["room"].get("running"):
            return view
        time.sleep(0.01)


def token_of(room: dict[str, Any], label: str) -> dict[str, str]:
    """The bearer header of the room's link ``label`` (e.g. "delegation:North", "observer:1")."""
    return bearer(room["links"][label]["token"])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    """A ``parley serve`` process on loopback."""

    process: subprocess.Popen[bytes]
    url: str
    database: str
    errors: Path  # the server's stderr, kept in a file (a pipe nobody reads could fill and block it)

    def kill(self) -> None:
        """``kill -9``: no shutdown, no flushing."""
        self.process.kill()
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def stderr(self) -> str:
        """What the server wrote on stderr so far."""
        return self.errors.read_text(encoding="utf-8", errors="replace")


def start_server(database: str, log_folder: Path, port: int | None = None) -> Server:
    """Start ``parley serve`` on ``database`` (its stderr to a file in ``log_folder``); wait for it."""
    port = port or free_port()
    command = [sys.executable, "-m", "parley", "serve", "--port", str(port), "--database", database]
    env = {**os.environ, "PARLEY_FACILITATOR_KEY": KEY, "PARLEY_PUBLIC_URL": f"http://127.0.0.1:{port}"}
    errors = log_folder / f"server-{port}-{time.monotonic_ns()}.log"
    with errors.open("wb") as sink:
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=sink)
    server = Server(process, f"http://127.0.0.1:{port}", database, errors)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"parley serve exited with {process.returncode}: {server.stderr()}")
        try:
            if httpx.get(f"{server.url}/api/health", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    process.wait(10)
    raise RuntimeError("parley serve did not answer within 60 s")


@pytest.fixture
def server_factory(database_url: str, tmp_path: Path) -> Iterator[Callable[[], Server]]:
    """Starts servers on the test's database (several in turn, e.g. after a kill); stops them after."""
    started: list[Server] = []

    def start() -> Server:
        server = start_server(database_url, tmp_path)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
