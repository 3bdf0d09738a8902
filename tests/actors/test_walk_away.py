"""The walk-away rule: one ladder for every side, a side's value the mean rung of its own statements."""

from __future__ import annotations

import pytest

from parley.actors import LADDER, RUNG_MEANINGS, RUNGS, StatedExpectation, WalkAwayRule


def test_a_side_is_worth_the_mean_rung_of_its_own_statements() -> None:
    rule = WalkAwayRule()
    said = [
        StatedExpectation("A", "gains", "A's minister", "2025-01-01"),
        StatedExpectation("A", "costs", "A's envoy"),
        StatedExpectation("B", "holds", "B's president"),
    ]
    values = rule.values(["A", "B", "C"], said)
    assert values["A"].value == pytest.approx((LADDER["gains"] + LADDER["costs"]) / 2)
    assert values["B"].value == LADDER["holds"]
    # a side that said nothing about failure sits on the default rung, with no basis
    assert values["C"].value == LADDER["holds"] and values["C"].basis == ()
    assert "A's minister (2025-01-01): gains" in values["A"].explain()
    assert "default rung" in values["C"].explain()


def test_the_same_statement_gives_either_side_the_same_value() -> None:
    rule = WalkAwayRule({"gains": 0.6, "holds": 0.45, "costs": 0.2}, default="costs")
    for rung in RUNGS:
        mirrored = rule.values(
            ["A", "B"], [StatedExpectation("A", rung, "x"), StatedExpectation("B", rung, "y")]
        )
        assert mirrored["A"].value == mirrored["B"].value
    assert rule.values(["A"], [])["A"].value == 0.2
    assert set(RUNG_MEANINGS) == set(RUNGS)


@pytest.mark.parametrize(
    ("ladder", "default", "message"),
    [
        ({"gains": 0.5, "holds": 0.4}, "holds", "exactly the rungs"),
        ({"gains": 0.3, "holds": 0.4, "costs": 0.2}, "holds", "must not rise"),
        ({"gains": 1.5, "holds": 0.4, "costs": 0.2}, "holds", "in \\[0, 1\\]"),
        ({"gains": 0.5, "holds": 0.4, "costs": 0.3}, "maybe", "unknown default rung"),
    ],
)
def test_a_bad_ladder_is_refused(ladder: dict[str, float], default: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        WalkAwayRule(ladder, default)


def test_an_unknown_party_or_rung_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown party"):
        WalkAwayRule().values(["A"], [StatedExpectation("Z", "gains", "x")])
    with pytest.raises(ValueError, match="unknown rung"):
        WalkAwayRule().values(["A"], [StatedExpectation("A", "wins", "x")])
