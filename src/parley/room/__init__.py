"""The negotiation room: a web application where delegations (people or agents) negotiate live.

Layers: :mod:`~parley.room.table` runs an engine mechanism with person seats; :mod:`~parley.room.store`
keeps an append-only, hash-chained log (:mod:`~parley.room.chain`) through SQLAlchemy;
:mod:`~parley.room.service` applies changes and rebuilds rooms from the log (:mod:`~parley.room.replay`);
:mod:`~parley.room.views` decides what each role sees; :mod:`~parley.room.app` is the FastAPI face.
"""

from parley.room.access import Caller, RoomRole
from parley.room.app import create_app
from parley.room.export import agreement_markdown, record_export, room_report
from parley.room.replay import replay
from parley.room.service import Room
from parley.room.store import Store
from parley.room.verify import RoomCheck, verify_store

__all__ = [
    "Caller",
    "Room",
    "RoomCheck",
    "RoomRole",
    "Store",
    "agreement_markdown",
    "create_app",
    "record_export",
    "replay",
    "room_report",
    "verify_store",
]
