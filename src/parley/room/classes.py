"""Classes: a trainer opens N rooms of one set-up at once (one per group of trainees), hands out the
links as a CSV, watches them together and debriefs them side by side.

A room's class is part of its set-up (``class_id``, ``class_name`` in the ``room_created`` entry), so a
class is rebuilt from the logs like everything else; there is no class table to drift from the rooms.
"""

from __future__ import annotations

import asyncio
import csv
import io
import secrets
from collections.abc import Callable

from pydantic import BaseModel, ConfigDict, Field

from parley.room.api import Link
from parley.room.room_state import Room
from parley.room.service import RoomService
from parley.room.setup import RoomSetup
from parley.room.views import public_room


class ClassRequest(BaseModel):
    """Open a class: its name, how many rooms, and the set-up every room gets (its title is numbered)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    rooms: int = Field(ge=1, le=50, description="how many rooms (one per group)")
    setup: RoomSetup


class ClassRoom(BaseModel):
    """A room of a new class: its id, title and join links."""

    id: str
    title: str
    links: dict[str, Link]


class ClassCreated(BaseModel):
    """A new class: its id and name, its rooms with their links, and the links as CSV text."""

    id: str
    name: str
    rooms: list[ClassRoom]
    links_csv: str = Field(description="room,title,role,url: one line per link, to hand out")


class ClassSummary(BaseModel):
    """A class in the facilitator's list: how many rooms, how many are open, ended or closed."""

    id: str
    name: str
    opened_at: str
    rooms: int
    open: int
    ended: int
    closed: int


#: Makes a join link from a room id and a token (the server knows its own address).
LinkMaker = Callable[[str, str], Link]


async def open_class(service: RoomService, request: ClassRequest, link: LinkMaker) -> ClassCreated:
    """Open ``request.rooms`` rooms of one set-up in one class (a ValueError if the set-up is wrong:
    it is checked on the first room, before the others are opened). Each table is built (its agents
    started) in a worker thread, so the other rooms' requests go on meanwhile."""
    class_id = secrets.token_hex(6)
    rooms = []
    for number in range(1, request.rooms + 1):
        title = f"{request.setup.title or request.name} — room {number}"
        fields = {
            **request.setup.model_dump(),
            "class_id": class_id,
            "class_name": request.name,
            "title": title,
        }
        setup = RoomSetup.model_validate(fields)
        room, tokens = service.create(setup, await asyncio.to_thread(service.build, setup))
        links = {label: link(room.id, token) for label, token in tokens.items()}
        rooms.append(ClassRoom(id=room.id, title=title, links=links))
    return ClassCreated(id=class_id, name=request.name, rooms=rooms, links_csv=links_csv(rooms))


def links_csv(rooms: list[ClassRoom]) -> str:
    """The class's links as CSV: room, title, role, url."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["room", "title", "role", "url"])
    for room in rooms:
        for label, link in room.links.items():
            writer.writerow([room.id, room.title, label, link.url])
    return out.getvalue()


def class_rooms(service: RoomService, class_id: str) -> list[Room]:
    """The rooms of a class, in the order they were opened (a KeyError for an unknown class)."""
    rooms = [room for room in service.rooms.values() if room.setting.setup.class_id == class_id]
    if not rooms:
        raise KeyError(class_id)
    return rooms


def class_summaries(service: RoomService) -> list[ClassSummary]:
    """Every class, newest first."""
    groups: dict[str, list[Room]] = {}
    for room in service.rooms.values():
        if room.setting.setup.class_id is not None:
            groups.setdefault(room.setting.setup.class_id, []).append(room)
    summaries = [_summary(class_id, rooms) for class_id, rooms in groups.items()]
    return sorted(summaries, key=lambda summary: summary.opened_at, reverse=True)


def _summary(class_id: str, rooms: list[Room]) -> ClassSummary:
    statuses = [public_room(room).status for room in rooms]
    return ClassSummary(
        id=class_id,
        name=rooms[0].setting.setup.class_name,
        opened_at=min(room.log[0].at for room in rooms),
        rooms=len(rooms),
        open=statuses.count("open"),
        ended=statuses.count("ended"),
        closed=statuses.count("closed"),
    )
