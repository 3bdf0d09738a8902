"""Scripted opponents for the opponent-model tests: offers that follow a known utility downhill."""

from __future__ import annotations

import numpy as np

from parley.examples import load_example
from parley.preferences import Preferences


def conceder_offers(preferences: Preferences, count: int, step: int = 20) -> np.ndarray:
    """A slow conceder's offers: the packages ranked 0, step, 2·step, … by ``preferences``."""
    outcomes = preferences.space.all_outcomes()
    order = np.argsort(-preferences.normalized().utility.evaluate(outcomes), kind="stable")
    return outcomes[order[: count * step : step]].astype(np.int64)


def example_party(index: int) -> tuple[str, Preferences]:
    """Name and preferences of a party of the ceasefire example."""
    party = load_example().parties[index]
    return party.name, party.preferences
