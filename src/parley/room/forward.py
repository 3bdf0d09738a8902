"""Requests for a room another process serves, forwarded to it (pure ASGI middleware).

When several processes serve one PostgreSQL database (:mod:`parley.room.cluster`), a request into a
room (``/api/rooms/{id}/...``) reaches whichever process the reverse proxy picked. If this process holds
the room's lease, or can take it (its holder died), it serves the request; otherwise the request goes,
as it came (method, path, query, body, authorisation), to the holder's advertised URL, and its answer
comes back as it went. A forwarded request carries :data:`FORWARDED` and is never forwarded again. A
live stream is served where it arrives: every process follows every commit.
"""

from __future__ import annotations

import asyncio
import re

import httpx
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from parley.room.service import RoomService
from parley.room.serving import cluster_of, serve_here

#: The header a forwarded request carries (a loop guard).
FORWARDED = b"x-parley-forwarded"
#: The header of a 503 from a process that does not serve the room (the forwarder asks again).
NOT_HOLDER = "x-parley-not-holder"
#: The paths of one room's routes (group 1: the room id); its stream is served anywhere.
ROOM_PATH = re.compile(r"^/api/rooms/([^/]+)(?:/(?!stream$).*)?$")
#: Headers that belong to one connection, not to the request or its answer.
HOP_BY_HOP = frozenset(
    {b"connection", b"keep-alive", b"transfer-encoding", b"te", b"upgrade", b"host", b"content-length"}
)
#: How often, and how long apart, a forward to a holder that does not answer is tried again (it may be
#: dying: its lease is then free to take).
ATTEMPTS, PAUSE_S = 20, 0.25


class Forwarding:
    """Serve a room's request here if this process serves the room, else forward it to the holder."""

    def __init__(self, app: ASGIApp, service: RoomService) -> None:
        self.app = app
        self.service = service
        limits = httpx.Limits(max_connections=None, max_keepalive_connections=256)
        self.client = httpx.AsyncClient(timeout=httpx.Timeout(30.0, connect=2.0), limits=limits)
        self.holders: dict[str, str] = {}  # room -> where its holder answered last (dropped on failure)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, or forward it."""
        found = ROOM_PATH.match(str(scope.get("path", ""))) if scope["type"] == "http" else None
        if found is None:
            await self.app(scope, receive, send)
            return
        room = found.group(1)
        if cluster_of(self.service).holds(room):  # the common case: served here, nothing to look up
            await self.app(scope, receive, send)
            return
        forwarded = any(name == FORWARDED for name, _ in scope.get("headers", []))
        body = await _body(receive)
        for _ in range(1 if forwarded else ATTEMPTS):
            holder = self.holders.get(room) or await asyncio.to_thread(serve_here, self.service, room)
            if holder is None:
                await self.app(scope, _replaying(body), send)
                return
            if forwarded:  # sent here as the holder, which this process no longer is: never a loop
                break
            try:
                answer = await self._forward(scope, body, holder)
            except httpx.TransportError:  # the holder is gone or going: its lease frees up soon
                answer = None
            if answer is None or answer.headers.get(NOT_HOLDER) is not None:
                self.holders.pop(room, None)  # ask the database again who holds it (or take it)
                await asyncio.sleep(PAUSE_S)
                continue
            self.holders[room] = holder
            await _send(send, answer)
            return
        refused = httpx.Response(503, json={"detail": "the room's server does not answer; retry"})
        refused.headers[NOT_HOLDER] = "1"
        await _send(send, refused)

    async def _forward(self, scope: Scope, body: bytes, holder: str) -> httpx.Response:
        """The holder's answer to the request."""
        headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() not in HOP_BY_HOP]
        query = scope.get("query_string", b"").decode("latin-1")
        url = holder + str(scope["path"]) + (f"?{query}" if query else "")
        return await self.client.request(
            str(scope["method"]), url, headers=[*headers, (FORWARDED, b"1")], content=body
        )


async def _body(receive: Receive) -> bytes:
    """The whole request body (the body limit below has already refused one too large)."""
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replaying(body: bytes) -> Receive:
    """A ``receive`` that gives the body read already, then waits (as a finished request does)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.Event().wait()  # nothing more comes: the app stops asking when it has answered
        return {"type": "http.disconnect"}

    return receive


async def _send(send: Send, answer: httpx.Response) -> None:
    """Send ``answer`` back as this process's answer."""
    headers = [(k, v) for k, v in answer.headers.raw if k.lower() not in HOP_BY_HOP | {b"content-encoding"}]
    content = answer.content  # decoded: sent without the holder's content encoding
    headers.append((b"content-length", str(len(content)).encode()))
    await send({"type": "http.response.start", "status": answer.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": content})
