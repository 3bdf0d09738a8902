"""The agreement's life: steps in order with who and when, abandonment, JSON, opening new talks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parley.protocols import Deadline, Seat, negotiate
from parley.record import EventKind
from parley.talks import AgreementDraft, OpeningText, Step, with_opening
from tests.protocols.scripted import AcceptAfter, FixedOffer, trace
from tests.talks.tables import falling, linear, rising, two_stage_space


def draft() -> AgreementDraft:
    """A fresh draft of (full ceasefire, autonomy) between A and B."""
    return AgreementDraft.of(two_stage_space(), (2, 1), ("A", "B"))


def test_steps_in_order_with_who_and_when() -> None:
    current, events = draft(), []
    for round, (party, step) in enumerate(
        [("A", Step.INITIALLED), ("B", Step.INITIALLED), ("B", Step.SIGNED), ("A", Step.SIGNED)]
    ):
        current, event = current.take(party, step, round)
        events.append(event)
    assert current.status is Step.SIGNED
    assert [(e.kind, e.party, e.round, e.outcome) for e in events] == [
        (EventKind.INITIALLED, "A", 0, (2, 1)),
        (EventKind.INITIALLED, "B", 1, (2, 1)),
        (EventKind.SIGNED, "B", 2, (2, 1)),
        (EventKind.SIGNED, "A", 3, (2, 1)),
    ]


def test_steps_cannot_be_skipped_or_taken_ahead_of_the_other_party() -> None:
    with pytest.raises(ValueError, match="cannot move"):
        draft().take("A", Step.SIGNED, 0)  # not initialled
    initialled, _ = draft().take("A", Step.INITIALLED, 0)
    with pytest.raises(ValueError, match="cannot move"):
        initialled.take("A", Step.SIGNED, 1)  # B has not initialled yet
    with pytest.raises(ValueError):
        draft().take("C", Step.INITIALLED, 0)


def test_abandoned_at_any_step_records_step_and_reason() -> None:
    current, _ = draft().take("A", Step.INITIALLED, 0)
    current, event = current.abandon("B", 4, "the front moved")
    assert current.status is Step.ABANDONED
    assert event.kind is EventKind.ABANDONED and event.party == "B" and event.round == 4
    assert event.data == {"step": "draft", "reason": "the front moved"}
    with pytest.raises(ValueError):
        current.take("B", Step.INITIALLED, 5)


def test_json_round_trip(tmp_path: Path) -> None:
    current, _ = draft().take("A", Step.INITIALLED, 0)
    current, _ = current.abandon("B", 2, "withdrawn")
    assert AgreementDraft.from_json(json.loads(json.dumps(current.to_json()))) == current
    path = tmp_path / "draft.json"
    current.save(path)
    assert AgreementDraft.load(path) == current


def test_a_draft_opens_new_talks_as_the_first_offer() -> None:
    space = two_stage_space()
    seats = [
        Seat("A", linear(space, [rising(3), rising(3)]), FixedOffer((2, 2))),
        Seat("B", linear(space, [falling(3), falling(3)]), AcceptAfter((0, 0), rounds=1)),
    ]
    seats[0] = with_opening(seats[0], draft(), space)
    assert isinstance(seats[0].negotiator, OpeningText)
    result = negotiate(space, seats, deadline=Deadline(rounds=3), seed=0)
    assert trace(result.record)[:4] == [
        ("offer", 0, "A", (2, 1)),  # the draft's text first
        ("reject", 0, "B", (2, 1)),
        ("offer", 0, "B", (0, 0)),
        ("reject", 1, "A", (0, 0)),
    ]
    assert trace(result.record)[4] == ("offer", 1, "A", (2, 2))  # then the inner strategy


def test_a_draft_refuses_a_space_over_other_issues() -> None:
    with pytest.raises(ValueError, match="the draft is over"):
        AgreementDraft(("x",), (0,), ("A", "B")).row(two_stage_space())
