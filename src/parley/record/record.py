"""A negotiation record: the ordered events, with the questions every consumer asks of them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from parley.record.events import Event, EventJson, EventKind

ENDINGS = (EventKind.AGREEMENT, EventKind.WALK_AWAY, EventKind.DEADLINE)


@dataclass(frozen=True)
class Record:
    """An immutable, append-only sequence of events (appending returns a new record)."""

    events: tuple[Event, ...] = ()

    def __len__(self) -> int:
        return len(self.events)

    def __iter__(self) -> Iterator[Event]:
        return iter(self.events)

    def append(self, *events: Event) -> Record:
        """A new record with ``events`` added at the end."""
        return Record(self.events + events)

    def of_kind(self, *kinds: EventKind) -> tuple[Event, ...]:
        """The events of the given kinds, in order."""
        return tuple(e for e in self.events if e.kind in kinds)

    def offers(self) -> tuple[Event, ...]:
        """Every offer and mediator text, in order."""
        return self.of_kind(EventKind.OFFER, EventKind.TEXT)

    def last_offer(self) -> Event | None:
        """The most recent offer or text, if any."""
        offers = self.offers()
        return offers[-1] if offers else None

    @property
    def ending(self) -> Event | None:
        """The event that ended the negotiation (agreement, walk-away or deadline), if it has ended."""
        for event in reversed(self.events):
            if event.kind in ENDINGS:
                return event
        return None

    @property
    def agreement(self) -> tuple[int, ...] | None:
        """The agreed package, if the negotiation ended in agreement."""
        ending = self.ending
        return ending.outcome if ending is not None and ending.kind is EventKind.AGREEMENT else None

    def to_json(self) -> list[EventJson]:
        """The events as JSON-ready dicts."""
        return [event.to_json() for event in self.events]

    @classmethod
    def from_json(cls, data: Iterable[EventJson]) -> Record:
        """Inverse of :meth:`to_json`."""
        return cls(tuple(Event.from_json(item) for item in data))
