"""Opening with a given text: an earlier draft's package first, then an inner strategy.

Single negotiating text practice (Raiffa, *The Art and Science of Negotiation*, Harvard University
Press 1982, ch. 17): new talks start from the text already on paper. The delegations process
(:func:`parley.talks.with_opening`) seats a party with it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from parley.negotiators.base import Negotiator, Response, View
from parley.negotiators.lookup import make_negotiator


class OpeningText(Negotiator):
    """Opens with a given text (an earlier draft's package), then plays ``inner`` (Raiffa 1982, ch. 17)."""

    name = "opening-text"

    def __init__(
        self,
        inner: str | Negotiator = "boulware",
        inner_params: dict[str, Any] | None = None,
        package: tuple[int, ...] | None = None,
    ) -> None:
        super().__init__(inner=inner, inner_params=inner_params, package=package)
        self.inner = (
            inner if isinstance(inner, Negotiator) else make_negotiator(inner, **(inner_params or {}))
        )
        self.package = package
        self.opened = False

    def start(self, view: View, rng: np.random.Generator) -> None:
        """Start the inner strategy; the text is still to be tabled."""
        super().start(view, rng)
        self.inner.start(view, rng)
        self.opened = False

    def propose(self, view: View) -> np.ndarray | None:
        """The text on the first proposal, the inner strategy's offers after."""
        if self.opened or self.package is None:
            return self.inner.propose(view)
        self.opened = True
        return np.array(self.package, dtype=view.space.dtype)

    def respond(self, view: View, offer: np.ndarray) -> Response:
        """The inner strategy's answer."""
        return Response(self.inner.respond(view, offer))

    def referral(self) -> np.ndarray | None:
        """The inner strategy's referral, if it refers."""
        return self.inner.referral()
