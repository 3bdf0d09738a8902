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
from parley.negotiators.packages import Packages, candidate_outcomes
from parley.preferences import meets, tie_tolerance
from parley.record import EventKind

Package = tuple[int, ...]
#: Events a seat itself adds between answering REFER_BACK and proposing its counter-offer.
_REFERRAL_KINDS = frozenset({EventKind.REFER_BACK, EventKind.REFERRAL_DECISION, EventKind.REJECT})


def _key(outcome: np.ndarray) -> Package:
    """A package row as a hashable tuple of option indices."""
    return tuple(int(i) for i in np.asarray(outcome).ravel())


class Envoy(Negotiator):
    """Wraps an inner strategy; refers back any package beyond its powers that it would accept or offer.

    Powers (source: Putnam 1988): ``authority``, a utility on the envoy's own preferences, and
    ``competence``, the issues it may settle on its own (None: every issue). A package is beyond its
    powers when its utility is below the authority, or when it settles an issue outside the competence
    at another option than the principal's position (the option of the envoy's best package).
    A delegation may always table its principal's best package: an authority above the best acceptable
    utility counts as that utility, so the envoy never runs out of packages within its powers.

    - accepting: when the inner strategy would accept a package beyond its powers, the envoy answers
      REFER_BACK (the package on the table); approved → the mechanism accepts it; refused → it rejects
      and counter-offers;
    - offering: when the inner strategy would reject and counter with a package beyond its powers,
      the envoy answers REFER_BACK and names that counter-offer by :meth:`referral`; the mechanism then
      records the rejection and asks for the counter-offer, which the envoy makes if approved;
    - a package beyond its powers is offered only once approved; otherwise (refused, or an opening
      offer, which no answer precedes) the envoy offers the package within its powers nearest to it
      (fewest differing issues);
    - each package is referred at most once: the principal's decision, read from the record, stands;
    - it walks away only when breaking off is worth more than any package: when its current
      reservation value (which may follow a moving front) less ``breakdown_cost`` exceeds the best
      utility it can get. ``breakdown_cost`` is what the envoy expects to lose by breaking off when it
      knows the scenario's breakdown rule (0: it does not anticipate one). Its powers never make it
      walk away.
    """

    name = "envoy"

    def __init__(
        self,
        inner: str | Negotiator = "boulware",
        inner_params: dict[str, Any] | None = None,
        authority: float = 0.0,
        competence: tuple[str, ...] | None = None,
        breakdown_cost: float = 0.0,
    ) -> None:
        super().__init__(
            inner=inner,
            inner_params=inner_params,
            authority=authority,
            competence=competence,
            breakdown_cost=breakdown_cost,
        )
        self.inner = (
            inner if isinstance(inner, Negotiator) else make_negotiator(inner, **(inner_params or {}))
        )
        if breakdown_cost < 0:
            raise ValueError(f"a breakdown cost is a loss, so at least 0, got {breakdown_cost}")
        self.authority = float(authority)
        self.competence = None if competence is None else tuple(competence)
        self.breakdown_cost = float(breakdown_cost)
        self.reset()

    def reset(self) -> None:
        """Forget every referral and plan (a new negotiation)."""
        self.referred: set[Package] = set()
        self.decisions: dict[Package, bool] = {}
        self.within = Packages.empty()
        self.cap = self.authority
        self.best_any = -np.inf
        self.reserved = np.zeros(0, dtype=np.intp)
        self.positions = np.zeros(0, dtype=np.int64)
        self._plan: np.ndarray | None = None
        self._plan_at = -1  # record length when the plan was made (-1: no plan)
        self._referral: np.ndarray | None = None
        self._seen = 0

    def start(self, view: View, rng: np.random.Generator) -> None:
        """Start the inner strategy and list the packages within the powers."""
        super().start(view, rng)
        self.reset()
        self.inner.start(view, rng)
        packages = _worth_having(view, rng, self.breakdown_cost)
        self.best_any = packages.best if len(packages) else _best_any(view, rng)
        if not len(packages):
            return
        self.cap = min(self.authority, packages.best)
        names = view.space.issue_names
        outside = [
            i for i, name in enumerate(names) if self.competence is not None and name not in self.competence
        ]
        self.reserved = np.array(outside, dtype=np.intp)
        self.positions = packages.outcomes[0, self.reserved].astype(np.int64)
        keep = meets(packages.utilities, self.cap) & self._competent(packages.outcomes)
        self.within = Packages(packages.outcomes[keep], packages.utilities[keep])

    def respond(self, view: View, offer: np.ndarray) -> Response:
        """The inner answer, or REFER_BACK to accept, or counter with, a package beyond the powers."""
        self._read(view)
        self._plan, self._plan_at, self._referral = None, -1, None
        if self._walks(view):
            return Response.WALK_AWAY
        answer = Response(self.inner.respond(view, offer))
        if answer is Response.ACCEPT and self._beyond(view, offer):
            key = _key(offer)
            if key in self.referred:
                return Response.ACCEPT if self.decisions.get(key, False) else Response.REJECT
            self.referred.add(key)
            return Response.REFER_BACK
        if answer is Response.REJECT:
            self._plan, self._plan_at = self.inner.propose(view), len(view.record)
            if (
                self._plan is not None
                and self._beyond(view, self._plan)
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
        """The planned (or the inner) offer; beyond the powers only once approved."""
        self._read(view)
        if self._walks(view):
            return None
        plan = self._plan if self._plan_is_current(view) else self.inner.propose(view)
        self._plan, self._plan_at, self._referral = None, -1, None
        if plan is None or not self._beyond(view, plan) or self.decisions.get(_key(plan), False):
            return plan
        return self.within.nearest(plan) if len(self.within) else plan

    def _walks(self, view: View) -> bool:
        """Whether breaking off (the current reservation value less its expected cost) beats every package."""
        walk_value = view.preferences.reservation_value - self.breakdown_cost
        return bool(self.best_any < walk_value - float(tie_tolerance(walk_value)))

    def _beyond(self, view: View, outcome: np.ndarray) -> bool:
        """Whether ``outcome`` is beyond the powers: below the authority (ties meet it) or outside the
        competence."""
        row = np.asarray(outcome).reshape(1, -1)
        if float(view.utility(row)[0]) < self.cap - float(tie_tolerance(self.cap)):
            return True
        return bool(len(self.reserved)) and not bool(self._competent(row)[0])

    def _competent(self, outcomes: np.ndarray) -> np.ndarray:
        """Per row: whether every issue outside the competence is at the principal's position."""
        if not len(self.reserved):
            return np.ones(len(outcomes), dtype=bool)
        return np.asarray((outcomes[:, self.reserved] == self.positions).all(axis=1))

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


def _worth_having(view: View, rng: np.random.Generator, breakdown_cost: float) -> Packages:
    """The packages worth more than breaking off (reservation value less its cost), across no red line,
    best first."""
    preferences = view.preferences
    if breakdown_cost:
        preferences = preferences.with_reservation(preferences.reservation_value - breakdown_cost)
    return Packages.of(preferences, rng)


def _best_any(view: View, rng: np.random.Generator) -> float:
    """The best utility of any package across no red line (-inf when there is none)."""
    outcomes = candidate_outcomes(view.space, rng)
    if not len(outcomes):
        return -np.inf
    utilities = view.preferences.evaluate(outcomes)
    allowed = ~view.preferences.crosses_red_line(outcomes)
    return float(utilities[allowed].max()) if allowed.any() else -np.inf
