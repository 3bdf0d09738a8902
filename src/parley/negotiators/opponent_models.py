"""Opponent models, and the concession strategy that uses one to pick packages good for both sides.

An opponent model learns, from the packages another party offers (read from the public record of a
view, never from that party's private preferences), an estimate of that party's utility in [0, 1].
:class:`ModelledConceder` lowers its own target over time (the time-dependent curve of Faratin, Sierra
& Jennings, "Negotiation decision functions for autonomous agents", 1998) and, among the packages at or
above its target, offers the one the model rates best for the other side — the "trade-off" idea of
Faratin, Sierra & Jennings, "Using similarity criteria to make issue trade-offs", AIJ 2002, as used by
the ANAC agents that learn an opponent model (Baarslag, Hendrikx, Hindriks & Jonker, "Learning about
the opponent in automated bilateral negotiation", JAAMAS 2016).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

import numpy as np

from parley.domain import OutcomeSpace
from parley.negotiators.base import Negotiator, Response, View
from parley.negotiators.packages import Packages, concession_target, is_acceptable
from parley.preferences import meets


class OpponentModel(ABC):
    """An estimate of one other party's utility, learnt from the packages it offers."""

    def __init__(self, space: OutcomeSpace, party: str) -> None:
        self.space = space
        self.party = party
        self.seen = 0

    def update(self, view: View) -> None:
        """Learn from the offers ``party`` has made since the last update (read from the public record)."""
        offers = view.offers_by(self.party)
        for offer in offers[self.seen :]:
            self.observe(np.asarray(offer, dtype=np.int64))
        self.seen = len(offers)

    @abstractmethod
    def observe(self, offer: np.ndarray) -> None:
        """Learn from one offer (a row of option indices) of the modelled party."""

    @abstractmethod
    def estimate(self, outcomes: np.ndarray) -> np.ndarray:
        """Estimated utilities of ``outcomes`` (rows) for the modelled party, in [0, 1]."""


class ModelledConceder(Negotiator):
    """Concedes on its own utility over time and offers what an opponent model rates best for the others.

    Target at relative time t: ``best - (best - worst) · t^(1/e)`` over its acceptable packages
    (``e`` < 1: Boulware). It offers, among the packages at or above the target, the one whose lowest
    estimated utility over the other parties is highest (ties: the better for itself), and accepts an
    acceptable offer worth at least its target. Subclasses say which opponent model to use.
    """

    def __init__(self, e: float = 0.2, **params: Any) -> None:
        if e <= 0:
            raise ValueError(f"the concession exponent e must be positive, got {e}")
        super().__init__(e=e, **params)
        self.e = e
        self.packages = Packages.empty()
        self.models: dict[str, OpponentModel] = {}

    @abstractmethod
    def make_model(self, space: OutcomeSpace, party: str) -> OpponentModel:
        """A fresh model of ``party``."""

    def start(self, view: View, rng: np.random.Generator) -> None:
        """Precompute the acceptable packages and start one fresh model per other party."""
        super().start(view, rng)
        self.packages = Packages.of(view.preferences, rng)
        self.models = {party: self.make_model(view.space, party) for party in view.opponents()}

    def target(self, time: float) -> float:
        """Own utility aimed at, at relative time ``time``."""
        return concession_target(self.packages.best, self.packages.worst, time, self.e)

    def opponent_estimate(self, outcomes: np.ndarray) -> np.ndarray:
        """The lowest estimated utility over the modelled parties (1 when there is no model)."""
        estimates = [model.estimate(outcomes) for model in self.models.values()]
        return np.minimum.reduce(estimates) if estimates else np.ones(len(outcomes))

    def propose(self, view: View) -> np.ndarray | None:
        """The package at or above the target that the other side is thought to like best."""
        if not len(self.packages):
            return None
        for model in self.models.values():
            model.update(view)
        count = max(1, self.packages.count_at_least(self.target(view.time)))
        scores = self.opponent_estimate(self.packages.outcomes[:count])
        chosen: np.ndarray = self.packages.outcomes[int(np.argmax(scores))]
        return chosen

    def respond(self, view: View, offer: np.ndarray) -> Response:
        """Accept an acceptable offer worth at least the current target."""
        if not len(self.packages):
            return Response.WALK_AWAY
        for model in self.models.values():
            model.update(view)
        good = bool(meets(view.utility(offer), self.target(view.time))[0])
        return Response.ACCEPT if good and is_acceptable(view.preferences, offer) else Response.REJECT
