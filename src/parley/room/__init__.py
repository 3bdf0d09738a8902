"""The negotiation room: a web application where delegations (people or agents) negotiate live.

Layers: :mod:`~parley.room.table` runs an engine mechanism with person seats; :mod:`~parley.room.store`
keeps an append-only, hash-chained log (:mod:`~parley.room.chain`) through SQLAlchemy;
:mod:`~parley.room.service` applies changes and rebuilds rooms from the log (:mod:`~parley.room.replay`);
:mod:`~parley.room.views` decides what each role sees; :mod:`~parley.room.app` is the FastAPI face.
"""

from parley.room.app import create_app

__all__ = ["create_app"]
