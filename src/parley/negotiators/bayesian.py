"""The Bayesian opponent model of Hindriks & Tykhonov, in a tractable per-issue form, and its negotiator.

Hindriks & Tykhonov, "Opponent modelling in automated multi-issue negotiation using Bayesian learning",
AAMAS 2008, keep a probability over joint hypotheses (a ranking of the issue weights and a value shape —
downhill, uphill or triangular — per issue) and update it with the likelihood of each offer under the
assumption that the opponent concedes slowly: its t-th offer is worth about ``1 - c·t`` to it.

Simplification (documented here and in the class): the joint hypothesis space grows as n! times a
product over issues, so each issue keeps its own independent posterior over (weight level, value
shape) pairs. The likelihood of an offer under one issue's hypothesis replaces the other issues by
their current posterior means (a mean-field update): ``u = (a·v(o_i) + Σ_j≠i E[a_j v_j(o_j)]) /
(a + Σ_j≠i E[a_j])``, then ``P(h) ∝ P(h) · exp(-(u - expected)² / 2σ²)``. The shapes are triangular
with a peak at each option (the peaks at the ends are HT's downhill and uphill shapes).
"""

from __future__ import annotations

import numpy as np

from parley.domain import OutcomeSpace
from parley.negotiators.opponent_models import ModelledConceder, OpponentModel


def triangular_shapes(size: int) -> np.ndarray:
    """Value shapes ``(peak, option)``: 1 at the peak option, falling linearly to 0 at the far end."""
    if size == 1:
        return np.ones((1, 1))
    peaks = np.arange(size)[:, None]
    options = np.arange(size)[None, :]
    span = np.maximum(peaks, size - 1 - peaks)
    shapes: np.ndarray = 1.0 - np.abs(options - peaks) / span
    return shapes


class BayesianModel(OpponentModel):
    """Per-issue posteriors over (weight level, value shape), updated on the slow-concession assumption.

    ``levels`` weight levels evenly spaced in (0, 1]; the opponent's k-th offer (from 0) is expected to
    be worth ``max(floor, 1 - concession·k)`` to it, with Gaussian noise of width ``sigma``.
    """

    def __init__(
        self,
        space: OutcomeSpace,
        party: str,
        levels: int = 5,
        concession: float = 0.02,
        sigma: float = 0.15,
        floor: float = 0.3,
    ) -> None:
        super().__init__(space, party)
        self.concession = concession
        self.sigma = sigma
        self.floor = floor
        self.levels = np.arange(1, levels + 1) / levels
        self.shapes = [triangular_shapes(int(size)) for size in space.sizes]
        self.posteriors = [np.full((levels, len(s)), 1.0 / (levels * len(s))) for s in self.shapes]
        self.observed = 0

    def expected_weights(self) -> np.ndarray:
        """Posterior mean of each issue's (unnormalised) weight level."""
        return np.array([(p.sum(axis=1) * self.levels).sum() for p in self.posteriors])

    def value_tables(self) -> list[np.ndarray]:
        """Per issue, the posterior mean of ``weight level × value`` of each option."""
        return [
            ((p * self.levels[:, None]).sum(axis=0)) @ s
            for p, s in zip(self.posteriors, self.shapes, strict=True)
        ]

    def observe(self, offer: np.ndarray) -> None:
        """Bayes' rule on every issue at once, the other issues at their posterior means."""
        expected = max(self.floor, 1.0 - self.concession * self.observed)
        tables = self.value_tables()
        contributions = np.array([table[option] for table, option in zip(tables, offer, strict=True)])
        weights = self.expected_weights()
        for issue, option in enumerate(offer):
            others = contributions.sum() - contributions[issue]
            others_weight = weights.sum() - weights[issue]
            level = self.levels[:, None]
            utility = (level * self.shapes[issue][:, option][None, :] + others) / (level + others_weight)
            posterior = self.posteriors[issue] * np.exp(-((utility - expected) ** 2) / (2 * self.sigma**2))
            total = posterior.sum()
            if total > 0:  # an offer impossible under every hypothesis teaches nothing
                self.posteriors[issue] = posterior / total
        self.observed += 1

    def estimate(self, outcomes: np.ndarray) -> np.ndarray:
        """Posterior-mean utility ``Σ_i E[a_i v_i(o_i)] / Σ_i E[a_i]``, in [0, 1]."""
        tables = self.value_tables()
        total = np.zeros(len(outcomes))
        for issue, table in enumerate(tables):
            total += table[outcomes[:, issue]]
        result: np.ndarray = total / self.expected_weights().sum()
        return result


class BayesianNegotiator(ModelledConceder):
    """A Boulware conceder (param ``e``) that offers, above its target, what a Bayesian model of the
    other side rates best. Source: Hindriks & Tykhonov, "Opponent modelling in automated multi-issue
    negotiation using Bayesian learning", AAMAS 2008 (per-issue simplification: see the module)."""

    name = "bayesian"

    def __init__(
        self, e: float = 0.2, levels: int = 5, concession: float = 0.02, sigma: float = 0.15
    ) -> None:
        super().__init__(e=e, levels=levels, concession=concession, sigma=sigma)
        self.levels = levels
        self.concession = concession
        self.sigma = sigma

    def make_model(self, space: OutcomeSpace, party: str) -> BayesianModel:
        """A fresh Bayesian model of ``party``."""
        return BayesianModel(space, party, self.levels, self.concession, self.sigma)
