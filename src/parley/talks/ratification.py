"""Two-level ratification: each party's constituents vote on the agreement its delegation signed.

Putnam, "Diplomacy and domestic politics: the logic of two-level games", International Organization
42(3), 1988: an agreement holds only if it lies in every party's *win-set* — the packages its level-II
constituents would ratify. A :class:`Ratifier` votes yes when the package meets its threshold (its
reservation value by default) and crosses none of its red lines; a :class:`RatificationRule` (all, or a
weighted quota) turns the votes into the party's decision.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from parley.domain import OutcomeSpace
from parley.preferences import Preferences, meets
from parley.record import Event, Record
from parley.talks.lifecycle import AgreementDraft, Step

#: Spaces up to this many outcomes get an exact win-set by enumeration; larger ones are sampled.
EXACT_LIMIT = 2_000_000


@dataclass(frozen=True)
class Ratifier:
    """A constituent of ``party`` (a parliament, a faction, a cabinet, a patron) with its own preferences.

    ``veto``: its approval is needed whatever the rule (a patron's veto); ``patron``: it is an outside
    power voting in the party's ratification (see :mod:`parley.talks.patrons`).
    """

    name: str
    party: str
    preferences: Preferences
    threshold: float | None = None
    weight: float = 1.0
    veto: bool = False
    patron: bool = False

    def approves(self, outcomes: np.ndarray) -> np.ndarray:
        """Boolean mask: rows meeting the threshold (reservation value if None), across no red line."""
        rows = np.atleast_2d(outcomes)
        if self.threshold is None:
            return self.preferences.acceptable(rows)
        good = meets(self.preferences.evaluate(rows), self.threshold)
        return np.asarray(good & ~self.preferences.crosses_red_line(rows), dtype=bool)


@dataclass(frozen=True)
class RatificationRule:
    """``all``: every ratifier approves; ``weighted``: the yes-weight reaches ``quota`` of the total."""

    kind: Literal["all", "weighted"] = "all"
    quota: float = 0.5

    def decide(self, votes: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """Per outcome (columns of ``votes``, one row per ratifier): whether it passes."""
        if self.kind == "all":
            return np.asarray(votes.all(axis=0), dtype=bool)
        yes = weights @ votes.astype(np.float64)
        return np.asarray(meets(yes, self.quota * float(weights.sum())), dtype=bool)


@dataclass(frozen=True)
class WinSet:
    """The outcomes a party would ratify: ``mask`` over ``outcomes`` (all of them, or a uniform sample).

    ``count`` is exact when ``exact``; otherwise ``share × feasible outcomes``, rounded.
    """

    outcomes: np.ndarray
    mask: np.ndarray
    exact: bool
    count: int
    share: float


def _votes(ratifiers: Sequence[Ratifier], outcomes: np.ndarray) -> np.ndarray:
    """One row of yes/no votes per ratifier over ``outcomes``."""
    return np.array([r.approves(outcomes) for r in ratifiers], dtype=bool).reshape(
        len(ratifiers), len(outcomes)
    )


def _passes(ratifiers: Sequence[Ratifier], outcomes: np.ndarray, rule: RatificationRule) -> np.ndarray:
    """Whether each outcome passes ``rule`` (no ratifiers: everything passes)."""
    if not ratifiers:
        return np.ones(len(outcomes), dtype=bool)
    return _counted(ratifiers, _votes(ratifiers, outcomes), rule)


def passes(
    ratifiers: Sequence[Ratifier], votes: Sequence[bool], rule: RatificationRule | None = None
) -> bool:
    """Whether the ratifiers' given ``votes`` (one per ratifier, in order) ratify by ``rule`` (and every
    veto): how a vote cast by someone else (a person in the room) is counted."""
    if not ratifiers:
        return True
    cast = np.array(votes, dtype=bool).reshape(len(ratifiers), 1)
    return bool(_counted(ratifiers, cast, rule or RatificationRule())[0])


def _counted(ratifiers: Sequence[Ratifier], votes: np.ndarray, rule: RatificationRule) -> np.ndarray:
    """Per outcome (a column of ``votes``): whether the votes pass ``rule`` and no veto is cast."""
    weights = np.array([r.weight for r in ratifiers], dtype=np.float64)
    passed = rule.decide(votes, weights)
    vetoes = np.array([r.veto for r in ratifiers], dtype=bool)
    if vetoes.any():
        passed = passed & votes[vetoes].all(axis=0)
    return passed


def ratify(
    ratifiers: Sequence[Ratifier], outcome: np.ndarray, rule: RatificationRule | None = None
) -> tuple[bool, dict[str, bool]]:
    """Whether a party's ``ratifiers`` ratify ``outcome`` under ``rule``, and each ratifier's vote."""
    rows = np.atleast_2d(outcome)
    votes = {r.name: bool(r.approves(rows)[0]) for r in ratifiers}
    return bool(_passes(ratifiers, rows, rule or RatificationRule())[0]), votes


def win_set(
    space: OutcomeSpace,
    ratifiers: Sequence[Ratifier],
    rule: RatificationRule | None = None,
    *,
    samples: int = 100_000,
    rng: np.random.Generator,
) -> WinSet:
    """Putnam's win-set: exact by enumeration up to :data:`EXACT_LIMIT` outcomes, else a uniform sample
    of ``samples`` feasible outcomes drawn with ``rng`` (required; unused when exact), with the count
    estimated from its share."""
    rule = rule or RatificationRule()
    if space.cardinality <= EXACT_LIMIT:
        outcomes = space.all_outcomes(limit=EXACT_LIMIT)
        mask = _passes(ratifiers, outcomes, rule)
        count = int(mask.sum())
        return WinSet(outcomes, mask, True, count, count / max(len(outcomes), 1))
    outcomes = space.sample(samples, rng)
    mask = _passes(ratifiers, outcomes, rule)
    share = float(mask.mean()) if len(mask) else 0.0
    return WinSet(outcomes, mask, False, round(share * space.feasible_count), share)


def common_win_set(
    space: OutcomeSpace,
    ratifiers: Mapping[str, Sequence[Ratifier]],
    rule: RatificationRule | None = None,
    *,
    samples: int = 100_000,
    rng: np.random.Generator,
) -> WinSet:
    """The outcomes every party would ratify: the intersection of the win-sets (same outcomes, ANDed;
    ``rng`` as for :func:`win_set`)."""
    parties = list(ratifiers)
    first = win_set(space, ratifiers[parties[0]], rule, samples=samples, rng=rng)
    mask = first.mask.copy()
    for party in parties[1:]:
        mask &= _passes(ratifiers[party], first.outcomes, rule or RatificationRule())
    share = float(mask.mean()) if len(mask) else 0.0
    count = int(mask.sum()) if first.exact else round(share * space.feasible_count)
    return WinSet(first.outcomes, mask, first.exact, count, share)


def in_win_sets(
    outcome: np.ndarray, ratifiers: Mapping[str, Sequence[Ratifier]], rule: RatificationRule | None = None
) -> dict[str, bool]:
    """For each party, whether ``outcome`` lies in its win-set (exact: its ratifiers' vote)."""
    return {party: ratify(group, outcome, rule)[0] for party, group in ratifiers.items()}


def ratify_draft(
    draft: AgreementDraft,
    ratifiers: Mapping[str, Sequence[Ratifier]],
    round: int,
    rule: RatificationRule | None = None,
) -> tuple[AgreementDraft, list[Event]]:
    """Each party, in the draft's order, puts the signed draft to its ratifiers at ``round``: RATIFIED
    (``data``: votes) or, outside its win-set, ABANDONED at the ratification step (and no further vote)."""
    events: list[Event] = []
    row = np.array([draft.outcome])
    for party in draft.parties:
        approved, votes = ratify(ratifiers.get(party, ()), row, rule)
        if not approved:
            draft, event = draft.abandon(party, round, f"outside {party}'s win-set: ratification failed")
            events.append(Event(event.kind, round, 0.0, party, draft.outcome, {**event.data, "votes": votes}))
            break
        draft, event = draft.take(party, Step.RATIFIED, round)
        events.append(Event(event.kind, round, 0.0, party, draft.outcome, {**event.data, "votes": votes}))
    return draft, events


def conclude(
    draft: AgreementDraft,
    record: Record,
    ratifiers: Mapping[str, Sequence[Ratifier]],
    round: int,
    rule: RatificationRule | None = None,
) -> tuple[AgreementDraft, Record]:
    """Every party initials (at ``round``), signs (``round + 1``) and puts the draft to ratification
    (``round + 2``); the events are appended to ``record``."""
    events: list[Event] = []
    for offset, step in enumerate((Step.INITIALLED, Step.SIGNED)):
        for party in draft.parties:
            draft, event = draft.take(party, step, round + offset)
            events.append(event)
    draft, ratified = ratify_draft(draft, ratifiers, round + 2, rule)
    return draft, record.append(*events, *ratified)
