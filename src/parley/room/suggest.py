"""Compromise packages to suggest to a delegation, from its own utility and the public offers only.

The other sides' wishes are estimated from what they have offered (the frequency model of
:mod:`parley.negotiators.frequency`); the suggestions are the packages on the Pareto frontier of
(own utility, the least-pleased other side's estimated utility) that the delegation can accept,
ranked by the Nash product over its reservation value. No other party's preferences are read: the
function's arguments are all it knows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from parley.analysis import pareto_indices
from parley.domain import OutcomeSpace
from parley.negotiators import FrequencyModel
from parley.preferences import Preferences
from parley.record import Record

#: Spaces up to this size are searched whole; larger ones through a seeded sample plus the offers made.
FULL_SEARCH = 200_000
SAMPLE = 50_000
#: The seed of that sample: fixed, so a page that refetches its view sees the same suggestions until
#: the record changes (they depend on the record only, never on when they were asked for).
SAMPLE_SEED = 0


@dataclass(frozen=True)
class Suggestion:
    """A package to consider: its option indices, its utility for the delegation, and how well it is
    estimated to suit the least-pleased other side (in [0, 1], from their offers)."""

    package: tuple[int, ...]
    own_utility: float
    their_estimate: float | None


def candidates(space: OutcomeSpace, record: Record) -> np.ndarray:
    """The packages searched: every feasible one, or a seeded sample plus every package offered."""
    if space.feasible_count <= FULL_SEARCH:
        return space.all_outcomes()
    offered = [event.outcome for event in record.offers() if event.outcome is not None]
    sample = space.sample(SAMPLE, np.random.default_rng(SAMPLE_SEED))
    if not offered:
        return sample
    return np.unique(np.vstack([sample, np.array(offered, dtype=space.dtype)]), axis=0)


def estimate_others(
    space: OutcomeSpace, record: Record, party: str, outcomes: np.ndarray
) -> np.ndarray | None:
    """The least-pleased other side's estimated utility of ``outcomes`` (None before anyone else offered)."""
    models: dict[str, FrequencyModel] = {}
    for event in record.offers():
        if event.party is None or event.party == party or event.outcome is None:
            continue
        model = models.setdefault(event.party, FrequencyModel(space, event.party))
        model.observe(np.array(event.outcome, dtype=np.int64))
    if not models:
        return None
    least: np.ndarray = np.min([model.estimate(outcomes) for model in models.values()], axis=0)
    return least


def suggest(
    space: OutcomeSpace, preferences: Preferences, record: Record, party: str, count: int = 5
) -> list[Suggestion]:
    """Up to ``count`` packages for ``party`` (best for it first), from its preferences and the record."""
    outcomes = candidates(space, record)
    own = preferences.evaluate(outcomes)
    acceptable = np.flatnonzero(preferences.acceptable(outcomes))
    if not len(acceptable):
        return []
    outcomes, own = outcomes[acceptable], own[acceptable]
    theirs = estimate_others(space, record, party, outcomes)
    if theirs is None:  # nothing to learn from yet: the delegation's own best packages
        chosen = np.argsort(-own, kind="stable")[:count]
        return [Suggestion(tuple(int(i) for i in outcomes[k]), float(own[k]), None) for k in chosen]
    frontier = pareto_indices(np.column_stack([own, theirs]))
    surplus = np.maximum(own[frontier] - preferences.reservation_value, 0.0) * theirs[frontier]
    chosen = frontier[np.argsort(-surplus, kind="stable")[:count]]
    chosen = chosen[np.argsort(-own[chosen], kind="stable")]
    return [Suggestion(tuple(int(i) for i in outcomes[k]), float(own[k]), float(theirs[k])) for k in chosen]
