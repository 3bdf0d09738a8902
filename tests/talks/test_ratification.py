"""Two-level ratification (Putnam 1988): votes, rules, exact win-sets, abandonment outside a win-set."""

from __future__ import annotations

import numpy as np

from parley.record import EventKind, Record
from parley.talks import (
    AgreementDraft,
    RatificationRule,
    Ratifier,
    Step,
    common_win_set,
    conclude,
    in_win_sets,
    ratification,
    ratify,
    win_set,
)
from tests.talks.tables import falling, linear, rising, two_stage_space

SPACE = two_stage_space()
HAWKS = Ratifier("hawks", "B", linear(SPACE, [falling(3), falling(3)]), threshold=1.0, weight=2.0)
DOVES = Ratifier("doves", "B", linear(SPACE, [rising(3), [0.0, 0.0, 0.0]]), threshold=0.5, weight=1.0)
PARLIAMENT = Ratifier("parliament", "A", linear(SPACE, [rising(3), rising(3)]), threshold=1.0)
RATIFIERS = {"A": [PARLIAMENT], "B": [HAWKS]}


def test_votes_and_rules() -> None:
    outcome = np.array([0, 0])  # hawks 2.0 (yes), doves 0.0 (no)
    assert ratify([HAWKS, DOVES], outcome) == (False, {"hawks": True, "doves": False})
    assert ratify([HAWKS, DOVES], outcome, RatificationRule("weighted", 2 / 3))[0]  # 2 of 3 weight
    assert not ratify([HAWKS, DOVES], outcome, RatificationRule("weighted", 0.7))[0]


def test_exact_win_set_matches_brute_force() -> None:
    found = win_set(SPACE, [HAWKS], rng=np.random.default_rng(0))  # exact: the generator is not used
    brute = [(c, s) for c in range(3) for s in range(3) if (1 - c / 2) + (1 - s / 2) >= 1.0]
    assert found.exact and found.count == len(brute) == 6
    assert sorted(map(tuple, found.outcomes[found.mask].tolist())) == brute
    # hawks: c + s ≤ 2; parliament: c + s ≥ 2
    both = common_win_set(SPACE, RATIFIERS, rng=np.random.default_rng(0))
    assert both.count == 3 and found.outcomes[both.mask].tolist() == [[0, 2], [1, 1], [2, 0]]


def test_large_spaces_are_sampled(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(ratification, "EXACT_LIMIT", 4)
    found = win_set(SPACE, [HAWKS], samples=4000, rng=np.random.default_rng(0))
    assert not found.exact and len(found.outcomes) == 4000
    assert abs(found.share - 6 / 9) < 0.05 and found.count == round(found.share * 9)


def signed_draft(outcome: tuple[int, int]) -> AgreementDraft:
    return AgreementDraft.of(SPACE, outcome, ("A", "B"))


def test_an_agreement_outside_a_win_set_is_abandoned_at_ratification() -> None:
    assert in_win_sets(np.array([2, 2]), RATIFIERS) == {"A": True, "B": False}
    draft, record = conclude(signed_draft((2, 2)), Record(), RATIFIERS, round=10)
    assert draft.status is Step.ABANDONED
    kinds = [(e.kind, e.party, e.round) for e in record]
    assert kinds == [
        (EventKind.INITIALLED, "A", 10),
        (EventKind.INITIALLED, "B", 10),
        (EventKind.SIGNED, "A", 11),
        (EventKind.SIGNED, "B", 11),
        (EventKind.RATIFIED, "A", 12),
        (EventKind.ABANDONED, "B", 12),
    ]
    abandoned = record.events[-1]
    assert abandoned.data["step"] == "signed" and "win-set" in abandoned.data["reason"]
    assert abandoned.data["votes"] == {"hawks": False}


def test_an_agreement_in_both_win_sets_is_ratified() -> None:
    draft, record = conclude(signed_draft((1, 1)), Record(), RATIFIERS, round=0)
    assert draft.status is Step.RATIFIED
    assert [e.kind for e in record.of_kind(EventKind.RATIFIED)] == [EventKind.RATIFIED] * 2
