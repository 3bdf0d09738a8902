"""The negotiation room under abuse: one room's move latency while another client floods the server.

Run: ``.venv/bin/python bench/room_abuse.py [--moves 600]``.

``parley serve`` runs as its own process on loopback (uvicorn, a fresh SQLite file in a temporary
folder). An abusive client, in a process of its own, loops for as long as the measurement lasts: it
sends a 10 MB request body (half of them with a ``Content-Length``, half streamed in chunks without
one) to a room's ``/moves`` as an observer, then opens a 10,000-round room whose every seat is an agent
(whose agents play on in the background, a budget of asks at a time); it counts the answers. Meanwhile
the measuring client plays moves in a room of two persons (alternating offers, a fixed pair of
packages, never accepting) over one keep-alive connection, one move in flight at a time, and times
each move (request sent → answer read). The figures: p50, p99 and the worst move latency over
``--moves`` moves after a warm-up, and what the abuser got done meanwhile. Target: p99 under 50 ms.
The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

KEY = "bench-abuse-facilitator-key-0123456789"
BIG = 10_000_000  # bytes of an abusive body
CHUNK = 65_536
WARMUP_MOVES = 50
P = [1, 0, 5, 0, 2, 1]  # two ceasefire packages (option indices) the delegations trade
Q = [2, 1, 5, 3, 1, 2]


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``parley serve`` on a fresh database in ``folder``; its process and URL once it answers."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "parley", "serve", "--port", str(port), "--database"]
    command.append(f"sqlite:///{folder / 'rooms.db'}")
    env = {**os.environ, "PARLEY_FACILITATOR_KEY": KEY, "PARLEY_PUBLIC_URL": url}
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/api/health", timeout=1).status_code == 200:
                return server, url
        except httpx.HTTPError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("parley serve did not answer within 60 s")


def open_room(client: httpx.Client, **setup: Any) -> dict[str, Any]:
    """Open a ceasefire room (one negotiation, no limited powers) with ``setup``; the API's answer."""
    body = {"scenario": "ceasefire", "process": False, "limited_powers": False, "rounds": 10_000, **setup}
    answer = client.post("/api/rooms", json=body, headers={"Authorization": f"Bearer {KEY}"})
    answer.raise_for_status()
    created: dict[str, Any] = answer.json()
    return created


def big_body(url: str, path: str, token: str, chunked: bool) -> int:
    """Send a 10 MB body to ``path`` over a raw socket; the status answered (0: the connection broke)."""
    host, port = url.removeprefix("http://").split(":")
    length = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {BIG}"
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\n{length}\r\n\r\n"
    ).encode()
    piece = b"[" + b"0," * (CHUNK // 2 - 1) + b"0"
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        try:
            sock.sendall(head)
            for _ in range(BIG // CHUNK):
                sock.sendall(f"{len(piece):x}\r\n".encode() + piece + b"\r\n" if chunked else piece)
        except OSError:
            pass  # the server answered and closed before the body was all sent: as it should
        try:
            answer = sock.recv(4096)
        except OSError:
            return 0
    parts = answer.split(b" ", 2)
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


def abuse(url: str, stop: Any, counts: Any) -> None:
    """Until ``stop`` is set: a 10 MB body, then a 10,000-round room of agents, again and again."""
    with httpx.Client(base_url=url, timeout=60) as client:
        target = open_room(client)
        observer = target["links"]["observer:1"]["token"]
        path = f"/api/rooms/{target['id']}/moves"
        agents = {"North": {"kind": "agent"}, "South": {"kind": "agent"}}
        chunked = False
        while not stop.is_set():
            status = big_body(url, path, observer, chunked)
            chunked = not chunked
            counts["bodies"] += 1
            counts["refused_413"] += status == 413
            open_room(client, seats=agents)
            counts["agent_rooms"] += 1


def play(url: str, moves: int) -> list[float]:
    """Play ``moves`` moves (after a warm-up) in a room of two persons; each move's latency (s)."""
    latencies: list[float] = []
    with httpx.Client(base_url=url, timeout=60) as client:
        room = open_room(client)
        tokens = {
            p: {"Authorization": f"Bearer {room['links'][f'delegation:{p}']['token']}"}
            for p in ("North", "South")
        }
        move_path = f"/api/rooms/{room['id']}/moves"
        for k in range(WARMUP_MOVES + moves):
            party, package = ("North", P) if k % 2 == 0 else ("South", Q)
            body = {"client_id": f"m{k}", "action": "offer", "indices": package}
            start = time.perf_counter()
            answer = client.post(move_path, json=body, headers=tokens[party])
            elapsed = time.perf_counter() - start
            answer.raise_for_status()
            if k >= WARMUP_MOVES:
                latencies.append(elapsed)
    return latencies


def quantile(values: list[float], q: float) -> float:
    """The ``q`` quantile of ``values`` (nearest rank), in milliseconds."""
    ordered = sorted(values)
    return round(1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)


def main() -> None:
    """Start the server and the abuser, measure the moves, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=600, help="moves measured (after a warm-up)")
    moves = parser.parse_args().moves
    with tempfile.TemporaryDirectory() as folder:
        server, url = start_server(Path(folder))
        try:
            quiet = play(url, 200)
            with multiprocessing.Manager() as manager:
                stop = manager.Event()
                counts = manager.dict(bodies=0, refused_413=0, agent_rooms=0)
                abuser = multiprocessing.Process(target=abuse, args=(url, stop, counts))
                abuser.start()
                time.sleep(2.0)  # the abuse is under way: running rooms pile up
                started = time.perf_counter()
                latencies = play(url, moves)
                seconds = time.perf_counter() - started
                stop.set()
                abuser.join(120)
                done = dict(counts)
        finally:
            server.terminate()
            server.wait(30)
    figures = {
        "benchmark": "room_abuse",
        "moves": len(latencies),
        "seconds": round(seconds, 2),
        "p50_ms": quantile(latencies, 0.5),
        "p99_ms": quantile(latencies, 0.99),
        "max_ms": quantile(latencies, 1.0),
        "quiet_p50_ms": quantile(quiet, 0.5),
        "quiet_p99_ms": quantile(quiet, 0.99),
        "abuse": done,
        "target_p99_ms": 50,
    }
    print(
        f"{len(latencies)} moves under abuse in {seconds:.1f} s: p50 {figures['p50_ms']} ms, p99 "
        f"{figures['p99_ms']} ms, max {figures['max_ms']} ms (quiet: p50 {figures['quiet_p50_ms']} ms, "
        f"p99 {figures['quiet_p99_ms']} ms); abuser: {done}"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
