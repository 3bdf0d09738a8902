"""The batch path gives exactly the results of AlternatingOffers run one negotiation at a time."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from parley.batch import Tactic, run_alternating
from parley.domain import CategoricalIssue, Condition, OutcomeSpace
from parley.negotiators import make_negotiator
from parley.preferences import LinearAdditiveUtility, Preferences
from parley.protocols import Deadline, Ending, Seat, negotiate

SIZES = (4, 5, 3)
SPACE = OutcomeSpace(
    tuple(CategoricalIssue(f"i{k}", tuple(f"v{j}" for j in range(n))) for k, n in enumerate(SIZES))
)
OUTCOMES = SPACE.all_outcomes()


def random_preferences(rng: np.random.Generator, reservation: float, red_line: bool = False) -> Preferences:
    """A random linear-additive profile (values in [0, 1]) with the given reservation value."""
    utility = LinearAdditiveUtility.from_tables(
        SPACE, rng.dirichlet(np.ones(len(SIZES))), [rng.random(n) for n in SIZES]
    )
    lines = (Condition("i0", ("v0",)),) if red_line else ()
    return Preferences(SPACE, utility, reservation_value=reservation, red_lines=lines)


def single(
    prefs_a: Preferences,
    prefs_b: Preferences,
    a: tuple[str, dict[str, Any]],
    b: tuple[str, dict[str, Any]],
    rounds: int,
    opener: int,
) -> tuple[bool, int, int, tuple[float, float] | None]:
    """One negotiation through AlternatingOffers: (agreed, outcome index, rounds, utilities of a and b)."""
    seats = [
        Seat("a", prefs_a, make_negotiator(a[0], **a[1])),
        Seat("b", prefs_b, make_negotiator(b[0], **b[1])),
    ]
    result = negotiate(SPACE, seats[::-1] if opener else seats, deadline=Deadline(rounds=rounds), seed=3)
    if result.ending is not Ending.AGREEMENT:
        assert result.ending is Ending.DEADLINE
        return False, -1, result.rounds, None
    assert result.agreement is not None and result.utilities is not None
    index = int(np.ravel_multi_index(result.agreement, SIZES))
    utilities = result.utilities[::-1] if opener else result.utilities
    return True, index, result.rounds, (utilities[0], utilities[1])


PAIRS = [
    (("boulware", {}), ("conceder", {})),
    (("aspiration", {}), ("aspiration", {})),
    (("time-dependent", {"e": 0.5, "k": 0.1}), ("linear", {"tolerance": 0.01})),
    (("tit-for-tat-relative", {}), ("conceder", {})),
    (("linear", {}), ("tit-for-tat-absolute", {})),
    (("tit-for-tat", {"tolerance": 0.02}), ("time-dependent", {"e": 2.0})),
    (("aspiration", {"max_aspiration": 0.9, "aspiration_type": "linear"}), ("tit-for-tat-absolute", {})),
]


@pytest.mark.parametrize(("a", "b"), PAIRS)
@pytest.mark.parametrize("opener", [0, 1])
def test_batch_equals_alternating_offers(
    a: tuple[str, dict[str, Any]], b: tuple[str, dict[str, Any]], opener: int
) -> None:
    rng = np.random.default_rng(hash((a[0], b[0], opener)) % 2**32)
    count, rounds = 24, 12
    reservations = rng.choice([0.0, 0.3, 0.6, 0.85], size=(count, 2))
    prefs = [
        (random_preferences(rng, ra, red_line=i % 5 == 0), random_preferences(rng, rb))
        for i, (ra, rb) in enumerate(reservations)
    ]
    utilities_a = np.stack([pa.evaluate(OUTCOMES) for pa, _ in prefs])
    utilities_b = np.stack([pb.evaluate(OUTCOMES) for _, pb in prefs])
    batch = run_alternating(
        utilities_a,
        utilities_b,
        Tactic.named(a[0], **a[1]),
        Tactic.named(b[0], **b[1]),
        rounds,
        reservations[:, 0],
        reservations[:, 1],
        opener,
    )
    for i, (pa, pb) in enumerate(prefs):
        agreed, index, used, utilities = single(pa, pb, a, b, rounds, opener)
        assert batch.agreed[i] == agreed, i
        assert batch.agreement[i] == index, i
        assert batch.rounds[i] == used, i
        if utilities is not None:
            assert tuple(batch.utilities[i]) == utilities
    assert batch.agreed.sum() > 0 or a[0].startswith("tit")  # the workload is not all failures


def test_mixed_openers_and_failures() -> None:
    rng = np.random.default_rng(7)
    count, rounds = 40, 20
    opener = rng.integers(0, 2, size=count)
    reservations = np.where(rng.random((count, 2)) < 0.3, 0.95, 0.0)
    prefs = [(random_preferences(rng, ra), random_preferences(rng, rb)) for ra, rb in reservations]
    utilities_a = np.stack([pa.evaluate(OUTCOMES) for pa, _ in prefs])
    utilities_b = np.stack([pb.evaluate(OUTCOMES) for _, pb in prefs])
    a, b = ("boulware", {}), ("tit-for-tat-relative", {})
    batch = run_alternating(
        utilities_a,
        utilities_b,
        Tactic.named(a[0]),
        Tactic.named(b[0]),
        rounds,
        reservations[:, 0],
        reservations[:, 1],
        opener,
    )
    assert 0 < batch.agreed.sum() < count
    assert set(batch.endings) == {"agreement", "deadline"}
    for i, (pa, pb) in enumerate(prefs):
        agreed, index, used, _ = single(pa, pb, a, b, rounds, int(opener[i]))
        assert (batch.agreed[i], batch.agreement[i], batch.rounds[i]) == (agreed, index, used), i


def test_tactic_rejects_other_negotiators() -> None:
    with pytest.raises(TypeError):
        Tactic.named("hardliner")
    with pytest.raises(ValueError, match="unknown tactic"):
        run_alternating(np.zeros((1, 3)), np.zeros((1, 3)), Tactic("nope"), Tactic(), 5)


@pytest.mark.parametrize("e", [0.1, 0.5, 2.0, 5.0])
@pytest.mark.parametrize("imitator", ["tit-for-tat-relative", "tit-for-tat-absolute"])
def test_exponents_against_both_imitators(e: float, imitator: str) -> None:
    rng = np.random.default_rng(int(e * 10) + len(imitator))
    count, rounds = 16, 15
    opener = rng.integers(0, 2, size=count)
    reservations = rng.choice([0.0, 0.5, 0.9], size=(count, 2))
    prefs = [(random_preferences(rng, ra), random_preferences(rng, rb)) for ra, rb in reservations]
    utilities_a = np.stack([pa.evaluate(OUTCOMES) for pa, _ in prefs])
    utilities_b = np.stack([pb.evaluate(OUTCOMES) for _, pb in prefs])
    a: tuple[str, dict[str, Any]] = ("time-dependent", {"e": e})
    b: tuple[str, dict[str, Any]] = (imitator, {})
    batch = run_alternating(
        utilities_a,
        utilities_b,
        Tactic.named(a[0], **a[1]),
        Tactic.named(b[0]),
        rounds,
        reservations[:, 0],
        reservations[:, 1],
        opener,
    )
    for i, (pa, pb) in enumerate(prefs):
        agreed, index, used, _ = single(pa, pb, a, b, rounds, int(opener[i]))
        assert (batch.agreed[i], batch.agreement[i], batch.rounds[i]) == (agreed, index, used), i
