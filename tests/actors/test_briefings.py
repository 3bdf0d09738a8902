"""Estimates, situation reports and briefings: conversion and validation."""

from __future__ import annotations

import math

import pytest

from parley.actors import Briefing, Estimate, SituationReport


def test_estimate_defaults_to_certain():
    assert Estimate(0.4) == Estimate(0.4, 0.0)
    assert Estimate(1, 2).mean == 1.0 and isinstance(Estimate(1, 2).spread, float)


@pytest.mark.parametrize(
    ("mean", "spread", "message"),
    [
        (math.nan, 0.0, "mean must be finite"),
        (math.inf, 0.0, "mean must be finite"),
        (0.5, -0.1, "spread must be finite and non-negative, got -0.1"),
        (0.5, math.inf, "spread must be finite"),
    ],
)
def test_bad_estimates(mean, spread, message):
    with pytest.raises(ValueError, match=message):
        Estimate(mean, spread)


def test_situation_report():
    report = SituationReport("front: east", drift=-0.5, spread=1.5, note="slow retreat expected")
    assert report.estimate == Estimate(-0.5, 1.5)
    with pytest.raises(ValueError, match="spread must be finite and non-negative"):
        SituationReport("front: east", 0.0, -1.0)
    with pytest.raises(ValueError, match="needs the name of the variable"):
        SituationReport(" ", 0.0)


def test_briefing_converts_numbers_to_estimates():
    briefing = Briefing(
        "defence",
        "North",
        importance={"pullback": 0.8},
        values={"pullback": {0: 1.0, 30: Estimate(0.0, 0.1)}},
        reservation=0.3,
        situation=[SituationReport("front: east", -1.0, 0.5)],  # type: ignore[arg-type]
    )
    assert briefing.importance["pullback"] == Estimate(0.8)
    assert briefing.values["pullback"][0] == Estimate(1.0)
    assert briefing.values["pullback"][30] == Estimate(0.0, 0.1)
    assert briefing.reservation_estimate == Estimate(0.3)
    assert briefing.situation == (SituationReport("front: east", -1.0, 0.5),)
    assert briefing.issues == ("pullback",)


def test_briefing_may_cover_some_issues_only():
    briefing = Briefing("front: east", "North", importance={"pullback": 1.0}, values={"line": {"a": 1}})
    assert briefing.issues == ("pullback", "line")
    assert briefing.reservation_estimate is None


def test_briefing_is_read_only():
    source = {"pullback": 0.8}
    briefing = Briefing("defence", "North", importance=source)
    source["pullback"] = 0.1
    assert briefing.importance["pullback"] == Estimate(0.8)
    with pytest.raises(TypeError):
        briefing.importance["pullback"] = Estimate(0.2)  # type: ignore[index]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"importance": {"x": -0.1}}, "briefing by 'defence': importance of 'x' must lie in \\[0.0, inf\\]"),
        ({"values": {"x": {"a": 1.5}}}, "value of 'x' = 'a' must lie in \\[0.0, 1.0\\], got 1.5"),
        ({"values": {"x": {}}}, "the value table of 'x' is empty"),
        ({"reservation": 1.2}, "reservation value must lie in \\[0.0, 1.0\\]"),
        ({"reservation": Estimate(-0.1, 0.1)}, "reservation value must lie"),
    ],
)
def test_bad_briefings(fields, message):
    with pytest.raises(ValueError, match=message):
        Briefing("defence", "North", **fields)


def test_briefing_needs_an_advisor():
    with pytest.raises(ValueError, match="name of the advisor"):
        Briefing("", "North")
