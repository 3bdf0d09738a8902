"""What happened: typed, immutable negotiation events and the record that holds them."""

from parley.record.events import Event, EventData, EventJson, EventKind
from parley.record.record import ENDINGS, Record

__all__ = ["ENDINGS", "Event", "EventData", "EventJson", "EventKind", "Record"]
