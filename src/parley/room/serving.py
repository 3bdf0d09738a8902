"""Which process serves a room, when several serve one PostgreSQL database (:mod:`parley.room.cluster`).

A process serves a room once it holds the room's lease; it then rebuilds the room from the stored log
(the log is the truth: whatever another process committed is in it) and is the only one to change it.
The rooms it does not serve it *follows*: every commit another process announces extends their log
here (so the live streams and the rooms list see it), and their table is rebuilt only when it is read.
"""

from __future__ import annotations

import logging

from parley.room.cluster import Cluster
from parley.room.room_state import Room, UnknownRoomError
from parley.room.service import RoomService

LOG = logging.getLogger(__name__)


def cluster_of(service: RoomService) -> Cluster:
    """The service's cluster (an AssertionError for a server that runs alone)."""
    assert service.cluster is not None, "a server that runs alone serves every room"
    return service.cluster


def serve_here(service: RoomService, room_id: str) -> str | None:
    """None when this process serves ``room_id`` (it held the lease, or took it now and rebuilt the
    room); else the URL of the process that holds it, to forward the request to."""
    cluster = cluster_of(service)
    if cluster.holds(room_id):
        return None
    if cluster.take(room_id):
        take_over(service, room_id)
        return None
    return cluster.owner_url(room_id)


def take_over(service: RoomService, room_id: str) -> None:
    """Rebuild ``room_id`` from its log now that this process holds its lease, and play its agents on."""
    try:
        room = service.room(room_id)  # loaded and checked here for the first time, if need be
    except UnknownRoomError:
        return  # its request will be answered 404; nothing to serve
    with room.lock:
        service.rebuild(room)
        service.note_running(room)


def follow(service: RoomService, room_id: str, seq: int) -> None:
    """Another process committed ``room_id`` up to ``seq``: extend this process's copy of its log (a
    room not loaded here is left to be loaded on first use) and tell the pages connected here."""
    room = service.rooms.get(room_id)
    if room is None or cluster_of(service).holds(room_id):
        return
    with room.lock:
        if seq <= room.head.seq:
            return
        new = service.store.entries(room_id, after=room.head.seq)
        room.log.extend(new)
        room.index(new)
        room.behind = True
    service.publish(room)


def discover(service: RoomService) -> None:
    """Load the rooms other processes opened since this one last looked (for the rooms list)."""
    for room_id in service.store.token_rooms():  # every room has its tokens from its first commit
        if room_id not in service.rooms and room_id not in service.broken:
            try:
                service.room(room_id)
            except UnknownRoomError:  # tokens without a log: the start's checks report it
                continue
            except Exception:  # a broken room is set aside with its reason; the others are listed
                LOG.warning("room %s opened by another process could not be loaded", room_id)


def current(service: RoomService, room: Room) -> Room:
    """``room`` with its table rebuilt if this process followed commits it did not make."""
    if room.behind and not cluster_of(service).holds(room.id):
        with room.lock:
            if room.behind:
                service.rebuild(room)
    return room


def take_orphans(service: RoomService) -> list[str]:
    """Take over every room whose last holder died (its lease lock is free); the rooms taken."""
    cluster = cluster_of(service)
    taken = [room for room in cluster.leased_elsewhere() if cluster.take(room)]
    for room_id in taken:
        try:
            take_over(service, room_id)
        except Exception:  # a room that does not rebuild stays broken; the others go on
            LOG.exception("could not take over room %s", room_id)
    return taken
