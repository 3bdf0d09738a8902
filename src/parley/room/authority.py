"""A person delegation's limited powers: no offer or acceptance below its authority limit unless its
principal approved that package (Putnam 1988; the engine's envoy refers back the same way).

Below the limit the move is refused with the way forward: refer the package back (``refer_back``,
naming the package for a counter-offer); once the principal approves it, the package may be offered,
and an approved package on the table is accepted by the referral itself.
"""

from __future__ import annotations

import numpy as np

from parley.preferences import Preferences, meets
from parley.record import EventKind, Record
from parley.room.person import Action, Intent


class AuthorityError(ValueError):
    """A move beyond the delegation's authority."""


def approved_packages(record: Record, party: str) -> set[tuple[int, ...]]:
    """The packages ``party``'s principal has approved so far (REFERRAL_DECISION events)."""
    return {
        event.outcome
        for event in record.of_kind(EventKind.REFERRAL_DECISION)
        if event.party == party and event.outcome is not None and event.data.get("approved")
    }


def committed_package(intent: Intent, on_table: tuple[int, ...] | None) -> tuple[int, ...] | None:
    """The package a move commits its delegation to: the one it offers, or the one it accepts."""
    if intent.action in (Action.OFFER, Action.REJECT) and intent.package is not None:
        return intent.package
    if intent.action is Action.ACCEPT:
        return on_table
    return None  # referring back, walking away, a plain rejection commit to nothing


def check_authority(
    preferences: Preferences,
    limit: float,
    intent: Intent,
    on_table: tuple[int, ...] | None,
    record: Record,
    party: str,
) -> None:
    """Raise AuthorityError if ``intent`` commits ``party`` below ``limit`` unapproved by its principal."""
    package = committed_package(intent, on_table)
    if package is None or package in approved_packages(record, party):
        return
    utility = float(preferences.evaluate(np.array([package]))[0])
    if bool(meets(np.array([utility]), limit)[0]):
        return
    shown = "crosses a red line" if not np.isfinite(utility) else f"is worth {utility:.3f} to you"
    verb = "accept" if intent.action is Action.ACCEPT else "offer"
    raise AuthorityError(
        f"this package {shown}, below your authority limit ({limit:.3f}): you may not {verb} it without "
        "your principal's approval; refer it back first (refer_back"
        + (")" if intent.action is Action.ACCEPT else " with this package)")
    )
