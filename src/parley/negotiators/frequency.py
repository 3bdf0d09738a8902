"""The frequency opponent model and the negotiator that uses it.

Issue weights grow for issues the opponent does not change between consecutive offers (HardHeaded:
van Krimpen, Looije & Hajizadeh, "HardHeaded", in *Complex Automated Negotiations*, ANAC 2011); option
values are the smoothed frequencies ``((1 + n_k) / (1 + max n))^γ`` of Tunalı, Aydoğan &
Sanchez-Anguix, "Rethinking frequency opponent modeling in automated negotiation", PRIMA 2017.
"""

from __future__ import annotations

import numpy as np

from parley.domain import OutcomeSpace
from parley.negotiators.opponent_models import ModelledConceder, OpponentModel


class FrequencyModel(OpponentModel):
    """Issue weights from how rarely an issue changes, option values from how often an option appears.

    ``learning_rate`` is added to the (unnormalised) weight of every issue left unchanged between two
    consecutive offers; ``gamma`` < 1 flattens the value estimates so a few offers do not rule out an
    option.
    """

    def __init__(
        self, space: OutcomeSpace, party: str, learning_rate: float = 0.2, gamma: float = 0.25
    ) -> None:
        super().__init__(space, party)
        self.learning_rate = learning_rate
        self.gamma = gamma
        count = len(space.issues)
        self.raw_weights = np.ones(count)
        self.counts = [np.zeros(int(size)) for size in space.sizes]
        self.previous: np.ndarray | None = None

    @property
    def weights(self) -> np.ndarray:
        """Estimated issue weights (sum to 1)."""
        normalised: np.ndarray = self.raw_weights / self.raw_weights.sum()
        return normalised

    def values(self, issue: int) -> np.ndarray:
        """Estimated value of each option of issue ``issue``, in (0, 1]."""
        counts = self.counts[issue]
        table: np.ndarray = ((1.0 + counts) / (1.0 + counts.max())) ** self.gamma
        return table

    def observe(self, offer: np.ndarray) -> None:
        """Count the offered options and reward the issues left unchanged."""
        for issue, option in enumerate(offer):
            self.counts[issue][option] += 1
        if self.previous is not None:
            self.raw_weights += self.learning_rate * (offer == self.previous)
        self.previous = offer.copy()

    def estimate(self, outcomes: np.ndarray) -> np.ndarray:
        """``Σ_i w_i · v_i(o_i)``, in [0, 1]."""
        weights = self.weights
        total = np.zeros(len(outcomes))
        for issue in range(len(weights)):
            total += weights[issue] * self.values(issue)[outcomes[:, issue]]
        return total


class FrequencyNegotiator(ModelledConceder):
    """A Boulware conceder (param ``e``) that offers, above its target, what a frequency model of the
    other side rates best. Source: HardHeaded (van Krimpen, Looije & Hajizadeh, ANAC 2011), with the
    value estimate of Tunalı, Aydoğan & Sanchez-Anguix (PRIMA 2017)."""

    name = "frequency"

    def __init__(self, e: float = 0.2, learning_rate: float = 0.2, gamma: float = 0.25) -> None:
        super().__init__(e=e, learning_rate=learning_rate, gamma=gamma)
        self.learning_rate = learning_rate
        self.gamma = gamma

    def make_model(self, space: OutcomeSpace, party: str) -> FrequencyModel:
        """A fresh frequency model of ``party``."""
        return FrequencyModel(space, party, self.learning_rate, self.gamma)
