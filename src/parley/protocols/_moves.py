"""Asking a seat for a move: the negotiator's answer, checked, with errors that name the seat.

Shared by every mechanism so that a bad package or a bad answer fails the same clear way.
"""

from __future__ import annotations

import numpy as np

from parley.negotiators.base import Response, View
from parley.protocols.base import Mechanism, Seat


def ask_proposal(mechanism: Mechanism, seat: Seat, view: View) -> np.ndarray | None:
    """The package ``seat`` proposes, validated by ``check_package`` (None means it walks away)."""
    proposal = seat.negotiator.propose(view)
    try:
        return mechanism.check_package(seat, proposal)
    except ValueError as error:
        raise ValueError(
            f"seat {seat.name!r} ({seat.negotiator!r}) proposed an invalid package {proposal!r}: {error}"
        ) from error


def ask_response(seat: Seat, view: View, offer: np.ndarray) -> Response:
    """``seat``'s answer to ``offer`` (given a copy, so the table cannot be altered), as a Response."""
    answer = seat.negotiator.respond(view, offer.copy())
    try:
        return Response(answer)
    except ValueError:
        raise ValueError(
            f"seat {seat.name!r} ({seat.negotiator!r}) answered {answer!r}, which is not a Response"
        ) from None


def as_package(outcome: np.ndarray) -> tuple[int, ...]:
    """A package row as the hashable tuple of option indices that events and results hold."""
    return tuple(int(i) for i in np.asarray(outcome).ravel())
