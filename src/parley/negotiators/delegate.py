"""The mandate-bound delegate: any strategy, held to the mandate its principal gave it.

A delegation's negotiator speaks for principals who set the limits of what it may agree: the
reservation value (the best alternative to a negotiated agreement) and red lines. Whatever the inner
strategy says, the delegate never offers or accepts a package outside that mandate — the principal's
win-set of Putnam, "Diplomacy and domestic politics: the logic of two-level games", International
Organization 42(3), 1988.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from parley.negotiators.base import Negotiator, Response, View
from parley.negotiators.lookup import make_negotiator
from parley.negotiators.packages import Packages, is_acceptable
from parley.preferences import meets


class Delegate(Negotiator):
    """Wraps an inner strategy and keeps it within the mandate: reservation value and red lines.

    ``inner``: a registered strategy name (``inner_params`` are passed to it) or a negotiator instance.
    A proposal outside the mandate (or infeasible) is replaced by the acceptable package that differs
    from it on the fewest issues (ties: the better for the principal); with no acceptable package the
    delegate walks away. An acceptance outside the mandate becomes a rejection. ``authority``, when
    set, is the lowest utility the delegate may accept without referring back to its principals; the
    interface has no referral, so an offer below it is rejected. Source: Putnam's two-level games (1988).
    """

    name = "delegate"

    def __init__(
        self,
        inner: str | Negotiator = "frequency",
        inner_params: dict[str, Any] | None = None,
        authority: float | None = None,
    ) -> None:
        super().__init__(inner=inner, inner_params=inner_params, authority=authority)
        self.inner = (
            inner if isinstance(inner, Negotiator) else make_negotiator(inner, **(inner_params or {}))
        )
        self.authority = authority
        self.packages = Packages.empty()

    def start(self, view: View, rng: np.random.Generator) -> None:
        """Start the inner strategy and precompute the packages within the mandate."""
        super().start(view, rng)
        self.packages = Packages.of(view.preferences, rng)
        self.inner.start(view, rng)

    def propose(self, view: View) -> np.ndarray | None:
        """The inner strategy's package, or the nearest acceptable one when it is outside the mandate."""
        proposal = self.inner.propose(view)
        if proposal is None:
            return None
        row = np.asarray(proposal).reshape(1, -1)
        if view.space.feasible(row)[0] and is_acceptable(view.preferences, row):
            return proposal
        if not len(self.packages):
            return None
        return self.packages.nearest(proposal)

    def respond(self, view: View, offer: np.ndarray) -> Response:
        """The inner strategy's answer, with an acceptance outside the mandate (or authority) rejected."""
        answer = Response(self.inner.respond(view, offer))
        if answer is not Response.ACCEPT:
            return answer
        if not is_acceptable(view.preferences, offer):
            return Response.REJECT
        if self.authority is not None and not meets(view.utility(offer), self.authority)[0]:
            return Response.REJECT
        return answer
