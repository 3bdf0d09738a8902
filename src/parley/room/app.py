"""The negotiation room's web application: the JSON API, the live stream and the pages.

``create_app(database_url, facilitator_key)`` builds it; ``parley serve`` runs it with uvicorn. Every
route names the roles it admits and checks the caller's token against the room; handlers run on the
event loop without awaiting inside a change, so a room's changes are applied one at a time.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import inspect
import json
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from typing import TYPE_CHECKING, Annotated, TypedDict

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response, StreamingResponse

from parley.extras import ensure_extra
from parley.room.access import Caller, RoomRole, same_secret
from parley.room.api import (
    AppliedResponse,
    CloseRequest,
    Health,
    Link,
    LoggedEntry,
    MoveRequest,
    NoteRequest,
    RecordExport,
    RoomCreated,
    RoomSummary,
    RoomView,
    SignedHead,
    Verification,
)
from parley.room.background import AGENT_BUDGET, play_on
from parley.room.class_routes import class_routes
from parley.room.clock import run_clock
from parley.room.cluster import Cluster
from parley.room.export import agreement_markdown, record_export, room_report
from parley.room.guards import INLINE_PAGE_CSP, BodyLimit, SafeHeaders, validation_detail
from parley.room.links import join_url, public_base
from parley.room.live import Hub
from parley.room.messages import messages_view
from parley.room.messages_api import IncidentRequest, MandateRequest, MessageRequest, MessagesView
from parley.room.packages import package_indices
from parley.room.person import Intent
from parley.room.room_state import Room, UnknownRoomError
from parley.room.service import Applied, RoomService
from parley.room.serving import current, discover, follow, take_orphans
from parley.room.setup import RoomSetup
from parley.room.store import Store
from parley.room.table import MoveRefusedError
from parley.room.views import position, public_room, view_for

if TYPE_CHECKING:
    from fastapi.telemetry import TelemetryConfig  # FastAPI >= 0.165

ALL_ROLES = frozenset(RoomRole)
#: The roles that may move (a role without a seat asked to answer is refused by the table, 403).
MOVERS = frozenset({RoomRole.DELEGATION, RoomRole.PRINCIPAL, RoomRole.RATIFIER, RoomRole.MEDIATOR})
STATIC = files("parley.room").joinpath("static")


LOG = logging.getLogger(__name__)


def create_app(
    database_url: str, facilitator_key: str, public_url: str | None = None, advertise_url: str | None = None
) -> FastAPI:
    """The room server over the database at ``database_url``; ``facilitator_key`` opens every room;
    join links start with ``public_url`` (the server's address as its users reach it; None: relative).
    With ``advertise_url`` (where the other processes reach this one) it is one of several processes
    over one PostgreSQL database (:mod:`parley.room.cluster`)."""
    if len(facilitator_key) < 16:
        raise ValueError("the facilitator key must be at least 16 characters")
    base = public_base(public_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service = app.state.service
        tasks = [asyncio.create_task(run_clock(service)), asyncio.create_task(play_on(service))]
        if service.cluster is not None:
            tasks.append(asyncio.create_task(sweep_orphans(service)))
        yield
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if service.cluster is not None:
            service.cluster.close()
        service.store.close()

    app = FastAPI(title="parley negotiation room", version="1", lifespan=lifespan, **_telemetry_off())
    service = RoomService(Store(database_url))
    service.agent_budget = AGENT_BUDGET  # a longer run of agents goes on in the background (play_on)
    service.listeners.append(_settle_memory)
    gc.freeze()  # the libraries and the recovered rooms: long-lived, never worth a collector's scan
    hub = Hub()
    service.listeners.append(hub.publish)
    app.state.service = service
    app.state.hub = hub
    app.state.facilitator_key = facilitator_key
    app.state.public_url = base
    if advertise_url is not None:
        ensure_extra("postgres")
        from parley.room.forward import Forwarding  # httpx: the postgres extra's

        join_cluster(service, database_url, advertise_url)
        app.add_middleware(Forwarding, service=service)  # inside the guards: a forward is guarded too
    app.add_middleware(SafeHeaders)
    app.add_middleware(BodyLimit)  # the outermost: a body over its limit reaches nothing else
    _errors(app)
    _api_routes(app, service, hub)
    class_routes(app, service, current_caller)
    _page_routes(app)
    return app


#: How often a process of a cluster looks for rooms whose holder died (seconds).
SWEEP_S = 1.0


def join_cluster(service: RoomService, database_url: str, advertise_url: str) -> None:
    """Make ``service`` one of several processes over its PostgreSQL database: leases, and news of
    every commit both ways."""
    if not service.store.engine.dialect.name.startswith("postgresql"):
        raise ValueError("several processes need a PostgreSQL database (SQLite serves one process)")
    cluster = Cluster(service.store.engine.url.render_as_string(hide_password=False), advertise_url)
    service.cluster = cluster
    service.listeners.append(cluster.announce)
    service.running.clear()  # the rooms' agents play on where their lease is held
    cluster.listen(lambda room, seq: follow(service, room, seq))


async def sweep_orphans(service: RoomService, every: float = SWEEP_S) -> None:
    """Take over, every ``every`` seconds, the rooms whose holder died (until cancelled)."""
    while True:
        await asyncio.sleep(every)
        try:
            await asyncio.to_thread(take_orphans, service)
        except Exception:  # the database away for a moment: try again at the next sweep
            LOG.exception("could not look for rooms to take over")


#: After this many changes, what the rooms hold so far is moved out of the collector's sight (below).
FREEZE_EVERY = 1000
_changes = 0


def _settle_memory(_room: str, _seq: int) -> None:
    """Every FREEZE_EVERY changes, ``gc.freeze()``: the rooms' records and logs only grow, and their
    objects (events, entries, tuples, dicts) hold no reference cycles, so they are freed by reference
    counting whether frozen or not; frozen, full collections no longer rescan them (at a hundred busy
    rooms such a rescan took ~200 ms, stalling every room)."""
    global _changes
    _changes += 1
    if _changes % FREEZE_EVERY == 0:
        gc.freeze()


class _TelemetryOption(TypedDict, total=False):
    telemetry: TelemetryConfig


def _telemetry_off() -> _TelemetryOption:
    """FastAPI ≥ 0.165 asks OpenTelemetry on every request whether telemetry is configured (reading the
    environment each time: ~5 % of a move's time here); the room turns that off unless
    ``PARLEY_TELEMETRY=1`` asks for FastAPI's OpenTelemetry support (older FastAPI has none)."""
    if os.environ.get("PARLEY_TELEMETRY") == "1" or "telemetry" not in inspect.signature(FastAPI).parameters:
        return {}
    return {"telemetry": {"tracing": False, "metrics": False, "logs": False}}


# --- authentication -------------------------------------------------------------------------------------
async def current_caller(request: Request, authorization: Annotated[str | None, Header()] = None) -> Caller:
    """The caller a bearer token names (401 without a valid one)."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(401, "send the room token as 'Authorization: Bearer <token>'")
    if same_secret(token, request.app.state.facilitator_key):
        return Caller(RoomRole.FACILITATOR, None)
    caller = request.app.state.service.caller(token)
    if caller is None:
        raise HTTPException(401, "unknown token")
    assert isinstance(caller, Caller)
    return caller


CallerDep = Annotated[Caller, Depends(current_caller)]


def _enter(service: RoomService, caller: Caller, room_id: str, roles: frozenset[RoomRole]) -> Room:
    """The room, if ``caller`` belongs to it (404 otherwise: a room's existence is not revealed) and
    its role is one of ``roles`` (403 otherwise)."""
    if not caller.may_enter(room_id):
        raise HTTPException(404, f"no room {room_id!r}")
    if room_id in service.broken:
        raise HTTPException(409, _broken_detail(room_id, service.broken[room_id], caller))
    try:
        room = service.room(room_id)
    except UnknownRoomError:
        raise HTTPException(404, f"no room {room_id!r}") from None
    if caller.role not in roles:
        raise HTTPException(403, f"a {caller.role.value} may not do this")
    return room


def _broken_detail(room_id: str, reason: str, caller: Caller) -> str:
    """Why a room cannot be rebuilt: the reason for a facilitator only (it may quote a refused move, and
    with it a delegation's authority limit or a note); the bare fact for every other role."""
    if caller.role is RoomRole.FACILITATOR:
        return f"room {room_id!r} cannot be rebuilt from its log: {reason}"
    return f"room {room_id!r} cannot be rebuilt from its log; its facilitator can see why"


def _errors(app: FastAPI) -> None:
    @app.exception_handler(MoveRefusedError)
    async def refused(_request: Request, error: MoveRefusedError) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=error.status)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        """A malformed body: the fields and the problems, never the input (it could be megabytes)."""
        return JSONResponse({"detail": validation_detail(error.errors())}, status_code=422)


def _applied_response(change: Applied) -> Response:
    """An :class:`~parley.room.api.AppliedResponse` as JSON, without a second validation of what the
    service built (the routes' ``response_model`` documents it; moves are the hot path)."""
    entries = [e.to_json() for e in change.entries]
    return _json({"duplicate": change.duplicate, "seq": change.seq, "entries": entries})


def _json(body: object) -> Response:
    """``body`` as JSON, as it is: log entries are sent exactly as stored (and hashed)."""
    return Response(json.dumps(body, ensure_ascii=False, allow_nan=False), media_type="application/json")


class MarkdownResponse(PlainTextResponse):
    """A Markdown text (UTF-8)."""

    media_type = "text/markdown"


class EventStreamResponse(StreamingResponse):
    """Server-sent events."""

    media_type = "text/event-stream"


# --- the API ---------------------------------------------------------------------------------------------
def _api_routes(app: FastAPI, service: RoomService, hub: Hub) -> None:
    @app.get("/api/health", response_model=Health)
    async def health() -> Health:
        """Whether the server is up, and how many rooms it holds."""
        return Health(status="ok", rooms=len(service.rooms))

    @app.post("/api/rooms", status_code=201, response_model=RoomCreated)
    async def open_room(setup: RoomSetup, request: Request, caller: CallerDep) -> RoomCreated:
        """Open a room (the server's facilitator key only); the join links are shown this once."""
        if caller.role is not RoomRole.FACILITATOR or caller.room is not None:
            raise HTTPException(403, "only the server's facilitator key opens rooms")
        try:  # the table is built (its agents start, and answer a budget of asks) off the event loop
            room, tokens = service.create(setup, await asyncio.to_thread(service.build, setup))
        except ValueError as error:
            raise HTTPException(422, str(error)) from None
        links = {
            label: Link(token=token, url=join_url(request, room.id, token)) for label, token in tokens.items()
        }
        return RoomCreated(id=room.id, links=links)

    @app.get("/api/rooms", response_model=list[RoomSummary])
    async def list_rooms(caller: CallerDep) -> list[RoomSummary]:
        """Every room (the server's facilitator key), or the caller's own room; a room that cannot be
        rebuilt from its log is listed as broken, with the reason, to a facilitator only."""
        if service.cluster is not None:  # rooms other processes opened, and their tables as their logs say
            await asyncio.to_thread(discover, service)
        rooms = [r for r in service.rooms.values() if caller.may_enter(r.id)]
        if service.cluster is not None:
            rooms = await asyncio.to_thread(lambda: [current(service, room) for room in rooms])
        listed = [_summary(room) for room in rooms]
        if caller.role is RoomRole.FACILITATOR:
            broken = sorted(r for r in service.broken if caller.may_enter(r))
            listed += [
                RoomSummary(id=r, title="", status="broken", seq=0, parties=[], problem=service.broken[r])
                for r in broken
            ]
        return listed

    @app.get("/api/rooms/{room_id}", response_model=RoomView, response_model_exclude_unset=True)
    async def view(room_id: str, caller: CallerDep) -> RoomView:
        """The room as the caller's role may see it."""
        room = _enter(service, caller, room_id, ALL_ROLES)
        async with room.guard:  # never a change whose commit is still pending
            return view_for(room, caller)

    @app.post("/api/rooms/{room_id}/moves", response_model=AppliedResponse)
    async def move(room_id: str, body: MoveRequest, caller: CallerDep) -> Response:
        """A seat's move (applied once per client id): a delegation's; in a process room also a
        principal's referral decision, a ratifying body's vote and the mediator's text. The agents answer
        before this returns."""
        room = _enter(service, caller, room_id, MOVERS)
        if room.setting.process is None and caller.role is not RoomRole.DELEGATION:
            raise HTTPException(
                403, f"a {caller.role.value} may not do this"
            )  # one negotiation: no such seat
        party = "" if caller.role is RoomRole.MEDIATOR else caller.party
        assert party is not None
        package = package_indices(room.setting.scenario.space, body.package, body.indices)
        intent = Intent(body.action, package)
        change = await service.act_together(room_id, party, body.client_id, intent, caller.role.value)
        return _applied_response(change)

    @app.post("/api/rooms/{room_id}/notes", response_model=AppliedResponse)
    async def note(room_id: str, body: NoteRequest, caller: CallerDep) -> Response:
        """A note by a delegation, the mediator or the facilitator."""
        writers = frozenset({RoomRole.DELEGATION, RoomRole.MEDIATOR, RoomRole.FACILITATOR})
        room = _enter(service, caller, room_id, writers)
        async with room.guard:
            return _applied_response(service.note(room_id, caller, body.client_id, body.text, body.private))

    @app.get("/api/rooms/{room_id}/messages", response_model=MessagesView)
    async def messages(room_id: str, caller: CallerDep) -> MessagesView:
        """The messages the caller may read, and the channels it may write."""
        room = _enter(service, caller, room_id, ALL_ROLES)
        return messages_view(room, caller)

    @app.post("/api/rooms/{room_id}/messages", response_model=AppliedResponse)
    async def message(room_id: str, body: MessageRequest, caller: CallerDep) -> Response:
        """A message on a channel the caller may write (once per client id)."""
        room = _enter(service, caller, room_id, ALL_ROLES)
        async with room.guard:
            package = package_indices(room.setting.scenario.space, body.package, body.indices)
            change = service.message(room_id, caller, body.client_id, body.channel, body.text, package)
            return _applied_response(change)

    @app.post("/api/rooms/{room_id}/mandate", response_model=AppliedResponse)
    async def mandate(room_id: str, body: MandateRequest, caller: CallerDep) -> Response:
        """A principal sets its person delegation's authority limit, before the delegation's first move."""
        room = _enter(service, caller, room_id, frozenset({RoomRole.PRINCIPAL}))
        assert caller.party is not None
        async with room.guard:
            change = service.adjust_mandate(room_id, caller.party, body.client_id, body.authority_limit)
            return _applied_response(change)

    @app.post("/api/rooms/{room_id}/incidents", response_model=AppliedResponse)
    async def incident(room_id: str, body: IncidentRequest, caller: CallerDep) -> Response:
        """A front incident the facilitator reports (a process room's front moves when the stage next
        settles)."""
        room = _enter(service, caller, room_id, frozenset({RoomRole.FACILITATOR}))
        async with room.guard:
            return _applied_response(service.incident(room_id, body.client_id, body.changes, body.note))

    @app.post("/api/rooms/{room_id}/close", response_model=AppliedResponse)
    async def close(room_id: str, body: CloseRequest, caller: CallerDep) -> Response:
        """Close the room (the facilitator): no more moves."""
        room = _enter(service, caller, room_id, frozenset({RoomRole.FACILITATOR}))
        async with room.guard:
            return _applied_response(service.close(room_id, body.reason))

    @app.get("/api/rooms/{room_id}/record", response_model=RecordExport, response_model_exclude_unset=True)
    async def record(room_id: str, caller: CallerDep) -> RecordExport:
        """The room's public record as JSON (the facilitator's export adds every utility and note)."""
        room = _enter(service, caller, room_id, ALL_ROLES)
        async with room.guard:
            return record_export(room, caller)

    @app.get("/api/rooms/{room_id}/log", response_model=list[LoggedEntry])
    async def log(room_id: str, caller: CallerDep) -> Response:
        """The whole log with its hash chain (the facilitator), every entry as stored."""
        room = _enter(service, caller, room_id, frozenset({RoomRole.FACILITATOR}))
        return _json([entry.to_json() for entry in list(room.log)])

    @app.get("/api/rooms/{room_id}/verify", response_model=Verification)
    async def verify(room_id: str, caller: CallerDep) -> Verification:
        """Check the room's stored log as the server does at start (the facilitator; a broken room
        too): its hash chain, token table, signed checkpoints, the witness and the replay."""
        if not caller.may_enter(room_id):
            raise HTTPException(404, f"no room {room_id!r}")
        if caller.role is not RoomRole.FACILITATOR:
            raise HTTPException(403, f"a {caller.role.value} may not do this")
        entries, problems = await asyncio.to_thread(service.verify, room_id)
        if not entries and room_id not in service.broken:
            raise HTTPException(404, f"no room {room_id!r}")
        return Verification(room=room_id, entries=entries, valid=not problems, problems=problems)

    @app.post("/api/rooms/{room_id}/checkpoint", response_model=SignedHead)
    async def checkpoint(room_id: str, caller: CallerDep) -> SignedHead:
        """Sign the room's head now (the facilitator; 409 on a server without a witness): a
        ``checkpoint`` entry in the log, a line in the witness, and the signed head to keep elsewhere."""
        room = _enter(service, caller, room_id, frozenset({RoomRole.FACILITATOR}))
        async with room.guard:
            signed = service.checkpoint(room_id)
        expect = f"{signed.room}={signed.hash}"
        return SignedHead(
            room=signed.room,
            seq=signed.seq,
            hash=signed.hash,
            at=signed.at,
            mac=signed.mac,
            expect_head=expect,
        )

    @app.get("/api/rooms/{room_id}/agreement", response_class=MarkdownResponse)
    async def agreement(room_id: str, caller: CallerDep) -> MarkdownResponse:
        """The draft agreement (Markdown) of the agreed package (409 before agreement)."""
        room = _enter(service, caller, room_id, ALL_ROLES)
        text = agreement_markdown(room)
        if text is None:
            raise HTTPException(409, "no agreement has been reached in this room")
        return MarkdownResponse(text)

    @app.get("/api/rooms/{room_id}/report", response_class=HTMLResponse)
    def report(room_id: str, caller: CallerDep) -> HTMLResponse:
        """The room's HTML report: scenario, mandates, the offers in the utility space (the facilitator).

        Rendered in a worker thread without the room's lock (the moves go on meanwhile): it reads the
        table's state and the log, which changes replace or append whole, never edit in place."""
        room = _enter(service, caller, room_id, frozenset({RoomRole.FACILITATOR}))
        headers = {
            "Content-Security-Policy": INLINE_PAGE_CSP,
            "X-Content-Type-Options": "nosniff",
            "X-Frame-Options": "DENY",
            "Referrer-Policy": "no-referrer",
        }
        return HTMLResponse(room_report(room), headers=headers)

    @app.get("/api/rooms/{room_id}/stream", response_class=EventStreamResponse)
    async def stream(
        room_id: str,
        caller: CallerDep,
        max_events: Annotated[int | None, Query(ge=1, le=10_000)] = None,
    ) -> EventStreamResponse:
        """Server-sent events: ``update`` with the room's new log position whenever it changes."""
        room = _enter(service, caller, room_id, ALL_ROLES)
        events = hub.stream(room_id, position(room, caller), max_events, lambda: position(room, caller))
        headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
        return EventStreamResponse(events, headers=headers)


def _summary(room: Room) -> RoomSummary:
    public = public_room(room)
    return RoomSummary(
        id=room.id,
        title=public.title,
        status=public.status,
        seq=public.seq,
        parties=list(room.setting.parties),
        class_id=room.setting.setup.class_id,
        class_name=room.setting.setup.class_name,
        opened_at=room.log[0].at,
        running=room.setting.table.running,
    )


# --- the pages --------------------------------------------------------------------------------------------
#: The pages load only the server's own scripts and talk only to the server; no page may be framed.
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
        "form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


def _page_routes(app: FastAPI) -> None:
    def asset(name: str, media_type: str) -> Response:
        return Response(STATIC.joinpath(name).read_bytes(), media_type=media_type, headers=PAGE_HEADERS)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def console() -> Response:
        return asset("console.html", "text/html; charset=utf-8")

    @app.get("/room/{room_id}", response_class=HTMLResponse, include_in_schema=False)
    async def room_page(room_id: str) -> Response:
        return asset("room.html", "text/html; charset=utf-8")

    @app.get("/room/{room_id}/replay", response_class=HTMLResponse, include_in_schema=False)
    async def replay_page(room_id: str) -> Response:
        return asset("replay.html", "text/html; charset=utf-8")

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> Response:
        kinds = {
            "room.js": "text/javascript",
            "console.js": "text/javascript",
            "common.js": "text/javascript",
            "room-format.js": "text/javascript",
            "room-live.js": "text/javascript",
            "room-record.js": "text/javascript",
            "room-panels.js": "text/javascript",
            "room-api.js": "text/javascript",
            "room-builder.js": "text/javascript",
            "room-chart.js": "text/javascript",
            "room-notes.js": "text/javascript",
            "room-process.js": "text/javascript",
            "room-clock.js": "text/javascript",
            "replay.js": "text/javascript",
            "replay-steps.js": "text/javascript",
            "console-classes.js": "text/javascript",
            "room-messages.js": "text/javascript",
            "room-status.js": "text/javascript",
            "room-turn.js": "text/javascript",
            "retry.js": "text/javascript",
            "sse.js": "text/javascript",
            "room.css": "text/css",
        }
        if name == "plotly.min.js":
            return Response(_plotly_js(), media_type="text/javascript", headers=PAGE_HEADERS)
        if name not in kinds:
            raise HTTPException(404, "no such file")
        return asset(name, kinds[name])


def _plotly_js() -> bytes:
    """plotly.js as bundled with the plotly package (served locally: no network needed)."""
    from plotly.offline import get_plotlyjs  # type: ignore[import-untyped]

    script: str = get_plotlyjs()
    return script.encode()
