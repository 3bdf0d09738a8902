"""Multiple equivalent simultaneous offers (MESOs): packages equally good for the proposer, unlike each other.

Medvec, Leonardelli, Claussen & Galinsky ("Choosing between multiple equivalent simultaneous offers",
2005; see also Leonardelli, Gu, McRuer, Medvec & Galinsky, "Multiple equivalent simultaneous offers
(MESOs) reduce the negotiator dilemma", Organizational Behavior and Human Decision Processes, 2019)
recommend making several offers at once that are worth the same to the proposer but differ in content:
whichever one the other side prefers reveals its priorities, at no cost to the proposer. Only the
proposer's own preferences are used; an estimate of the other side's, when given, only refines the
choice among equally different sets.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

from parley.domain import IssueError, OutcomeSpace, SpaceTooLargeError
from parley.preferences import Preferences

#: Spaces with at most this many outcomes (constraints ignored) are enumerated for candidates.
ENUMERATION_LIMIT = 2_000_000
#: Candidate sets up to this many subsets are searched exhaustively for the most different one.
EXACT_SUBSETS = 20_000
#: Larger bands are thinned to this many random candidates before the greedy selection.
SELECTION_CAP = 20_000
_SWEEPS = 4
_MOVE_BLOCK = 1 << 18
_GREEDY_SEEDS = 6


@dataclass(frozen=True)
class EquivalentOffers:
    """The chosen packages, their utilities and their pairwise Hamming distances (issues that differ)."""

    outcomes: np.ndarray
    own_utilities: np.ndarray
    other_utilities: np.ndarray | None
    distances: np.ndarray
    target: float
    tolerance: float
    candidates: int

    def __len__(self) -> int:
        return len(self.outcomes)

    @property
    def min_distance(self) -> int:
        """Fewest issues on which two of the offers differ (0 with fewer than two offers)."""
        if len(self) < 2:
            return 0
        return int(self.distances[~np.eye(len(self), dtype=bool)].min())


def equivalent_offers(
    space: OutcomeSpace,
    own: Preferences,
    target: float,
    count: int = 3,
    tolerance: float = 0.02,
    *,
    rng: np.random.Generator,
    other_estimate: Preferences | None = None,
    samples: int = 20_000,
) -> EquivalentOffers:
    """Up to ``count`` feasible packages with ``|own utility - target| <= tolerance``, mutually unlike.

    Candidates are every outcome in the band when the space has at most :data:`ENUMERATION_LIMIT`
    outcomes, otherwise ``samples`` random feasible packages moved into the band issue by issue
    (:func:`band_candidates`). Among them the set maximising the smallest pairwise Hamming distance
    is chosen: exactly when there are at most :data:`EXACT_SUBSETS` subsets, otherwise greedily
    (farthest point first, from several seeds). Ties go to the set whose packages are farthest apart
    in ``other_estimate``'s utility (largest smallest pairwise gap), so that the other side's choice
    also tests the estimate; without an estimate, to the larger total Hamming distance; then to the
    packages nearest the target. Packages the estimate puts across the other side's red lines are
    dropped: an offer rejected outright reveals nothing. Red-lined packages of ``own`` are never in
    the band. Fewer than ``count`` offers (possibly none) come back when the band is too thin.
    ``rng`` (required) drives the sampling, the thinning and the greedy seeds: the same generator state
    gives the same offers.
    """
    candidates = band_candidates(space, own, target, tolerance, rng, samples)
    other = None if other_estimate is None else other_estimate.evaluate(candidates)
    if other is not None:
        candidates, other = candidates[np.isfinite(other)], other[np.isfinite(other)]
    if len(candidates) > SELECTION_CAP:
        keep = np.sort(rng.choice(len(candidates), SELECTION_CAP, replace=False))
        candidates, other = candidates[keep], None if other is None else other[keep]
    gaps = np.abs(own.evaluate(candidates) - target)
    chosen = _select(candidates, gaps, other, min(max(count, 0), len(candidates)), rng)
    chosen = chosen[np.argsort(-own.evaluate(candidates[chosen]), kind="stable")]
    outcomes = candidates[chosen]
    return EquivalentOffers(
        outcomes,
        own.evaluate(outcomes),
        None if other is None else other[chosen],
        (outcomes[:, None, :] != outcomes[None, :, :]).sum(axis=2),
        float(target),
        float(tolerance),
        len(candidates),
    )


def band_candidates(
    space: OutcomeSpace,
    own: Preferences,
    target: float,
    tolerance: float,
    rng: np.random.Generator,
    samples: int = 20_000,
) -> np.ndarray:
    """Distinct feasible packages whose utility for ``own`` lies within ``tolerance`` of ``target``."""
    if space.cardinality <= ENUMERATION_LIMIT:
        kept = [
            chunk[_in_band(_gaps(space, own, chunk, target), tolerance)] for chunk in space.enumerate(1 << 18)
        ]
        return np.concatenate(kept) if kept else np.empty((0, len(space.issues)), dtype=space.dtype)
    rows = _draw(space, samples, rng)
    gaps = _gaps(space, own, rows, target)
    for _ in range(_SWEEPS):
        for column in rng.permutation(len(space.issues)).tolist():
            out = np.flatnonzero(~_in_band(gaps, tolerance))
            rows[out, column], gaps[out] = _closest_option(space, own, rows[out], gaps[out], column, target)
    return np.unique(rows[_in_band(gaps, tolerance)], axis=0)


def _gaps(space: OutcomeSpace, own: Preferences, rows: np.ndarray, target: float) -> np.ndarray:
    """Distance of each package's utility from ``target``; ``inf`` when infeasible or red-lined."""
    return np.where(space.feasible(rows), np.abs(own.evaluate(rows) - target), np.inf)


def _in_band(gaps: np.ndarray, tolerance: float) -> np.ndarray:
    """Mask of the finite gaps within ``tolerance`` (an infinite tolerance never admits a red line)."""
    return np.asarray(np.isfinite(gaps) & (gaps <= tolerance), dtype=bool)


def _draw(space: OutcomeSpace, count: int, rng: np.random.Generator) -> np.ndarray:
    """Random feasible packages (random product rows when the constraints are too wide to sample)."""
    try:
        return space.sample(count, rng)
    except SpaceTooLargeError:
        return rng.integers(0, space.sizes, size=(count, len(space.issues))).astype(space.dtype)
    except IssueError:  # no feasible outcome at all
        return np.empty((0, len(space.issues)), dtype=space.dtype)


def _closest_option(
    space: OutcomeSpace, own: Preferences, rows: np.ndarray, gaps: np.ndarray, column: int, target: float
) -> tuple[np.ndarray, np.ndarray]:
    """For every row at once, the option of ``column`` nearest the target (the current one on ties)."""
    size = int(space.sizes[column])
    options, best = rows[:, column].copy(), gaps.copy()
    step = max(1, _MOVE_BLOCK // size)
    for start in range(0, len(rows), step):
        block = rows[start : start + step]
        variants = np.repeat(block, size, axis=0)
        variants[:, column] = np.tile(np.arange(size), len(block))
        trial = _gaps(space, own, variants, target).reshape(len(block), size)
        pick = trial.argmin(axis=1)
        value = trial[np.arange(len(block)), pick]
        better = value < best[start : start + step]
        options[start : start + step][better] = pick[better]
        best[start : start + step][better] = value[better]
    return options, best


def _select(
    candidates: np.ndarray, gaps: np.ndarray, other: np.ndarray | None, k: int, rng: np.random.Generator
) -> np.ndarray:
    """Indices of ``k`` candidates maximising (min Hamming distance, spread, -distance to target)."""
    if k <= 1:
        return np.argsort(gaps, kind="stable")[:k]
    if math.comb(len(candidates), k) <= EXACT_SUBSETS:
        subsets = np.array(list(itertools.combinations(range(len(candidates)), k)), dtype=np.int64)
    else:
        seeds = {int(np.argmin(gaps)), *rng.choice(len(candidates), _GREEDY_SEEDS, replace=False).tolist()}
        if other is not None:
            seeds |= {int(np.argmin(other)), int(np.argmax(other))}
        subsets = np.array([_greedy(candidates, other, k, seed) for seed in sorted(seeds)])
    best: np.ndarray = subsets[_best_subset(subsets, candidates, gaps, other)]
    return best


def _best_subset(
    subsets: np.ndarray, candidates: np.ndarray, gaps: np.ndarray, other: np.ndarray | None
) -> int:
    """Row of ``subsets`` with the largest min Hamming distance, then spread, then nearness to target."""
    first, second = (
        np.array(x, dtype=np.int64)
        for x in zip(*itertools.combinations(range(subsets.shape[1]), 2), strict=True)
    )
    left, right = subsets[:, first], subsets[:, second]
    hamming = (candidates[left] != candidates[right]).sum(axis=2)
    spread = hamming.sum(axis=1) if other is None else np.abs(other[left] - other[right]).min(axis=1)
    return int(np.lexsort((gaps[subsets].sum(axis=1), -spread, -hamming.min(axis=1)))[0])


def _greedy(candidates: np.ndarray, other: np.ndarray | None, k: int, seed: int) -> np.ndarray:
    """Farthest-point selection from ``seed``: each next package maximises its min distance to the chosen."""
    chosen = [seed]
    nearest = (candidates != candidates[seed]).sum(axis=1)
    total = nearest.astype(np.float64)
    span = 0.0 if other is None else float(np.ptp(other))
    closest_other = None if other is None else np.abs(other - other[seed])
    for _ in range(k - 1):
        if closest_other is not None and span > 0:
            tie_break = closest_other / (2 * span)
        else:
            tie_break = total / (2 * candidates.shape[1] * k)
        key = nearest + tie_break
        key[chosen] = -np.inf
        pick = int(np.argmax(key))
        chosen.append(pick)
        distance = (candidates != candidates[pick]).sum(axis=1)
        nearest, total = np.minimum(nearest, distance), total + distance
        if closest_other is not None and other is not None:
            closest_other = np.minimum(closest_other, np.abs(other - other[pick]))
    return np.array(chosen, dtype=np.int64)
