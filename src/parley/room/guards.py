"""The room server's guards against abusive requests, as pure ASGI middleware (below the routes, so they
hold for every route, and before anything is parsed).

* :class:`BodyLimit` refuses a request body over its route's limit with 413: at once when the
  ``Content-Length`` says so, else as soon as the streamed body passes it (nothing is parsed, and the
  body is never read to its end).
* :class:`SafeHeaders` adds ``Cache-Control: no-store`` to every API answer and a Content-Security-Policy
  to every HTML page that does not set its own (the reports' inline-only one; the API browser's).
* :func:`validation_detail` words a 422 without the input: each error names the field and the problem,
  never the value sent (a 4 MB list would otherwise come back whole).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from typing import Any

from fastapi import HTTPException

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: The limit of a request body, in bytes, where no route below names one.
DEFAULT_BODY_LIMIT = 1_000_000
#: Smaller limits of the routes whose bodies are short texts (a note, a message: 5,000 characters).
SMALL_BODY_LIMIT = 64_000
#: Opening a room or a class carries a scenario's YAML text (up to 2,000,000 characters).
SCENARIO_BODY_LIMIT = 4_500_000

#: The policy of an HTML page that sets none: the self-contained reports (plotly inline, no fetches).
INLINE_PAGE_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
    "font-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)

#: The policy of FastAPI's API browser pages (``/docs``, ``/redoc``): their scripts and styles come from
#: the CDNs FastAPI names, and they read only this server's ``/openapi.json``.
DOCS_CSP = (
    "default-src 'none'; script-src https://cdn.jsdelivr.net 'unsafe-inline'; "
    "style-src https://cdn.jsdelivr.net https://fonts.googleapis.com 'unsafe-inline'; "
    "font-src https://fonts.gstatic.com data:; img-src https://fastapi.tiangolo.com https://cdn.jsdelivr.net "
    "data:; connect-src 'self'; worker-src blob:; frame-ancestors 'none'; base-uri 'none'"
)
DOCS_PAGES = frozenset({"/docs", "/docs/oauth2-redirect", "/redoc"})


class BodyTooLargeError(HTTPException):
    """A request body over its route's limit (413)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is over this route's limit of {limit} bytes")


def body_limit(method: str, path: str) -> int:
    """The most bytes a ``method`` request to ``path`` may send."""
    if method == "POST" and path in ("/api/rooms", "/api/classes"):
        return SCENARIO_BODY_LIMIT
    if method == "POST" and path.startswith("/api/rooms/") and path.endswith(("/notes", "/messages")):
        return SMALL_BODY_LIMIT
    return DEFAULT_BODY_LIMIT


def _header(scope: Scope, name: bytes) -> bytes | None:
    """The first value of header ``name`` (lower case) in an ASGI scope."""
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value)
    return None


def _declared_length(scope: Scope) -> int | None:
    """The request's Content-Length (None when absent or not a number)."""
    value = _header(scope, b"content-length")
    if value is None or not value.strip().isdigit():
        return None
    return int(value)


async def _refuse(send: Send, status: int, detail: str) -> None:
    """Answer ``status`` with a JSON ``detail`` (and close the connection: the body is left unread)."""
    body = json.dumps({"detail": detail}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuse request bodies over their route's limit (:func:`body_limit`) with 413, before parsing."""

    def __init__(self, app: ASGIApp, limit_of: Callable[[str, str], int] = body_limit) -> None:
        self.app = app
        self.limit_of = limit_of

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on with a counting ``receive``; answer 413 if the body passes the limit."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_of(scope["method"], scope["path"])
        declared = _declared_length(scope)
        if declared is not None and declared > limit:
            await _refuse(send, 413, str(BodyTooLargeError(limit).detail))
            return
        received = 0
        started = False

        async def counted() -> Message:
            """The next body chunk; BodyTooLargeError once the chunks pass the limit."""
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLargeError(limit)
            return message

        async def watched(message: Message) -> None:
            """Send ``message``, remembering whether the answer has begun."""
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLargeError as error:
            if not started:
                await _refuse(send, 413, str(error.detail))


class SafeHeaders:
    """``Cache-Control: no-store`` on every ``/api/`` answer that sets no caching of its own, and a
    Content-Security-Policy on every HTML answer that sets none (:data:`INLINE_PAGE_CSP`)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, adding the missing headers to the answer's start."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope["path"])
        api, policy = path.startswith("/api/"), DOCS_CSP if path in DOCS_PAGES else INLINE_PAGE_CSP

        async def headed(message: Message) -> None:
            """The answer's start with the headers it lacks."""
            if message["type"] == "http.response.start":
                message["headers"] = _with_safe_headers(list(message.get("headers", [])), api, policy)
            await send(message)

        await self.app(scope, receive, headed)


def _with_safe_headers(
    headers: list[tuple[bytes, bytes]], api: bool, policy: str
) -> list[tuple[bytes, bytes]]:
    """``headers`` with ``Cache-Control: no-store`` (an API answer) and ``policy`` (an HTML page without
    a CSP of its own) added."""
    names = {name.lower() for name, _ in headers}
    content_type = next((value for name, value in headers if name.lower() == b"content-type"), b"")
    if api and b"cache-control" not in names:
        headers.append((b"cache-control", b"no-store"))
    if content_type.startswith(b"text/html") and b"content-security-policy" not in names:
        headers.append((b"content-security-policy", policy.encode()))
        if b"x-content-type-options" not in names:
            headers.append((b"x-content-type-options", b"nosniff"))
    return headers


def validation_detail(errors: Sequence[Any]) -> list[dict[str, object]]:
    """pydantic's errors without the input: where (``loc``), what (``msg``) and the error's ``type``."""
    return [
        {"loc": list(error.get("loc", ())), "msg": str(error.get("msg", "")), "type": error.get("type", "")}
        for error in errors
    ]
