"""The mandate: what a principal authorises the delegation to agree, built from advisors' briefings.

Utility scale. The mandate's utility is linear-additive, ``u(o) = Σ_i w_i v_i(o_i) + bonuses(o)``,
with weights summing to 1 and every value table rescaled to [0, 1] (see :mod:`parley.actors.pooling`),
so without bonus tasks ``u`` lies in [0, 1]. Bonus tasks extend the range to
``[Σ negative bonuses, 1 + Σ positive bonuses]`` (:attr:`Mandate.utility_range`). The reservation value
and the authority limit are on the same scale.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from parley.actors.briefings import Briefing
from parley.actors.opening import best_package
from parley.actors.pooling import MandateDraws, OpinionPool, build_pool
from parley.actors.tasks import Task, bonus_range, bonus_tables, check_tasks, condition_mask, task_red_lines
from parley.domain import Condition, OutcomeSpace
from parley.preferences import LinearAdditiveUtility, Preferences, TableValue

#: Default authority limit: this much utility above the reservation value (capped at the opening
#: package's utility), so that the delegation refers back before settling for barely-better-than-nothing.
AUTHORITY_MARGIN = 0.1


@dataclass(frozen=True)
class AdvisorShare:
    """How one advisor shaped a mandate: the trust placed in them and ``influence``, the share of the
    utility whose value tables they helped set (``Σ_i w_i · their trust share among issue i's valuers``;
    the influences of all advisors sum to 1)."""

    advisor: str
    trust: float
    influence: float
    issues: tuple[str, ...]


@dataclass(frozen=True)
class Mandate:
    """A delegation's instructions: ``preferences`` (utility, reservation value, and red lines, those of
    the required tasks included), the pooled ``weights`` and [0, 1] value ``tables`` (before bonuses),
    the principal's own ``red_lines``, ``tasks``, the ``opening`` package (option indices of the best
    package crossing no red line), and ``authority_limit``: the lowest utility the delegation may accept
    without referring back (never below the reservation value)."""

    party: str
    preferences: Preferences
    weights: tuple[float, ...]
    tables: tuple[tuple[float, ...], ...]
    red_lines: tuple[Condition, ...]
    tasks: tuple[Task, ...]
    opening: tuple[int, ...]
    authority_limit: float
    advisors: tuple[AdvisorShare, ...]

    @property
    def space(self) -> OutcomeSpace:
        return self.preferences.space

    @property
    def reservation_value(self) -> float:
        return self.preferences.reservation_value

    @property
    def opening_row(self) -> np.ndarray:
        """The opening package as an index row of the space's dtype."""
        return np.array(self.opening, dtype=self.space.dtype)

    @property
    def utility_range(self) -> tuple[float, float]:
        """Documented bounds of the utility: [0, 1] widened by the bonus tasks."""
        low, high = bonus_range(self.tasks)
        return low, 1.0 + high


@dataclass(frozen=True)
class MandateModel:
    """Turns ``party``'s briefings into mandates: :meth:`expected` pools the means; :meth:`sample` and
    :meth:`sample_many` draw every estimate from a normal with its spread first (Monte-Carlo work).

    ``trust`` maps every briefing advisor to a positive weight, the weights summing to 1. ``red_lines``
    are the principal's own; ``authority_limit`` overrides the default (reservation value plus
    ``authority_margin``, :data:`AUTHORITY_MARGIN` unless given, capped at the opening package's
    utility).
    """

    space: OutcomeSpace
    party: str
    briefings: tuple[Briefing, ...]
    trust: Mapping[str, float]
    red_lines: tuple[Condition, ...] = ()
    tasks: tuple[Task, ...] = ()
    authority_limit: float | None = None
    discount_factor: float = 1.0
    authority_margin: float = AUTHORITY_MARGIN
    pool: OpinionPool = field(init=False, repr=False, compare=False)  # derived from the fields above

    def __post_init__(self) -> None:
        for name in ("briefings", "red_lines", "tasks"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        object.__setattr__(self, "trust", dict(self.trust))
        if not self.briefings:
            raise ValueError(f"the mandate of {self.party!r} needs at least one briefing")
        others = [f"{b.advisor} ({b.party})" for b in self.briefings if b.party != self.party]
        if others:
            raise ValueError(f"briefings for another party than {self.party!r}: {', '.join(others)}")
        for line in self.red_lines:
            condition_mask(self.space, line, f"red line on {line.issue!r}")
        check_tasks(self.space, self.tasks)
        if self.authority_limit is not None and not math.isfinite(self.authority_limit):
            raise ValueError(f"the authority limit must be finite, got {self.authority_limit}")
        if not (math.isfinite(self.authority_margin) and self.authority_margin >= 0):
            raise ValueError(
                f"the authority margin must be finite and not negative, got {self.authority_margin}"
            )
        object.__setattr__(self, "pool", build_pool(self.space, self.briefings, self.trust))

    def expected(self) -> Mandate:
        """The mandate pooled from the advisors' best guesses."""
        return self.mandate_at(self.pool.expected(), 0)

    def sample(self, rng: np.random.Generator) -> Mandate:
        """One mandate with every estimate drawn from its normal (clipped to its valid range)."""
        return self.mandate_at(self.sample_many(1, rng), 0)

    def sample_many(self, count: int, rng: np.random.Generator) -> MandateDraws:
        """``count`` sampled mandates as arrays of weights, tables and reservation values."""
        if count < 0:
            raise ValueError(f"cannot draw {count} mandates")
        return self.pool.draw(count, rng)

    def mandate_at(self, draws: MandateDraws, index: int) -> Mandate:
        """The full mandate of row ``index`` of ``draws``."""
        weights = tuple(float(w) for w in draws.weights[index])
        tables = tuple(tuple(float(v) for v in table[index]) for table in draws.tables)
        reservation = float(draws.reservation[index])
        preferences = Preferences(
            self.space,
            mandate_utility(self.space, weights, tables, self.tasks),
            reservation_value=reservation,
            discount_factor=self.discount_factor,
            red_lines=self.red_lines + task_red_lines(self.space, self.tasks),
        )
        opening = best_package(preferences)
        best = float(preferences.evaluate(np.array([opening], dtype=self.space.dtype))[0])
        return Mandate(
            self.party,
            preferences,
            weights,
            tables,
            self.red_lines,
            self.tasks,
            opening,
            self._authority(reservation, best),
            self._shares(weights),
        )

    def _authority(self, reservation: float, best: float) -> float:
        """The explicit or default authority limit, never below the reservation value."""
        if self.authority_limit is not None:
            return max(self.authority_limit, reservation)
        return max(reservation, min(reservation + self.authority_margin, best))

    def _shares(self, weights: Sequence[float]) -> tuple[AdvisorShare, ...]:
        """Each advisor's trust, influence on the utility, and issues covered."""
        influence = dict.fromkeys(self.trust, 0.0)
        for weight, name in zip(weights, self.space.issue_names, strict=True):
            valuers = [b.advisor for b in self.briefings if name in b.values]
            total = sum(self.trust[a] for a in valuers)
            for advisor in valuers:
                influence[advisor] += weight * self.trust[advisor] / total
        return tuple(
            AdvisorShare(b.advisor, self.trust[b.advisor], influence[b.advisor], b.issues)
            for b in self.briefings
        )


def mandate_utility(
    space: OutcomeSpace,
    weights: Sequence[float],
    tables: Sequence[Sequence[float]],
    tasks: tuple[Task, ...] = (),
) -> LinearAdditiveUtility:
    """``Σ_i w_i v_i + bonuses`` as a linear-additive utility.

    A bonus on issue ``i`` is folded into its table as ``bonus / w_i``, keeping ``w_i`` as the weight;
    an issue of weight 0 that carries a bonus gets weight 1 and its bonus table instead.
    """
    bonuses = bonus_tables(space, tasks)
    final_weights, values = [], []
    for weight, table, bonus in zip(weights, tables, bonuses, strict=True):
        base = np.asarray(table, dtype=np.float64)
        if not bonus.any():
            final_weights.append(weight)
            values.append(TableValue(tuple(base)))
        elif weight > 0:
            final_weights.append(weight)
            values.append(TableValue(tuple(base + bonus / weight)))
        else:
            final_weights.append(1.0)
            values.append(TableValue(tuple(bonus)))
    return LinearAdditiveUtility(space, tuple(final_weights), tuple(values))
