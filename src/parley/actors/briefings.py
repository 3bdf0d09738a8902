"""What advisors tell their principal: estimates of what matters, what each option is worth, and how
the situation on the ground is moving.

Every number an advisor gives is an :class:`Estimate`: a best guess (``mean``) and how unsure the
advisor is (``spread``, a standard deviation). Scales, shared by all advisors so that their estimates
can be pooled:

- *importance* of an issue: any non-negative number on a common absolute scale (e.g. 0 = irrelevant,
  1 = vital); it is not a share, so an advisor who rates only two issues does not inflate them;
- *value* of an option: 0 (worst) to 1 (best);
- *reservation*: the worth of no agreement on the mandate's utility scale, 0 to 1.

An advisor may cover only some issues (a front commander rates the territorial issues only). For a
numeric issue the advisor may value only some of its points; the others are interpolated linearly.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from parley.domain import Value

#: Valid range of the mean of each kind of estimate (samples are clipped to it).
IMPORTANCE_RANGE = (0.0, math.inf)
VALUE_RANGE = (0.0, 1.0)
RESERVATION_RANGE = (0.0, 1.0)


@dataclass(frozen=True)
class Estimate:
    """A best guess ``mean`` with a standard deviation ``spread`` (0: certain)."""

    mean: float
    spread: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "mean", float(self.mean))
        object.__setattr__(self, "spread", float(self.spread))
        if not math.isfinite(self.mean):
            raise ValueError(f"an estimate's mean must be finite, got {self.mean}")
        if not (math.isfinite(self.spread) and self.spread >= 0.0):
            raise ValueError(f"an estimate's spread must be finite and non-negative, got {self.spread}")


def as_estimate(value: Estimate | float) -> Estimate:
    """``value`` itself if it is an estimate, else a certain estimate of it."""
    return value if isinstance(value, Estimate) else Estimate(float(value))


@dataclass(frozen=True)
class SituationReport:
    """How a quantity on the ground (a front line, say) is expected to move: ``drift`` per round on
    average, with standard deviation ``spread``."""

    variable: str
    drift: float
    spread: float = 0.0
    note: str = ""

    def __post_init__(self) -> None:
        if not self.variable.strip():
            raise ValueError("a situation report needs the name of the variable it tracks")
        estimate = Estimate(self.drift, self.spread)  # same checks: finite drift, spread >= 0
        object.__setattr__(self, "drift", estimate.mean)
        object.__setattr__(self, "spread", estimate.spread)

    @property
    def estimate(self) -> Estimate:
        """The drift per round as an estimate."""
        return Estimate(self.drift, self.spread)


ImportanceInput = Mapping[str, Estimate | float]
ValuesInput = Mapping[str, Mapping[Value, Estimate | float]]


@dataclass(frozen=True)
class Briefing:
    """One advisor's briefing of one party's principal.

    ``importance`` maps issue names to importance estimates; ``values`` maps issue names to
    ``{option value: value estimate}`` tables (plain numbers are read as certain estimates).
    Issue names and options are checked against the outcome space when the mandate is built.
    """

    advisor: str
    party: str
    importance: ImportanceInput = field(default_factory=dict)
    values: ValuesInput = field(default_factory=dict)
    reservation: Estimate | float | None = None
    situation: tuple[SituationReport, ...] = ()
    notes: str = ""

    def __post_init__(self) -> None:
        if not self.advisor.strip():
            raise ValueError("a briefing needs the name of the advisor who gives it")
        who = f"briefing by {self.advisor!r}"
        importance = {issue: as_estimate(e) for issue, e in self.importance.items()}
        for issue, estimate in importance.items():
            _check_range(estimate, IMPORTANCE_RANGE, f"{who}: importance of {issue!r}")
        values: dict[str, Mapping[Value, Estimate]] = {}
        for issue, table in self.values.items():
            if not table:
                raise ValueError(f"{who}: the value table of {issue!r} is empty")
            converted = {option: as_estimate(e) for option, e in table.items()}
            for option, estimate in converted.items():
                _check_range(estimate, VALUE_RANGE, f"{who}: value of {issue!r} = {option!r}")
            values[issue] = MappingProxyType(converted)
        reservation = None if self.reservation is None else as_estimate(self.reservation)
        if reservation is not None:
            _check_range(reservation, RESERVATION_RANGE, f"{who}: reservation value")
        object.__setattr__(self, "importance", MappingProxyType(importance))
        object.__setattr__(self, "values", MappingProxyType(values))
        object.__setattr__(self, "reservation", reservation)
        object.__setattr__(self, "situation", tuple(self.situation))

    def __reduce__(self) -> tuple[type[Briefing], tuple[object, ...]]:
        """Pickle as plain dicts (read-only mapping proxies do not pickle): for worker processes."""
        values = {issue: dict(table) for issue, table in self.values.items()}
        fields = (self.advisor, self.party, dict(self.importance), values, self.reservation)
        return (Briefing, (*fields, self.situation, self.notes))

    @property
    def issues(self) -> tuple[str, ...]:
        """The issues this briefing says anything about, in order of first mention."""
        return tuple(dict.fromkeys([*self.importance, *self.values]))

    @property
    def reservation_estimate(self) -> Estimate | None:
        """The reservation value estimate, typed as an :class:`Estimate` (None when not given)."""
        return self.reservation if isinstance(self.reservation, Estimate) else None


def _check_range(estimate: Estimate, bounds: tuple[float, float], what: str) -> None:
    """Raise ValueError when the estimate's mean lies outside ``bounds``."""
    low, high = bounds
    if not low <= estimate.mean <= high:
        raise ValueError(f"{what} must lie in [{low}, {high}], got {estimate.mean}")
