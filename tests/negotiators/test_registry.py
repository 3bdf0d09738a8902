"""The registry: every strategy class in parley.negotiators is registered, and unknown names fail clearly."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import parley.negotiators
from parley.negotiators import NEGOTIATORS, Negotiator, make_negotiator


def _strategy_classes() -> list[type[Negotiator]]:
    """Every concrete Negotiator subclass defined in a module of parley.negotiators."""
    found = []
    for module_info in pkgutil.iter_modules(parley.negotiators.__path__, "parley.negotiators."):
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            defined_here = cls.__module__ == module.__name__
            if defined_here and issubclass(cls, Negotiator) and not inspect.isabstract(cls):
                found.append(cls)
    return found


def test_every_strategy_is_registered() -> None:
    classes = _strategy_classes()
    assert classes
    missing = [cls.__name__ for cls in classes if NEGOTIATORS.get(cls.name) is not cls]
    assert not missing, f"strategies missing from the registry (add @register): {missing}"


def test_names_are_unique_and_match() -> None:
    for name, cls in NEGOTIATORS.items():
        assert cls.name == name


@pytest.mark.parametrize("name", ["hardliner", "random", "frequency", "bayesian", "delegate"])
def test_built_in_names_make_negotiators(name: str) -> None:
    assert type(make_negotiator(name)).name == name


def test_unknown_name_gives_a_clear_key_error() -> None:
    with pytest.raises(KeyError, match=r"no negotiator called 'no-such-strategy'; known: .*hardliner"):
        make_negotiator("no-such-strategy")
