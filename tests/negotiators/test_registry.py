"""The registry: names match, built-in names make negotiators, unknown names fail clearly, and a user's
strategy registers with ``@register`` (that every strategy of parley is listed: tests/contract)."""

from __future__ import annotations

import numpy as np
import pytest

from parley.negotiators import NEGOTIATORS, Negotiator, Response, View, make_negotiator, register


def test_names_are_unique_and_match() -> None:
    for name, cls in NEGOTIATORS.items():
        assert cls.name == name


@pytest.mark.parametrize(
    "name", ["hardliner", "random", "frequency", "bayesian", "delegate", "envoy", "opening-text"]
)
def test_built_in_names_make_negotiators(name: str) -> None:
    assert type(make_negotiator(name)).name == name


def test_unknown_name_gives_a_clear_key_error() -> None:
    with pytest.raises(KeyError, match=r"no negotiator called 'no-such-strategy'; known: .*hardliner"):
        make_negotiator("no-such-strategy")


def test_a_user_strategy_registers_by_decorator_and_a_clash_fails() -> None:
    @register
    class Stubborn(Negotiator):
        """Walks away at once (a strategy of this test only)."""

        name = "test-stubborn"

        def propose(self, view: View) -> np.ndarray | None:
            return None

        def respond(self, view: View, offer: np.ndarray) -> Response:
            return Response.REJECT

    try:
        assert isinstance(make_negotiator("test-stubborn"), Stubborn)
        clash = type("Clash", (Stubborn,), {"__doc__": "Another class under the same name."})
        with pytest.raises(ValueError, match="already registered"):
            register(clash)
    finally:
        NEGOTIATORS.pop("test-stubborn", None)
