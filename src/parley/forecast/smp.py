"""KTAB's spatial model of politics (SMP): challenges, bargains and probabilistic Condorcet elections.

Sources: B. Wise, L. Lester & B. Efird, "The KAPSARC Toolkit for Behavioral Analysis (KTAB)", KAPSARC
(2015–2017), with KTAB's ``smp`` library (github.com/KAPSARC/KTAB, MIT), and B. Efird, L. Lester &
B. Wise (2016), "Analyzing coalitions in China's policy formulation", *Journal of East Asian Studies*
16(1). Each round every actor estimates risk attitudes, challenges the actor whose defeat gains it most,
and proposes a bargain; each actor then adopts the bargain (or its own position) that wins a
probabilistic Condorcet election among all actors. Equations, KTAB's defaults and where this differs
from KTAB's C++ are in ``docs/forecast-models.md``. Positions are on [0, 1] inside, 0–100 outside.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

import numpy as np
import numpy.typing as npt

from parley.forecast.convergence import Convergence, convergence
from parley.forecast.models import FloatArray

IntArray = npt.NDArray[np.intp]

#: KTAB's floor on a coalition's strength (``Model::coalitions``), so that no probability is 0/0.
MIN_COALITION = 1e-8
#: KTAB's floor on the strength of each side of a challenge (``probEduChlg``).
MIN_CHALLENGE = 1e-10
#: The least expected gain worth a challenge (``bestChallenge``'s ``minSigEDU``).
MIN_GAIN = 1e-5
#: The initiator's extra weight in an interpolated bargain (``interpBrgnSnPm``'s ``minW``).
MIN_BARGAIN_WEIGHT = 1e-6
#: Distance (on [0, 1]) below which two positions count as one (``SMPModel::posTol``).
SAME_POSITION = 1e-3
#: Binary voting treats a utility difference of this size as a full vote (``Model::vote``).
BINARY_STEP = 1e-8
#: Iteration cap of the Markov election models (KTAB throws at the cap; we stop there).
MARKOV_ITERATIONS = 1000
#: The most elements of one (initiator, target, third party) array in the challenge step.
BLOCK_ELEMENTS = 2_000_000


class VotingRule(Enum):
    """How strongly an actor votes for one option over another, given its utility difference Δu."""

    BINARY = "Binary"  # w · clip(Δu / 1e-8, −1, 1)
    PROP_BIN = "PropBin"  # w · (0.8 Δu + 0.2 binary)
    PROPORTIONAL = "Prop"  # w · Δu (KTAB's default for the SMP)
    PROP_CUBIC = "PropCbc"  # w · (0.5 Δu + 0.5 Δu³)
    CUBIC = "Cubic"  # w · Δu³
    ASYM_PROSPECT = "ASymProsp"  # w · Δu for losses, ⅔ w · Δu for gains


class VictoryModel(Enum):
    """KTAB's ``VPModel``: P(coalition of strength a beats one of strength b)."""

    LINEAR = "Linear"  # a / (a + b) (KTAB's default)
    SQUARE = "Square"  # a² / (a² + b²)
    QUARTIC = "Quartic"
    OCTIC = "Octic"
    BINARY = "Binary"  # certain at a ≥ 1.1 b, linear in a / (a + b) between


class ElectionModel(Enum):
    """KTAB's ``PCEModel``: the probability of each option from the pairwise victory probabilities."""

    CONDITIONAL = "Conditional"  # P_i ∝ Π_j p_ij (KTAB's default)
    MARKOV_INCENTIVE = "MarkovIncentive"  # Markov chain, challenges in proportion to c_ij p_ij
    MARKOV_UNIFORM = "MarkovUniform"  # Markov chain, uniform challenges


@dataclass(frozen=True)
class SpatialTable:
    """A KTAB scenario: actors with an influence, and a position (0–100) and salience per dimension.

    Saliences are on [0, 1]: KTAB's files hold them on 0–100 and KTAB divides by 100; an actor's
    saliences add up to at most 1 (its whole attention). ``position`` and ``salience`` are (n, d).
    """

    scenario: str
    description: str
    actors: tuple[str, ...]
    descriptions: tuple[str, ...]
    influence: FloatArray
    dimensions: tuple[str, ...]
    position: FloatArray
    salience: FloatArray

    def __post_init__(self) -> None:
        """Freeze the arrays and check their shapes."""
        n, d = len(self.actors), len(self.dimensions)
        if len(self.descriptions) != n:
            raise ValueError(f"{len(self.descriptions)} descriptions for {n} actors")
        shapes = {"influence": (n,), "position": (n, d), "salience": (n, d)}
        for name, shape in shapes.items():
            array = np.array(getattr(self, name), dtype=np.float64)
            if array.shape != shape:
                raise ValueError(f"{name} has shape {array.shape}; expected {shape}")
            array.flags.writeable = False
            object.__setattr__(self, name, array)

    def __eq__(self, other: object) -> bool:
        """Equal tables: the same names and values (arrays compared element by element)."""
        if not isinstance(other, SpatialTable):
            return NotImplemented
        names = (self.scenario, self.description, self.actors, self.descriptions, self.dimensions)
        theirs = (other.scenario, other.description, other.actors, other.descriptions, other.dimensions)
        arrays = ("influence", "position", "salience")
        return names == theirs and all(np.array_equal(getattr(self, a), getattr(other, a)) for a in arrays)

    __hash__ = None  # type: ignore[assignment]  # equal by value, and its arrays are not hashable

    def __len__(self) -> int:
        """The number of actors."""
        return len(self.actors)


@dataclass(frozen=True)
class SMPSettings:
    """The variant run: voting rule, victory and election models, round cap and tolerance (0–100 scale).

    KTAB's other settings are fixed at its defaults: risk range Mid ([−½, 1]), risk adjustment
    OneThird, third parties SemiCommit, bargains S2P2 interpolated by the initiator (InitOnlyInterp),
    deterministic transitions.
    """

    voting_rule: VotingRule = VotingRule.PROPORTIONAL
    victory: VictoryModel = VictoryModel.LINEAR
    election: ElectionModel = ElectionModel.CONDITIONAL
    max_rounds: int = 100
    tolerance: float = 1e-6


@dataclass(frozen=True)
class DimensionForecast:
    """The forecast on one dimension (0–100): probability-weighted and most probable position."""

    dimension: str
    expected: float
    most_probable: float


@dataclass(frozen=True)
class SMPResult:
    """A run: row t of every per-round array is the state after t rounds (row 0 = the input).

    ``positions`` is (rounds + 1, n, d) on 0–100; ``probability[t, i]`` is the probability that actor
    i's position wins in state t, shared equally among actors holding the same position, so that each
    row sums to 1 (``position_probability`` is the unshared figure KTAB prints); ``expected`` and
    ``most_probable`` are (rounds + 1, d); ``risk`` holds the inferred risk attitudes, ``targets[t, i]``
    the actor i challenged in round t + 1 (−1 for none). ``ktab_round`` is the round at which KTAB's
    own stopping rule (after ≥ 2 rounds, a round's total move < 2 % of the first's) would have ended
    the run, or None.
    """

    actors: tuple[str, ...]
    dimensions: tuple[str, ...]
    positions: FloatArray
    probability: FloatArray
    position_probability: FloatArray
    expected: FloatArray
    most_probable: FloatArray
    risk: FloatArray
    targets: IntArray
    convergence: Convergence
    ktab_round: int | None = None
    settings: SMPSettings = field(default_factory=SMPSettings)

    @property
    def rounds(self) -> int:
        """The number of rounds played."""
        return len(self.positions) - 1

    @property
    def forecast(self) -> tuple[DimensionForecast, ...]:
        """The final state's expected and most probable position on each dimension; when the positions
        cycle, their means over the last period (the states the run alternates between)."""
        period = self.convergence.period if self.convergence.status == "cycles" else None
        rows = slice(-(period or 1), None)
        expected = self.expected[rows].mean(axis=0)
        most_probable = self.most_probable[rows].mean(axis=0)
        return tuple(
            DimensionForecast(name, float(expected[k]), float(most_probable[k]))
            for k, name in enumerate(self.dimensions)
        )


def run_smp(
    table: SpatialTable,
    *,
    voting_rule: VotingRule = VotingRule.PROPORTIONAL,
    victory: VictoryModel = VictoryModel.LINEAR,
    election: ElectionModel = ElectionModel.CONDITIONAL,
    max_rounds: int = 100,
    tolerance: float = 1e-6,
) -> SMPResult:
    """Play rounds of challenges and bargains until positions settle, repeat, or ``max_rounds``."""
    settings = SMPSettings(voting_rule, victory, election, max_rounds, tolerance)
    _check(table, settings)
    x = table.position / 100.0
    history: list[FloatArray] = [x]
    states = [assess(x, table.salience, table.influence, settings)]
    targets: list[IntArray] = []
    for _ in range(max_rounds):
        x, target = play_round(x, table.salience, table.influence, states[-1], settings)
        history.append(x)
        targets.append(target)
        states.append(assess(x, table.salience, table.influence, settings))
        if convergence(np.array(history), tolerance=tolerance / 100.0).status != "round_limit":
            break
    return _result(table, settings, history, states, targets)


# --- one state: distances, risk attitudes and utilities ------------------------------------------------
@dataclass(frozen=True)
class State:
    """What every actor believes in one state: distances, risk attitudes and utilities."""

    distance: FloatArray  # d[i, j]: salience-weighted distance from i's position to j's, in [0, 1]
    risk: FloatArray  # R_i in [−½, 1], from the risk-neutral election (KTAB's BigRRange::Mid)
    estimate: FloatArray  # u[h, i, j]: h's estimate of i's utility of j's position
    own: FloatArray  # own[i, j] = u[i, i, j], i's utility of j's position
    probability: FloatArray  # P(each actor's position wins), shared among equal positions
    unique: IntArray  # for each actor, the representative actor of the position it holds


def assess(x: FloatArray, s: FloatArray, influence: FloatArray, settings: SMPSettings) -> State:
    """Distances, the risk-neutral election, risk attitudes, all perceived utilities, the outcome odds."""
    d = distances(x, s)
    neutral = coalitions(1.0 - d, influence, settings.voting_rule)
    risk = risk_attitudes(election_probability(neutral, settings.victory, settings.election))
    perceived = (2.0 * risk[:, None] + risk[None, :]) / 3.0  # r[h, i], KTAB's OneThird adjustment
    estimate = utility(d[None, :, :], perceived[:, :, None])
    own = utility(d, risk[:, None])
    unique = unique_positions(x)
    options = np.flatnonzero(unique == np.arange(len(x)))
    # KTAB's pDist always votes proportionally over the unique positions, each actor with its own utility
    voted = coalitions(own[:, options], influence, VotingRule.PROPORTIONAL)
    chance = election_probability(voted, settings.victory, settings.election)
    share = np.zeros(len(x))
    share[options] = chance
    counts = np.bincount(unique, minlength=len(x))
    probability = share[unique] / counts[unique]
    return State(d, risk, estimate, own, probability, unique)


def distances(x: FloatArray, s: FloatArray) -> FloatArray:
    """d[i, j] = √(Σ_k (s_ik (x_ik − x_jk))² / Σ_k s_ik²), KTAB's ``bvDiff`` (0 for one without salience)."""
    return _weighted_distance(x[:, None, :] - x[None, :, :], s[:, None, :])


def _weighted_distance(gap: FloatArray, s: FloatArray) -> FloatArray:
    """√(Σ_k (s_k gap_k)² / Σ_k s_k²) over the last axis, summed dimension by dimension as KTAB does."""
    squared, total = np.zeros(gap.shape[:-1]), np.zeros(s.shape[:-1])
    for k in range(gap.shape[-1]):
        squared = squared + (gap[..., k] * s[..., k]) ** 2
        total = total + s[..., k] ** 2
    total = np.broadcast_to(total, squared.shape)
    with np.errstate(invalid="ignore", divide="ignore"):
        d: FloatArray = np.sqrt(np.where(total > 0, squared / total, 0.0))
    return d


def utility(d: npt.ArrayLike, r: npt.ArrayLike) -> FloatArray:
    """u = (1 − d)(1 + d R), KTAB's ``bsUtil``: R = 0 is risk-neutral, R > 0 risk-averse (d ≤ 1)."""
    d, r = np.asarray(d, dtype=np.float64), np.asarray(r, dtype=np.float64)
    result: FloatArray = (1.0 - d) * (1.0 + np.minimum(d, 1.0) * r)
    return result


def vote(rule: VotingRule, weight: npt.ArrayLike, gain: npt.ArrayLike) -> FloatArray:
    """KTAB's ``Model::vote``: the influence an actor of this weight lends to a utility gain Δu."""
    w, du = np.asarray(weight, dtype=np.float64), np.asarray(gain, dtype=np.float64)
    binary = np.clip(du / BINARY_STEP, -1.0, 1.0)
    if rule is VotingRule.ASYM_PROSPECT:
        asymmetric: FloatArray = np.where(du > 0, (2.0 * w * du) / 3.0, w * du)
        return asymmetric
    if rule is VotingRule.BINARY:
        response = binary
    elif rule is VotingRule.PROP_BIN:
        response = (1 - 0.2) * du + 0.2 * binary
    elif rule is VotingRule.PROPORTIONAL:
        response = du
    elif rule is VotingRule.PROP_CUBIC:
        response = (1 - 0.5) * du + 0.5 * (du * du * du)
    else:
        response = du * du * du
    result: FloatArray = w * response
    return result


def coalitions(u: FloatArray, weight: FloatArray, rule: VotingRule) -> FloatArray:
    """c[i, j]: the strength of the coalition for option i over j, u[voter, option] (``Model::coalitions``).

    As in KTAB, only v_k(i, j) for i > j is computed and −v_k(i, j) is credited to j (which matters for
    the asymmetric ``ASYM_PROSPECT`` rule only), and the votes are added voter by voter.
    """
    m = u.shape[1]
    support, against = np.full((m, m), MIN_COALITION), np.full((m, m), MIN_COALITION)
    for k in range(len(weight)):
        votes = vote(rule, weight[k], u[k, :, None] - u[k, None, :])  # [i, j]
        support = support + np.clip(votes, 0.0, None)
        against = against + np.clip(-votes, 0.0, None)
    lower = np.tri(m, k=-1, dtype=bool)
    c: FloatArray = np.where(lower, support, np.where(lower.T, against.T, MIN_COALITION))
    return c


def victory_probability(c: FloatArray, model: VictoryModel) -> FloatArray:
    """p[i, j] = P(option i beats j) from coalition strengths (``Model::vProb``); p_ii = ½."""
    if model is VictoryModel.BINARY:  # KTAB's x1, x2 for i > j; p_ij = x1 / (x1 + x2), p_ji = x2 / (x1 + x2)
        share = (c / (c + c.T) * (1.1 + 1.0) - 1.0) / (1.1 - 1.0)
        ahead = c >= 1.1 * c.T  # a 10 % edge is a sure win (and ahead.T a sure loss)
        behind = ahead.T
        x1 = np.where(ahead, 1.0, np.where(behind, 1e-6, share))
        x2 = np.where(ahead, 1e-6, np.where(behind, 1.0, 1.0 - share))
        lower = np.tri(len(c), k=-1, dtype=bool)
        p = np.where(lower, x1 / (x1 + x2), (x2 / (x1 + x2)).T)
    else:
        power = {VictoryModel.LINEAR: 1, VictoryModel.SQUARE: 2, VictoryModel.QUARTIC: 4}.get(model, 8)
        with np.errstate(over="ignore", invalid="ignore"):
            x = c**power
            p = x / (x + x.T)
        # beyond double range (strengths ≳ 1e38 under the octic law): the same ratio, without overflow
        p = np.where(np.isfinite(p), p, 1.0 / (1.0 + np.exp(power * (np.log(c.T) - np.log(c)))))
    np.fill_diagonal(p, 0.5)
    result: FloatArray = p
    return result


def election_probability(c: FloatArray, model: VictoryModel, kind: ElectionModel) -> FloatArray:
    """P(each option wins) from coalition strengths: KTAB's ``probCE2`` (sums to 1)."""
    p = victory_probability(c, model)
    if kind is ElectionModel.CONDITIONAL:
        product = np.ones(len(c))
        for j in range(len(c)):  # Π_j p_ij, multiplied in KTAB's order
            product = product * p[:, j]
        if product.max() < 1e-280:  # so many options that the products underflow: the same, in logs
            with np.errstate(divide="ignore"):
                log_p = np.log(p).sum(axis=1)
            product = np.exp(log_p - log_p.max())
        result: FloatArray = product / np.cumsum(product)[-1]
        return result
    if kind is ElectionModel.MARKOV_INCENTIVE:
        incentive = c * p + np.diag(np.full(len(c), 1e-10))
        challenge = incentive / incentive.sum(axis=0, keepdims=True)  # P[i challenges j | j leads]

        def incentive_step(q: FloatArray) -> FloatArray:
            """q_i ← Σ_j p_ij (q_i P[j challenges i] + q_j P[i challenges j])."""
            step: FloatArray = (p * (q[:, None] * challenge.T + challenge * q[None, :])).sum(axis=1)
            return step

        return _markov(incentive_step, len(c), 1e-8)

    def uniform_step(q: FloatArray) -> FloatArray:
        """q_i ← Σ_j p_ij (q_i + q_j) / m: every option challenges the leader equally often."""
        step: FloatArray = (p * (q[:, None] + q[None, :])).sum(axis=1) / len(c)
        return step

    return _markov(uniform_step, len(c), 1e-6)


def _markov(step: Callable[[FloatArray], FloatArray], m: int, tolerance: float) -> FloatArray:
    """Iterate q ← (q + step(q)) / 2 from the uniform distribution until no entry moves more than tol."""
    q: FloatArray = np.full(m, 1.0 / m)
    for _ in range(MARKOV_ITERATIONS):
        new = step(q)
        change = float(np.max(np.abs(new - q)))
        q = (q + new) / 2.0
        if change <= tolerance:
            break
    return q


def risk_attitudes(p: FloatArray) -> FloatArray:
    """R_i = (3 P_i − P_max − 2 P_min) / (2 (P_max − P_min)) in [−½, 1] (KTAB's Mid range; 0 if all equal)."""
    low, high = float(p.min()), float(p.max())
    if high - low <= 1e-12:
        return np.zeros_like(p)
    result: FloatArray = (3.0 * p - (high + 2.0 * low)) / (2.0 * (high - low))
    return result


def unique_positions(x: FloatArray) -> IntArray:
    """For each actor, the representative of its position: the first earlier representative within
    ``SAME_POSITION`` of it, else itself (KTAB's ``setUENdx``, scanning actors in order)."""
    close = np.linalg.norm(x[:, None, :] - x[None, :, :], axis=2) < SAME_POSITION
    representative = np.arange(len(x))
    for i in range(1, len(x)):
        earlier = np.flatnonzero(close[i, :i] & (representative[:i] == np.arange(i)))
        if earlier.size:
            representative[i] = earlier[0]
    return representative


# --- one round: challenges, bargains, and each actor's election among its bargains ---------------------
def play_round(
    x: FloatArray, s: FloatArray, influence: FloatArray, state: State, settings: SMPSettings
) -> tuple[FloatArray, IntArray]:
    """The next positions and each actor's challenge target (−1 for none), KTAB's ``doBCN``."""
    win, gain = challenges(state, s, influence, settings.voting_rule)
    n = len(x)
    candidate = np.where(gain > MIN_GAIN, gain, -np.inf)
    np.fill_diagonal(candidate, -np.inf)
    target = np.argmax(candidate, axis=1)
    target = np.where(np.isfinite(candidate[np.arange(n), target]), target, -1)
    initiators = np.flatnonzero(target >= 0)
    receivers = target[initiators]
    p_init = win[initiators, receivers]
    at_init, at_receiver = bargains(x[initiators], s[initiators], p_init, x[receivers], s[receivers])
    value_sq, value = bargain_values(x, s, state, initiators, receivers, at_init, at_receiver)
    new_x = x.copy()
    for k in range(n):
        options = _options(k, initiators, receivers)  # −1 = k's own position, else a bargain index
        columns = [value_sq if b < 0 else value[:, b] for b in options]
        u = np.stack(columns, axis=1)
        chance = election_probability(
            coalitions(u, influence, settings.voting_rule), settings.victory, settings.election
        )
        chosen = options[int(np.argmax(chance))]
        if chosen >= 0:
            new_x[k] = at_init[chosen] if initiators[chosen] == k else at_receiver[chosen]
    return new_x, target.astype(np.intp)


def challenges(
    state: State, s: FloatArray, influence: FloatArray, rule: VotingRule
) -> tuple[FloatArray, FloatArray]:
    """(P[i, j], E[i, j]): i's estimate that it beats j, and of its expected gain from challenging j.

    KTAB's ``probEduChlg(h = i, k = i, i, j)``: the principals vote with weight c·Σs, each third party
    n weighs a little three-actor contest and votes on the SemiCommit utilities. All (i, j, n) at once,
    in blocks of initiators so that an (i, j, n) array stays under ``BLOCK_ELEMENTS``.
    """
    n = len(influence)
    p, gain = np.empty((n, n)), np.empty((n, n))
    step = max(1, BLOCK_ELEMENTS // (n * n))
    for start in range(0, n, step):
        block = np.arange(start, min(n, start + step))
        p[block], gain[block] = _challenge_block(state.estimate[block], block, s, influence, rule)
    np.fill_diagonal(gain, -np.inf)
    return p, gain


def _challenge_block(
    a: FloatArray, rows: IntArray, s: FloatArray, influence: FloatArray, rule: VotingRule
) -> tuple[FloatArray, FloatArray]:
    """:func:`challenges` for initiators ``rows``; ``a[b] = state.estimate[rows[b]]`` (h = i)."""
    b = np.arange(len(rows))
    everyone = np.arange(len(influence))
    weight = influence * s.sum(axis=1)
    uii = a[b, rows, rows][:, None]  # [i, 1]
    uij = a[b, rows, :]  # [i, j] = a[i, i, j]
    uji = a[b, :, rows]  # [i, j] = a[i, j, i]
    ujj = np.einsum("hjj->hj", a)  # [i, j] = a[i, j, j]
    mine = vote(rule, weight[rows][:, None], uii - uij)
    theirs = vote(rule, weight[None, :], uji - ujj)
    for_i = MIN_CHALLENGE + np.clip(mine, 0, None) + np.clip(theirs, 0, None)
    for_j = MIN_CHALLENGE + np.clip(-mine, 0, None) + np.clip(-theirs, 0, None)
    uni = uji[:, None, :]  # [i, ·, n] = a[i, n, i]
    unj = a.transpose(0, 2, 1)  # [i, j, n] = a[i, n, j]
    unn = ujj[:, None, :]  # [i, ·, n] = a[i, n, n]
    w = weight[None, None, :]
    little = vote(rule, w, uni - unj)
    side_i = for_i[:, :, None] + np.clip(little, 0, None)
    side_j = for_j[:, :, None] + np.clip(-little, 0, None)
    p_little = side_i / (side_i + side_j)
    q_little = 1.0 - p_little
    with_i = p_little * (uni + uni + unn) + q_little * (unj + unj + unj)  # n joins i against j
    with_j = p_little * (uni + uni + uni) + q_little * (unj + unj + unn)  # n joins j against i
    third = vote(rule, w, with_i - with_j)
    for m in everyone:  # third parties, added one by one as KTAB does
        bystander = (m != rows)[:, None] & (m != everyone)[None, :]
        for_i = for_i + np.where(bystander, np.clip(third[:, :, m], 0, None), 0.0)
        for_j = for_j + np.where(bystander, np.clip(-third[:, :, m], 0, None), 0.0)
    p, p_j = for_i / (for_i + for_j), for_j / (for_i + for_j)
    victory_u, defeat_u = uii + uii, uij + uij
    sj = s.sum(axis=1)[None, :]
    contest = p * victory_u + p_j * defeat_u
    gain = ((1 - sj) * victory_u + sj * contest) - (uii + uij)
    return p, gain


def bargains(
    xi: FloatArray, si: FloatArray, pi: FloatArray, xj: FloatArray, sj: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """The S2P2 bargain (``interpBrgnSnPm(2, 2)``): both move to Σ w x / Σ w with w = s² p², to 1e-4."""
    wi = si**2 * (pi**2)[:, None]
    wj = sj**2 * ((1.0 - pi) ** 2)[:, None]
    total = wi + MIN_BARGAIN_WEIGHT + wj
    at_i = _round4(((wi + MIN_BARGAIN_WEIGHT) * xi + wj * xj) / total)
    at_j = _round4((wi * xi + (MIN_BARGAIN_WEIGHT + wj) * xj) / total)
    return at_i, at_j


def bargain_values(
    x: FloatArray,
    s: FloatArray,
    state: State,
    initiators: IntArray,
    receivers: IntArray,
    at_init: FloatArray,
    at_receiver: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """Each actor's mean utility over all positions: with none changed, and after each bargain (the
    initiator and receiver at the bargain's positions), summed in KTAB's order."""
    own = state.own
    n = len(x)
    r = state.risk[:, None]
    u_init = utility(_weighted_distance(x[:, None, :] - at_init[None, :, :], s[:, None, :]), r)
    u_receiver = utility(_weighted_distance(x[:, None, :] - at_receiver[None, :, :], s[:, None, :]), r)
    status_quo, value = np.zeros(n), u_init + u_receiver  # [voter], [voter, bargain]
    for m in range(n):
        status_quo = status_quo + own[:, m]
        unchanged = (initiators != m) & (receivers != m)
        value = value + np.where(unchanged[None, :], own[:, m : m + 1], 0.0)
    return status_quo / n, value / n


def _options(k: int, initiators: IntArray, receivers: IntArray) -> list[int]:
    """Actor k's options in KTAB's order: bargains from earlier initiators, its own position, the rest."""
    involved = np.flatnonzero((initiators == k) | (receivers == k))
    before = [int(b) for b in involved if initiators[b] < k]
    after = [int(b) for b in involved if initiators[b] >= k]
    return [*before, -1, *after]


def _round4(value: FloatArray) -> FloatArray:
    """Round to 4 decimals (0.01 on the 0–100 scale), as KTAB rounds its bargains."""
    result: FloatArray = np.floor(value * 1e4 + 0.5) / 1e4
    return result


# --- stopping and the result ----------------------------------------------------------------------------
def ktab_stop_round(positions: FloatArray) -> int | None:
    """The first round t ≥ 2 whose total move Σ_i ‖x_i(t) − x_i(t − 1)‖ is under 2 % of round 1's
    (plus 1e-4), on the [0, 1] scale: KTAB's ``smpStopFn``; None if it never fires."""
    x = positions / 100.0
    moves = np.linalg.norm(np.diff(x, axis=0), axis=2).sum(axis=1)
    if len(moves) < 2:
        return None
    quiet = np.flatnonzero(moves[1:] / (moves[0] + 1e-4) < 0.02)
    return int(quiet[0]) + 2 if quiet.size else None


def _result(
    table: SpatialTable,
    settings: SMPSettings,
    history: list[FloatArray],
    states: list[State],
    targets: list[IntArray],
) -> SMPResult:
    """Assemble the per-round arrays on the 0–100 scale."""
    positions = np.array(history) * 100.0
    probability = np.array([state.probability for state in states])
    counts = np.array([np.bincount(st.unique, minlength=len(table))[st.unique] for st in states])
    expected = np.einsum("tn,tnd->td", probability, positions)
    best = np.argmax(probability * counts, axis=1)
    most_probable = positions[np.arange(len(positions)), best]
    n = len(table)
    return SMPResult(
        actors=table.actors,
        dimensions=table.dimensions,
        positions=positions,
        probability=probability,
        position_probability=probability * counts,
        expected=expected,
        most_probable=most_probable,
        risk=np.array([state.risk for state in states]),
        targets=np.array(targets, dtype=np.intp).reshape(len(targets), n),
        convergence=convergence(positions, tolerance=settings.tolerance, forecast=_first_of(expected)),
        ktab_round=ktab_stop_round(positions),
        settings=settings,
    )


def _first_of(expected: FloatArray) -> FloatArray | None:
    """The expected position per round when there is one dimension (the spread a non-settling run shows)."""
    return expected[:, 0] if expected.shape[1] == 1 else None


def _check(table: SpatialTable, settings: SMPSettings) -> None:
    """Reject tables and settings the model cannot run on."""
    if len(table) < 2:
        raise ValueError("the SMP needs at least two actors")
    if np.any(table.influence < 0) or not table.influence.sum() > 0:
        raise ValueError("influences must be non-negative with a positive total")
    if np.any((table.position < 0) | (table.position > 100)):
        raise ValueError("positions must lie in [0, 100]")
    if np.any(table.salience < 0) or np.any(table.salience.sum(axis=1) > 1 + 1e-9):
        raise ValueError("saliences must be non-negative and add up to at most 1 per actor")
    if settings.max_rounds < 1 or not settings.tolerance >= 0:
        raise ValueError("max_rounds must be ≥ 1 and tolerance ≥ 0")
