"""Mediators of the single negotiating text: they see the space and the votes, never a preference.

The single negotiating text (Fisher's procedure at Camp David, 1978; Fisher & Ury, *Getting to Yes*,
1981; Raiffa, *The Art and Science of Negotiation*, Harvard 1982, ch. 14) has a mediator draft one
text, collect every party's criticism, and redraft until all can sign.

:class:`VoteMediator` learns from votes alone, in the spirit of the mediated voting protocol of
Klein, Faratin, Sayama & Bar-Yam, "Negotiating complex contracts", *Group Decision and Negotiation*
12(2), 2003. For each party, issue and option it counts the texts holding that option that the party
accepted (``a``) and rejected (``r``). The estimated pleasure of the option for that party is drawn
each round from Beta(a + 1, r + 1) — Thompson sampling (Thompson, "On the likelihood that one unknown
probability exceeds another", *Biometrika* 25, 1933), which explores while votes are few and settles
as they accrue. A party's estimated score of a package is the mean of its options' draws (in (0, 1),
so positive), and the next text maximises the product of the parties' scores: a Nash product
(Nash, "The bargaining problem", *Econometrica* 1950) over vote-based estimates, zero disagreement
point. The texts of the latest ``memory`` rounds are not proposed again (when every candidate is
among them, any may be): the mediator keeps exploring, yet can come back to an older text once the
parties have conceded. Candidates are every package of a space of at most :data:`CANDIDATE_LIMIT`
combinations, else :data:`SAMPLED_CANDIDATES` feasible packages drawn afresh each round.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from parley.domain import OutcomeSpace
from parley.negotiators.base import Response

#: Spaces with at most this many combinations of options are searched exhaustively by :class:`VoteMediator`.
CANDIDATE_LIMIT = 200_000
#: Packages sampled per round by :class:`VoteMediator` in larger spaces.
SAMPLED_CANDIDATES = 4_096
#: How many of the latest texts :class:`VoteMediator` does not propose again, by default.
DEFAULT_MEMORY = 20


@dataclass(frozen=True)
class Ballot:
    """One text put to the vote, in ``round``, and each party's answer to it (by party name)."""

    round: int
    text: tuple[int, ...]
    votes: Mapping[str, Response]


class Mediator(ABC):
    """Drafts single negotiating texts from the space and the history of votes (no preferences)."""

    name: ClassVar[str] = "mediator"

    def start(self, space: OutcomeSpace, parties: Sequence[str]) -> None:
        """Prepare for a new negotiation over ``space`` between ``parties`` (forget earlier ones)."""
        self.space = space
        self.parties = tuple(parties)

    @abstractmethod
    def propose_text(self, round: int, history: Sequence[Ballot], rng: np.random.Generator) -> np.ndarray:
        """The text (a feasible package row) to put to the vote in ``round``."""


class VoteMediator(Mediator):
    """Thompson-sampled, vote-count estimates and a Nash product over them (Klein et al. 2003).

    ``memory`` is how many of the latest texts are not proposed again (None: no text is repeated
    until every candidate has been voted on); repeating an old text is worth it when parties concede.
    """

    name: ClassVar[str] = "mediator"

    def __init__(self, memory: int | None = DEFAULT_MEMORY) -> None:
        if memory is not None and memory < 0:
            raise ValueError(f"the memory must be a non-negative number of texts, got {memory}")
        self.memory = memory

    def start(self, space: OutcomeSpace, parties: Sequence[str]) -> None:
        """Zero counts for every party, issue and option; enumerate the candidates if few enough."""
        super().start(space, parties)
        self.accepts = [np.zeros((len(self.parties), size)) for size in space.sizes]
        self.rejects = [np.zeros((len(self.parties), size)) for size in space.sizes]
        self.counted = 0
        self.candidates = _enumerated(space)

    def propose_text(self, round: int, history: Sequence[Ballot], rng: np.random.Generator) -> np.ndarray:
        """The candidate with the best sampled Nash product among texts not voted on lately."""
        for ballot in history[self.counted :]:
            self._count(ballot)
        self.counted = len(history)
        candidates = (
            self.candidates if self.candidates is not None else self.space.sample(SAMPLED_CANDIDATES, rng)
        )
        recent = history if self.memory is None else history[len(history) - self.memory :]
        fresh = _fresh(candidates, {ballot.text for ballot in recent}, self.space.sizes)
        scores = _nash_products(candidates, self._draw(rng))
        if fresh.any():
            scores = np.where(fresh, scores, -np.inf)
        return np.asarray(candidates[int(np.argmax(scores))])

    def _count(self, ballot: Ballot) -> None:
        """Add one ballot's votes to the counts of the options its text holds."""
        for p, party in enumerate(self.parties):
            counts = self.accepts if ballot.votes.get(party) is Response.ACCEPT else self.rejects
            for issue, option in enumerate(ballot.text):
                counts[issue][p, option] += 1

    def _draw(self, rng: np.random.Generator) -> list[np.ndarray]:
        """Per issue, a (parties × options) draw of each option's pleasure from its Beta posterior."""
        return [rng.beta(a + 1.0, r + 1.0) for a, r in zip(self.accepts, self.rejects, strict=True)]


def _fresh(candidates: np.ndarray, texts: set[tuple[int, ...]], sizes: np.ndarray) -> np.ndarray:
    """Mask of the candidate rows that are none of ``texts`` (compared by flat index when it fits)."""
    if not texts:
        return np.ones(len(candidates), dtype=bool)
    rows = np.array(sorted(texts), dtype=candidates.dtype)
    if math.prod(int(size) for size in sizes) < 2**62:
        dims = tuple(int(size) for size in sizes)
        codes = np.ravel_multi_index(tuple(candidates.T), dims)
        return np.asarray(~np.isin(codes, np.ravel_multi_index(tuple(rows.T), dims)))
    return np.asarray(~(candidates[:, None, :] == rows[None, :, :]).all(axis=2).any(axis=1))


def _enumerated(space: OutcomeSpace) -> np.ndarray | None:
    """Every feasible package when there are at most :data:`CANDIDATE_LIMIT`, else None."""
    if space.cardinality > CANDIDATE_LIMIT:
        return None
    return space.all_outcomes(limit=CANDIDATE_LIMIT)


def _nash_products(candidates: np.ndarray, pleasure: list[np.ndarray]) -> np.ndarray:
    """Product over parties of each candidate's mean option pleasure (Nash 1950 on estimates)."""
    scores = np.zeros((pleasure[0].shape[0], len(candidates)))
    for issue, table in enumerate(pleasure):
        scores += table[:, candidates[:, issue]]
    return np.asarray(np.prod(scores / len(pleasure), axis=0))
