"""Walk-away values by one rule from each side's own statements about what failure of the talks means.

The no-deal outcome is its own state — the talks fail and the fighting goes on — not a package of
options. Each side's value of it (its walk-away value, on its own utility scale, where 0 is the other
side's demands and 1 its own) is read off a ladder of stated expectations, the same ladder for every
side: each statement a side made about what failure brings it is coded on one rung, and the side's
walk-away value is the mean of its statements' rungs (the ``default`` rung when it made none). The
rungs' values are a labelled modelling assumption; which rung a statement sits on is the coding,
shown next to the statement (docs/real-world-scenarios.md, rule 3).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from statistics import fmean

#: The rungs, from the best a side says failure brings it to the worst.
RUNGS = ("gains", "holds", "costs")

#: What each rung means (the coding rule for a statement).
RUNG_MEANINGS: Mapping[str, str] = {
    "gains": "the side says the other side will be worse off if the talks fail (loses ground, faces more "
    "sanctions or pressure), or that it can get more by fighting on",
    "holds": "the side says it will not give in and can go on, with no gain stated",
    "costs": "the side says failure would cost it, or that it needs an agreement now",
}

#: The default ladder: the walk-away value of each rung (a modelling assumption, the same for every side).
LADDER: Mapping[str, float] = {"gains": 0.5, "holds": 0.4, "costs": 0.3}


@dataclass(frozen=True)
class StatedExpectation:
    """One statement of ``party``'s side about what failure of the talks means for it, coded on a rung."""

    party: str
    rung: str
    speaker: str
    date: str = ""


@dataclass(frozen=True)
class WalkAway:
    """A side's walk-away value and what it rests on: the rungs of its coded statements (none: the
    ladder's default rung)."""

    party: str
    value: float
    basis: tuple[StatedExpectation, ...] = ()

    def explain(self) -> str:
        """One line: the value and the statements it comes from."""
        if not self.basis:
            return f"{self.party} {self.value:.3g} (no statement about failure: the default rung)"
        rungs = ", ".join(
            f"{e.speaker} ({e.date}): {e.rung}" if e.date else f"{e.speaker}: {e.rung}" for e in self.basis
        )
        return f"{self.party} {self.value:.3g}, the mean of {rungs}"


@dataclass(frozen=True)
class WalkAwayRule:
    """The ladder (rung → walk-away value) and the rung of a side that made no statement about failure."""

    ladder: Mapping[str, float] = field(default_factory=lambda: dict(LADDER))
    default: str = "holds"

    def __post_init__(self) -> None:
        object.__setattr__(self, "ladder", dict(self.ladder))
        missing = [rung for rung in RUNGS if rung not in self.ladder]
        extra = [rung for rung in self.ladder if rung not in RUNGS]
        if missing or extra:
            raise ValueError(f"the ladder needs exactly the rungs {', '.join(RUNGS)}")
        values = [self.ladder[rung] for rung in RUNGS]
        if any(not 0.0 <= value <= 1.0 for value in values):
            raise ValueError("every rung's walk-away value must lie in [0, 1]")
        if values != sorted(values, reverse=True):
            raise ValueError("the ladder must not rise from 'gains' to 'costs'")
        if self.default not in RUNGS:
            raise ValueError(f"unknown default rung {self.default!r}; rungs are {', '.join(RUNGS)}")

    def values(
        self, parties: Sequence[str], expectations: Sequence[StatedExpectation]
    ) -> dict[str, WalkAway]:
        """Each party's walk-away value: the mean rung value of its own coded statements."""
        for expectation in expectations:
            if expectation.party not in parties:
                raise ValueError(f"{expectation.speaker!r}: unknown party {expectation.party!r}")
            if expectation.rung not in RUNGS:
                raise ValueError(f"{expectation.speaker!r}: unknown rung {expectation.rung!r}")
        result = {}
        for party in parties:
            own = tuple(e for e in expectations if e.party == party)
            rungs = [e.rung for e in own] or [self.default]
            result[party] = WalkAway(party, round(fmean(self.ladder[r] for r in rungs), 12), own)
        return result
