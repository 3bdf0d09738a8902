"""Shared fixtures: a small space and three hand-written briefings with hand-computed aggregates."""

from __future__ import annotations

import pytest

from parley.actors import Briefing, Estimate
from parley.domain import CategoricalIssue, IntegerIssue, OutcomeSpace

TRUST = {"foreign affairs": 0.5, "intelligence": 0.3, "front: east": 0.2}


@pytest.fixture
def space() -> OutcomeSpace:
    """The small test space."""
    return make_space()


@pytest.fixture
def briefings() -> list[Briefing]:
    """The three hand-written briefings."""
    return make_briefings()


def make_space() -> OutcomeSpace:
    """Ceasefire (3 options) × prisoners (0..4) × sanctions (3 options), unconstrained."""
    return OutcomeSpace(
        (
            CategoricalIssue("ceasefire", ("none", "local", "full")),
            IntegerIssue("prisoners", low=0, high=4),
            CategoricalIssue("sanctions", ("none", "partial", "full")),
        )
    )


def make_briefings() -> list[Briefing]:
    """Foreign affairs rates everything; intelligence two issues; the front commander prisoners only."""
    return [
        Briefing(
            "foreign affairs",
            "North",
            importance={"ceasefire": 0.6, "prisoners": 0.2, "sanctions": 0.2},
            values={
                "ceasefire": {"none": 0.0, "local": 0.5, "full": 1.0},
                "prisoners": {0: 0.0, 4: 1.0},
                "sanctions": {"none": 1.0, "partial": 0.5, "full": 0.0},
            },
            reservation=0.4,
        ),
        Briefing(
            "intelligence",
            "North",
            importance={"ceasefire": 0.2, "sanctions": 0.6},
            values={
                "ceasefire": {"none": 1.0, "local": 0.0, "full": 0.0},
                "sanctions": {"none": 1.0, "partial": 1.0, "full": 0.0},
            },
            reservation=Estimate(0.2, 0.0),
        ),
        Briefing(
            "front: east",
            "North",
            importance={"prisoners": 0.8},
            values={"prisoners": {0: 0.0, 2: 1.0, 4: 1.0}},
        ),
    ]


def with_spreads(briefings: list[Briefing], spread: float) -> list[Briefing]:
    """The same briefings with every estimate given standard deviation ``spread``."""

    def widen(value: Estimate | float) -> Estimate:
        mean = value.mean if isinstance(value, Estimate) else value
        return Estimate(mean, spread)

    return [
        Briefing(
            b.advisor,
            b.party,
            importance={issue: widen(e) for issue, e in b.importance.items()},
            values={i: {o: widen(e) for o, e in t.items()} for i, t in b.values.items()},
            reservation=None if b.reservation is None else widen(b.reservation),
        )
        for b in briefings
    ]
