"""The optional dependencies: which install extra brings which modules, and the error that says so.

The core install holds the model, analysis, engine, talks and the CLI; the rest are extras
(``pip install 'parley[room]'``). Code that needs an extra calls :func:`ensure_extra` before it
imports the extra's modules, so a missing one is named with the command that installs it.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping

#: Each extra and the top-level modules it provides.
EXTRAS: Mapping[str, tuple[str, ...]] = {
    "solver": ("ortools",),
    "cluster": ("distributed",),
    "room": ("fastapi", "uvicorn", "sqlalchemy"),
    "data": ("pandas", "pyarrow"),
    "postgres": ("psycopg", "httpx"),
}


class MissingExtraError(ImportError):
    """An optional dependency is not installed; ``str()`` names the extra and the pip command."""

    def __init__(self, extra: str, module: str, needed_for: str = "") -> None:
        self.extra = extra
        self.module = module
        purpose = f"{needed_for} needs" if needed_for else "this needs"
        super().__init__(
            f"{purpose} the optional dependency {module!r}, which is not installed: "
            f"pip install 'parley[{extra}]'"
        )


def has_extra(extra: str) -> bool:
    """Whether every module of ``extra`` can be imported."""
    return all(importlib.util.find_spec(module) is not None for module in EXTRAS[extra])


def ensure_extra(extra: str, needed_for: str = "") -> None:
    """Raise :class:`MissingExtraError` unless every module of ``extra`` is installed."""
    for module in EXTRAS[extra]:
        if importlib.util.find_spec(module) is None:
            raise MissingExtraError(extra, module, needed_for)


__all__ = ["EXTRAS", "MissingExtraError", "ensure_extra", "has_extra"]
