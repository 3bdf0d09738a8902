"""Stokman & van Oosten's exchange model: actors trade voting positions across issues, with equal gains.

Source: F. N. Stokman & R. van Oosten (1994), "The exchange of voting positions: an object-oriented model
of policy networks", in Bueno de Mesquita & Stokman (eds.), *European Community Decision Making*, Yale
UP, 105–127; the equal-gain solution as the decide-exchange-model project (foarsitter) describes it.
Equations, and where this implementation differs from both, are in ``docs/forecast-models.md``.

Positions stay in each issue's own units; distances are converted to points of a 0–100 scale per issue
(``SCALE``) where gains are compared, so that issues on different scales are comparable. The search for
exchanges is one ``n × n × m × m`` numpy array over (actor i, actor j, issue p, issue q).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

import numpy as np
import numpy.typing as npt

from parley.forecast.models import FloatArray

BoolArray = npt.NDArray[np.bool_]

#: Every issue's scale is mapped onto [0, SCALE] before gains are computed (decide does the same).
SCALE = 100.0
#: Two round ends closer than this (points of the 0–SCALE scale, every cell) are the same state.
SAME_STATE = 1e-9


@dataclass(frozen=True, eq=False)
class ExchangeTable:
    """Actors, issues with their scales, and position, salience and power per (actor, issue).

    ``position``, ``salience`` and ``power`` are read-only ``(n_actors, n_issues)`` arrays, NaN together
    where an actor has no record on an issue. Positions are in the issue's own units and lie inside
    ``scales[k] = (low, high)``, ``low < high``; salience and power are finite and ≥ 0.
    """

    actor_ids: tuple[str, ...]
    actor_names: tuple[str, ...]
    issue_ids: tuple[str, ...]
    issue_names: tuple[str, ...]
    scales: tuple[tuple[float, float], ...]
    position: FloatArray
    salience: FloatArray
    power: FloatArray
    has_record: BoolArray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """Freeze the arrays and check shapes, the shared NaN pattern, ranges and the scales."""
        n, m = len(self.actor_ids), len(self.issue_ids)
        if len(self.actor_names) != n or len(self.issue_names) != m or len(self.scales) != m:
            raise ValueError("actor names, issue names and scales must match the actor and issue ids")
        if len(set(self.actor_ids)) != n or len(set(self.issue_ids)) != m:
            raise ValueError("actor ids and issue ids must be unique")
        arrays = {}
        for name in ("position", "salience", "power"):
            array = np.array(getattr(self, name), dtype=np.float64)
            if array.shape != (n, m):
                raise ValueError(f"{name} has shape {array.shape}; expected ({n}, {m})")
            array.flags.writeable = False
            arrays[name] = array
            object.__setattr__(self, name, array)
        present = ~np.isnan(arrays["position"])
        if any(not np.array_equal(~np.isnan(a), present) for a in arrays.values()):
            raise ValueError("position, salience and power must be NaN at the same (actor, issue) cells")
        if not all(
            np.isfinite(a[present]).all() and (a[present] >= 0).all() for a in list(arrays.values())[1:]
        ):
            raise ValueError("salience and power must be finite and non-negative")
        low, high = self.bounds
        if not np.all(low < high):
            raise ValueError(f"every scale needs low < high; got {self.scales}")
        x = np.where(present, arrays["position"], low)
        if not np.all((x >= low) & (x <= high)):
            raise ValueError("every position must lie inside its issue's scale")
        present.flags.writeable = False
        object.__setattr__(self, "has_record", present)

    def __eq__(self, other: object) -> bool:
        """Equal tables: the same ids, names, scales and values (NaN cells equal)."""
        if not isinstance(other, ExchangeTable):
            return NotImplemented
        labels = ("actor_ids", "actor_names", "issue_ids", "issue_names", "scales")
        arrays = ("position", "salience", "power")
        same = all(np.array_equal(getattr(self, a), getattr(other, a), equal_nan=True) for a in arrays)
        return same and all(getattr(self, name) == getattr(other, name) for name in labels)

    __hash__ = None  # type: ignore[assignment]  # equal by value, and its arrays are not hashable

    @property
    def shape(self) -> tuple[int, int]:
        """``(n_actors, n_issues)``."""
        return len(self.actor_ids), len(self.issue_ids)

    @property
    def bounds(self) -> tuple[FloatArray, FloatArray]:
        """The scales as two arrays over the issues: lows and highs."""
        scales = np.array(self.scales, dtype=np.float64).reshape(len(self.scales), 2)
        return scales[:, 0], scales[:, 1]

    @property
    def weights(self) -> FloatArray:
        """power × salience per (actor, issue); NaN where there is no record."""
        weights: FloatArray = self.power * self.salience
        return weights

    @property
    def units(self) -> FloatArray:
        """Points of the 0–SCALE scale per unit of each issue: SCALE / (high − low)."""
        low, high = self.bounds
        units: FloatArray = SCALE / (high - low)
        return units


class Stop(Enum):
    """Why the rounds ended."""

    CONVERGED = "converged"  # a round found no exchange with a gain above min_gain
    CYCLE = "cycle"  # a round ended where an earlier one did: the rounds would repeat for ever
    ROUND_LIMIT = "round_limit"  # every one of max_rounds rounds made an exchange


#: Actors take their voting positions as their own for the next round (the default).
FULL_ADOPTION = (1.0, 0.0)
#: decide's rule: an actor keeps the share 0.1 + 0.4 (1 − s) of its move as its next start position.
DECIDE_ADOPTION = (0.1, 0.4)


@dataclass(frozen=True)
class ExchangeSettings:
    """The round cap, the least gain an exchange must bring, and how much of its move an actor keeps.

    ``min_gain`` is in salience × points of the 0–100 scale. With ``adoption = (a, b)`` an actor that
    moved from x to y on an issue of salience s starts the next round at x + (a + b (1 − s)) (y − x).
    """

    max_rounds: int = 10
    min_gain: float = 1e-9
    adoption: tuple[float, float] = FULL_ADOPTION


@dataclass(frozen=True)
class Exchange:
    """One exchange: ``actors[k]`` moves on ``issues[k]`` towards the other actor's position there.

    ``actors[0]`` moves on its supply issue ``issues[0]``, which is ``actors[1]``'s demand issue, and the
    other way round. Positions and outcome shifts are in the issues' own units; ``gains[k]`` is the fall
    in Σ salience × |position − expected outcome| of ``actors[k]`` over the two issues, on the 0–100
    scale (equal for both actors in the equal-gain model).
    """

    round: int
    actors: tuple[str, str]
    issues: tuple[str, str]
    before: tuple[float, float]
    after: tuple[float, float]
    outcome_shifts: tuple[float, float]
    gains: tuple[float, float]

    @property
    def shifts(self) -> tuple[float, float]:
        """Each actor's move on its supply issue (after − before), in the issue's units."""
        return self.after[0] - self.before[0], self.after[1] - self.before[1]


@dataclass(frozen=True, eq=False)
class ExchangeResult:
    """Positions and expected outcomes per round (row 0 = the input), the exchanges made and the stop.

    The arrays are read-only; results compare by identity.

    ``positions`` is ``(rounds + 1, n_actors, n_issues)`` (NaN where an actor has no record): row k
    holds the voting positions after round k's exchanges, and ``outcomes[k]`` (``(rounds + 1,
    n_issues)``) their expected outcomes. ``starts[k]`` is where round k + 1 starts (``positions[k]``
    under full adoption; see :class:`ExchangeSettings`). All are in the issues' own units. Only rounds
    that made an exchange have a row: with ``Stop.CONVERGED`` round ``stopped_at`` found none (so
    ``rounds == stopped_at − 1``); with ``Stop.CYCLE`` round ``stopped_at == rounds`` ended where round
    ``stopped_at − period`` did; with ``Stop.ROUND_LIMIT`` ``stopped_at == rounds == max_rounds``.
    """

    actor_ids: tuple[str, ...]
    issue_ids: tuple[str, ...]
    positions: FloatArray
    outcomes: FloatArray
    starts: FloatArray
    exchanges: tuple[Exchange, ...]
    stop: Stop
    stopped_at: int
    settings: ExchangeSettings
    period: int = 0

    @property
    def rounds(self) -> int:
        """The number of rounds that made at least one exchange."""
        return len(self.positions) - 1

    @property
    def forecast(self) -> dict[str, float]:
        """The expected outcome per issue id after the last round."""
        return {issue: float(value) for issue, value in zip(self.issue_ids, self.outcomes[-1], strict=True)}

    def exchanges_in(self, round_: int) -> tuple[Exchange, ...]:
        """The exchanges made in round ``round_`` (1-based), in the order they were made."""
        return tuple(exchange for exchange in self.exchanges if exchange.round == round_)


def run_exchange(
    table: ExchangeTable, *, max_rounds: int = ExchangeSettings.max_rounds,
    min_gain: float = ExchangeSettings.min_gain, adoption: tuple[float, float] = FULL_ADOPTION,
) -> ExchangeResult:  # fmt: skip
    """Play rounds of equal-gain exchanges until a round finds none with gain > ``min_gain`` or the cap.

    Raises ValueError for a negative ``max_rounds`` or ``min_gain``, an adoption share outside [0, 1],
    or an issue on which no actor has positive power × salience (its expected outcome is undefined).
    """
    settings = ExchangeSettings(max_rounds=max_rounds, min_gain=min_gain, adoption=adoption)
    if max_rounds < 0 or not min_gain >= 0:
        raise ValueError(f"max_rounds and min_gain must be non-negative; got {max_rounds}, {min_gain}")
    fixed, by_salience = adoption
    if not (0.0 <= fixed <= 1.0 and 0.0 <= fixed + by_salience <= 1.0 and by_salience >= 0.0):
        raise ValueError(f"adoption {adoption} must keep a share in [0, 1] of every move")
    salience = np.nan_to_num(table.salience)
    power = np.nan_to_num(table.power)
    empty = [issue for issue, total in zip(table.issue_ids, (power * salience).sum(axis=0), strict=True)
             if not total > 0]  # fmt: skip
    if empty:
        raise ValueError(f"no actor has positive power × salience on issue(s) {empty}")
    start, units = np.array(table.position), table.units
    drop = 1.0 - (fixed + by_salience * (1.0 - salience))
    voting, starts = [start], [start]
    exchanges: list[Exchange] = []
    stop, stopped_at, period = Stop.ROUND_LIMIT, max_rounds, 0
    for round_ in range(1, max_rounds + 1):
        z, made = play_round(start, salience, power, min_gain, units)
        if not made:
            stop, stopped_at = Stop.CONVERGED, round_
            break
        start = z - drop * (z - start)  # exactly z under full adoption
        voting.append(z)
        exchanges.extend(_record(table, round_, move) for move in made)
        period = _repeats(starts, start, units)
        starts.append(start)
        if period:
            stop, stopped_at = Stop.CYCLE, round_
            break
    positions = np.array(voting)
    outcomes = np.array([expected_outcomes(row, salience, power) for row in positions])
    history = (positions, outcomes, np.array(starts))
    for array in history:
        array.flags.writeable = False
    return ExchangeResult(
        actor_ids=table.actor_ids,
        issue_ids=table.issue_ids,
        positions=history[0],
        outcomes=history[1],
        starts=history[2],
        exchanges=tuple(exchanges),
        stop=stop,
        stopped_at=stopped_at,
        settings=settings,
        period=period,
    )


def _repeats(earlier: list[FloatArray], state: FloatArray, units: FloatArray) -> int:
    """How many rounds back ``state`` was last reached (within SAME_STATE), or 0 if it is new."""
    for back, previous in enumerate(reversed(earlier), start=1):
        if np.nanmax(np.abs(previous - state) * units, initial=0.0) <= SAME_STATE:
            return back
    return 0


def expected_outcomes(position: FloatArray, salience: FloatArray, power: FloatArray) -> FloatArray:
    """O_p = Σ_i c_ip s_ip x_ip / Σ_i c_ip s_ip for every issue p; NaN positions weigh nothing."""
    weight = np.where(np.isnan(position), 0.0, salience * power)
    with np.errstate(invalid="ignore", divide="ignore"):
        outcome: FloatArray = (weight * np.nan_to_num(position)).sum(axis=0) / weight.sum(axis=0)
    return outcome


def table_outcomes(table: ExchangeTable) -> FloatArray:
    """The expected outcome of each issue of ``table`` before any exchange, in the issues' own units."""
    return expected_outcomes(table.position, np.nan_to_num(table.salience), np.nan_to_num(table.power))


def outcome_room(position: FloatArray, salience: FloatArray, power: FloatArray) -> FloatArray:
    """room[a, b, p]: how far b can move the outcome O_p towards a by moving its position towards a's.

    b moving all the way to x_ap shifts O_p by c_bp s_bp |x_ap − x_bp| / Σ_k c_kp s_kp; the shift is
    also capped at |x_ap − O_p| so that O_p does not pass a's position (a's gain stays linear). It is 0
    unless a and b stand strictly on opposite sides of O_p.
    """
    weight = np.where(np.isnan(position), 0.0, salience * power)
    outcome = expected_outcomes(position, salience, power)
    side = np.nan_to_num(np.sign(position - outcome))
    opposite = side[:, None, :] * side[None, :, :] < 0
    gap = np.abs(np.nan_to_num(position)[:, None, :] - np.nan_to_num(position)[None, :, :])
    full = weight[None, :, :] * gap / weight.sum(axis=0)
    own = np.abs(np.nan_to_num(position) - outcome)[:, None, :]
    room: FloatArray = np.where(opposite, np.minimum(full, own), 0.0)
    return room


def exchange_gains(
    position: FloatArray, salience: FloatArray, power: FloatArray, free: BoolArray, units: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """The equal gain and the common shift t of every exchange (i, j, p, q), as ``n × n × m × m`` arrays.

    In exchange (i, j, p, q) j moves on p towards i and i moves on q towards j, shifting the outcomes by
    dp towards x_ip and dq towards x_jq. Equal gains, s_ip dp − s_iq dq = s_jq dq − s_jp dp, give
    dp (s_ip + s_jp) = dq (s_iq + s_jq) = t; the largest t within both rooms is
    t = min(room[i, j, p] (s_ip + s_jp), room[j, i, q] (s_iq + s_jq)), so one actor moves as far as it
    can and the other as far as equal gains require. The gain, t (s_ip s_jq − s_iq s_jp) /
    ((s_ip + s_jp)(s_iq + s_jq)), is positive exactly when s_ip / s_iq > s_jp / s_jq: i cares relatively
    more about p, the issue on which it is moved towards. Shifts, t and gains are in points of the
    0–100 scale (a distance on issue p times ``units[p]``). Cells with p = q or a used (actor, issue)
    slot (``free`` False) get gain 0.
    """
    room = outcome_room(position, salience, power) * units
    s_ip, s_jp = salience[:, None, :, None], salience[None, :, :, None]
    s_iq, s_jq = salience[:, None, None, :], salience[None, :, None, :]
    on_p, on_q = s_ip + s_jp, s_iq + s_jq
    t = np.minimum(room[:, :, :, None] * on_p, room.transpose(1, 0, 2)[:, :, None, :] * on_q)
    with np.errstate(invalid="ignore", divide="ignore"):
        gain = t * (s_ip * s_jq - s_iq * s_jp) / (on_p * on_q)
    slots = free[:, None, :, None] & free[None, :, :, None] & free[:, None, None, :] & free[None, :, None, :]
    distinct = ~np.eye(salience.shape[1], dtype=bool)[None, None, :, :]
    usable = slots & distinct & (t > 0)
    return np.where(usable, np.nan_to_num(gain), 0.0), np.where(usable, t, 0.0)


@dataclass(frozen=True)
class _Move:
    """One exchange made: indices, positions before and after, outcome shifts (issue units), gains."""

    i: int
    j: int
    p: int
    q: int
    before: tuple[float, float]  # x_iq, x_jp
    after: tuple[float, float]
    shifts: tuple[float, float]  # |ΔO_q|, |ΔO_p|
    gains: tuple[float, float]


def play_round(
    position: FloatArray, salience: FloatArray, power: FloatArray, min_gain: float, units: FloatArray
) -> tuple[FloatArray, list[_Move]]:
    """Make exchanges one at a time, the highest gain first, each (actor, issue) slot used once.

    After every exchange the positions and outcomes are updated and all gains recomputed; the round
    ends when no exchange on free slots gains more than ``min_gain``. Ties go to the first exchange in
    (i, j, p, q) index order. Returns the new positions and the exchanges made.
    """
    x = position.copy()
    free = ~np.isnan(x)
    made: list[_Move] = []
    while True:
        gain, t = exchange_gains(x, salience, power, free, units)
        if gain.size == 0:
            return x, made
        best = int(np.argmax(gain))
        if not gain.flat[best] > min_gain:
            return x, made
        i, j, p, q = (int(k) for k in np.unravel_index(best, gain.shape))
        made.append(_exchange(x, salience, power, units, (i, j, p, q), float(t.flat[best])))
        free[[i, j], p] = False
        free[[i, j], q] = False


def _exchange(
    x: FloatArray, s: FloatArray, c: FloatArray, units: FloatArray, index: tuple[int, int, int, int], t: float
) -> _Move:
    """Carry out exchange (i, j, p, q) with common shift t in place on ``x``; its record."""
    i, j, p, q = index
    before_outcome = expected_outcomes(x, s, c)
    totals = np.where(np.isnan(x), 0.0, s * c).sum(axis=0)
    dp, dq = t / (s[i, p] + s[j, p]) / units[p], t / (s[i, q] + s[j, q]) / units[q]
    before = (float(x[i, q]), float(x[j, p]))
    own = x[[i, j]][:, [p, q]]  # the four cells are untouched this round: the actors' own positions
    x[j, p] = _towards(x[j, p], x[i, p], dp * totals[p] / (c[j, p] * s[j, p]))
    x[i, q] = _towards(x[i, q], x[j, q], dq * totals[q] / (c[i, q] * s[i, q]))
    outcome = expected_outcomes(x, s, c)
    loss = np.abs(own - before_outcome[[p, q]]) - np.abs(own - outcome[[p, q]])
    gains = (loss * s[[i, j]][:, [p, q]] * units[[p, q]]).sum(axis=1)
    shifts = np.abs(outcome - before_outcome)
    return _Move(i, j, p, q, before, (float(x[i, q]), float(x[j, p])),
                 (float(shifts[q]), float(shifts[p])), (float(gains[0]), float(gains[1])))  # fmt: skip


def _towards(start: float, target: float, distance: float) -> float:
    """``start`` moved ``distance`` towards ``target``, never past it."""
    if distance >= abs(target - start):
        return target
    return start + float(np.sign(target - start)) * distance


def _record(table: ExchangeTable, round_: int, move: _Move) -> Exchange:
    """A move (indices) as an :class:`Exchange` (ids)."""
    return Exchange(
        round=round_,
        actors=(table.actor_ids[move.i], table.actor_ids[move.j]),
        issues=(table.issue_ids[move.q], table.issue_ids[move.p]),
        before=move.before,
        after=move.after,
        outcome_shifts=move.shifts,
        gains=move.gains,
    )
