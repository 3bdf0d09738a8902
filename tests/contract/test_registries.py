"""The registries are complete and explicit (Axelrod's habit): every concrete Negotiator and Mechanism
subclass defined anywhere in parley is listed in its registry module, and no module adds to a registry
as a side effect of being imported."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import parley
from parley.negotiators import NEGOTIATORS, Negotiator
from parley.negotiators import registry as negotiator_registry
from parley.protocols import MECHANISMS, Mechanism
from parley.protocols import registry as mechanism_registry
from parley.room.person import Person

#: Negotiators that are not strategies chosen by name: a person's seat in the room plays the moves its
#: delegation sends from the web page.
NOT_STRATEGIES: frozenset[type[Negotiator]] = frozenset({Person})


def _defined_in_parley(base: type) -> list[type]:
    """Every concrete subclass of ``base`` defined in a module of parley (all of them imported)."""
    found = []
    for info in pkgutil.walk_packages(parley.__path__, "parley."):
        if info.name == "parley.__main__":  # runs the command line
            continue
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, base) and not inspect.isabstract(cls):
                found.append(cls)
    return found


def test_every_strategy_of_parley_is_listed() -> None:
    classes = [cls for cls in _defined_in_parley(Negotiator) if cls not in NOT_STRATEGIES]
    assert len(classes) >= 13
    missing = [
        f"{cls.__module__}.{cls.__name__}" for cls in classes if cls not in negotiator_registry.BUILT_IN
    ]
    assert not missing, f"strategies missing from parley.negotiators.registry.BUILT_IN: {missing}"


def test_every_mechanism_of_parley_is_listed() -> None:
    classes = _defined_in_parley(Mechanism)
    missing = [
        f"{cls.__module__}.{cls.__name__}" for cls in classes if cls not in mechanism_registry.BUILT_IN
    ]
    assert not missing, f"mechanisms missing from parley.protocols.registry.BUILT_IN: {missing}"


def test_the_lists_are_the_registries_whatever_is_imported() -> None:
    _defined_in_parley(object)  # import every module of parley: none may register anything
    for registry, listed in (
        (NEGOTIATORS, negotiator_registry.BUILT_IN),
        (MECHANISMS, mechanism_registry.BUILT_IN),
    ):
        assert len({cls.name for cls in listed}) == len(listed), "two built-ins share a name"
        for cls in listed:
            assert registry[cls.name] is cls
        from_parley = {name for name, cls in registry.items() if cls.__module__.startswith("parley.")}
        assert from_parley == {cls.name for cls in listed}
