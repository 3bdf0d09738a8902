"""Tiny scripted negotiators, mediators and a two-issue space for the protocol tests."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Any

import numpy as np

from parley.domain import CategoricalIssue, IntegerIssue, OutcomeSpace
from parley.negotiators.base import Negotiator, Response, View
from parley.preferences import LinearAdditiveUtility, Preferences, Utility
from parley.protocols import Ballot, Deadline, Mediator, Result, Seat, negotiate
from parley.record import EventKind

Package = tuple[int, ...]


def small_space() -> OutcomeSpace:
    """Two issues of three options each."""
    return OutcomeSpace((IntegerIssue("x", low=0, high=2), CategoricalIssue("y", options=("a", "b", "c"))))


def linear_preferences(
    space: OutcomeSpace, weights: Sequence[float], tables: Sequence[Sequence[float]]
) -> Preferences:
    """Linear-additive preferences from explicit tables."""
    return Preferences(space, LinearAdditiveUtility.from_tables(space, weights, tables))


#: Three packages of the small space: each side's favourite and the middle.
P, Q, R = (0, 0), (2, 2), (1, 1)


def run_on_small_space(
    protocol: str, deadline: Deadline | None = None, seed: int = 0, **negotiators: Any
) -> Result:
    """Run ``protocol`` on the small space between the given negotiators (keyword arguments name the
    seats; a protocol's options, such as ``mediator``, pass through)."""
    options = {name: value for name, value in negotiators.items() if not isinstance(value, Negotiator)}
    table = {name: value for name, value in negotiators.items() if isinstance(value, Negotiator)}
    space = small_space()
    return negotiate(space, seats(space, **table), protocol, deadline, seed=seed, **options)


def seats(space: OutcomeSpace, **negotiators: Negotiator) -> list[Seat]:
    """One seat per keyword, each with its own (distinct) preferences object."""
    made = []
    for k, (name, negotiator) in enumerate(negotiators.items()):
        tables = [[float((i + k) % size) for i in range(size)] for size in space.sizes]
        made.append(Seat(name, linear_preferences(space, [0.5] * len(tables), tables), negotiator))
    return made


class FixedOffer(Negotiator):
    """Always offers ``package`` and rejects everything."""

    name = "fixed-offer"

    def __init__(self, package: Package, **params: Any) -> None:
        super().__init__(package=package, **params)
        self.package = package

    def propose(self, view: View) -> np.ndarray | None:
        return np.array(self.package)

    def respond(self, view: View, offer: np.ndarray) -> Response:
        return Response.REJECT


class AcceptAfter(FixedOffer):
    """Offers ``package``; accepts whatever is on the table from round ``rounds`` on."""

    name = "accept-after"

    def __init__(self, package: Package, rounds: int) -> None:
        super().__init__(package, rounds=rounds)
        self.rounds = rounds

    def respond(self, view: View, offer: np.ndarray) -> Response:
        return Response.ACCEPT if view.round >= self.rounds else Response.REJECT


class WalkAwayAt(FixedOffer):
    """Offers ``package`` and rejects until round ``round``; from then on proposes None and walks away."""

    name = "walk-away-at"

    def __init__(self, package: Package, round: int) -> None:
        super().__init__(package, round=round)
        self.round = round

    def propose(self, view: View) -> np.ndarray | None:
        return None if view.round >= self.round else np.array(self.package)

    def respond(self, view: View, offer: np.ndarray) -> Response:
        return Response.WALK_AWAY if view.round >= self.round else Response.REJECT


class Scripted(Negotiator):
    """Plays ``offers`` and ``answers`` in order (the last of each repeats)."""

    name = "scripted"

    def __init__(self, offers: Sequence[Package | None], answers: Sequence[Response | str]) -> None:
        super().__init__(offers=offers, answers=answers)
        self.offers, self.answers = list(offers), list(answers)

    def propose(self, view: View) -> np.ndarray | None:
        offer = self.offers.pop(0) if len(self.offers) > 1 else self.offers[0]
        return None if offer is None else np.array(offer)

    def respond(self, view: View, offer: np.ndarray) -> Response:
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        return answer  # type: ignore[return-value]  # a str answer tests the mechanisms' check


class Threshold(Negotiator):
    """Accepts when its own utility reaches ``threshold``; offers its best package."""

    name = "threshold"

    def __init__(self, threshold: float) -> None:
        super().__init__(threshold=threshold)
        self.threshold = threshold

    def start(self, view: View, rng: np.random.Generator) -> None:
        super().start(view, rng)
        outcomes = view.space.all_outcomes()
        self.best = outcomes[int(np.argmax(view.utility(outcomes)))]

    def propose(self, view: View) -> np.ndarray | None:
        return self.best

    def respond(self, view: View, offer: np.ndarray) -> Response:
        return Response.ACCEPT if view.utility(offer)[0] >= self.threshold else Response.REJECT


class Conceding(Threshold):
    """Accepts when its own utility reaches ``1 - (1 - floor) · time``: from 1 down to ``floor``."""

    name = "conceding"

    def respond(self, view: View, offer: np.ndarray) -> Response:
        target = 1.0 - (1.0 - self.threshold) * view.time
        return Response.ACCEPT if view.utility(offer)[0] >= target else Response.REJECT


class RandomOffers(Negotiator):
    """Offers random packages and accepts with probability ``accept``, from its own generator."""

    name = "random-offers"

    def __init__(self, accept: float = 0.2) -> None:
        super().__init__(accept=accept)
        self.accept = accept

    def propose(self, view: View) -> np.ndarray | None:
        return view.space.sample(1, self.rng)[0]

    def respond(self, view: View, offer: np.ndarray) -> Response:
        return Response.ACCEPT if self.rng.random() < self.accept else Response.REJECT


class Spy(Negotiator):
    """Delegates to ``inner`` (referrals included) and keeps every view it is shown."""

    name = "spy"

    def __init__(self, inner: Negotiator) -> None:
        super().__init__(inner=inner)
        self.inner = inner
        self.views: list[View] = []

    def start(self, view: View, rng: np.random.Generator) -> None:
        self.views.append(view)
        self.inner.start(view, rng)

    def propose(self, view: View) -> np.ndarray | None:
        self.views.append(view)
        return self.inner.propose(view)

    def respond(self, view: View, offer: np.ndarray) -> Response:
        self.views.append(view)
        return self.inner.respond(view, offer)

    def referral(self) -> np.ndarray | None:
        return self.inner.referral()


class ListMediator(Mediator):
    """Proposes ``texts`` in order (the last repeats); keeps the histories it is shown."""

    name = "mediator"

    def __init__(self, texts: Sequence[Package]) -> None:
        self.texts = list(texts)
        self.histories: list[tuple[Ballot, ...]] = []

    def propose_text(self, round: int, history: Sequence[Ballot], rng: np.random.Generator) -> np.ndarray:
        self.histories.append(tuple(history))
        return np.array(self.texts[min(round, len(self.texts) - 1)])


def reachable(value: Any, kinds: tuple[type, ...]) -> list[Any]:
    """Every object of ``kinds`` reachable from ``value`` through attributes, containers and arrays."""
    found: list[Any] = []
    seen: set[int] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if id(item) in seen or item is None or isinstance(item, str | bytes | int | float | bool | Enum):
            continue
        seen.add(id(item))
        if isinstance(item, kinds):
            found.append(item)
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            stack.extend(item)
        elif isinstance(item, np.ndarray):
            if item.dtype == object:
                stack.extend(item.ravel().tolist())
        elif hasattr(item, "__dict__"):
            stack.extend(vars(item).values())
    return found


def assert_private(spy: Spy, own: Preferences) -> None:
    """No view the spy saw holds preferences or a utility other than its own seat's."""
    assert spy.views, "the spy saw nothing"
    own_utilities = {id(u) for u in reachable(own, (Utility,))}
    for view in spy.views:
        assert view.preferences is own
        for preferences in reachable(view, (Preferences,)):
            assert preferences is own
        for utility in reachable(view, (Utility,)):
            assert id(utility) in own_utilities


def trace(events: Sequence[Any]) -> list[tuple[str, int, str | None, Package | None]]:
    """The (kind, round, party, outcome) of each event: what the exact-record tests compare."""
    return [(EventKind(e.kind).value, e.round, e.party, e.outcome) for e in events]
