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
from parley.room.room_state import Room
from parley.room.store import Store
from parley.room.verify import Anchors, RoomCheck, Verdict, verify_all, verify_store
from parley.room.witness import KEY_ENV, KEY_FILE_ENV, WitnessError, load_key, read_witness

__all__ = [
    "KEY_ENV",
    "KEY_FILE_ENV",
    "Anchors",
    "Caller",
    "Room",
    "RoomCheck",
    "RoomRole",
    "Store",
    "Verdict",
    "WitnessError",
    "agreement_markdown",
    "create_app",
    "load_key",
    "read_witness",
    "record_export",
    "replay",
    "room_report",
    "verify_all",
    "verify_store",
]
