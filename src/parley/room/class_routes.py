"""The API of classes (a trainer's groups of rooms), forks and re-issued links: opening a class, listing
the classes, a class's debrief (JSON, CSV or HTML), forking a room at a round into a new one, and a new
link for one seat of a room."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Annotated, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from parley.room.access import Caller, RoomRole
from parley.room.api import Link, RoomCreated
from parley.room.classes import (
    ClassCreated,
    ClassRequest,
    ClassSummary,
    class_rooms,
    class_summaries,
    open_class,
)
from parley.room.debrief import class_debrief
from parley.room.debrief_api import ClassDebriefView, debrief_csv, debrief_html
from parley.room.fork_api import ForkRequest
from parley.room.links import join_url
from parley.room.room_state import UnknownRoomError
from parley.room.service import RoomService


class LinkRequest(BaseModel):
    """Re-issue one seat's link: its label (``delegation:North``, ``principal:South``, ``observer:1``…)."""

    model_config = ConfigDict(extra="forbid")

    label: str = Field(min_length=1, max_length=250)


def _server_key(caller: Caller) -> None:
    if caller.role is not RoomRole.FACILITATOR or caller.room is not None:
        raise HTTPException(403, "only the server's facilitator key manages classes")


def class_routes(app: FastAPI, service: RoomService, current: Callable[..., Awaitable[Caller]]) -> None:
    """Add the class and link routes to ``app``."""
    caller_dep = Annotated[Caller, Depends(current)]  # evaluated here: this module has no lazy annotations

    @app.post("/api/classes", status_code=201, response_model=ClassCreated)
    async def open_a_class(body: ClassRequest, request: Request, caller: caller_dep) -> ClassCreated:
        """Open a class: N rooms of one set-up, their links (shown this once) and the links as CSV."""
        _server_key(caller)
        try:
            return await open_class(
                service, body, lambda room, token: Link(token=token, url=join_url(request, room, token))
            )
        except ValueError as error:
            raise HTTPException(422, str(error)) from None

    @app.get("/api/classes", response_model=list[ClassSummary])
    async def list_classes(caller: caller_dep) -> list[ClassSummary]:
        """Every class, newest first (the server's facilitator key)."""
        _server_key(caller)
        return class_summaries(service)

    @app.get("/api/classes/{class_id}/debrief", response_model=ClassDebriefView)
    def debrief(
        class_id: str, caller: caller_dep, format: Literal["json", "csv", "html"] = Query("json")
    ) -> Response:
        """A class's debrief: each room's outcome against the frontier, as JSON, CSV or a page."""
        _server_key(caller)
        try:
            rooms = class_rooms(service, class_id)
        except KeyError:
            raise HTTPException(404, f"no class {class_id!r}") from None
        result = class_debrief(rooms)
        if format == "csv":
            return PlainTextResponse(debrief_csv(result), media_type="text/csv")
        if format == "html":
            return HTMLResponse(debrief_html(result))
        return Response(
            ClassDebriefView.from_debrief(result).model_dump_json(), media_type="application/json"
        )

    @app.post("/api/rooms/{room_id}/fork", status_code=201, response_model=RoomCreated)
    async def fork(room_id: str, body: ForkRequest, request: Request, caller: caller_dep) -> RoomCreated:
        """Fork a process room at a round into a new room (a rehearsal): the same first rounds, then the
        seats the request names; its join links are shown this once (the server's facilitator key)."""
        if caller.role is not RoomRole.FACILITATOR or caller.room is not None:
            raise HTTPException(403, "only the server's facilitator key opens rooms")
        try:  # the new table replays the first rounds and starts its agents: off the event loop
            setup = service.fork_setup(room_id, body)
            room, tokens = service.create(setup, await asyncio.to_thread(service.build, setup))
        except UnknownRoomError:
            raise HTTPException(404, f"no room {room_id!r}") from None
        except ValueError as error:
            raise HTTPException(422, str(error)) from None
        links = {label: Link(token=t, url=join_url(request, room.id, t)) for label, t in tokens.items()}
        return RoomCreated(id=room.id, links=links)

    @app.post("/api/rooms/{room_id}/links", response_model=Link)
    async def reissue(room_id: str, body: LinkRequest, request: Request, caller: caller_dep) -> Link:
        """A new link for one seat; the seat's earlier links stop working (the room's facilitator)."""
        if caller.role is not RoomRole.FACILITATOR or not caller.may_enter(room_id):
            raise HTTPException(
                403 if caller.may_enter(room_id) else 404, "only the facilitator re-issues links"
            )
        try:
            token = service.reissue(room_id, body.label)
        except UnknownRoomError:
            raise HTTPException(404, f"no room {room_id!r}") from None
        except KeyError:
            raise HTTPException(422, f"room {room_id!r} has no link {body.label!r}") from None
        return Link(token=token, url=join_url(request, room_id, token))
