"""Imitative tactics: relative and absolute tit-for-tat (Faratin, Sierra & Jennings, "Negotiation
decision functions for autonomous agents", Robotics and Autonomous Systems 24, 1998, section 4.3).

The negotiator opens at its best utility and then imitates the opponent's last concession, measured
in its OWN utility of the opponent's offers. With ``previous`` and ``last`` its utilities of the
opponent's two latest offers and ``target`` its current target:

* relative: ``target ← floor + (target − floor) · (best − last) / (best − previous)`` — it gives up
  the same share of its surplus as the opponent closed of the gap to its best (ratio 1 when
  ``previous`` is already the best);
* absolute: ``target ← target − (last − previous)`` — it concedes the same amount of utility.

Utilities of the opponent's offers are first clipped to ``[floor, best]`` (an offer below the floor, a
red line included, counts as the floor). The target is clipped to ``[floor, best]`` (so it rises
again when the opponent retreats) and
updated once per opponent offer, when the negotiator responds to it. Offers and acceptance follow
the rules of :mod:`parley.negotiators.targets`. Two tit-for-tat negotiators facing each other never
move from their best packages: imitation needs someone to concede first.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any, ClassVar

import numpy as np

from parley.negotiators.base import Response, View
from parley.negotiators.targets import TargetNegotiator


def relative_step(target: Any, floor: Any, best: Any, previous: Any, last: Any) -> Any:
    """Relative tit-for-tat: the surplus above ``floor`` shrinks as the opponent's gap to ``best`` did."""
    previous, last = np.clip(previous, floor, best), np.clip(last, floor, best)
    gap = np.subtract(best, previous)
    safe = np.where(gap > 0, gap, 1.0)
    ratio = np.where(gap > 0, np.subtract(best, last) / safe, 1.0)
    moved = np.add(floor, np.multiply(np.subtract(target, floor), ratio))
    return np.clip(moved, floor, best)


def absolute_step(target: Any, floor: Any, best: Any, previous: Any, last: Any) -> Any:
    """Absolute tit-for-tat: concede the same utility the opponent conceded (in own utility)."""
    previous, last = np.clip(previous, floor, best), np.clip(last, floor, best)
    return np.clip(np.subtract(target, np.subtract(last, previous)), floor, best)


class TitForTat(TargetNegotiator):
    """Faratin et al.'s (1998) imitative tactic; subclasses pick the relative or absolute step."""

    name: ClassVar[str] = "tit-for-tat-base"
    relative: ClassVar[bool]

    def __init__(self, tolerance: float = 0.0) -> None:
        super().__init__(tolerance=tolerance)
        self.current = 0.0
        self.previous: float | None = None

    def start(self, view: View, rng: np.random.Generator) -> None:
        """Sort the candidates and open at the best utility."""
        super().start(view, rng)
        self.current, self.previous = self.best, None

    def observe(self, utility: float) -> None:
        """Move the target after an opponent offer worth ``utility`` to this negotiator."""
        if self.previous is not None:
            self.current = self.imitate(self.previous, utility)
        self.previous = utility

    @abstractmethod
    def imitate(self, previous: float, last: float) -> float:
        """The next target after the opponent moved from ``previous`` to ``last`` (own utilities)."""

    def target(self, view: View) -> float:
        """The current target (it moves only when an opponent offer arrives)."""
        return self.current

    def respond(self, view: View, offer: np.ndarray) -> Response:
        """Imitate the opponent's latest concession, then accept when the offer reaches the threshold."""
        utility = self.utility_of(view, offer)
        self.observe(utility)
        return Response.ACCEPT if utility >= self.level(view) else Response.REJECT


class RelativeTitForTat(TitForTat):
    """Relative tit-for-tat (Faratin et al. 1998): concede in proportion to the opponent's concession."""

    name: ClassVar[str] = "tit-for-tat-relative"
    relative: ClassVar[bool] = True

    def imitate(self, previous: float, last: float) -> float:
        """Give up the share of surplus the opponent closed of its gap to this side's best."""
        return float(relative_step(self.current, self.floor, self.best, previous, last))


class DefaultTitForTat(RelativeTitForTat):
    """Tit-for-tat under its short name: the relative variant."""

    name: ClassVar[str] = "tit-for-tat"


class AbsoluteTitForTat(TitForTat):
    """Absolute tit-for-tat (Faratin et al. 1998): concede the same utility as the opponent did."""

    name: ClassVar[str] = "tit-for-tat-absolute"
    relative: ClassVar[bool] = False

    def imitate(self, previous: float, last: float) -> float:
        """Concede the utility the opponent conceded."""
        return float(absolute_step(self.current, self.floor, self.best, previous, last))
