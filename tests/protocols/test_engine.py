"""The ask/answer engine: what each protocol asks and shows, replies checked, pure advances, pausing and
resuming, steps that stop only between moves, and a person's answers standing in for a negotiator's."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import numpy as np
import pytest

from parley.negotiators.base import Response
from parley.protocols import (
    Ask,
    AskKind,
    Deadline,
    Mechanism,
    Reply,
    Seat,
    State,
    drive,
    drive_async,
    make_mechanism,
    simulate,
)
from tests.protocols.scripted import (
    AcceptAfter,
    FixedOffer,
    ListMediator,
    P,
    Q,
    R,
    Scripted,
    seats,
    small_space,
    trace,
)


class Approves:
    """A principal that approves whatever is referred to it, or nothing."""

    def __init__(self, approves: bool) -> None:
        self.approves = approves

    def approve(self, outcome: np.ndarray) -> bool:
        return self.approves


def mechanism_of(protocol: str, rounds: int = 4, **options: object) -> Mechanism:
    """``protocol`` on the small space: A always offers P and rejects; B refers P back, then accepts."""
    space = small_space()
    table = seats(space, A=FixedOffer(P), B=Scripted(offers=[Q], answers=[Response.REFER_BACK, "accept"]))
    table[1] = Seat("B", table[1].preferences, table[1].negotiator, Approves(False), referral_rounds=1)
    return make_mechanism(
        protocol, space, table, Deadline(rounds=rounds), np.random.default_rng(0), **options
    )


def begun(mechanism: Mechanism) -> State:
    state = mechanism.initial_state()
    mechanism.start_negotiators(state)
    return state


def asks_until_done(mechanism: Mechanism) -> list[tuple[str, AskKind, bool, tuple[int, ...] | None]]:
    """Every ask of a simulated run: (party, kind, whether it shows a view, offer)."""
    seen: list[tuple[str, AskKind, bool, tuple[int, ...] | None]] = []

    def answer(ask: Ask) -> Reply:
        seen.append((ask.party, ask.kind, ask.view is not None, ask.offer))
        return mechanism.answer_of(ask)

    drive(mechanism, begun(mechanism), answer)
    return seen


def test_alternating_asks_to_propose_respond_counter_and_refer() -> None:
    assert asks_until_done(mechanism_of("alternating", rounds=3))[:6] == [
        ("A", AskKind.PROPOSE, True, None),
        ("B", AskKind.RESPOND, True, P),  # B refers P back
        ("B", AskKind.REFER, False, P),  # its principal refuses
        ("B", AskKind.PROPOSE, True, None),  # B counter-offers after the refusal
        ("A", AskKind.RESPOND, True, Q),
        ("A", AskKind.PROPOSE, True, None),
    ]


def test_simultaneous_asks_every_seat_to_propose_then_each_to_answer_the_others() -> None:
    asks = asks_until_done(mechanism_of("simultaneous", rounds=1))
    assert asks == [
        ("A", AskKind.PROPOSE, True, None),
        ("B", AskKind.PROPOSE, True, None),
        ("A", AskKind.RESPOND, True, Q),
        ("B", AskKind.RESPOND, True, P),  # a referral counts as a rejection here: no REFER ask
    ]


def test_single_text_asks_the_mediator_to_draft_then_every_party_to_vote() -> None:
    asks = asks_until_done(mechanism_of("single-text", rounds=1, mediator=ListMediator([R])))
    assert asks == [
        ("mediator", AskKind.DRAFT, False, None),
        ("A", AskKind.RESPOND, True, R),
        ("B", AskKind.RESPOND, True, R),
    ]


@pytest.mark.parametrize("protocol", ["alternating", "simultaneous", "single-text"])
def test_advance_is_pure_and_an_ask_answers_once_per_state(protocol: str) -> None:
    mechanism = mechanism_of(protocol)
    state = begun(mechanism)
    for _ in range(5):
        first, again = mechanism.advance(state), mechanism.advance(state)
        assert first == again
        if not isinstance(first, Ask):
            break
        state = mechanism.reply(first, mechanism.answer_of(first))


def test_answers_in_one_round_share_one_view_of_the_record() -> None:
    mechanism = mechanism_of("simultaneous")
    state = begun(mechanism)
    views = []
    for _ in range(4):
        ask = mechanism.advance(state)
        assert isinstance(ask, Ask) and ask.view is not None
        views.append(ask.view.record)
        state = mechanism.reply(ask, mechanism.answer_of(ask))
    assert views[0] is views[1] and len(views[0]) == 0  # both propose from the round's start
    assert views[2] is views[3] and [e.kind.value for e in views[2]] == ["offer", "offer"]


@pytest.mark.parametrize(
    ("reply", "words"),
    [
        (Reply.offer((5, 0)), "seat 'A' proposed an invalid package"),
        (Reply.answer(Response.ACCEPT), "seat 'A' is asked to propose"),
        (Reply.decision(True), "only a principal approves"),
    ],
)
def test_a_bad_reply_to_propose_is_refused_naming_the_seat(reply: Reply, words: str) -> None:
    mechanism = mechanism_of("alternating")
    state = begun(mechanism)
    ask = mechanism.advance(state)
    assert isinstance(ask, Ask) and ask.kind is AskKind.PROPOSE
    with pytest.raises(ValueError, match=words):
        mechanism.reply(ask, reply)
    assert mechanism.advance(state) == ask  # nothing changed: the same ask is still open


@pytest.mark.parametrize(
    ("protocol", "reply", "words"),
    [
        ("alternating", Reply(response="maybe"), "seat 'B' answered 'maybe', which is not a Response"),  # type: ignore[arg-type]
        ("alternating", Reply(), "seat 'B' answered None"),
        ("alternating", Reply.answer(Response.ACCEPT, P), "names no package"),
        ("alternating", Reply.answer(Response.REFER_BACK, (0, 7)), "seat 'B' proposed an invalid package"),
        ("simultaneous", Reply.answer(Response.REFER_BACK, Q), "names no package"),
    ],
)
def test_a_bad_answer_is_refused_naming_the_seat(protocol: str, reply: Reply, words: str) -> None:
    mechanism = mechanism_of(protocol)
    state = begun(mechanism)
    ask = mechanism.advance(state)
    while isinstance(ask, Ask) and (ask.party, ask.kind) != ("B", AskKind.RESPOND):
        state = mechanism.reply(ask, mechanism.answer_of(ask))
        ask = mechanism.advance(state)
    assert isinstance(ask, Ask)
    with pytest.raises(ValueError, match=words):
        mechanism.reply(ask, reply)


def test_a_referral_decision_must_be_a_bool_and_a_draft_a_feasible_text() -> None:
    mechanism = mechanism_of("alternating")
    state = begun(mechanism)
    ask = mechanism.advance(state)
    while isinstance(ask, Ask) and ask.kind is not AskKind.REFER:
        state = mechanism.reply(ask, mechanism.answer_of(ask))
        ask = mechanism.advance(state)
    assert isinstance(ask, Ask)
    with pytest.raises(ValueError, match="approved=True or False"):
        mechanism.reply(ask, Reply.answer(Response.ACCEPT))
    text = mechanism_of("single-text", mediator=ListMediator([R]))
    draft = text.advance(begun(text))
    assert isinstance(draft, Ask) and draft.kind is AskKind.DRAFT
    with pytest.raises(ValueError, match="mediator 'mediator' drafts a text"):
        text.reply(draft, Reply())
    with pytest.raises(ValueError, match="mediator 'mediator' proposed an invalid text"):
        text.reply(draft, Reply.offer((9, 9)))


def test_a_refused_referral_costs_its_rounds_and_is_recorded() -> None:
    result = simulate(mechanism_of("alternating", rounds=3))
    assert trace(result.record)[:6] == [
        ("offer", 0, "A", P),
        ("refer_back", 0, "B", P),
        ("referral_decision", 1, "B", P),
        ("reject", 1, "B", P),
        ("offer", 1, "B", Q),
        ("reject", 2, "A", Q),
    ]
    assert result.record.events[2].data == {"approved": False, "rounds_lost": 1}


@pytest.mark.parametrize("protocol", ["alternating", "simultaneous", "single-text"])
def test_a_paused_drive_resumes_to_the_simulations_record(protocol: str) -> None:
    options = {"mediator": ListMediator([P, R, Q])} if protocol == "single-text" else {}
    simulated = simulate(mechanism_of(protocol, **options))
    mechanism = mechanism_of(protocol, **{k: ListMediator([P, R, Q]) for k in options})
    state: State | Ask = begun(mechanism)
    pauses = 0
    while True:
        assert isinstance(state, State)
        pending = drive(
            mechanism, state, lambda ask: None if ask.kind is AskKind.RESPOND else mechanism.answer_of(ask)
        )
        if not isinstance(pending, Ask):
            break
        pauses += 1
        state = mechanism.reply(pending, mechanism.answer_of(pending))  # resumed later, from the ask
    assert pauses > 0 and pending.record == simulated.record


def test_drive_async_awaits_each_answer() -> None:
    mechanism = mechanism_of("alternating")
    kinds: list[AskKind] = []

    async def answer(ask: Ask) -> Reply:
        kinds.append(ask.kind)
        await asyncio.sleep(0)
        return mechanism.answer_of(ask)

    finished = asyncio.run(drive_async(mechanism, begun(mechanism), answer))
    assert finished.done and finished.record == simulate(mechanism_of("alternating")).record
    assert AskKind.REFER in kinds


def test_a_step_is_a_whole_move_and_stops_between_moves() -> None:
    """A step is one seat's whole move: a referral, its decision, the rejection and the counter-offer."""
    mechanism = mechanism_of("alternating", rounds=3)
    state = begun(mechanism)
    steps = []
    while not state.done:
        before = len(state.record)
        state = mechanism.step(state)
        assert state.settled or state.done
        steps.append([e.kind.value for e in state.record.events[before:]])
    assert steps[:3] == [
        ["offer"],
        ["refer_back", "referral_decision", "reject", "offer"],
        ["reject", "offer"],
    ]


def test_seats_may_be_replaced_between_steps() -> None:
    """Between steps (settled states) a caller may give the seats new preferences (the talks move their
    reservation values): the next views show the new ones."""
    space = small_space()
    table = seats(space, A=FixedOffer(P), B=AcceptAfter(Q, rounds=9))
    mechanism = make_mechanism("alternating", space, table, Deadline(rounds=3), np.random.default_rng(0))
    state = mechanism.step(begun(mechanism))
    other = seats(space, B=FixedOffer(Q), A=FixedOffer(P))[1].preferences  # another preferences object
    mechanism.seats = (Seat("A", other, table[0].negotiator), table[1])
    ask = mechanism.advance(mechanism.step(state))
    assert isinstance(ask, Ask) and ask.party == "A" and ask.view is not None
    assert ask.view.preferences is other


def test_reply_constructors_set_the_field_of_their_kind() -> None:
    assert Reply.offer(P) == Reply(package=P)
    assert Reply.offer(None) == Reply()
    assert Reply.answer(Response.REFER_BACK, Q) == Reply(response=Response.REFER_BACK, package=Q)
    assert Reply.decision(False) == Reply(approved=False)


def test_the_engine_docs_example_runs() -> None:
    """The ask/answer example of docs/engine.md (its second Python block) runs and its checks hold."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "engine.md").read_text(encoding="utf-8")
    block = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)[1]
    assert "fork(" in block and "drive(" in block
    exec(block, {})
