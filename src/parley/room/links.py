"""Join links: built from the server's configured public address, never from a request's ``Host``
header (which a client chooses: a link built from it could send a delegation's token elsewhere)."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import Request


def public_base(url: str | None) -> str:
    """The public address links start with ("" for none: links are then relative, ``/room/...``);
    a ValueError for anything but an absolute http(s) URL without query or fragment."""
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"the public URL must be http(s)://host[:port][/path], not {url!r}")
    return url.rstrip("/")


def join_url(request: Request, room_id: str, token: str) -> str:
    """The link that opens ``room_id`` with ``token`` (the token after ``#``: never sent to a server)."""
    base: str = getattr(request.app.state, "public_url", "")
    return f"{base}/room/{room_id}#token={token}"
