"""A person delegation's limited powers: no offer or acceptance below its authority limit unless its
principal approved that package (Putnam 1988; the engine's envoy refers back the same way).

Below the limit the move is refused with the way forward: refer the package back (``refer_back``,
naming the package for a counter-offer); once the principal approves it, the package may be offered,
and an approved package on the table is accepted by the referral itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from parley.preferences import meets
from parley.record import Event, EventKind, Record
from parley.room.person import Action, Intent


class AuthorityError(ValueError):
    """A move beyond the delegation's authority."""


def approved_packages(events: Iterable[Event], party: str) -> set[tuple[int, ...]]:
    """The packages ``party``'s principal approved in ``events`` (REFERRAL_DECISION events)."""
    return {
        event.outcome
        for event in events
        if event.kind is EventKind.REFERRAL_DECISION
        and event.party == party
        and event.outcome is not None
        and event.data.get("approved")
    }


class Approvals:
    """The approved packages of a growing record, read incrementally: each move scans only the events
    added since the last one (a record that got shorter, a move undone, is read again from the start)."""

    def __init__(self) -> None:
        self.read = 0  # how many events of the record were read
        self.last: Event | None = None  # the last of them, to tell the same record grown from another one
        self.found: dict[str, set[tuple[int, ...]]] = {}

    def of(self, record: Record, party: str) -> set[tuple[int, ...]]:
        """The packages ``party``'s principal approved in ``record``."""
        events = record.events
        if len(events) < self.read or (self.read and events[self.read - 1] is not self.last):
            self.read, self.found = 0, {}
        for event in events[self.read :]:
            if event.party is not None:
                self.found.setdefault(event.party, set()).update(approved_packages([event], event.party))
        if events:
            self.read, self.last = len(events), events[-1]
        return self.found.get(party, set())


def committed_package(intent: Intent, on_table: tuple[int, ...] | None) -> tuple[int, ...] | None:
    """The package a move commits its delegation to: the one it offers, or the one it accepts."""
    if intent.action in (Action.OFFER, Action.REJECT) and intent.package is not None:
        return intent.package
    if intent.action is Action.ACCEPT:
        return on_table
    return None  # referring back, walking away, a plain rejection commit to nothing


def check_authority(
    utility_of: Callable[[tuple[int, ...]], float],
    limit: float,
    intent: Intent,
    on_table: tuple[int, ...] | None,
    approved: set[tuple[int, ...]],
) -> None:
    """Raise AuthorityError if ``intent`` commits ``party`` below ``limit`` unapproved by its principal."""
    package = committed_package(intent, on_table)
    if package is None or package in approved:
        return
    utility = utility_of(package)
    if bool(meets(np.array([utility]), limit)[0]):
        return
    shown = "crosses a red line" if not np.isfinite(utility) else f"is worth {utility:.3f} to you"
    verb = "accept" if intent.action is Action.ACCEPT else "offer"
    raise AuthorityError(
        f"this package {shown}, below your authority limit ({limit:.3f}): you may not {verb} it without "
        "your principal's approval; refer it back first (refer_back"
        + (")" if intent.action is Action.ACCEPT else " with this package)")
    )
