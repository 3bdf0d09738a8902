"""What happened: typed, immutable negotiation events and the record that holds them."""

from parley.record.events import Event, EventKind
from parley.record.record import ENDINGS, Record

__all__ = ["ENDINGS", "Event", "EventKind", "Record"]
