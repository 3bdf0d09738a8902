"""Bueno de Mesquita's expected-utility model, as reconstructed by Scholz, Calbert & Smith (2011).

Sources: B. Bueno de Mesquita (1994), "Political forecasting: an expected utility method", in Bueno de
Mesquita & Stokman (eds.), *European Community Decision Making*, Yale UP; J. B. Scholz, G. J. Calbert &
G. A. Smith (2011), "Unravelling Bueno De Mesquita's group decision model", *Journal of Theoretical
Politics* 23(4): 510–531. Equations and the choices made where the paper is ambiguous are listed in
``docs/forecast-models.md``. Every quantity is an ``n × n`` (or ``n × n × n``) numpy array over pairs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

import numpy as np
import numpy.typing as npt

from parley.actors import StakeholderTable
from parley.forecast.convergence import Convergence, convergence
from parley.forecast.models import FloatArray, weighted_mean, weighted_median

IntArray = npt.NDArray[np.int64]


class Probability(Enum):
    """The denominator of the probability that i beats j in a vote."""

    ALL_PAIRS = "all_pairs"  # Scholz et al.'s code: Σ_k Σ_a Σ_b |v_k(a, b)| over every pair of actors
    PAIR = "pair"  # Bueno de Mesquita (1994): Σ_k |v_k(i, j)|, so P(i, j) + P(j, i) = 1


class OfferChoice(Enum):
    """How an actor picks one offer among those it receives."""

    BY_TYPE = "by_type"  # confrontation, else compromise, else capitulation; the least move within a type
    LEAST_MOVE = "least_move"  # the offer that moves the actor least, whatever its type


@dataclass(frozen=True)
class EUSettings:
    """Model parameters: Q (status-quo probability), round cap, settling tolerance and the variants."""

    q: float = 1.0
    max_rounds: int = 8
    tolerance: float = 1e-9
    probability: Probability = Probability.ALL_PAIRS
    offer_choice: OfferChoice = OfferChoice.BY_TYPE
    capitulation: bool = True


@dataclass(frozen=True)
class EUResult:
    """Positions per round (row 0 = the input) and, per row, the weighted median and mean."""

    positions: FloatArray
    risk: FloatArray
    median: FloatArray
    mean: FloatArray
    settled: bool
    #: Per round and actor, the kind of offer it took: 0 none, 1 confrontation, 2 compromise, 3 capitulation.
    offer_types: IntArray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int64))

    @property
    def rounds(self) -> int:
        """The number of rounds played."""
        return len(self.positions) - 1

    @property
    def convergence(self) -> Convergence:
        """Whether the positions settled, cycle (and with what period), or ran to the round cap."""
        return convergence(self.positions, self.settled, forecast=self.median)


def run_expected_utility(table: StakeholderTable, settings: EUSettings | None = None) -> EUResult:
    """Play rounds of challenges and offers until no position moves more than the tolerance or the cap."""
    settings = settings or EUSettings()
    x = table.position.copy()
    span = float(x.max() - x.min()) or 1.0
    history, risks, kinds = [x], [], []
    settled = False
    for _ in range(settings.max_rounds):
        r = risk_exponents(x, table.capability, table.salience, span, settings)
        new_x, kind = play_round(x, r, table.capability, table.salience, span, settings)
        history.append(new_x)
        risks.append(r)
        kinds.append(kind)
        if np.max(np.abs(new_x - x)) <= settings.tolerance:
            settled = True
            break
        x = new_x
    positions = np.array(history)
    return EUResult(
        positions=positions,
        risk=np.array(risks).reshape(len(risks), len(x)),
        median=np.array([weighted_median(row, table.weights) for row in positions]),
        mean=np.array([weighted_mean(row, table.weights) for row in positions]),
        settled=settled,
        offer_types=np.array(kinds, dtype=np.int64).reshape(len(kinds), len(x)),
    )


def votes(x: FloatArray, c: FloatArray, s: FloatArray, r: FloatArray, span: float) -> FloatArray:
    """v[k, i, j] = c_k s_k (|x_k − x_j|^r_k − |x_k − x_i|^r_k) / span^r_k: k's vote for i over j."""
    distance = (np.abs(x[:, None] - x[None, :]) / span) ** r[:, None]
    return (c * s)[:, None, None] * (distance[:, None, :] - distance[:, :, None])


def probability(
    x: FloatArray, c: FloatArray, s: FloatArray, r: FloatArray, span: float, kind: Probability
) -> FloatArray:
    """P[i, j]: the probability that i prevails over j (0 where x_i = x_j), eq. (3) of Scholz et al."""
    v = votes(x, c, s, r, span)
    support = np.clip(v, 0.0, None).sum(axis=0)
    denominator = np.abs(v).sum() if kind is Probability.ALL_PAIRS else np.abs(v).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.where(denominator > 0, support / np.where(denominator > 0, denominator, 1.0), 0.0)
    return np.where(x[:, None] == x[None, :], 0.0, p)


def challenge_utility(
    x: FloatArray, s: FloatArray, p: FloatArray, r: FloatArray, span: float, q: float
) -> FloatArray:
    """E[i, j]: i's expected utility of challenging j, every utility bent by the risk exponent r[i, j].

    E = s_j (P_ij U_s + (1 − P_ij) U_f) + (1 − s_j) U_s − Q U_sq with U_s = 2 − 4(½ − ½d)^r,
    U_f = 2 − 4(½ + ½d)^r, U_sq = 2 − 4(½)^r and d = |x_i − x_j| / span (Scholz et al., eqs 4–7).
    """
    d = np.abs(x[:, None] - x[None, :]) / span
    success = 2.0 - 4.0 * (0.5 - 0.5 * d) ** r
    failure = 2.0 - 4.0 * (0.5 + 0.5 * d) ** r
    status_quo = 2.0 - 4.0 * 0.5**r
    resist = s[None, :] * (p * success + (1.0 - p) * failure)
    result: FloatArray = resist + (1.0 - s[None, :]) * success - q * status_quo
    return result


def risk_exponents(
    x: FloatArray, c: FloatArray, s: FloatArray, span: float, settings: EUSettings
) -> FloatArray:
    """r_i = (1 − R_i/3)/(1 + R_i/3) from i's danger Σ_j E[j, i] (risk-neutral), scaled to [−1, 1]."""
    ones = np.ones_like(x)
    p = probability(x, c, s, ones, span, settings.probability)
    expected = challenge_utility(x, s, p, np.ones((len(x), len(x))), span, settings.q)
    np.fill_diagonal(expected, 0.0)
    danger = expected.sum(axis=0)
    low, high = danger.min(), danger.max()
    if high == low:
        return ones
    acceptance = (2.0 * danger - high - low) / (high - low)
    exponent: FloatArray = (1.0 - acceptance / 3.0) / (1.0 + acceptance / 3.0)
    return exponent


def play_round(
    x: FloatArray, r: FloatArray, c: FloatArray, s: FloatArray, span: float, settings: EUSettings
) -> tuple[FloatArray, IntArray]:
    """Every actor takes its best offer at once: the new positions (eqs 8–10 of Scholz et al.) and the
    kind of offer each actor took (0 when it took none)."""
    p = probability(x, c, s, r, span, settings.probability)
    own_risk = np.broadcast_to(r[:, None], p.shape)
    mine = challenge_utility(x, s, p, own_risk, span, settings.q)  # mine[i, j]: i challenges j
    # theirs[i, j]: j challenges i, seen with i's risk exponent
    theirs = challenge_utility(x, s, p, own_risk.T, span, settings.q).T
    target, kind = offers(x, mine, theirs, settings.capitulation)
    return choose_offers(x, target, kind, mine, theirs, settings.offer_choice)


def offers(
    x: FloatArray, mine: FloatArray, theirs: FloatArray, capitulation: bool
) -> tuple[FloatArray, FloatArray]:
    """Offer position and kind (0 none, 1 confrontation, 2 compromise, 3 capitulation) j makes to i."""
    gap = x[None, :] - x[:, None]
    confront = (theirs > mine) & (mine > 0)
    j_ahead = (theirs > 0) & (mine < 0)
    compromise_ = j_ahead & (theirs > np.abs(mine))
    capitulate = j_ahead & (theirs < np.abs(mine)) & capitulation
    with np.errstate(divide="ignore", invalid="ignore"):
        compromise_at = x[:, None] + gap * np.abs(np.where(compromise_, mine / theirs, 0.0))
    target = np.where(compromise_, compromise_at, np.broadcast_to(x[None, :], gap.shape))
    kind = np.select([confront, compromise_, capitulate], [1.0, 2.0, 3.0], 0.0)
    kind = np.where(gap == 0, 0.0, kind)
    return target, kind


def choose_offers(
    x: FloatArray, target: FloatArray, kind: FloatArray, mine: FloatArray, theirs: FloatArray,
    choice: OfferChoice,
) -> tuple[FloatArray, IntArray]:  # fmt: skip
    """Each actor's new position — its chosen offer's target, or its own position when it has none —
    and the kind of that offer (0: none)."""
    move = np.abs(target - x[:, None])
    if choice is OfferChoice.LEAST_MOVE:
        cost = np.where(kind > 0, move, np.inf)
    else:
        weight = np.abs(mine) + np.abs(theirs)
        with np.errstate(divide="ignore", invalid="ignore"):
            scholz = (np.abs(mine) * x[:, None] + np.abs(theirs) * x[None, :]) / weight
        first = np.where(kind > 0, kind, np.inf).min(axis=1, keepdims=True)
        cost = np.where((kind > 0) & (kind == first), np.where(kind == 2, scholz, move), np.inf)
    best = np.argmin(cost, axis=1)
    rows = np.arange(len(x))
    taken = np.isfinite(cost[rows, best])
    return np.where(taken, target[rows, best], x), np.where(taken, kind[rows, best], 0).astype(np.int64)
