"""The envoy: a delegate with limited powers, who refers back to its principal below its authority.

Putnam, "Diplomacy and domestic politics: the logic of two-level games", International Organization
42(3), 1988: the chief negotiator may agree on its own only within its authority; beyond it, the
principal decides. The protocol side (the REFER_BACK answer, the decision and the rounds it costs) is
:class:`parley.protocols.AlternatingOffers`; this module is the strategy side (used by the delegations
process, :mod:`parley.talks`, which re-exports it).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from parley.negotiators.base import Negotiator, Response, View
from parley.negotiators.lookup import make_negotiator
from parley.negotiators.packages import Packages
from parley.preferences import meets
from parley.record import EventKind

Package = tuple[int, ...]
#: Events a seat itself adds between answering REFER_BACK and proposing its counter-offer.
_REFERRAL_KINDS = frozenset({EventKind.REFER_BACK, EventKind.REFERRAL_DECISION, EventKind.REJECT})


def _key(outcome: np.ndarray) -> Package:
    """A package row as a hashable tuple of option indices."""
    return tuple(int(i) for i in np.asarray(outcome).ravel())


class Envoy(Negotiator):
    """Wraps an inner strategy; refers back any package below ``authority`` it would accept or offer.

    ``authority`` is a utility on the envoy's own preferences. Semantics (source: Putnam 1988):

    - accepting: when the inner strategy would accept a package below the authority, the envoy answers
      REFER_BACK (the package on the table); approved → the mechanism accepts it; refused → it rejects
      and counter-offers;
    - offering: when the inner strategy would reject and counter with a package below the authority,
      the envoy answers REFER_BACK and names that counter-offer by :meth:`referral`; the mechanism then
      records the rejection and asks for the counter-offer, which the envoy makes if approved;
    - a package below the authority is offered only once approved; otherwise (refused, or an opening
      offer, which no answer precedes) the envoy offers the package within its authority nearest to it
      (fewest differing issues; none: it walks away);
    - each package is referred at most once: the principal's decision, read from the record, stands.
    """

    name = "envoy"

    def __init__(
        self,
        inner: str | Negotiator = "boulware",
        inner_params: dict[str, Any] | None = None,
        authority: float = 0.0,
    ) -> None:
        super().__init__(inner=inner, inner_params=inner_params, authority=authority)
        self.inner = (
            inner if isinstance(inner, Negotiator) else make_negotiator(inner, **(inner_params or {}))
        )
        self.authority = float(authority)
        self.reset()

    def reset(self) -> None:
        """Forget every referral and plan (a new negotiation)."""
        self.referred: set[Package] = set()
        self.decisions: dict[Package, bool] = {}
        self.within = Packages.empty()
        self._plan: np.ndarray | None = None
        self._plan_at = -1  # record length when the plan was made (-1: no plan)
        self._referral: np.ndarray | None = None
        self._seen = 0

    def start(self, view: View, rng: np.random.Generator) -> None:
        """Start the inner strategy and list the acceptable packages within the authority."""
        super().start(view, rng)
        self.reset()
        self.inner.start(view, rng)
        packages = Packages.of(view.preferences, rng)
        keep = meets(packages.utilities, self.authority) if len(packages) else np.zeros(0, dtype=bool)
        self.within = Packages(packages.outcomes[keep], packages.utilities[keep])

    def respond(self, view: View, offer: np.ndarray) -> Response:
        """The inner answer, or REFER_BACK to accept, or counter with, a package below the authority."""
        self._read(view)
        self._plan, self._plan_at, self._referral = None, -1, None
        answer = Response(self.inner.respond(view, offer))
        if answer is Response.ACCEPT and self._below(view, offer):
            key = _key(offer)
            if key in self.referred:
                return Response.ACCEPT if self.decisions.get(key, False) else Response.REJECT
            self.referred.add(key)
            return Response.REFER_BACK
        if answer is Response.REJECT:
            self._plan, self._plan_at = self.inner.propose(view), len(view.record)
            if (
                self._plan is not None
                and self._below(view, self._plan)
                and _key(self._plan) not in self.referred
            ):
                self.referred.add(_key(self._plan))
                self._referral = np.asarray(self._plan)
                return Response.REFER_BACK
        return answer

    def referral(self) -> np.ndarray | None:
        """The counter-offer referred by the last REFER_BACK (None: the package on the table)."""
        return self._referral

    def propose(self, view: View) -> np.ndarray | None:
        """The planned (or the inner) offer; below the authority only once approved."""
        self._read(view)
        plan = self._plan if self._plan_is_current(view) else self.inner.propose(view)
        self._plan, self._plan_at, self._referral = None, -1, None
        if plan is None or not self._below(view, plan) or self.decisions.get(_key(plan), False):
            return plan
        return self.within.nearest(plan) if len(self.within) else None

    def _below(self, view: View, outcome: np.ndarray) -> bool:
        """Whether ``outcome``'s own utility is below the authority (ties within tolerance meet it)."""
        return not bool(meets(view.utility(outcome), self.authority)[0])

    def _plan_is_current(self, view: View) -> bool:
        """Whether the plan made while answering is for this very turn (only own referral events since)."""
        if self._plan_at < 0:
            return False
        since = view.record.events[self._plan_at :]
        return all(e.party == view.party and e.kind in _REFERRAL_KINDS for e in since)

    def _read(self, view: View) -> None:
        """Take the principal's decisions on own referrals from the new events of the record."""
        for event in view.record.events[self._seen :]:
            if event.kind is EventKind.REFERRAL_DECISION and event.party == view.party and event.outcome:
                self.decisions[event.outcome] = bool(event.data.get("approved", False))
        self._seen = len(view.record)
