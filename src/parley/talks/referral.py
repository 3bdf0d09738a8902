"""Principals: who a delegation refers back to, and how they decide (Putnam's two-level games).

Putnam, "Diplomacy and domestic politics: the logic of two-level games", International Organization
42(3), 1988: a negotiator's powers are limited by those it answers to; a package beyond the delegate's
authority goes back to the principal, who judges it with the full mandate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from parley.preferences import Preferences, meets
from parley.protocols.base import Principal


@dataclass(frozen=True)
class PreferencesPrincipal:
    """Approves a package iff it is acceptable under the principal's own preferences.

    ``threshold`` (a utility on ``preferences``' scale) replaces the reservation value when given; red
    lines always bind.
    """

    preferences: Preferences
    threshold: float | None = None

    def approve(self, outcome: np.ndarray) -> bool:
        """Whether ``outcome`` meets the threshold (or reservation value) and crosses no red line."""
        row = np.atleast_2d(outcome)
        if self.threshold is None:
            return bool(self.preferences.acceptable(row)[0])
        utility = self.preferences.evaluate(row)
        return bool(meets(utility, self.threshold)[0] and not self.preferences.crosses_red_line(row)[0])


@dataclass(frozen=True)
class CallablePrincipal:
    """Approves whatever ``decide(outcome)`` approves (a scripted or human principal)."""

    decide: Callable[[np.ndarray], bool]

    def approve(self, outcome: np.ndarray) -> bool:
        """``decide``'s answer, as a bool."""
        return bool(self.decide(np.asarray(outcome)))


def as_principal(
    principal: Principal | Preferences | Callable[[np.ndarray], bool], threshold: float | None = None
) -> Principal:
    """A :class:`Principal` from a principal, a ``Preferences`` (+ ``threshold``) or a callable."""
    if isinstance(principal, Preferences):
        return PreferencesPrincipal(principal, threshold)
    if isinstance(principal, Principal):
        return principal
    return CallablePrincipal(principal)
