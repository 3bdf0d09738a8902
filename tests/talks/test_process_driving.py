"""The whole process paused and resumed ask by ask: the same answers give the same record."""

from __future__ import annotations

import asyncio

import pytest

from parley.examples import load_example
from parley.protocols import Ask, AskKind, Reply
from parley.record import EventKind
from parley.talks import ProcessRun, run_process, run_process_async


def _scenario():  # type: ignore[no-untyped-def]
    scenario = load_example("ceasefire")
    return scenario.space, scenario.delegations.plan


@pytest.mark.parametrize("seed", [0, 1, 4])
def test_answered_ask_by_ask_the_process_gives_the_simulations_record(seed: int) -> None:
    space, plan = _scenario()
    simulated = run_process(space, plan, seed)
    run = ProcessRun(space, plan, seed)
    kinds = set()
    while run.pending is not None:
        kinds.add(run.pending.kind)
        run.answer(run.simulated())
    assert run.result is not None
    assert run.result.record == simulated.record
    assert [e.data for e in run.result.record] == [e.data for e in simulated.record]
    assert run.result.status == simulated.status
    assert {AskKind.PROPOSE, AskKind.RESPOND, AskKind.REFER} <= kinds


def test_the_async_driver_gives_the_same_record() -> None:
    space, plan = _scenario()
    simulated = run_process(space, plan, 1)
    shadow = ProcessRun(space, plan, 1)  # answers the same asks as the async run, in the same order

    async def answer(ask: Ask) -> Reply:
        await asyncio.sleep(0)
        assert shadow.pending is not None and shadow.pending.kind is ask.kind
        reply = shadow.simulated()
        shadow.answer(reply)
        return reply

    result = asyncio.run(run_process_async(space, plan, 1, answer))
    assert result.record == simulated.record


def test_a_ratifiers_vote_is_an_ask_and_a_no_abandons_the_agreement() -> None:
    space, plan = _scenario()
    run = ProcessRun(space, plan, 1, pause_for=lambda ask: ask.kind is AskKind.RATIFY)
    asked = []
    while run.pending is not None:
        ask = run.pending
        asked.append((ask.party, ask.offer is not None and len(ask.offer) == len(space.issues)))
        run.answer(Reply.decision(False))
    assert run.result is not None
    assert asked == [("North's parliament", True)]  # the first refusal ends the ratification
    assert run.result.agreements[-1].status.value == "abandoned"
    assert run.result.record.events[-1].kind is EventKind.ABANDONED


def test_a_pause_for_one_party_leaves_the_others_to_the_simulation() -> None:
    space, plan = _scenario()
    run = ProcessRun(
        space, plan, 2, pause_for=lambda ask: ask.party == "South" and ask.kind is AskKind.RESPOND
    )
    parties = set()
    while run.pending is not None:
        parties.add((run.pending.party, run.pending.kind))
        run.answer(run.simulated())
    assert parties == {("South", AskKind.RESPOND)}
    assert run.result is not None and run.result.record == run_process(space, plan, 2).record


def test_a_reply_the_ask_does_not_allow_is_refused() -> None:
    space, plan = _scenario()
    run = ProcessRun(space, plan, 1, pause_for=lambda ask: ask.kind is AskKind.RATIFY)
    pending = run.pending
    with pytest.raises(ValueError, match="yes or no"):
        run.answer(Reply())
    assert run.pending is pending  # nothing changed: the vote is still asked
    run.answer(Reply.decision(True))
    assert run.pending is not pending


def test_a_bad_package_from_a_seat_is_refused_and_the_seat_is_asked_again() -> None:
    space, plan = _scenario()
    run = ProcessRun(space, plan, 1, pause_for=lambda ask: ask.kind is AskKind.PROPOSE)
    pending = run.pending
    assert pending is not None
    with pytest.raises(ValueError):
        run.answer(Reply.offer((99,) * len(pending.view.space.issues)))  # type: ignore[union-attr]
    assert run.pending is pending
    run.answer(run.simulated())
    assert run.pending is not pending
