"""The contract every negotiator keeps, as a base test class (Axelrod style), and a ``versus`` helper.

A strategy's test class inherits :class:`NegotiatorContract` and sets ``name`` (and ``params``); the
contract then plays it against a few opponents in seeded negotiations and checks: proposals are
feasible rows of the space, answers are :class:`Response` members, the same seed gives the same moves,
deepcopy and pickle round-trip, ``start()`` resets state, and the negotiator needs nothing but its view.
"""

from __future__ import annotations

import copy
import dataclasses
import io
import pickle
from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np
import pytest

from parley.domain import OutcomeSpace
from parley.examples import load_example
from parley.negotiators import Negotiator, Response, View, make_negotiator
from parley.preferences import Preferences
from parley.record import Event, EventKind, Record

try:  # the protocols package drives negotiations when it is there; a local driver stands in otherwise
    from parley.protocols import Deadline, Seat, negotiate
except ImportError:  # pragma: no cover - only before the protocols exist
    negotiate = None

Move = tuple[str, str, tuple[int, ...] | None]
OPPONENTS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("hardliner", {}),
    ("random", {"accept_probability": 0.3}),
    ("frequency", {"e": 1.0}),
)
ROUNDS = 30


class Recorder(Negotiator):
    """Passes every call on to ``inner`` and logs each move (the thing the contract inspects)."""

    name = "recorder"

    def __init__(self, inner: Negotiator) -> None:
        super().__init__()
        self.inner = inner
        self.moves: list[Move] = []

    def start(self, view: View, rng: np.random.Generator) -> None:
        super().start(view, rng)
        self.inner.start(view, rng)

    def propose(self, view: View) -> np.ndarray | None:
        proposal = self.inner.propose(view)
        package = None if proposal is None else tuple(int(i) for i in np.asarray(proposal).ravel())
        self.moves.append(("propose", "", package))
        return proposal

    def respond(self, view: View, offer: np.ndarray) -> Response:
        answer = self.inner.respond(view, offer)
        self.moves.append(("respond", str(answer), tuple(int(i) for i in offer)))
        return answer


def make_view(
    space: OutcomeSpace,
    preferences: Preferences,
    party: str,
    parties: tuple[str, ...],
    round: int = 0,
    record: Record | None = None,
) -> View:
    """A view of ``party`` at ``round`` (of ``ROUNDS``) over ``record``."""
    return View(space, preferences, party, parties, round, round / ROUNDS, ROUNDS, record or Record())


def local_negotiation(
    space: OutcomeSpace, seats: Sequence[tuple[str, Preferences, Negotiator]], rounds: int, seed: int
) -> Record:
    """Bilateral alternating offers in a few lines, for when :mod:`parley.protocols` is absent."""
    parties = tuple(name for name, _, _ in seats)
    for (name, prefs, negotiator), rng in zip(seats, np.random.default_rng(seed).spawn(2), strict=True):
        negotiator.start(make_view(space, prefs, name, parties), rng)
    record, offer, turn = Record(), None, 0
    for move in range(2 * rounds):
        name, prefs, negotiator = seats[turn]
        view = make_view(space, prefs, name, parties, round=move // 2, record=record)
        if offer is not None:
            answer = negotiator.respond(view, offer)
            if answer is not Response.REJECT:
                return record
        proposal = negotiator.propose(view)
        if proposal is None:
            return record
        offer = np.asarray(proposal)
        record = record.append(Event(EventKind.OFFER, move // 2, 0.0, name, tuple(int(i) for i in offer)))
        turn = 1 - turn
    return record


def play(negotiator: Negotiator, opponent: Negotiator, seed: int, first: bool = True) -> list[Move]:
    """The moves ``negotiator`` makes against ``opponent`` on the ceasefire example (North's seat)."""
    scenario = load_example()
    recorder = Recorder(negotiator)
    mine = (scenario.parties[0].name, scenario.parties[0].preferences, recorder)
    theirs = (scenario.parties[1].name, scenario.parties[1].preferences, opponent)
    order = [mine, theirs] if first else [theirs, mine]
    if negotiate is not None:
        seats = [Seat(*seat) for seat in order]
        negotiate(scenario.space, seats, deadline=Deadline(rounds=ROUNDS), seed=seed)
    else:  # pragma: no cover
        local_negotiation(scenario.space, order, ROUNDS, seed)
    return recorder.moves


class _NoForeignPreferences(pickle.Pickler):
    """A pickler that fails when it meets a given object (another party's preferences)."""

    def __init__(self, forbidden: object) -> None:
        super().__init__(io.BytesIO())
        self.forbidden = forbidden

    def persistent_id(self, obj: object) -> None:
        assert obj is not self.forbidden, "the negotiator holds another party's preferences"


class NegotiatorContract:
    """Inherit and set ``name`` (and ``params``) to check a registered strategy against the contract."""

    name: ClassVar[str]
    params: ClassVar[dict[str, Any]] = {}

    def make(self) -> Negotiator:
        return make_negotiator(self.name, **self.params)

    @pytest.mark.parametrize(("opponent", "options"), OPPONENTS)
    @pytest.mark.parametrize("first", [True, False])
    def test_moves_are_valid(self, opponent: str, options: dict[str, Any], first: bool) -> None:
        space = load_example().space
        moves = play(self.make(), make_negotiator(opponent, **options), seed=3, first=first)
        assert moves
        for kind, what, package in moves:
            if kind == "respond":
                assert what in {str(r) for r in Response}
            elif package is not None:
                row = np.array(package, dtype=space.dtype)[None, :]
                assert space.feasible(space.validate(row))[0]

    def test_responses_are_response_members(self) -> None:
        scenario = load_example()
        prefs = scenario.parties[0].preferences
        negotiator = self.make()
        view = make_view(scenario.space, prefs, "North", scenario.party_names)
        negotiator.start(view, np.random.default_rng(0))
        for offer in scenario.space.sample(20, np.random.default_rng(1)):
            assert isinstance(negotiator.respond(view, offer), Response)

    @pytest.mark.parametrize(("opponent", "options"), OPPONENTS)
    def test_deterministic_under_a_seed(self, opponent: str, options: dict[str, Any]) -> None:
        runs = [play(self.make(), make_negotiator(opponent, **options), seed=7) for _ in range(2)]
        assert runs[0] == runs[1]

    def test_start_resets_state(self) -> None:
        negotiator = self.make()
        first = play(negotiator, make_negotiator("random"), seed=11)
        second = play(negotiator, make_negotiator("random"), seed=11)
        assert first == second

    @pytest.mark.parametrize("clone", [copy.deepcopy, lambda n: pickle.loads(pickle.dumps(n))])
    def test_clone_round_trip(self, clone: Any) -> None:
        negotiator = self.make()
        play(negotiator, make_negotiator("random"), seed=5)  # clone a used negotiator, state and all
        twin = clone(negotiator)
        assert type(twin) is type(negotiator) and twin.params == negotiator.params
        assert play(twin, make_negotiator("random"), seed=5) == play(
            negotiator, make_negotiator("random"), seed=5
        )

    def test_works_from_its_view_alone(self) -> None:
        scenario = load_example()
        own, other = scenario.parties
        negotiator = self.make()
        play(negotiator, make_negotiator("frequency"), seed=2)
        _NoForeignPreferences(other.preferences).dump(negotiator)
        offers = Record().append(Event(EventKind.OFFER, 0, 0.0, other.name, (2, 2, 10, 0, 0, 2)))
        view = make_view(
            scenario.space, own.preferences, own.name, scenario.party_names, round=1, record=offers
        )
        negotiator.start(view, np.random.default_rng(0))
        assert isinstance(negotiator.respond(view, np.array((2, 2, 10, 0, 0, 2))), Response)
        negotiator.propose(view)

    def test_view_holds_no_other_party_preferences(self) -> None:
        holders = [f.name for f in dataclasses.fields(View) if "Preferences" in str(f.type)]
        assert holders == ["preferences"]
        for f in dataclasses.fields(View):
            assert not any(word in str(f.type) for word in ("dict", "Mapping", "Utility")), f.name

    def test_registered_under_its_name(self) -> None:
        assert type(self.make()).name == self.name
        assert self.make().__doc__
