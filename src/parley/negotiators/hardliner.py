"""Two baselines with no model of the other side: the hardliner and the random negotiator.

Both come from the reference agents of GENIUS (Lin, Kraus, Baarslag, Tykhonov, Hindriks & Jonker,
"Genius: an integrated environment for supporting the design of generic automated negotiators",
Computational Intelligence 30(1), 2014): the *Hardliner* (the time-dependent tactic with e = 0) and the
*Random Walker*.
"""

from __future__ import annotations

import numpy as np

from parley.negotiators.base import Negotiator, Response, View
from parley.negotiators.packages import Packages, is_acceptable
from parley.preferences import meets


class Hardliner(Negotiator):
    """Offers its best package every round and accepts only offers near it; never concedes.

    ``threshold`` in [0, 1] places the acceptance bar between the worst acceptable package (0) and the
    best (1, the default: only a package as good as its best). Source: the Hardliner of GENIUS
    (Lin et al. 2014), i.e. the time-dependent tactic of Faratin, Sierra & Jennings (1998) with e = 0.
    """

    name = "hardliner"

    def __init__(self, threshold: float = 1.0) -> None:
        if not 0.0 <= threshold <= 1.0:
            raise ValueError(f"threshold must be in [0, 1], got {threshold}")
        super().__init__(threshold=threshold)
        self.threshold = threshold
        self.packages = Packages.empty()

    def start(self, view: View, rng: np.random.Generator) -> None:
        """Find the acceptable packages and the best one."""
        super().start(view, rng)
        self.packages = Packages.of(view.preferences, rng)

    def bar(self) -> float:
        """The lowest utility this hardliner accepts."""
        best, worst = self.packages.best, self.packages.worst
        return worst + self.threshold * (best - worst)

    def propose(self, view: View) -> np.ndarray | None:
        """The best package (walks away when no package is acceptable)."""
        if not len(self.packages):
            return None
        best: np.ndarray = self.packages.outcomes[0]
        return best

    def respond(self, view: View, offer: np.ndarray) -> Response:
        """Accept only an acceptable offer at least as good as the bar."""
        if not len(self.packages):
            return Response.WALK_AWAY
        good = bool(meets(view.utility(offer), self.bar())[0])
        return Response.ACCEPT if good and is_acceptable(view.preferences, offer) else Response.REJECT


class RandomNegotiator(Negotiator):
    """Offers a random acceptable package and accepts any acceptable offer with a given probability.

    Draws only from its own generator; never offers below its reservation value or across a red line.
    ``accept_probability`` is the chance of accepting an acceptable offer (1 by default). Source: the
    Random Walker of GENIUS (Lin et al. 2014), restricted to packages it could accept.
    """

    name = "random"

    def __init__(self, accept_probability: float = 1.0) -> None:
        if not 0.0 <= accept_probability <= 1.0:
            raise ValueError(f"accept_probability must be in [0, 1], got {accept_probability}")
        super().__init__(accept_probability=accept_probability)
        self.accept_probability = accept_probability
        self.packages = Packages.empty()

    def start(self, view: View, rng: np.random.Generator) -> None:
        """Find the acceptable packages."""
        super().start(view, rng)
        self.packages = Packages.of(view.preferences, rng)

    def propose(self, view: View) -> np.ndarray | None:
        """A uniformly random acceptable package (walks away when there is none)."""
        if not len(self.packages):
            return None
        row: np.ndarray = self.packages.outcomes[int(self.rng.integers(len(self.packages)))]
        return row

    def respond(self, view: View, offer: np.ndarray) -> Response:
        """Accept an acceptable offer with probability ``accept_probability``."""
        if not is_acceptable(view.preferences, offer):
            return Response.REJECT
        if self.accept_probability >= 1.0 or self.rng.random() < self.accept_probability:
            return Response.ACCEPT
        return Response.REJECT
